// Multiple-testing control for per-cell p-values, and ArcGIS-style hot/cold bins.
// Benjamini & Hochberg (1995) step-up false discovery rate (default): sort the m p-values, find the
// largest k with p(k) ≤ k·α/m, cells 1..k are significant. Holm (1979) step-down family-wise
// control: reject while p(k) ≤ α/(m − k + 1). NaN p-values (cells outside the study area or with
// an undefined statistic) are left out of m and never significant, as R's p.adjust does with NA.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

namespace grip::hotspot {

enum class PAdjust { kBenjaminiHochberg, kHolm, kNone };

// Adjusted p-values as R's p.adjust(p, method = "BH" / "holm" / "none"): a cell is significant at α
// exactly when its adjusted p-value is ≤ α. Throws grip::UsageError for a p-value outside [0, 1].
[[nodiscard]] std::vector<double> adjust_p_values(std::span<const double> p, PAdjust method);

// 1 for each p-value significant at level alpha after the correction, else 0. Sorts only the
// p-values ≤ alpha, since no other can be significant. Throws grip::UsageError for a p-value
// outside [0, 1] or alpha outside (0, 1).
[[nodiscard]] std::vector<std::uint8_t> significant(std::span<const double> p, double alpha,
                                                    PAdjust method = PAdjust::kBenjaminiHochberg);

// Hot/cold bins like ArcGIS's Gi_Bin: sign(z) × 3, 2 or 1 when the cell is significant at the 99,
// 95 or 90 % confidence level (α = 0.01, 0.05, 0.10) after the correction, applied afresh at each
// level; 0 otherwise (and for NaN). Throws grip::UsageError when z and p differ in length.
[[nodiscard]] std::vector<std::int8_t> gi_bins(std::span<const double> z, std::span<const double> p,
                                               PAdjust method = PAdjust::kBenjaminiHochberg);

// gi_bins(z, two_sided_p(z)) without computing most p-values: a p-value can reach 0.10 only
// where |z| > kGiBinMinAbsZ (below it p ≥ 0.1096), so only those are computed and ranked. For the
// monthly series, which needs bins but not p. NaN z is left out of m, as NaN p is in gi_bins.
inline constexpr double kGiBinMinAbsZ = 1.6;
[[nodiscard]] std::vector<std::int8_t> gi_bins_from_z(std::span<const double> z,
                                                      PAdjust method = PAdjust::kBenjaminiHochberg);

}  // namespace grip::hotspot

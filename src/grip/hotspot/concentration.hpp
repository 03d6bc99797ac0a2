// How concentrated harm is across units (cells or street locations): the share of the total held
// by the top fraction of units, and the Gini coefficient. Weisburd's (2015) law of crime
// concentration is the reference finding (about 50 % of crime at 2–6 % of street segments).
// Gini: the population form G = Σ_i Σ_j |x_i − x_j| / (2 n² x̄), computed from the ascending
// values as Σ_i (2i − n − 1) x_(i) / (n Σ x); every unit counts, zeros included, so at most
// (n − 1)/n. No small-sample n/(n − 1) correction (see Bernasco & Steenbeek 2017 on sparse data).
#pragma once

#include <cstddef>
#include <span>

namespace grip::hotspot {

// Share of the total held by the top `fraction` of units (0 < fraction ≤ 1), the values sorted
// descending. When fraction·n is not a whole number the boundary unit counts in proportion (the
// concentration curve read at that fraction), so small n give no rounding jumps. NaN when the
// total is 0. Throws grip::UsageError for an empty span, a negative or non-finite value, or a
// fraction outside (0, 1].
[[nodiscard]] double share_in_top(std::span<const double> values, double fraction);

// Gini coefficient as above; NaN when the total is 0. Throws as share_in_top does.
[[nodiscard]] double gini(std::span<const double> values);

struct Concentration {
  std::size_t units = 0;
  double total = 0.0;
  double top_1_percent = 0.0;
  double top_5_percent = 0.0;
  double top_10_percent = 0.0;
  double gini = 0.0;
};

[[nodiscard]] Concentration concentration(std::span<const double> values);

}  // namespace grip::hotspot

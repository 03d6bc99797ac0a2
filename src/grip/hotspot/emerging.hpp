// Emerging hot spot categories for one cell from its monthly Gi* bins and the Mann–Kendall test on
// its monthly Gi* z-scores, after ArcGIS Pro's Emerging Hot Spot Analysis (hot side only). With n
// months, "hot" = significant hot at 90 % or more (bin ≥ kEmergingMinBin) after the correction,
// "mostly hot" = hot in at least 90 % of the months (⌈0.9 n⌉), trend = MK p < 0.05:
//   new          hot in the final month only
//   consecutive  an unbroken run of ≥ 2 hot months ending with the final one, never hot before,
//                not mostly hot
//   intensifying mostly hot, hot in the final month, significant upward trend
//   persistent   mostly hot, hot in the final month, no significant trend
//   diminishing  mostly hot, hot in the final month, significant downward trend
//   sporadic     hot in the final month, not mostly hot, never significantly cold
//   oscillating  hot in the final month, not mostly hot, significantly cold in some month
//   historical   not hot in the final month but mostly hot
// Anything else (never hot, or hot now and then but not in the final month) has no pattern. ArcGIS
// does not require a final hot month for persistent; here a mostly-hot cell that is not hot now is
// historical, so the two never overlap. See docs/hotspots.md.
#pragma once

#include <cstdint>
#include <span>

#include "grip/hotspot/hotspot_run.hpp"
#include "grip/hotspot/trend.hpp"

namespace grip::hotspot {

inline constexpr int kEmergingMinBin = 1;  // 90 % confidence, as ArcGIS's pattern rules
inline constexpr double kMostlyHotShare = 0.90;
inline constexpr double kTrendAlpha = 0.05;

// bins: the cell's Gi* bin in each month, oldest first. trend: Mann–Kendall on its monthly z
// (ignored when it holds NaN or there are fewer than three months).
[[nodiscard]] EmergingCategory classify_emerging(std::span<const std::int8_t> bins,
                                                 const MannKendall& trend) noexcept;

}  // namespace grip::hotspot

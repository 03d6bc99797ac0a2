// Risk by hour of week: 7 × 24 = 168 bins, Monday 00:00 first (bin = weekday · 24 + hour, weekday
// 0 = Monday). Aoristic apportioning (Ratcliffe 2002): an incident known only to lie in [from, to)
// adds to each hour the share of the window inside it, so every incident adds exactly 1; a point
// time adds 1 to its hour. Smoothing: a circular triangular kernel of half-width h hours (weights
// h+1−|k|, default h = 1: ¼ ½ ¼), wrapping Sunday 23:00 to Monday 00:00, which keeps the total.
// Shrinkage (empirical Bayes toward the force profile F): p̂ = (n·p + k·F) / (n + k), own-data
// weight w = n / (n + k), default k = 30 incidents. Times are local civil time; a window over a
// DST change is apportioned by civil hours (an hour lost or repeated is ignored).
#pragma once

#include <array>
#include <optional>
#include <span>
#include <string_view>

#include "grip/core/time_text.hpp"

namespace grip::patrol {

inline constexpr int kHoursPerWeek = 168;
inline constexpr int kDefaultSmoothingHalfWidth = 1;
inline constexpr double kDefaultShrinkageIncidents = 30.0;

using HourOfWeek = std::array<double, kHoursPerWeek>;

// 0 = Monday ... 6 = Sunday, for a valid civil date.
[[nodiscard]] int weekday_monday_first(int year, int month, int day);
[[nodiscard]] int hour_of_week(const CivilDateTime& when);

// Adds one incident to `counts`: the whole of it to from's hour when `to` is absent or not after
// `from`, else each hour's share of [from, to). Returns false (adding nothing) when from is invalid.
void add_aoristic(HourOfWeek& counts, const CivilDateTime& from, const std::optional<CivilDateTime>& to,
                  double weight = 1.0);
// The same from stored text ("YYYY-MM-DDTHH:MM[:SS]"; empty `to` = a point time). False when
// `from` does not parse (month-only data), adding nothing.
bool add_aoristic_text(HourOfWeek& counts, std::string_view from, std::string_view to, double weight = 1.0);

[[nodiscard]] double total(const HourOfWeek& profile);
// Divides by the total (all zeros stays all zeros).
[[nodiscard]] HourOfWeek normalised(const HourOfWeek& profile);
// Circular triangular smoothing (see the header comment); half_width 0 returns the input.
[[nodiscard]] HourOfWeek smooth_circular(const HourOfWeek& profile,
                                         int half_width = kDefaultSmoothingHalfWidth);

struct Shrunk {
  HourOfWeek shares{};      // sums to 1 (when the force profile does)
  double own_weight = 0.0;  // w = n / (n + k)
};
// own: the hotspot's (smoothed) counts, n = their total; force: shares summing to 1.
[[nodiscard]] Shrunk shrink_toward(const HourOfWeek& own, const HourOfWeek& force_shares,
                                   double k = kDefaultShrinkageIncidents);

// The bin with the largest value (the first of ties).
[[nodiscard]] int peak_hour_of_week(const HourOfWeek& profile);
// "Fri 22:00".
[[nodiscard]] std::string hour_of_week_label(int bin);

}  // namespace grip::patrol

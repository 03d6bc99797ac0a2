// The seasonal index that every model's calibrated counts get, baselines included, from data before
// the origin only. Count calibration (backtest.hpp) maps λ to counts on the previous origins' pairs,
// so it carries their level into the target window (Chicago's assaults fall from September to
// December: the nights' E/O was 1.16-1.27); s moves it to the target's time of year:
//   s = mean count per window over the target's 7 days (or its one window when longer) one, two, ...
//       years earlier, over the mean count per window of the calibration windows shifted back by
//       the same years; years are 364 days (52 weeks, so weekdays and recurring nights line up),
//       and only years whose shifted windows the data covers count. No earlier year: s = 1
//       (Essex's 10 months of 2018).
// s uses the target's week, not its day, so it does not repeat a model's weekday or shift-slot terms;
// a model with its own month-of-year terms (poisson-glm on 24 months or more) would get the season
// twice through its λ and s, which the backtest's E/O would show.
#pragma once

#include <cstddef>
#include <span>
#include <string>

#include "grip/forecast/forecast_data.hpp"

namespace grip::forecast {

inline constexpr double kSeasonYearDays = 364.0;
inline constexpr double kSeasonTargetSpanDays = 7.0;

struct SeasonalIndex {
  double index = 1.0;  // s; 1 when no earlier year is usable
  std::size_t years = 0;
  int first_year = 0, last_year = 0;  // calendar years of the shifted target windows used
  // "seasonal index 0.86 from 2010-2015" or "no seasonal index: no earlier year in the data".
  [[nodiscard]] std::string describe() const;
};

// The kernel on plain data: windows [0, n) with start, length and target count (oldest first, the
// window before the target last or earlier); the target's start and length; the calibration windows
// (indices into the n). Only windows whose midpoint falls inside a shifted span count. Throws
// grip::UsageError for unequal spans or a calibration index out of range.
[[nodiscard]] SeasonalIndex seasonal_index(std::span<const double> window_start,
                                           std::span<const double> window_length,
                                           std::span<const double> window_count, double target_start,
                                           double target_length,
                                           std::span<const std::size_t> calibration_windows);

// The same from what a model sees at the origin (History: windows before it only), so it cannot
// read the target window's counts.
[[nodiscard]] SeasonalIndex seasonal_index(const History& history,
                                           std::span<const std::size_t> calibration_windows);

}  // namespace grip::forecast

// The intention-to-treat effect of a randomised patrol design scaled to the patrol actually
// delivered: the Wald instrumental-variable estimator (Wald 1940; Angrist, Imbens & Rubin 1996),
// with random assignment as the instrument for GPS-measured patrol minutes,
//   β̂ = log(RR_ITT) / (d̄_T − d̄_C),   d̄ = mean GPS minutes per unit (place-day or hotspot) in each arm,
// reported as the rate ratio per `per_minutes` (default 60) of delivered patrol, exp(β̂ · per_minutes),
// with the ITT interval's log bounds divided the same way. The dose difference is treated as known
// (it is measured on every unit, not sampled; its own error is left out and the output says so).
// Assumptions, stated with the figure: assignment changes crime only through patrol minutes (the
// exclusion restriction) and no unit gets less patrol for being assigned to treatment (monotonicity).
// When the arms' doses differ by less than `min_difference` minutes per unit the ratio is
// undefined: the plan was not delivered differently enough to scale to, and the result says so.
#pragma once

#include <string>

#include "grip/evaluation/rate_change.hpp"

namespace grip::evaluation {

inline constexpr double kDoseAdjustedMinDifferenceMinutes = 1.0;

struct DoseAdjustedEffect {
  double treated_minutes_per_unit = 0.0, control_minutes_per_unit = 0.0;
  double per_minutes = 60.0;
  bool valid = false;
  double rate_ratio = 1.0;  // per `per_minutes` of delivered patrol
  Interval interval;
  std::string note;
};

// itt_rate_ratio > 0 with its interval (low > 0); minutes per unit in each arm, >= 0.
[[nodiscard]] DoseAdjustedEffect dose_adjusted_effect(
    double itt_rate_ratio, const Interval& itt_interval, double treated_minutes_per_unit,
    double control_minutes_per_unit, double per_minutes = 60.0,
    double min_difference = kDoseAdjustedMinDifferenceMinutes);

}  // namespace grip::evaluation

#include "grip/evaluation/dose_adjusted.hpp"

#include <fmt/format.h>

#include <cmath>

namespace grip::evaluation {

DoseAdjustedEffect dose_adjusted_effect(double itt_rate_ratio, const Interval& itt_interval,
                                        double treated_minutes_per_unit, double control_minutes_per_unit,
                                        double per_minutes, double min_difference) {
  DoseAdjustedEffect out;
  out.treated_minutes_per_unit = treated_minutes_per_unit;
  out.control_minutes_per_unit = control_minutes_per_unit;
  out.per_minutes = per_minutes;
  const double difference = treated_minutes_per_unit - control_minutes_per_unit;
  if (!(std::isfinite(itt_rate_ratio) && itt_rate_ratio > 0.0 && itt_interval.low > 0.0 &&
        std::isfinite(itt_interval.high))) {
    out.note = "the intention-to-treat rate ratio is undefined (an arm has no incidents): nothing to scale";
    return out;
  }
  if (!(difference >= min_difference)) {
    out.note = fmt::format(
        "treated units got {:.1f} GPS minutes each and control units {:.1f}: the arms were not patrolled "
        "differently enough (at least {:g} minute more per treated unit) to scale the effect to the patrol "
        "delivered",
        treated_minutes_per_unit, control_minutes_per_unit, min_difference);
    return out;
  }
  const double scale = per_minutes / difference;
  out.valid = true;
  out.rate_ratio = std::exp(std::log(itt_rate_ratio) * scale);
  out.interval = {std::exp(std::log(itt_interval.low) * scale),
                  std::exp(std::log(itt_interval.high) * scale)};
  out.note = fmt::format(
      "instrumental-variable (Wald) scaling of the intention-to-treat effect by the {:.1f} more GPS minutes "
      "each treated unit got ({:.1f} against {:.1f}); assumes assignment changed crime only through patrol "
      "minutes; the minutes' own measurement error is not in the interval",
      difference, treated_minutes_per_unit, control_minutes_per_unit);
  return out;
}

}  // namespace grip::evaluation

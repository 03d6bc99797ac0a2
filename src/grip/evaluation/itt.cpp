#include "grip/evaluation/itt.hpp"

#include <fmt/format.h>

#include <cmath>
#include <numeric>

#include "grip/core/errors.hpp"

namespace grip::evaluation {

IttEffect intention_to_treat(std::span<const double> treated, std::span<const double> control,
                             double confidence) {
  if (treated.empty() || control.empty())
    throw UsageError(
        fmt::format("an intention-to-treat effect needs units in both arms, got {} treated and {} control",
                    treated.size(), control.size()));
  IttEffect effect;
  effect.treated_units = static_cast<double>(treated.size());
  effect.control_units = static_cast<double>(control.size());
  effect.treated_count = std::accumulate(treated.begin(), treated.end(), 0.0);
  effect.control_count = std::accumulate(control.begin(), control.end(), 0.0);
  effect.exact = rate_change(std::llround(effect.control_count), std::llround(effect.treated_count),
                             effect.control_units, effect.treated_units, confidence);
  if (treated.size() + control.size() >= 3)
    effect.overdispersed = quasi_poisson(control, treated, confidence);
  return effect;
}

IttEffect intention_to_treat(std::span<const double> treated, std::span<const double> control,
                             std::span<const double> treated_before, std::span<const double> control_before,
                             double confidence) {
  auto effect = intention_to_treat(treated, control, confidence);
  effect.adjusted = difference_in_differences(
      std::accumulate(treated_before.begin(), treated_before.end(), 0.0), effect.treated_count,
      std::accumulate(control_before.begin(), control_before.end(), 0.0), effect.control_count, 1.0,
      confidence);
  return effect;
}

}  // namespace grip::evaluation

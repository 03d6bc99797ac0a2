// Intention-to-treat effect of a randomised patrol design, read as assigned, not as delivered.
// Crossover (Basford et al. 2021): incidents on treated place-days against control place-days,
// rate ratio with the exact conditional interval (exposures = place-days in each arm) and a
// quasi-Poisson interval over place-days. RCT: the after-period counts of treated hotspots
// against control hotspots, the same two intervals over hotspots, and (when pre-period counts
// are given) the difference in differences that adjusts for the arms' starting levels.
// Scaled to the GPS-measured patrol delivered: dose_adjusted.hpp; the Koper curve: koper_run.hpp.
// Defaults: 95 % intervals.
#pragma once

#include <span>

#include "grip/evaluation/did.hpp"
#include "grip/evaluation/overdispersion.hpp"
#include "grip/evaluation/rate_change.hpp"

namespace grip::evaluation {

struct IttEffect {
  double treated_units = 0, control_units = 0;  // place-days or hotspots
  double treated_count = 0, control_count = 0;
  RateChange exact;               // "before" = control arm, "after" = treated arm
  QuasiPoissonFit overdispersed;  // over units
  DidEstimate adjusted;           // RCT with pre-period counts only
};

// treated / control: one count per unit (place-day or hotspot). Each arm needs a unit.
[[nodiscard]] IttEffect intention_to_treat(std::span<const double> treated, std::span<const double> control,
                                           double confidence = kDefaultConfidence);
// RCT with pre-period counts per hotspot: adds the difference in differences.
[[nodiscard]] IttEffect intention_to_treat(std::span<const double> treated, std::span<const double> control,
                                           std::span<const double> treated_before,
                                           std::span<const double> control_before,
                                           double confidence = kDefaultConfidence);

}  // namespace grip::evaluation

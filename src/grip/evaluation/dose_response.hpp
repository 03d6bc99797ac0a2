// Dose-response of a patrol programme across hotspots (OBSERVATIONAL: dosage is not randomised, so
// busier places may get more patrol and more crime; read the slope as an association). Poisson
// regression of each hotspot's programme-period count y_i on the GPS-measured patrol minutes x_i,
//   log E[y_i] = log e_i + α + β x_i      (e_i an exposure, e.g. the hotspot's pre-period count),
// fitted by Newton-Raphson (IRLS), as R's glm(y ~ x + offset(log(e)), family = quasipoisson):
// dispersion φ = Pearson χ² / (n − 2) (taken as at least 1), SE(β) = sqrt(φ [(X'WX)⁻¹]_ββ), interval
// exp(β ± t_{n−2} SE) on the rate ratio per `per_minutes` of patrol (default 60 minutes).
#pragma once

#include <span>

#include "grip/evaluation/rate_change.hpp"

namespace grip::evaluation {

inline constexpr double kDoseResponsePerMinutes = 60.0;

struct DoseResponse {
  double alpha = 0.0, beta = 0.0;  // per minute
  double beta_se = 0.0;            // per minute, dispersion-scaled
  double dispersion = 1.0;         // Pearson χ² / (n − 2), before the floor at 1
  double per_minutes = kDoseResponsePerMinutes;
  double rate_ratio = 1.0;  // exp(β · per_minutes)
  Interval interval;        // of rate_ratio
  double p = 1.0;           // t test of β = 0 on n − 2 df
  int iterations = 0;
  bool observational = true;  // always: dosage was not randomised
};

// counts, minutes and exposures of equal length n ≥ 3, exposures > 0, minutes not all equal.
// Throws grip::UsageError otherwise, or when the fit does not converge.
[[nodiscard]] DoseResponse dose_response(std::span<const double> counts, std::span<const double> minutes,
                                         std::span<const double> exposures,
                                         double per_minutes = kDoseResponsePerMinutes,
                                         double confidence = kDefaultConfidence);

}  // namespace grip::evaluation

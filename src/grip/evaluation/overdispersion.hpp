// The before/after rate ratio from monthly series when months vary more than Poisson allows.
// Model: log E[y_m] = α + β·after_m over the months of both periods, so exp(β) is the ratio of
// the mean monthly counts (what rate_change gives from the totals). Two alternatives:
// - quasi-Poisson (McCullagh & Nelder 1989, §4.5): the Poisson fit with variance φ·μ, φ the
//   Pearson χ² / (n − 2); SE(β) = sqrt(φ · (1/Σ before + 1/Σ after)); t test on n − 2 df, as R's
//   glm(family = quasipoisson) and summary();
// - negative binomial (variance μ + μ²/θ), θ by maximum likelihood (Newton on the score, as
//   MASS::theta.ml); with the group means fitted exactly, Var(log μ̂_g) = (1/μ_g + 1/θ)/n_g;
//   Wald z, as MASS::glm.nb and summary(). θ is infinite (Poisson) when months vary less than Poisson.
// Defaults: 95 % intervals (t for quasi-Poisson, normal for the negative binomial, as R reports).
#pragma once

#include <cstdint>
#include <span>

#include "grip/evaluation/rate_change.hpp"

namespace grip::evaluation {

struct SeriesFit {
  double rate_ratio = 0.0;  // exp(β)
  double log_ratio_se = 0.0;
  Interval interval;
  double p = 1.0;
  bool valid = false;  // false when a period has no months or no events (the log ratio is undefined)
};

struct QuasiPoissonFit : SeriesFit {
  double dispersion = 1.0;  // φ; > 1 means more variation than Poisson
};
struct NegativeBinomialFit : SeriesFit {
  double theta = 0.0;  // +inf when the months are no more variable than Poisson
};

// Each needs at least one month in each period and three months in all.
[[nodiscard]] QuasiPoissonFit quasi_poisson(std::span<const double> before_months,
                                            std::span<const double> after_months,
                                            double confidence = kDefaultConfidence);
[[nodiscard]] NegativeBinomialFit negative_binomial(std::span<const double> before_months,
                                                    std::span<const double> after_months,
                                                    double confidence = kDefaultConfidence);

// MASS::theta.ml for fitted means mu: the θ maximising the negative-binomial likelihood.
[[nodiscard]] double theta_ml(std::span<const double> counts, std::span<const double> means);

}  // namespace grip::evaluation

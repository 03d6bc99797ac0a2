// Negative-binomial (NB2) regression with a log link, fitted as R's MASS::glm.nb (Venables & Ripley
// 2002, §7.4): y ~ NB(μ, θ), Var(y) = μ + μ²/θ, log μ = Xβ. Starts from the Poisson fit, then
// alternates the IRLS for β at fixed θ (poisson_regression.hpp) with the maximum-likelihood θ at
// fixed μ (Newton's method on the score, as MASS::theta.ml, from the moment estimate
// n / Σ w (y/μ − 1)²) until 2·log-likelihood and θ change by less than tolerance (relatively).
// Rows carry frequency weights, so identical (features, y) rows may be pooled; unlike the Poisson
// fit, rows with equal features but different y may not be merged (θ depends on each y).
#pragma once

#include <cstddef>
#include <span>
#include <vector>

namespace grip::forecast {

struct NegativeBinomialFit {
  std::vector<double> coefficients;
  double theta = 0.0;     // the size; kMaxTheta means no over-dispersion found (Poisson)
  double theta_se = 0.0;  // 1 / sqrt(observed information) at the fitted μ, as glm.nb's SE.theta
  double two_log_likelihood = 0.0;
  std::size_t iterations = 0;  // alternations of β and θ
  bool converged = false;
};

inline constexpr double kMaxTheta = 1e6;

// start (β) and theta_start (> 0) warm-start the alternation instead of the Poisson fit and the
// moment estimate (a backtest refits at each origin). Throws grip::UsageError as fit_poisson_irls does.
[[nodiscard]] NegativeBinomialFit fit_negative_binomial(
    std::span<const double> design, std::size_t columns, std::span<const double> response,
    std::span<const double> weights = {}, double ridge = 0.0, std::span<const double> start = {},
    double theta_start = 0.0, std::size_t max_iterations = 25, double tolerance = 1e-8);

// The maximum-likelihood size θ given the means (MASS::theta.ml); kMaxTheta when the counts are not
// over-dispersed.
[[nodiscard]] double negative_binomial_theta(std::span<const double> response, std::span<const double> mu,
                                             std::span<const double> weights = {});

}  // namespace grip::forecast

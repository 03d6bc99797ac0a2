// Poisson regression with a log link fitted by iteratively reweighted least squares (Nelder &
// Wedderburn 1972; McCullagh & Nelder 1989, §2.5), as R's glm(family = poisson): working response
// z = η + (y − μ)/μ, working weights w·μ, solve (XᵀWX + R) β = XᵀWz by Cholesky, stop when the
// deviance changes by less than tolerance·(|deviance| + 0.1). R is an optional ridge penalty on every
// coefficient but the first (the intercept), ridge × (XᵀWX)₀₀ on the diagonal (scale-free), 0 by default.
// Rows may carry weights, so identical rows can be pooled (weight = rows, y = their mean) without changing
// the fit.
#pragma once

#include <cstddef>
#include <limits>
#include <span>
#include <vector>

namespace grip::forecast {

struct PoissonFit {
  std::vector<double> coefficients;
  std::size_t iterations = 0;
  bool converged = false;
  double deviance = 0.0;  // 2 Σ w [y ln(y/μ) − (y − μ)]
};

// design: n rows × p columns, row-major (column 0 is normally all 1). Throws grip::UsageError for
// a design that is not n·p long, p = 0, a response that is negative or not finite, a weight that
// is negative or not finite, a zero total weight, or a singular system.
[[nodiscard]] PoissonFit fit_poisson_irls(std::span<const double> design, std::size_t columns,
                                          std::span<const double> response,
                                          std::span<const double> weights = {}, double ridge = 0.0,
                                          std::size_t max_iterations = 50, double tolerance = 1e-8);

}  // namespace grip::forecast

namespace grip::forecast {

inline constexpr double kPoissonSize = std::numeric_limits<double>::infinity();

// The same IRLS for a log-link negative binomial (NB2) with known size θ, Var(y) = μ + μ²/θ, as R's
// glm(family = MASS::negative.binomial(θ)): working weights w μ / (1 + μ/θ), the NB deviance
// 2 Σ w [y ln(y/μ) − (y + θ) ln((y + θ)/(μ + θ))]; θ = kPoissonSize is the Poisson fit. start (empty:
// the intercept-only fit) warm-starts the coefficients.
[[nodiscard]] PoissonFit fit_log_link_irls(std::span<const double> design, std::size_t columns,
                                           std::span<const double> response, std::span<const double> weights,
                                           double ridge, double size, std::span<const double> start = {},
                                           std::size_t max_iterations = 50, double tolerance = 1e-8);

}  // namespace grip::forecast

#include "grip/forecast/poisson_regression.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdint>

#include "grip/core/errors.hpp"

namespace grip::forecast {
namespace {

constexpr double kMaxLinearPredictor = 30.0;  // e^30: far beyond any cell count; keeps μ finite

// Solves A x = b for symmetric positive definite A (p × p, row-major) in place by Cholesky.
std::vector<double> cholesky_solve(std::vector<double> a, std::vector<double> b, std::size_t p) {
  for (std::size_t j = 0; j < p; ++j) {
    double diagonal = a[j * p + j];
    for (std::size_t k = 0; k < j; ++k) diagonal -= a[j * p + k] * a[j * p + k];
    if (!(diagonal > 1e-300))
      throw UsageError(fmt::format("Poisson regression: the design is singular at column {}", j));
    const double root = std::sqrt(diagonal);
    a[j * p + j] = root;
    for (std::size_t i = j + 1; i < p; ++i) {
      double value = a[i * p + j];
      for (std::size_t k = 0; k < j; ++k) value -= a[i * p + k] * a[j * p + k];
      a[i * p + j] = value / root;
    }
  }
  for (std::size_t i = 0; i < p; ++i) {
    for (std::size_t k = 0; k < i; ++k) b[i] -= a[i * p + k] * b[k];
    b[i] /= a[i * p + i];
  }
  for (std::size_t i = p; i-- > 0;) {
    for (std::size_t k = i + 1; k < p; ++k) b[i] -= a[k * p + i] * b[k];
    b[i] /= a[i * p + i];
  }
  return b;
}

}  // namespace

PoissonFit fit_poisson_irls(std::span<const double> design, std::size_t columns,
                            std::span<const double> response, std::span<const double> weights, double ridge,
                            std::size_t max_iterations, double tolerance) {
  return fit_log_link_irls(design, columns, response, weights, ridge, kPoissonSize, {}, max_iterations,
                           tolerance);
}

PoissonFit fit_log_link_irls(std::span<const double> design, std::size_t columns,
                             std::span<const double> response, std::span<const double> weights, double ridge,
                             double size, std::span<const double> start, std::size_t max_iterations,
                             double tolerance) {
  const std::size_t n = response.size(), p = columns;
  if (p == 0 || design.size() != n * p) {
    throw UsageError(fmt::format("Poisson regression: design holds {} values, not {} rows x {} columns",
                                 design.size(), n, p));
  }
  if (!weights.empty() && weights.size() != n)
    throw UsageError("Poisson regression: weights and response differ in length");
  if (!(ridge >= 0) || !std::isfinite(ridge))
    throw UsageError(fmt::format("Poisson regression: ridge {} is not >= 0", ridge));
  double total_weight = 0.0, total_response = 0.0;
  for (std::size_t i = 0; i < n; ++i) {
    const double w = weights.empty() ? 1.0 : weights[i];
    if (!(response[i] >= 0) || !std::isfinite(response[i])) {
      throw UsageError(fmt::format("Poisson regression: response {} at row {} is not a finite count >= 0",
                                   response[i], i));
    }
    if (!(w >= 0) || !std::isfinite(w))
      throw UsageError(fmt::format("Poisson regression: weight {} at row {} is bad", w, i));
    total_weight += w;
    total_response += w * response[i];
  }
  if (!(total_weight > 0)) throw UsageError("Poisson regression: the rows carry no weight");
  if (!(size > 0)) throw UsageError(fmt::format("negative binomial size {} is not > 0", size));
  if (!start.empty() && start.size() != p) throw UsageError("regression: the start has the wrong length");
  const bool poisson = std::isinf(size);

  PoissonFit fit;
  fit.coefficients.assign(p, 0.0);
  // Start from the intercept-only fit; with no events at all, a rate far below one per row.
  fit.coefficients[0] = std::log(std::max(total_response / total_weight, 1e-10));
  if (!start.empty()) fit.coefficients.assign(start.begin(), start.end());
  // Each row's non-zero columns: lagged counts of small cells and season dummies are mostly 0, and a
  // zero adds exactly nothing to η or to XᵀWX (every sum starts at +0), so skipping them changes no
  // digit and makes a row's work (non-zeros)² instead of p².
  std::vector<std::uint32_t> nonzero;
  std::vector<std::size_t> row_begin(n + 1, 0);
  nonzero.reserve(n * std::min<std::size_t>(p, 8));
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t j = 0; j < p; ++j) {
      if (design[i * p + j] != 0) nonzero.push_back(static_cast<std::uint32_t>(j));
    }
    row_begin[i + 1] = nonzero.size();
  }
  // The deviance at beta, keeping each row's clamped η and μ: the next iteration's working weights
  // and response need exactly these, so each row's dot product and exp are taken once an iteration.
  std::vector<double> eta_of(n), mu_of(n);
  const auto deviance_at = [&](const std::vector<double>& beta) {
    double deviance = 0.0;
    for (std::size_t i = 0; i < n; ++i) {
      const double w = weights.empty() ? 1.0 : weights[i];
      double eta = 0.0;
      for (std::size_t e = row_begin[i]; e < row_begin[i + 1]; ++e)
        eta += design[i * p + nonzero[e]] * beta[nonzero[e]];
      eta = std::min(eta, kMaxLinearPredictor);
      const double mu = std::exp(eta);
      eta_of[i] = eta, mu_of[i] = mu;
      const double y = response[i];
      deviance +=
          poisson
              ? 2.0 * w * ((y > 0 ? y * std::log(y / mu) : 0.0) - (y - mu))
              : 2.0 * w *
                    ((y > 0 ? y * std::log(y / mu) : 0.0) - (y + size) * std::log((y + size) / (mu + size)));
    }
    return deviance;
  };
  double deviance = deviance_at(fit.coefficients);
  std::vector<double> xtwx(p * p), xtwz(p);
  for (fit.iterations = 1; fit.iterations <= max_iterations; ++fit.iterations) {
    std::fill(xtwx.begin(), xtwx.end(), 0.0);
    std::fill(xtwz.begin(), xtwz.end(), 0.0);
    for (std::size_t i = 0; i < n; ++i) {
      const double w = weights.empty() ? 1.0 : weights[i];
      if (w == 0) continue;
      const double eta = eta_of[i], mu = mu_of[i];
      // Var(y) = μ + μ²/size: the working weight w μ² / Var (μ for Poisson).
      const double working_weight = poisson ? w * mu : w * mu / (1.0 + mu / size);
      const double z = eta + (response[i] - mu) / mu;
      const double* x = &design[i * p];
      const std::uint32_t* columns_of_row = &nonzero[row_begin[i]];
      const std::size_t count = row_begin[i + 1] - row_begin[i];
      for (std::size_t a = 0; a < count; ++a) {
        const std::size_t j = columns_of_row[a];
        const double xj = x[j] * working_weight;
        if (xj == 0) continue;
        xtwz[j] += xj * z;
        double* lower = &xtwx[j * p];
        for (std::size_t b = 0; b <= a; ++b) lower[columns_of_row[b]] += xj * x[columns_of_row[b]];
      }
    }
    // The penalty scales with the intercept's information Σ w μ, so it means the same at any event rate.
    const double information = xtwx[0];
    for (std::size_t j = 0; j < p; ++j) {
      for (std::size_t k = j + 1; k < p; ++k) xtwx[j * p + k] = xtwx[k * p + j];
      if (j > 0) xtwx[j * p + j] += ridge * information;
    }
    auto next = cholesky_solve(xtwx, xtwz, p);
    const double next_deviance = deviance_at(next);
    fit.coefficients = std::move(next);
    const bool done = std::abs(next_deviance - deviance) < tolerance * (std::abs(next_deviance) + 0.1);
    deviance = next_deviance;
    if (done) {
      fit.converged = true;
      break;
    }
  }
  fit.iterations = std::min(fit.iterations, max_iterations);
  fit.deviance = deviance;
  return fit;
}

}  // namespace grip::forecast

#include "grip/forecast/negative_binomial_regression.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <boost/math/special_functions/digamma.hpp>
#include <boost/math/special_functions/trigamma.hpp>
#include <cmath>

#include "grip/core/errors.hpp"
#include "grip/forecast/poisson_regression.hpp"

namespace grip::forecast {
namespace {

constexpr double kMaxLinearPredictor = 30.0;

std::vector<double> means_of(std::span<const double> design, std::size_t p, std::span<const double> beta) {
  const std::size_t n = design.size() / p;
  std::vector<double> mu(n);
  for (std::size_t i = 0; i < n; ++i) {
    double eta = 0.0;
    for (std::size_t j = 0; j < p; ++j) eta += design[i * p + j] * beta[j];
    mu[i] = std::exp(std::min(eta, kMaxLinearPredictor));
  }
  return mu;
}

// f(y) for the small whole counts y that pooled rows hold, each computed once a call with the same
// function (so the same value): Essex's 284,693 distinct rows hold a few dozen counts, and digamma
// and trigamma of θ + y were 11 % of nb-glm's backtest. Other y (fractional, large) are computed each time.
template <typename Function>
class CountMemo {
 public:
  explicit CountMemo(Function f) : f_(f) {}
  double operator()(double y) {
    if (!(y >= 0 && y < kCounts) || y != std::floor(y)) return f_(y);
    const auto k = static_cast<std::size_t>(y);
    if (!known_[k]) values_[k] = f_(y), known_[k] = true;
    return values_[k];
  }

 private:
  static constexpr std::size_t kCounts = 256;
  Function f_;
  std::array<double, kCounts> values_{};
  std::array<bool, kCounts> known_{};
};

double two_log_likelihood(std::span<const double> y, std::span<const double> mu, std::span<const double> w,
                          double theta) {
  CountMemo lgamma_theta_plus([theta](double count) { return std::lgamma(theta + count); });
  CountMemo lgamma_count_plus_one([](double count) { return std::lgamma(count + 1.0); });
  double total = 0.0;
  for (std::size_t i = 0; i < y.size(); ++i) {
    const double weight = w.empty() ? 1.0 : w[i];
    if (weight == 0) continue;
    total += weight * (lgamma_theta_plus(y[i]) - std::lgamma(theta) - lgamma_count_plus_one(y[i]) +
                       theta * std::log(theta) + (y[i] > 0 ? y[i] * std::log(mu[i]) : 0.0) -
                       (theta + y[i]) * std::log(theta + mu[i]));
  }
  return 2.0 * total;
}

// Score and observed information of θ (MASS::theta.ml's score and info).
std::pair<double, double> theta_score(std::span<const double> y, std::span<const double> mu,
                                      std::span<const double> w, double theta) {
  using boost::math::digamma;
  using boost::math::trigamma;
  double score = 0.0, information = 0.0;
  const double psi = digamma(theta), psi1 = trigamma(theta);
  CountMemo digamma_theta_plus([theta](double count) { return digamma(theta + count); });
  CountMemo trigamma_theta_plus([theta](double count) { return trigamma(theta + count); });
  for (std::size_t i = 0; i < y.size(); ++i) {
    const double weight = w.empty() ? 1.0 : w[i];
    if (weight == 0) continue;
    const double tm = theta + mu[i];
    score += weight *
             (digamma_theta_plus(y[i]) - psi + std::log(theta) + 1.0 - std::log(tm) - (y[i] + theta) / tm);
    information +=
        weight * (-trigamma_theta_plus(y[i]) + psi1 - 1.0 / theta + 2.0 / tm - (y[i] + theta) / (tm * tm));
  }
  return {score, information};
}

double theta_from(std::span<const double> y, std::span<const double> mu, std::span<const double> w,
                  double start) {
  double theta = start;
  if (!(theta > 0) || !std::isfinite(theta)) {
    double n = 0.0, moment = 0.0;
    for (std::size_t i = 0; i < y.size(); ++i) {
      const double weight = w.empty() ? 1.0 : w[i];
      n += weight;
      moment += weight * (y[i] / mu[i] - 1.0) * (y[i] / mu[i] - 1.0);
    }
    theta = moment > 0 ? n / moment : kMaxTheta;
  }
  for (int it = 0; it < 100; ++it) {
    theta = std::min(std::abs(theta), kMaxTheta);
    const auto [score, information] = theta_score(y, mu, w, theta);
    if (!(information > 0)) break;  // far from the maximum: no over-dispersion to find
    double step = score / information;
    // Newton in θ overshoots below 0 on nearly Poisson data; keep θ positive by halving.
    while (theta + step <= 0) step *= 0.5;
    theta += step;
    if (std::abs(step) <= 1e-10 * (1.0 + theta) || theta >= kMaxTheta) break;
  }
  return std::min(std::max(theta, 1e-8), kMaxTheta);
}

}  // namespace

double negative_binomial_theta(std::span<const double> response, std::span<const double> mu,
                               std::span<const double> weights) {
  if (response.size() != mu.size() || (!weights.empty() && weights.size() != mu.size()))
    throw UsageError("negative binomial θ: response, means and weights differ in length");
  return theta_from(response, mu, weights, 0.0);
}

NegativeBinomialFit fit_negative_binomial(std::span<const double> design, std::size_t columns,
                                          std::span<const double> response, std::span<const double> weights,
                                          double ridge, std::span<const double> start, double theta_start,
                                          std::size_t max_iterations, double tolerance) {
  NegativeBinomialFit fit;
  if (start.empty()) {
    fit.coefficients = fit_poisson_irls(design, columns, response, weights, ridge).coefficients;  // validates
  } else {
    // One Poisson step from the start validates the input as the cold start does.
    fit.coefficients =
        fit_log_link_irls(design, columns, response, weights, ridge, kPoissonSize, start, 1).coefficients;
  }
  auto mu = means_of(design, columns, fit.coefficients);
  fit.theta = theta_from(response, mu, weights, theta_start);
  fit.two_log_likelihood = two_log_likelihood(response, mu, weights, fit.theta);
  for (fit.iterations = 1; fit.iterations <= max_iterations; ++fit.iterations) {
    const auto step =
        fit_log_link_irls(design, columns, response, weights, ridge, fit.theta, fit.coefficients);
    fit.coefficients = step.coefficients;
    mu = means_of(design, columns, fit.coefficients);
    const double theta = theta_from(response, mu, weights, fit.theta);
    const double loglik = two_log_likelihood(response, mu, weights, theta);
    const bool done = std::abs(loglik - fit.two_log_likelihood) <= tolerance * (std::abs(loglik) + 0.1) &&
                      std::abs(theta - fit.theta) <= tolerance * 1e2 * theta;
    fit.theta = theta;
    fit.two_log_likelihood = loglik;
    if (done) {
      fit.converged = true;
      break;
    }
  }
  fit.iterations = std::min(fit.iterations, max_iterations);
  const auto [score, information] = theta_score(response, mu, weights, fit.theta);
  (void)score;
  fit.theta_se = information > 0 ? 1.0 / std::sqrt(information) : std::nan("");
  return fit;
}

}  // namespace grip::forecast

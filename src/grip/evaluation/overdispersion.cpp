#include "grip/evaluation/overdispersion.hpp"

#include <fmt/format.h>

#include <boost/math/distributions/students_t.hpp>
#include <boost/math/special_functions/digamma.hpp>
#include <boost/math/special_functions/trigamma.hpp>
#include <cmath>
#include <limits>
#include <numeric>
#include <vector>

#include "grip/core/errors.hpp"

namespace grip::evaluation {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

struct Groups {
  double before_sum = 0, after_sum = 0, before_mean = 0, after_mean = 0;
  double n_before = 0, n_after = 0;
};

Groups groups_of(std::span<const double> before, std::span<const double> after, double confidence) {
  require_confidence(confidence);
  if (before.empty() || after.empty() || before.size() + after.size() < 3)
    throw UsageError(
        fmt::format("a monthly model needs a month in each period and three in all, got {} and {}",
                    before.size(), after.size()));
  for (const auto span : {before, after})
    for (const double y : span)
      if (!(y >= 0.0) || !std::isfinite(y))
        throw UsageError(fmt::format("monthly counts must be finite and not negative, got {}", y));
  Groups g;
  g.before_sum = std::accumulate(before.begin(), before.end(), 0.0);
  g.after_sum = std::accumulate(after.begin(), after.end(), 0.0);
  g.n_before = static_cast<double>(before.size());
  g.n_after = static_cast<double>(after.size());
  g.before_mean = g.before_sum / g.n_before;
  g.after_mean = g.after_sum / g.n_after;
  return g;
}

}  // namespace

QuasiPoissonFit quasi_poisson(std::span<const double> before_months, std::span<const double> after_months,
                              double confidence) {
  const auto g = groups_of(before_months, after_months, confidence);
  QuasiPoissonFit fit;
  if (g.before_sum <= 0.0 || g.after_sum <= 0.0) return fit;
  double pearson = 0.0;
  for (const double y : before_months) pearson += (y - g.before_mean) * (y - g.before_mean) / g.before_mean;
  for (const double y : after_months) pearson += (y - g.after_mean) * (y - g.after_mean) / g.after_mean;
  const double df = g.n_before + g.n_after - 2.0;
  fit.dispersion = df > 0 ? pearson / df : 1.0;
  fit.rate_ratio = g.after_mean / g.before_mean;
  fit.log_ratio_se = std::sqrt(fit.dispersion * (1.0 / g.before_sum + 1.0 / g.after_sum));
  const double beta = std::log(fit.rate_ratio);
  if (df > 0 && fit.log_ratio_se > 0) {
    const boost::math::students_t t(df);
    const double q = boost::math::quantile(t, 1.0 - (1.0 - confidence) / 2.0);
    fit.interval = {std::exp(beta - q * fit.log_ratio_se), std::exp(beta + q * fit.log_ratio_se)};
    fit.p = 2.0 * boost::math::cdf(boost::math::complement(t, std::abs(beta) / fit.log_ratio_se));
    fit.valid = true;
  }
  return fit;
}

double theta_ml(std::span<const double> counts, std::span<const double> means) {
  using boost::math::digamma;
  using boost::math::trigamma;
  const auto n = static_cast<double>(counts.size());
  double start = 0.0;
  for (std::size_t i = 0; i < counts.size(); ++i)
    start += (counts[i] / means[i] - 1.0) * (counts[i] / means[i] - 1.0);
  if (start <= 0.0) return kInf;
  double theta = n / start;
  // MASS::theta.ml: Newton steps until the step is below eps^(1/4); θ running off to infinity
  // (variance at or below the mean) is reported as Poisson.
  const double tolerance = std::pow(std::numeric_limits<double>::epsilon(), 0.25);
  for (int iteration = 0; iteration < 200; ++iteration) {
    double score = 0.0, information = 0.0;
    for (std::size_t i = 0; i < counts.size(); ++i) {
      const double y = counts[i], mu = means[i];
      score += digamma(theta + y) - digamma(theta) + std::log(theta) + 1.0 - std::log(theta + mu) -
               (y + theta) / (mu + theta);
      information += -trigamma(theta + y) + trigamma(theta) - 1.0 / theta + 2.0 / (mu + theta) -
                     (y + theta) / ((mu + theta) * (mu + theta));
    }
    if (!(information > 0.0)) return kInf;
    const double step = score / information;
    theta += step;
    if (!(theta > 0.0) || theta > 1e8) return kInf;
    if (std::abs(step) < tolerance) return theta;
  }
  return kInf;
}

NegativeBinomialFit negative_binomial(std::span<const double> before_months,
                                      std::span<const double> after_months, double confidence) {
  const auto g = groups_of(before_months, after_months, confidence);
  NegativeBinomialFit fit;
  if (g.before_sum <= 0.0 || g.after_sum <= 0.0) return fit;
  std::vector<double> counts(before_months.begin(), before_months.end());
  counts.insert(counts.end(), after_months.begin(), after_months.end());
  std::vector<double> means(before_months.size(), g.before_mean);
  means.insert(means.end(), after_months.size(), g.after_mean);
  fit.theta = theta_ml(counts, means);
  const double inverse_theta = std::isfinite(fit.theta) ? 1.0 / fit.theta : 0.0;
  fit.rate_ratio = g.after_mean / g.before_mean;
  fit.log_ratio_se = std::sqrt((1.0 / g.before_mean + inverse_theta) / g.n_before +
                               (1.0 / g.after_mean + inverse_theta) / g.n_after);
  const double beta = std::log(fit.rate_ratio);
  const double z = normal_quantile(confidence);
  fit.interval = {std::exp(beta - z * fit.log_ratio_se), std::exp(beta + z * fit.log_ratio_se)};
  fit.p = normal_two_sided_p(beta / fit.log_ratio_se);
  fit.valid = true;
  return fit;
}

}  // namespace grip::evaluation

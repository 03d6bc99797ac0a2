#include "grip/evaluation/rate_change.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <boost/math/distributions/beta.hpp>
#include <boost/math/distributions/binomial.hpp>
#include <boost/math/distributions/normal.hpp>
#include <boost/math/distributions/poisson.hpp>
#include <cmath>
#include <limits>
#include <vector>

#include "grip/core/errors.hpp"

namespace grip::evaluation {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

double binomial_pmf(std::int64_t k, std::int64_t n, double p) {
  if (p <= 0.0) return k == 0 ? 1.0 : 0.0;
  if (p >= 1.0) return k == n ? 1.0 : 0.0;
  return boost::math::pdf(boost::math::binomial(static_cast<double>(n), p), static_cast<double>(k));
}
// P(X <= k), 0 for k < 0.
double binomial_cdf(std::int64_t k, std::int64_t n, double p) {
  if (k < 0) return 0.0;
  if (k >= n) return 1.0;
  if (p <= 0.0) return 1.0;
  if (p >= 1.0) return 0.0;
  return boost::math::cdf(boost::math::binomial(static_cast<double>(n), p), static_cast<double>(k));
}
// P(X >= k).
double binomial_upper(std::int64_t k, std::int64_t n, double p) {
  if (k <= 0) return 1.0;
  if (k > n) return 0.0;
  if (p <= 0.0) return 0.0;
  if (p >= 1.0) return 1.0;
  return boost::math::cdf(
      boost::math::complement(boost::math::binomial(static_cast<double>(n), p), static_cast<double>(k - 1)));
}

// Log Poisson probabilities of 0..hi, with the first index kept where they matter (above 1e-300).
struct PoissonTable {
  std::int64_t first = 0;
  std::vector<double> probability;
};
PoissonTable poisson_table(double mean) {
  PoissonTable table;
  if (mean <= 0.0) {
    table.probability = {1.0};
    return table;
  }
  const double spread = 12.0 * std::sqrt(mean) + 40.0;
  const auto lo = static_cast<std::int64_t>(std::max(0.0, std::floor(mean - spread)));
  const auto hi = static_cast<std::int64_t>(std::ceil(mean + spread));
  table.first = lo;
  table.probability.reserve(static_cast<std::size_t>(hi - lo + 1));
  const double log_mean = std::log(mean);
  for (std::int64_t x = lo; x <= hi; ++x) {
    const auto xd = static_cast<double>(x);
    table.probability.push_back(std::exp(xd * log_mean - mean - std::lgamma(xd + 1.0)));
  }
  return table;
}

}  // namespace

void require_confidence(double confidence) {
  if (!(confidence > 0.0 && confidence < 1.0))
    throw UsageError(fmt::format("confidence must lie strictly between 0 and 1, got {}", confidence));
}

double normal_quantile(double confidence) {
  require_confidence(confidence);
  return boost::math::quantile(boost::math::normal(), 1.0 - (1.0 - confidence) / 2.0);
}

double normal_two_sided_p(double z) {
  return 2.0 * boost::math::cdf(boost::math::complement(boost::math::normal(), std::abs(z)));
}

double binomial_test_p(std::int64_t k, std::int64_t n, double p) {
  if (n <= 0) return 1.0;
  // binom.test's rule: outcomes on the far side no likelier than the observed one (relative 1e-7).
  constexpr double kRelErr = 1.0 + 1e-7;
  const double d = binomial_pmf(k, n, p);
  const double m = static_cast<double>(n) * p;
  if (static_cast<double>(k) == m) return 1.0;
  double result = 0.0;
  if (static_cast<double>(k) < m) {
    std::int64_t y = 0;
    for (auto i = static_cast<std::int64_t>(std::ceil(m)); i <= n; ++i)
      if (binomial_pmf(i, n, p) <= d * kRelErr) ++y;
    result = binomial_cdf(k, n, p) + binomial_upper(n - y + 1, n, p);
  } else {
    std::int64_t y = 0;
    for (std::int64_t i = 0; i <= static_cast<std::int64_t>(std::floor(m)); ++i)
      if (binomial_pmf(i, n, p) <= d * kRelErr) ++y;
    result = binomial_cdf(y - 1, n, p) + binomial_upper(k, n, p);
  }
  return std::min(1.0, result);
}

Interval clopper_pearson(std::int64_t k, std::int64_t n, double confidence) {
  require_confidence(confidence);
  const double alpha = 1.0 - confidence;
  const auto kd = static_cast<double>(k);
  const auto nd = static_cast<double>(n);
  Interval interval{0.0, 1.0};
  if (k > 0)
    interval.low = boost::math::quantile(boost::math::beta_distribution<>(kd, nd - kd + 1.0), alpha / 2);
  if (k < n)
    interval.high =
        boost::math::quantile(boost::math::beta_distribution<>(kd + 1.0, nd - kd), 1.0 - alpha / 2);
  return interval;
}

double e_test(std::int64_t k1, std::int64_t k2, double n1, double n2, double d) {
  if (k1 < 0 || k2 < 0)
    throw UsageError(fmt::format("E-test counts must not be negative, got {} and {}", k1, k2));
  if (!(n1 > 0.0) || !(n2 > 0.0))
    throw UsageError(fmt::format("E-test exposures must be positive, got {} and {}", n1, n2));
  if (k1 + k2 == 0) return 1.0;
  const auto statistic = [&](double x1, double x2) {
    const double variance = x1 / (n1 * n1) + x2 / (n2 * n2);
    if (variance <= 0.0) return 0.0;
    return std::abs(x1 / n1 - x2 / n2 - d) / std::sqrt(variance);
  };
  const double observed = statistic(static_cast<double>(k1), static_cast<double>(k2));
  // The rate of process 2 under H0, estimated from both (the paper's λ̂2k), floored at zero.
  const double rate2 = std::max(0.0, (static_cast<double>(k1 + k2) - d * n1) / (n1 + n2));
  const auto table1 = poisson_table(n1 * (rate2 + d));
  const auto table2 = poisson_table(n2 * rate2);
  // Ties count as "at least as extreme", so a relative tolerance keeps float noise from splitting them.
  const double cut = observed * (1.0 - 1e-12);
  double p = 0.0;
  if (d == 0.0) {
    // For fixed x1 the statistic (signed) strictly decreases in x2, so the extreme x2 are a prefix
    // (statistic >= cut) and a suffix (statistic <= -cut) of the table: binary search on each and
    // prefix sums, O(n1 log n2) instead of O(n1 n2).
    const auto& p2 = table2.probability;
    std::vector<double> cumulative(p2.size() + 1, 0.0);
    for (std::size_t j = 0; j < p2.size(); ++j) cumulative[j + 1] = cumulative[j] + p2[j];
    const auto signed_statistic = [&](double x1, double x2) {
      const double variance = x1 / (n1 * n1) + x2 / (n2 * n2);
      return variance <= 0.0 ? 0.0 : (x1 / n1 - x2 / n2) / std::sqrt(variance);
    };
    for (std::size_t i = 0; i < table1.probability.size(); ++i) {
      const auto x1 = static_cast<double>(table1.first + static_cast<std::int64_t>(i));
      const auto x2_at = [&](std::size_t j) {
        return static_cast<double>(table2.first + static_cast<std::int64_t>(j));
      };
      // First j with statistic < cut: everything before it is in the upper tail.
      std::size_t lo = 0, hi = p2.size();
      while (lo < hi) {
        const std::size_t mid = (lo + hi) / 2;
        if (signed_statistic(x1, x2_at(mid)) >= cut)
          lo = mid + 1;
        else
          hi = mid;
      }
      const std::size_t upper_end = lo;
      // First j with statistic <= -cut: it and everything after are in the lower tail.
      lo = upper_end, hi = p2.size();
      while (lo < hi) {
        const std::size_t mid = (lo + hi) / 2;
        if (signed_statistic(x1, x2_at(mid)) <= -cut)
          hi = mid;
        else
          lo = mid + 1;
      }
      const double tails = cumulative[upper_end] + (cumulative[p2.size()] - cumulative[lo]);
      p += table1.probability[i] * tails;
    }
    return std::min(1.0, p);
  }
  for (std::size_t i = 0; i < table1.probability.size(); ++i) {
    const auto x1 = static_cast<double>(table1.first + static_cast<std::int64_t>(i));
    for (std::size_t j = 0; j < table2.probability.size(); ++j) {
      const auto x2 = static_cast<double>(table2.first + static_cast<std::int64_t>(j));
      if (statistic(x1, x2) >= cut) p += table1.probability[i] * table2.probability[j];
    }
  }
  return std::min(1.0, p);
}

RateChange rate_change(std::int64_t before, std::int64_t after, double before_exposure, double after_exposure,
                       double confidence) {
  require_confidence(confidence);
  if (before < 0 || after < 0)
    throw UsageError(fmt::format("counts must not be negative, got {} before and {} after", before, after));
  if (!(before_exposure > 0.0) || !(after_exposure > 0.0) || !std::isfinite(before_exposure) ||
      !std::isfinite(after_exposure))
    throw UsageError(fmt::format("exposures must be positive, got {} before and {} after", before_exposure,
                                 after_exposure));
  RateChange change;
  change.before = before;
  change.after = after;
  change.before_exposure = before_exposure;
  change.after_exposure = after_exposure;
  const auto a = static_cast<double>(after);
  const auto b = static_cast<double>(before);
  const double exposure_ratio = before_exposure / after_exposure;  // t0 / t1
  change.rate_ratio = before > 0 ? a / b * exposure_ratio : kNaN;
  change.percent_change = 100.0 * (change.rate_ratio - 1.0);
  const double z = normal_quantile(confidence);
  if (before > 0 && after > 0) {
    const double se = std::sqrt(1.0 / a + 1.0 / b);
    change.wald = {change.rate_ratio * std::exp(-z * se), change.rate_ratio * std::exp(z * se)};
  } else {
    change.wald = {kNaN, kNaN};
  }
  const std::int64_t n = before + after;
  if (n > 0) {
    const auto pi = clopper_pearson(after, n, confidence);
    const auto to_ratio = [&](double p) {
      return p >= 1.0 ? std::numeric_limits<double>::infinity() : p / (1.0 - p) * exposure_ratio;
    };
    change.exact = {to_ratio(pi.low), to_ratio(pi.high)};
    change.exact_p = binomial_test_p(after, n, after_exposure / (after_exposure + before_exposure));
  } else {
    change.exact = {0.0, std::numeric_limits<double>::infinity()};
    change.exact_p = 1.0;
  }
  change.e_test_p = e_test(after, before, after_exposure, before_exposure);
  return change;
}

std::string verdict(double ratio, const Interval& interval, double confidence) {
  const auto percent = [](double r) { return 100.0 * (r - 1.0); };
  if (!std::isfinite(ratio)) return "no rate in the first period to compare with";
  const auto bound = [&](double r) {
    return std::isfinite(r) ? fmt::format("{:+.0f} %", percent(r)) : std::string("no upper limit");
  };
  const std::string range = fmt::format("{:.0f} % interval {} to {}", 100.0 * confidence, bound(interval.low),
                                        bound(interval.high));
  if (interval.high < 1.0) return fmt::format("a fall of {:.0f} %, {}", -percent(ratio), range);
  if (interval.low > 1.0) return fmt::format("a rise of {:.0f} %, {}", percent(ratio), range);
  return fmt::format("not distinguishable from normal variation ({:+.0f} %, {})", percent(ratio), range);
}

}  // namespace grip::evaluation

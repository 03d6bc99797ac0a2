#include "grip/evaluation/dose_response.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <boost/math/distributions/students_t.hpp>
#include <cmath>

#include "grip/core/errors.hpp"

namespace grip::evaluation {

DoseResponse dose_response(std::span<const double> counts, std::span<const double> minutes,
                           std::span<const double> exposures, double per_minutes, double confidence) {
  require_confidence(confidence);
  const std::size_t n = counts.size();
  if (minutes.size() != n || exposures.size() != n)
    throw UsageError(fmt::format("dose response: {} counts, {} minutes and {} exposures differ", n,
                                 minutes.size(), exposures.size()));
  if (n < 3) throw UsageError(fmt::format("dose response: needs at least 3 hotspots, got {}", n));
  if (!(per_minutes > 0.0))
    throw UsageError(fmt::format("dose response: per_minutes {} must be > 0", per_minutes));
  double total = 0.0, exposure_total = 0.0, mean_x = 0.0;
  for (std::size_t i = 0; i < n; ++i) {
    if (!(counts[i] >= 0.0) || !std::isfinite(counts[i]))
      throw UsageError(fmt::format("dose response: count {} of hotspot {} must be ≥ 0", counts[i], i + 1));
    if (!(exposures[i] > 0.0) || !std::isfinite(exposures[i]))
      throw UsageError(
          fmt::format("dose response: exposure {} of hotspot {} must be > 0", exposures[i], i + 1));
    if (!(minutes[i] >= 0.0) || !std::isfinite(minutes[i]))
      throw UsageError(fmt::format("dose response: minutes {} of hotspot {} must be ≥ 0", minutes[i], i + 1));
    total += counts[i];
    exposure_total += exposures[i];
    mean_x += minutes[i] / static_cast<double>(n);
  }
  if (total <= 0.0) throw UsageError("dose response: every count is 0");
  const auto [lo, hi] = std::minmax_element(minutes.begin(), minutes.end());
  if (*lo == *hi) throw UsageError("dose response: every hotspot had the same minutes; no slope to fit");

  // Newton-Raphson on (a, b) with centred minutes, so the two parameters are nearly orthogonal.
  DoseResponse out;
  out.per_minutes = per_minutes;
  double a = std::log(total / exposure_total), b = 0.0;
  double i_aa = 0, i_ab = 0, i_bb = 0;
  for (;;) {
    double u_a = 0, u_b = 0;
    i_aa = i_ab = i_bb = 0;
    for (std::size_t i = 0; i < n; ++i) {
      const double x = minutes[i] - mean_x;
      const double mu = exposures[i] * std::exp(a + b * x);
      u_a += counts[i] - mu;
      u_b += (counts[i] - mu) * x;
      i_aa += mu;
      i_ab += mu * x;
      i_bb += mu * x * x;
    }
    const double det = i_aa * i_bb - i_ab * i_ab;
    if (!(det > 0.0) || !std::isfinite(det))
      throw UsageError("dose response: the fit is singular (a slope without limit: counts of 0 at one end?)");
    const double da = (i_bb * u_a - i_ab * u_b) / det, db = (i_aa * u_b - i_ab * u_a) / det;
    a += da;
    b += db;
    ++out.iterations;
    if (std::abs(da) < 1e-12 && std::abs(db) * (*hi - *lo) < 1e-12) break;
    if (out.iterations == 100)
      throw UsageError("dose response: Newton-Raphson did not converge in 100 steps");
  }
  double pearson = 0.0;
  for (std::size_t i = 0; i < n; ++i) {
    const double mu = exposures[i] * std::exp(a + b * (minutes[i] - mean_x));
    pearson += (counts[i] - mu) * (counts[i] - mu) / mu;
  }
  const double df = static_cast<double>(n) - 2.0;
  out.dispersion = pearson / df;
  const double det = i_aa * i_bb - i_ab * i_ab;
  out.beta = b;
  out.alpha = a - b * mean_x;
  out.beta_se = std::sqrt(std::max(1.0, out.dispersion) * i_aa / det);
  const boost::math::students_t t(df);
  const double q = boost::math::quantile(boost::math::complement(t, (1.0 - confidence) / 2.0));
  out.rate_ratio = std::exp(b * per_minutes);
  out.interval = {std::exp((b - q * out.beta_se) * per_minutes),
                  std::exp((b + q * out.beta_se) * per_minutes)};
  out.p = 2.0 * boost::math::cdf(boost::math::complement(t, std::abs(b / out.beta_se)));
  return out;
}

}  // namespace grip::evaluation

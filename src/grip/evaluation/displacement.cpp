#include "grip/evaluation/displacement.hpp"

#include <fmt/format.h>

#include <cmath>
#include <limits>

#include "grip/core/errors.hpp"

namespace grip::evaluation {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

void require_counts(const DisplacementCounts& c) {
  for (const auto& pair : {c.treated, c.control, c.buffer, c.buffer_control})
    for (const double v : {pair.before, pair.after})
      if (!(v >= 0.0) || !std::isfinite(v))
        throw UsageError(fmt::format("displacement counts must be finite and not negative, got {}", v));
}

}  // namespace

WddResult weighted_displacement_difference(const DisplacementCounts& counts,
                                           const DisplacementWeights& weights, double confidence) {
  require_counts(counts);
  for (const double w : {weights.before_period, weights.after_period, weights.area[0], weights.area[1],
                         weights.area[2], weights.area[3]})
    if (!(w > 0.0) || !std::isfinite(w))
      throw UsageError(fmt::format("WDD weights must be positive, got {}", w));
  const double q = normal_quantile(confidence);
  // One area's change as a rate, and its Poisson variance.
  const auto change = [&](const PrePost& pair, double area, double& variance) {
    const double w0 = weights.before_period * area, w1 = weights.after_period * area;
    variance += pair.before / (w0 * w0) + pair.after / (w1 * w1);
    return pair.after / w1 - pair.before / w0;
  };
  WddResult r;
  double local_variance = 0.0, displacement_variance = 0.0;
  r.local = change(counts.treated, weights.area[0], local_variance) -
            change(counts.control, weights.area[1], local_variance);
  r.displacement = change(counts.buffer, weights.area[2], displacement_variance) -
                   change(counts.buffer_control, weights.area[3], displacement_variance);
  r.local_se = std::sqrt(local_variance);
  r.displacement_se = std::sqrt(displacement_variance);
  r.total = r.local + r.displacement;
  r.total_se = std::sqrt(local_variance + displacement_variance);
  r.z = r.total_se > 0 ? r.total / r.total_se : 0.0;
  r.p = r.total_se > 0 ? normal_two_sided_p(r.z) : 1.0;
  r.interval = {r.total - q * r.total_se, r.total + q * r.total_se};
  return r;
}

WddHarm combine_wdd_harm(std::span<const WddPart> parts, double confidence) {
  const double q = normal_quantile(confidence);
  WddHarm h;
  double variance = 0.0;
  for (const auto& part : parts) {
    h.estimate += part.weight * part.estimate;
    variance += part.weight * part.weight * part.se * part.se;
  }
  h.se = std::sqrt(variance);
  h.z = h.se > 0 ? h.estimate / h.se : 0.0;
  h.p = h.se > 0 ? normal_two_sided_p(h.z) : 1.0;
  h.interval = {h.estimate - q * h.se, h.estimate + q * h.se};
  return h;
}

WdqResult weighted_displacement_quotient(const DisplacementCounts& c, double confidence) {
  require_counts(c);
  const double q = normal_quantile(confidence);
  WdqResult r;
  r.quotient = kNaN;
  r.interval = {kNaN, kNaN};
  if (c.control.before <= 0 || c.control.after <= 0 || c.buffer_control.before <= 0 ||
      c.buffer_control.after <= 0) {
    r.success_measure = r.buffer_measure = kNaN;
    return r;
  }
  const double t1 = c.treated.after / c.control.after, t0 = c.treated.before / c.control.before;
  const double d1 = c.buffer.after / c.buffer_control.after, d0 = c.buffer.before / c.buffer_control.before;
  r.success_measure = t1 - t0;
  r.buffer_measure = d1 - d0;
  if (r.success_measure == 0.0) return r;
  r.quotient = r.buffer_measure / r.success_measure;
  // Var(x/y) ≈ (x/y)²·(1/x + 1/y) for independent Poisson x, y (0 contributes nothing).
  const auto ratio_variance = [](double x, double y) {
    return x > 0 ? (x / y) * (x / y) * (1.0 / x + 1.0 / y) : 0.0;
  };
  const double var_success =
      ratio_variance(c.treated.after, c.control.after) + ratio_variance(c.treated.before, c.control.before);
  const double var_buffer = ratio_variance(c.buffer.after, c.buffer_control.after) +
                            ratio_variance(c.buffer.before, c.buffer_control.before);
  const double se =
      std::sqrt(var_buffer / (r.success_measure * r.success_measure) +
                r.quotient * r.quotient * var_success / (r.success_measure * r.success_measure));
  r.interval = {r.quotient - q * se, r.quotient + q * se};
  // A quotient over a success measure indistinguishable from 0 is noise divided by noise.
  r.meaningful = r.success_measure < -q * std::sqrt(var_success);
  return r;
}

}  // namespace grip::evaluation

#include "grip/evaluation/did.hpp"

#include <fmt/format.h>

#include <cmath>
#include <limits>

#include "grip/core/errors.hpp"

namespace grip::evaluation {

DidEstimate difference_in_differences(double treated_before, double treated_after, double comparison_before,
                                      double comparison_after, double dispersion, double confidence) {
  require_confidence(confidence);
  if (!(dispersion > 0.0)) throw UsageError(fmt::format("dispersion must be positive, got {}", dispersion));
  for (const double count : {treated_before, treated_after, comparison_before, comparison_after})
    if (!(count >= 0.0)) throw UsageError(fmt::format("counts must not be negative, got {}", count));
  DidEstimate did;
  if (treated_before <= 0 || treated_after <= 0 || comparison_before <= 0 || comparison_after <= 0) {
    did.ratio = did.percent_change = std::numeric_limits<double>::quiet_NaN();
    return did;
  }
  const double log_ratio =
      std::log(treated_after / treated_before) - std::log(comparison_after / comparison_before);
  did.ratio = std::exp(log_ratio);
  did.percent_change = 100.0 * (did.ratio - 1.0);
  did.log_se = std::sqrt(dispersion * (1.0 / treated_before + 1.0 / treated_after + 1.0 / comparison_before +
                                       1.0 / comparison_after));
  const double q = normal_quantile(confidence);
  did.interval = {std::exp(log_ratio - q * did.log_se), std::exp(log_ratio + q * did.log_se)};
  did.z = log_ratio / did.log_se;
  did.p = normal_two_sided_p(did.z);
  did.valid = true;
  return did;
}

double relative_trend(std::span<const double> monthly) {
  const auto n = static_cast<double>(monthly.size());
  if (monthly.size() < 2) return 0.0;
  double mean_x = (n - 1.0) / 2.0, mean_y = 0.0;
  for (const double y : monthly) mean_y += y / n;
  if (mean_y <= 0.0) return 0.0;
  double sxy = 0.0, sxx = 0.0;
  for (std::size_t i = 0; i < monthly.size(); ++i) {
    const double dx = static_cast<double>(i) - mean_x;
    sxy += dx * (monthly[i] - mean_y);
    sxx += dx * dx;
  }
  return sxy / sxx / mean_y;
}

std::vector<std::size_t> match_comparisons(std::span<const MatchProfile> treated,
                                           std::span<const MatchProfile> candidates) {
  std::vector<std::size_t> matched;
  if (candidates.empty()) return matched;
  const auto harm_scale = [](const MatchProfile& p) { return std::log1p(std::max(0.0, p.pre_harm)); };
  const auto sd = [&](auto value) {
    double mean = 0.0, square = 0.0;
    const auto n = static_cast<double>(candidates.size());
    for (const auto& c : candidates) mean += value(c) / n;
    for (const auto& c : candidates) square += (value(c) - mean) * (value(c) - mean);
    const double s = candidates.size() > 1 ? std::sqrt(square / (n - 1.0)) : 0.0;
    return s > 0.0 ? s : 1.0;
  };
  const double harm_sd = sd(harm_scale);
  const double trend_sd = sd([](const MatchProfile& p) { return p.pre_trend; });
  std::vector<bool> used(candidates.size(), false);
  for (const auto& t : treated) {
    double best = std::numeric_limits<double>::infinity();
    std::size_t best_index = candidates.size();
    for (std::size_t c = 0; c < candidates.size(); ++c) {
      if (used[c]) continue;
      const double dh = (harm_scale(t) - harm_scale(candidates[c])) / harm_sd;
      const double dt = (t.pre_trend - candidates[c].pre_trend) / trend_sd;
      const double distance = dh * dh + dt * dt;
      if (distance < best) {
        best = distance;
        best_index = c;
      }
    }
    if (best_index == candidates.size()) break;
    used[best_index] = true;
    matched.push_back(best_index);
  }
  return matched;
}

}  // namespace grip::evaluation

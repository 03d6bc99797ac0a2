#include "grip/forecast/calibration.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <string>

#include "grip/core/errors.hpp"

namespace grip::forecast {

IsotonicCalibration::IsotonicCalibration(std::span<const double> scores, std::span<const double> outcomes,
                                         std::span<const double> weights) {
  const std::size_t n = scores.size();
  if (n == 0) throw UsageError("isotonic calibration: no (score, outcome) pairs given");
  if (outcomes.size() != n) {
    throw UsageError("isotonic calibration: " + fmt::format("{}", n) + " scores but " +
                     fmt::format("{}", outcomes.size()) + " outcomes");
  }
  if (!weights.empty() && weights.size() != n) {
    throw UsageError("isotonic calibration: " + fmt::format("{}", n) + " scores but " +
                     fmt::format("{}", weights.size()) + " weights");
  }
  for (std::size_t i = 0; i < n; ++i) {
    if (!std::isfinite(scores[i]) || !std::isfinite(outcomes[i])) {
      throw UsageError("isotonic calibration: pair " + fmt::format("{}", i) + " is not finite (score " +
                       fmt::format("{}", scores[i]) + ", outcome " + fmt::format("{}", outcomes[i]) + ")");
    }
    if (!weights.empty() && (!std::isfinite(weights[i]) || weights[i] < 0.0)) {
      throw UsageError("isotonic calibration: weight[" + fmt::format("{}", i) +
                       "] = " + fmt::format("{}", weights[i]) + " must be finite and >= 0");
    }
  }
  std::vector<std::size_t> order(n);
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return scores[a] < scores[b]; });

  // Pool ties, then pool adjacent violators with a stack of blocks (each new block merges
  // backwards while it is below the block before it): O(n) after the sort.
  std::vector<double> sum_wy;
  for (std::size_t r = 0; r < n; ++r) {
    const std::size_t i = order[r];
    const double w = weights.empty() ? 1.0 : weights[i];
    if (w == 0.0) continue;
    if (!low_.empty() && high_.back() == scores[i]) {
      weight_.back() += w;
      sum_wy.back() += w * outcomes[i];
    } else {
      low_.push_back(scores[i]);
      high_.push_back(scores[i]);
      weight_.push_back(w);
      sum_wy.push_back(w * outcomes[i]);
    }
    while (low_.size() >= 2) {
      const std::size_t last = low_.size() - 1;
      if (sum_wy[last - 1] / weight_[last - 1] < sum_wy[last] / weight_[last]) break;
      high_[last - 1] = high_[last];
      weight_[last - 1] += weight_[last];
      sum_wy[last - 1] += sum_wy[last];
      low_.pop_back();
      high_.pop_back();
      weight_.pop_back();
      sum_wy.pop_back();
    }
  }
  if (low_.empty()) throw UsageError("isotonic calibration: every weight is zero");
  value_.resize(low_.size());
  for (std::size_t b = 0; b < low_.size(); ++b) value_[b] = sum_wy[b] / weight_[b];
}

double IsotonicCalibration::apply(double score, IsotonicInterpolation interpolation) const {
  if (!std::isfinite(score)) {
    throw UsageError("isotonic calibration: cannot map a score that is not finite (" +
                     fmt::format("{}", score) + ")");
  }
  // First block whose low end is above the score; the block before it is the one at or below.
  const auto above = std::upper_bound(low_.begin(), low_.end(), score);
  if (above == low_.begin()) return value_.front();
  const std::size_t b = static_cast<std::size_t>(above - low_.begin()) - 1;
  if (interpolation == IsotonicInterpolation::kStep || score <= high_[b] || b + 1 == low_.size())
    return value_[b];
  const double share = (score - high_[b]) / (low_[b + 1] - high_[b]);
  return value_[b] + share * (value_[b + 1] - value_[b]);
}

std::vector<double> IsotonicCalibration::apply(std::span<const double> scores,
                                               IsotonicInterpolation interpolation) const {
  std::vector<double> mapped(scores.size());
  for (std::size_t i = 0; i < scores.size(); ++i) mapped[i] = apply(scores[i], interpolation);
  return mapped;
}

}  // namespace grip::forecast

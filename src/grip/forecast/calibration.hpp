// Isotonic calibration of risk scores to probabilities: a non-decreasing step fit of outcome on
// score by pool-adjacent-violators (Ayer et al. 1955; Barlow et al. 1972), as scikit-learn's
// IsotonicRegression. Equal scores are pooled first (one block, weighted mean outcome). New
// scores are mapped by linear interpolation between block ends (flat inside a block, as
// scikit-learn) or as a step; beyond the fitted range the end values are held.
#pragma once

#include <span>
#include <vector>

namespace grip::forecast {

enum class IsotonicInterpolation {
  kLinear,  // flat within each fitted block, straight line between one block's last score and the next's
            // first
  kStep,    // the value of the last block whose first score is ≤ the new score (the first block below it)
};

class IsotonicCalibration {
 public:
  // Fits on (scores[i], outcomes[i]) with optional non-negative weights (empty = all 1). outcomes
  // may be any finite values (0/1 for probabilities, or rates). Throws grip::UsageError for empty
  // or unequal spans, non-finite values, a negative weight or a zero total weight.
  IsotonicCalibration(std::span<const double> scores, std::span<const double> outcomes,
                      std::span<const double> weights = {});

  [[nodiscard]] double apply(double score,
                             IsotonicInterpolation interpolation = IsotonicInterpolation::kLinear) const;
  [[nodiscard]] std::vector<double> apply(
      std::span<const double> scores,
      IsotonicInterpolation interpolation = IsotonicInterpolation::kLinear) const;

  // The fitted blocks in score order: each spans [block_low[b], block_high[b]] with value
  // block_value[b]; values are non-decreasing, adjacent blocks differ.
  [[nodiscard]] const std::vector<double>& block_low() const noexcept { return low_; }
  [[nodiscard]] const std::vector<double>& block_high() const noexcept { return high_; }
  [[nodiscard]] const std::vector<double>& block_value() const noexcept { return value_; }
  [[nodiscard]] const std::vector<double>& block_weight() const noexcept { return weight_; }

 private:
  std::vector<double> low_;
  std::vector<double> high_;
  std::vector<double> value_;
  std::vector<double> weight_;
};

}  // namespace grip::forecast

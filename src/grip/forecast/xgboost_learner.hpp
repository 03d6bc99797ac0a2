// Gradient-boosted trees with a Poisson objective (XGBoost, Chen & Guestrin 2016; count:poisson,
// log link), the learner behind the "xgboost" forecast model. A kernel on plain arrays: rows of
// float features, a mean count and a weight per row (pooled identical rows, as the GLM), and the
// rows to predict; returns λ and, when asked, each feature's contribution on the log scale (TreeSHAP,
// XGBoost's pred_contribs). Defaults: 100 rounds, depth 4, η 0.1, min child weight 20, hist trees,
// max_delta_step 0.7 (XGBoost's default for Poisson), 2 threads, seed 0. Needs libxgboost-dev at
// build time; without it xgboost_available() is false and the model is not offered.
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <vector>

namespace grip::forecast {

struct BoostingOptions {
  int rounds = 100;
  int max_depth = 4;
  double eta = 0.1;
  double min_child_weight = 20.0;
  int threads = 2;
};

struct BoostedFit {
  std::vector<double> predicted;                  // λ per predicted row
  std::vector<std::vector<float>> contributions;  // [feature] → per row, log scale (when asked)
  std::string summary;
};

[[nodiscard]] bool xgboost_available() noexcept;

// train: rows × features, row-major; label ≥ 0 and weight > 0 per row. Throws grip::UsageError for
// inconsistent sizes or when built without XGBoost, and grip::Error for a failure inside XGBoost.
[[nodiscard]] BoostedFit fit_poisson_boosting(std::span<const float> train, std::size_t features,
                                              std::span<const float> label, std::span<const float> weight,
                                              std::span<const float> predict, bool contributions,
                                              const BoostingOptions& options = {});

}  // namespace grip::forecast

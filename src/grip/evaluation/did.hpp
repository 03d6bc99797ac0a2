// Difference in differences on the log-rate scale: treated counts T0 → T1 against comparison
// counts C0 → C1 over the same periods, effect = (T1/T0) / (C1/C0) (a ratio of rate ratios, so
// period lengths cancel), log SE = sqrt(φ · (1/T0 + 1/T1 + 1/C0 + 1/C1)) (Poisson, φ = 1, or a
// quasi-Poisson dispersion from the monthly series), Wald interval and z test. Comparison areas
// are matched on the pre-period: each treated area in turn takes the nearest unused candidate on
// (log(1 + pre harm), relative monthly trend), both scaled by the candidates' standard deviation
// (greedy nearest-neighbour matching without replacement; Rosenbaum 2002, ch. 10).
// Defaults: 95 % interval, φ = 1.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "grip/evaluation/rate_change.hpp"

namespace grip::evaluation {

struct DidEstimate {
  double ratio = 0.0;           // exp of the log-rate difference in differences
  double percent_change = 0.0;  // 100·(ratio − 1): the treated change beyond the comparison's
  double log_se = 0.0;
  Interval interval;
  double z = 0.0, p = 1.0;
  bool valid = false;  // false when a count is 0
};

[[nodiscard]] DidEstimate difference_in_differences(double treated_before, double treated_after,
                                                    double comparison_before, double comparison_after,
                                                    double dispersion = 1.0,
                                                    double confidence = kDefaultConfidence);

struct MatchProfile {
  double pre_harm = 0.0;   // total harm in the pre-period
  double pre_trend = 0.0;  // OLS slope of monthly harm divided by its mean (per month)
};
// Relative trend of a monthly series: slope / mean (0 for a flat or empty series).
[[nodiscard]] double relative_trend(std::span<const double> monthly);

// For each treated profile, in order, the index of the matched candidate; fewer than treated.size()
// when candidates run out.
[[nodiscard]] std::vector<std::size_t> match_comparisons(std::span<const MatchProfile> treated,
                                                         std::span<const MatchProfile> candidates);

}  // namespace grip::evaluation

// How grip backtest picks the default model, honestly: every model is compared with the best
// simple baseline (the baseline with the best mean score over the scored origins; ties to the
// simpler) by a paired comparison over origins. d_o = score(model, o) − score(baseline, o); mean d̄,
// sample sd s, n origins; the 95 % interval d̄ ± t_{0.975, n−1} s / √n (Student t; the origins'
// differences are treated as independent). A model replaces the baseline only when the interval's
// lower end is above 0, i.e. its gain exceeds the origin-to-origin noise; among such models the
// largest d̄ wins, ties to the simpler. With fewer than kMinOriginsForChoice scored origins nothing is
// compared: the simplest baseline (long-run-mean) is the default, and the reason says so. A model
// whose total expected count over the origins is off by more than 10 % (Σ expected / Σ observed
// outside [0.9, 1.1]) is not offered as the default, whatever its ranking.
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <vector>

namespace grip::forecast {

inline constexpr std::size_t kMinOriginsForChoice = 4;

struct PairedComparison {
  std::string model;
  std::size_t origins = 0;      // pairs with both scores finite
  double mean_gain = 0.0;       // d̄ (NaN without pairs)
  double sd = 0.0;              // sample sd of d (NaN for one pair)
  double lower = 0.0;           // d̄ − t s / √n (NaN for fewer than two pairs)
  double upper = 0.0;           // d̄ + t s / √n
  bool beats_baseline = false;  // lower > 0
  double expected_over_observed = 0.0;
  bool counts_right = true;  // expected_over_observed within [kCountRatioLow, kCountRatioHigh]
};
inline constexpr double kCountRatioLow = 0.9, kCountRatioHigh = 1.1;

// t_{0.975, df}: exact to 3 decimals for df ≤ 30, 1.96 + 2.4 / df beyond (within 0.002). df ≥ 1.
[[nodiscard]] double student_t_975(std::size_t df);

// Pairs model[o] with baseline[o] (same length; non-finite pairs are skipped). Larger is better.
[[nodiscard]] PairedComparison paired_comparison(std::string model, std::span<const double> model_scores,
                                                 std::span<const double> baseline_scores);

struct DefaultChoice {
  std::string model;                          // the default
  std::string best_baseline;                  // the yardstick
  std::string reason;                         // one sentence for people and --json
  std::vector<PairedComparison> comparisons;  // every non-baseline model against best_baseline
};

struct CandidateScores {
  std::string name;
  bool baseline = false;
  std::vector<double> scores;  // per scored origin, larger is better (all candidates the same origins)
  double expected_over_observed = 1.0;  // Σ expected / Σ observed over those origins
};

// Candidates in simplicity order (simplest first). metric_label names the score in the reason.
[[nodiscard]] DefaultChoice choose_default(const std::vector<CandidateScores>& candidates,
                                           const std::string& metric_label);

}  // namespace grip::forecast

// Accuracy of a forecast risk surface over grid cells, in the standard forms of
// ../shared/METHODS.md: hit rate n/N, PAI (Chainey, Tompson & Uhlig 2008) = (n/N)/(a/A),
// PEI (Hunt 2016) = n/n*, RRI (Levine) = (n₂/n₁)/(N₂/N₁); and probabilistic scores for binary
// outcomes: Brier, log loss (p clipped to [1e−15, 1 − 1e−15]), ROC AUC (Mann–Whitney, ties 0.5),
// Brier skill, reliability tables. Defaults: coverages 1 %, 2 %, 5 %, 10 % of the study area A,
// which is the sum of the cell areas given. docs/forecast-metrics.md has the worked rules.
#pragma once

#include <array>
#include <cstddef>
#include <span>
#include <vector>

namespace grip::forecast {

inline constexpr std::array<double, 4> kDefaultCoverages = {0.01, 0.02, 0.05, 0.10};
inline constexpr double kLogLossClip = 1e-15;

// The cells a forecast flags for a coverage fraction of the study area: cells ranked by score,
// highest first, ties broken by the lower cell index; whole cells are taken in that order while
// their summed area stays within coverage · A (a relative slack of 1e−9 absorbs rounding), and
// the ranking stops at the first cell that would overshoot (no partial cell, no skipping to a
// smaller one). Returned in rank order. cell_areas holds one area per cell (all > 0).
// Throws grip::UsageError for a score that is not finite, a bad area, spans of different lengths
// or a coverage outside (0, 1].
[[nodiscard]] std::vector<std::size_t> top_cells_by_coverage(std::span<const double> scores,
                                                             std::span<const double> cell_areas,
                                                             double coverage);

struct CoverageMetrics {
  double coverage = 0.0;          // requested share of A
  std::size_t cells_flagged = 0;  // whole cells taken
  double area_flagged = 0.0;      // a
  double area_share = 0.0;        // a / A actually used (≤ coverage)
  double study_area = 0.0;        // A = Σ cell areas
  double captured = 0.0;          // n: target-period incidents in the flagged cells
  double total = 0.0;             // N: target-period incidents in all cells
  double hit_rate = 0.0;          // n / N (NaN when N = 0)
  double pai = 0.0;               // (n / N) / (a / A) (NaN when N = 0 or a = 0)
  double best_captured = 0.0;     // n*: most incidents any set of whole cells of area ≤ a holds
  double pei = 0.0;               // n / n* (NaN when n* = 0)
  // Only when previous-period counts are given (otherwise NaN):
  double previous_captured = 0.0;  // n₁: previous-period incidents in the flagged cells
  double previous_total = 0.0;     // N₁
  double rri = 0.0;                // (n₂ / n₁) / (N₂ / N₁) (NaN when n₁, N₁ or N₂ is 0)
};

// Hit rate, PAI, PEI and (when `previous` is not empty) RRI for each coverage, from one ranking.
// observed and previous are per-cell counts (may be weighted, must be finite and ≥ 0).
// n* is exact when all cells have the same area (the n flagged cells' count is compared with the
// same number of cells holding the most incidents). For unequal areas n* is the larger of a greedy
// fill by incidents per unit area and n itself, so PEI ≤ 1 always holds but may overstate
// slightly (exact n* is a knapsack problem). Throws grip::UsageError as top_cells_by_coverage does
// and for a bad count.
[[nodiscard]] std::vector<CoverageMetrics> coverage_metrics(
    std::span<const double> scores, std::span<const double> cell_areas, std::span<const double> observed,
    std::span<const double> coverages = kDefaultCoverages, std::span<const double> previous = {});

// The same with every cell of area cell_area (square metres, or any unit: only shares matter).
[[nodiscard]] std::vector<CoverageMetrics> coverage_metrics(
    std::span<const double> scores, double cell_area, std::span<const double> observed,
    std::span<const double> coverages = kDefaultCoverages, std::span<const double> previous = {});

// Probabilistic scores. probabilities in [0, 1]; outcomes each exactly 0 or 1; same length, not
// empty. Throws grip::UsageError otherwise.
[[nodiscard]] double brier_score(std::span<const double> probabilities, std::span<const double> outcomes);
// Mean of −[y ln p + (1 − y) ln(1 − p)], p clipped to [kLogLossClip, 1 − kLogLossClip].
[[nodiscard]] double log_loss(std::span<const double> probabilities, std::span<const double> outcomes);
// 1 − brier / brier_baseline; NaN when brier_baseline is 0.
[[nodiscard]] double brier_skill_score(double brier, double brier_baseline);
// Probability that a random positive scores above a random negative, ties counting 0.5
// (Mann–Whitney U / (n₊ n₋), with mid-ranks). scores may be any finite numbers. NaN when the
// outcomes hold only one class.
[[nodiscard]] double roc_auc(std::span<const double> scores, std::span<const double> outcomes);

struct ReliabilityBin {
  double lower = 0.0;  // bin edges (for quantile bins: the smallest and largest p inside)
  double upper = 0.0;
  std::size_t count = 0;        // predictions in the bin
  double mean_predicted = 0.0;  // NaN for an empty bin
  double observed_rate = 0.0;   // share of outcomes = 1 in the bin; NaN for an empty bin
};

// Reliability table over given bin edges e₀ < e₁ < … < e_k: bin b holds p in [e_b, e_{b+1}),
// the last bin closed at e_k. Predictions outside [e₀, e_k] are refused.
[[nodiscard]] std::vector<ReliabilityBin> reliability_by_edges(std::span<const double> probabilities,
                                                               std::span<const double> outcomes,
                                                               std::span<const double> edges);
// Reliability table over equal-count groups (deciles by default): predictions sorted by p (ties
// by index), group g holds ranks [g·n/groups, (g+1)·n/groups). Suits rare outcomes, where most
// predictions fall in the lowest equal-width bin. groups must be between 1 and n.
[[nodiscard]] std::vector<ReliabilityBin> reliability_by_quantile(std::span<const double> probabilities,
                                                                  std::span<const double> outcomes,
                                                                  std::size_t groups = 10);

}  // namespace grip::forecast

#include "grip/forecast/metrics.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "grip/core/errors.hpp"

namespace {

using namespace grip::forecast;

// Ten cells of area 1 (A = 10). Ranked by score (ties by lower index):
//   cell  0    5    8    2    3    9    4    7    1    6
//   score 0.9  0.8  0.7  0.5  0.5  0.4  0.3  0.2  0.1  0.0
//   obs   3    2    1    1    4    0    0    0    0    5     N  = 16
//   prev  2    2    0    2    1    1    0    0    1    1     N1 = 10
// Observed counts sorted descending: 5 4 3 2 1 1 0 0 0 0 (n* for k cells = sum of the first k).
const std::vector<double> kScores = {0.9, 0.1, 0.5, 0.5, 0.3, 0.8, 0.0, 0.2, 0.7, 0.4};
const std::vector<double> kObserved = {3, 0, 1, 4, 0, 2, 5, 0, 1, 0};
const std::vector<double> kPrevious = {2, 1, 2, 1, 0, 2, 1, 0, 0, 1};

TEST(ForecastMetrics, CoverageMetricsMatchHandWorkedTenCells) {
  const std::vector<double> coverages = {0.2, 0.35, 0.4, 0.5};
  const auto m = coverage_metrics(kScores, 1.0, kObserved, coverages, kPrevious);
  ASSERT_EQ(m.size(), 4u);

  // 20 %: cells 0, 5 → n = 5, a/A = 0.2, hit 5/16, PAI 0.3125/0.2, n* = 5 + 4 = 9,
  // n1 = 2 + 2 = 4, RRI = (5/4)/(16/10).
  EXPECT_EQ(m[0].cells_flagged, 2u);
  EXPECT_DOUBLE_EQ(m[0].captured, 5.0);
  EXPECT_DOUBLE_EQ(m[0].total, 16.0);
  EXPECT_DOUBLE_EQ(m[0].area_share, 0.2);
  EXPECT_DOUBLE_EQ(m[0].hit_rate, 0.3125);
  EXPECT_DOUBLE_EQ(m[0].pai, 1.5625);
  EXPECT_DOUBLE_EQ(m[0].best_captured, 9.0);
  EXPECT_DOUBLE_EQ(m[0].pei, 5.0 / 9.0);
  EXPECT_DOUBLE_EQ(m[0].previous_captured, 4.0);
  EXPECT_DOUBLE_EQ(m[0].rri, 0.78125);

  // 35 %: no partial cell, so 3 cells (0, 5, 8), a/A = 0.3: n = 6, hit 0.375, PAI 1.25, n* = 12,
  // PEI 0.5, n1 = 4, RRI = (6/4)/1.6 = 0.9375.
  EXPECT_EQ(m[1].cells_flagged, 3u);
  EXPECT_DOUBLE_EQ(m[1].area_share, 0.3);
  EXPECT_DOUBLE_EQ(m[1].hit_rate, 0.375);
  EXPECT_DOUBLE_EQ(m[1].pai, 1.25);
  EXPECT_DOUBLE_EQ(m[1].pei, 0.5);
  EXPECT_DOUBLE_EQ(m[1].rri, 0.9375);

  // 40 %: the 0.5 tie goes to cell 2 (lower index) → cells 0, 5, 8, 2: n = 7, PAI 0.4375/0.4,
  // n* = 5 + 4 + 3 + 2 = 14.
  EXPECT_EQ(m[2].cells_flagged, 4u);
  EXPECT_DOUBLE_EQ(m[2].captured, 7.0);
  EXPECT_DOUBLE_EQ(m[2].pai, 1.09375);
  EXPECT_DOUBLE_EQ(m[2].pei, 0.5);

  // 50 %: cells 0, 5, 8, 2, 3: n = 11, PAI 0.6875/0.5, n* = 15, n1 = 7, RRI = (11/7)/1.6.
  EXPECT_DOUBLE_EQ(m[3].captured, 11.0);
  EXPECT_DOUBLE_EQ(m[3].pai, 1.375);
  EXPECT_DOUBLE_EQ(m[3].pei, 11.0 / 15.0);
  EXPECT_DOUBLE_EQ(m[3].previous_captured, 7.0);
  EXPECT_NEAR(m[3].rri, (11.0 / 7.0) / 1.6, 1e-12);
}

TEST(ForecastMetrics, TopCellsBreakTiesByLowerIndex) {
  const std::vector<double> areas(10, 1.0);
  EXPECT_EQ(top_cells_by_coverage(kScores, areas, 0.4), (std::vector<std::size_t>{0, 5, 8, 2}));
  EXPECT_EQ(top_cells_by_coverage(kScores, areas, 0.05), (std::vector<std::size_t>{}));
  EXPECT_EQ(top_cells_by_coverage(kScores, areas, 1.0).size(), 10u);
}

TEST(ForecastMetrics, UnequalAreasStopAtTheFirstCellThatOvershoots) {
  // Areas 1, 2, 1, 4 (A = 8); ranking 1 (0.9), 3 (0.5), 0, 2. At 50 % (a ≤ 4): cell 1 (area 2)
  // fits, cell 3 (area 4) would make 6, so the ranking stops: a/A = 0.25, n = 3 of N = 6, PAI 2.
  // n*: by count per area 0 (2/1), 1 (3/2), 2 (1/1): cell 0 (area 1, 2), cell 1 does not fit,
  // cell 2 (area 1, 1) → 3 = n, so PEI = 1.
  const std::vector<double> scores = {0.4, 0.9, 0.1, 0.5};
  const std::vector<double> areas = {1, 2, 1, 4};
  const std::vector<double> observed = {2, 3, 1, 0};
  const std::vector<double> coverage = {0.5};
  const auto m = coverage_metrics(scores, areas, observed, coverage);
  ASSERT_EQ(m.size(), 1u);
  EXPECT_EQ(m[0].cells_flagged, 1u);
  EXPECT_DOUBLE_EQ(m[0].area_flagged, 2.0);
  EXPECT_DOUBLE_EQ(m[0].area_share, 0.25);
  EXPECT_DOUBLE_EQ(m[0].hit_rate, 0.5);
  EXPECT_DOUBLE_EQ(m[0].pai, 2.0);
  EXPECT_DOUBLE_EQ(m[0].best_captured, 3.0);
  EXPECT_DOUBLE_EQ(m[0].pei, 1.0);
  EXPECT_TRUE(std::isnan(m[0].rri));
}

TEST(ForecastMetrics, PeiNeverExceedsOneAndPaiTimesShareIsHitRate) {
  std::vector<double> scores(1000);
  std::vector<double> observed(1000);
  std::vector<double> areas(1000);
  for (std::size_t i = 0; i < scores.size(); ++i) {
    scores[i] = static_cast<double>((i * 7919) % 1000) / 1000.0;
    observed[i] = static_cast<double>((i * 104729) % 7);
    areas[i] = 1.0 + static_cast<double>(i % 3);
  }
  for (const auto& m : coverage_metrics(scores, areas, observed)) {
    EXPECT_LE(m.area_share, m.coverage + 1e-12);
    EXPECT_LE(m.pei, 1.0);
    EXPECT_NEAR(m.pai * m.area_share, m.hit_rate, 1e-12);
  }
}

TEST(ForecastMetrics, RefusesBadInput) {
  const std::vector<double> two = {1.0, 2.0};
  const std::vector<double> three = {1.0, 2.0, 3.0};
  const std::vector<double> nan_score = {1.0, std::nan("")};
  const std::vector<double> negative = {1.0, -1.0};
  const std::vector<double> too_big = {1.5};
  EXPECT_THROW((void)coverage_metrics(two, 1.0, three), grip::UsageError);
  EXPECT_THROW((void)coverage_metrics(nan_score, 1.0, two), grip::UsageError);
  EXPECT_THROW((void)coverage_metrics(two, 1.0, negative), grip::UsageError);
  EXPECT_THROW((void)coverage_metrics(two, 0.0, two), grip::UsageError);
  EXPECT_THROW((void)coverage_metrics(two, 1.0, two, too_big), grip::UsageError);
}

TEST(ForecastScores, BrierLogLossAndSkillByHand) {
  const std::vector<double> p = {0.9, 0.2, 0.6, 0.0};
  const std::vector<double> y = {1, 0, 0, 0};
  // (0.1² + 0.2² + 0.6² + 0²) / 4 = 0.41 / 4
  EXPECT_DOUBLE_EQ(brier_score(p, y), 0.1025);
  // −(ln 0.9 + ln 0.8 + ln 0.4 + ln(1 − 1e−15)) / 4 = (0.1053605 + 0.2231436 + 0.9162907) / 4
  EXPECT_NEAR(log_loss(p, y), 0.3111987, 1e-7);
  // A certain wrong prediction is clipped: −ln(1e−15) = 34.5387764.
  const std::vector<double> wrong_p = {1.0};
  const std::vector<double> wrong_y = {0.0};
  EXPECT_NEAR(log_loss(wrong_p, wrong_y), 34.5387764, 1e-6);
  EXPECT_DOUBLE_EQ(brier_skill_score(0.1025, 0.205), 0.5);
  const std::vector<double> bad_p = {1.2};
  const std::vector<double> bad_y = {2.0};
  EXPECT_THROW((void)brier_score(bad_p, wrong_y), grip::UsageError);
  EXPECT_THROW((void)brier_score(wrong_p, bad_y), grip::UsageError);
}

TEST(ForecastScores, AucCountsPairsWithTiesAsHalf) {
  // Positives 0.35, 0.8, 0.4; negatives 0.1, 0.4. Pairs (pos > neg): (0.35, 0.1) 1, (0.35, 0.4) 0,
  // (0.8, 0.1) 1, (0.8, 0.4) 1, (0.4, 0.1) 1, (0.4, 0.4) ½ → 4.5 / 6.
  const std::vector<double> scores = {0.1, 0.4, 0.35, 0.8, 0.4};
  const std::vector<double> y = {0, 0, 1, 1, 1};
  EXPECT_DOUBLE_EQ(roc_auc(scores, y), 0.75);
  const std::vector<double> one_class = {1, 1, 1, 1, 1};
  EXPECT_TRUE(std::isnan(roc_auc(scores, one_class)));
  const std::vector<double> all_tied = {2, 2, 2, 2, 2};
  EXPECT_DOUBLE_EQ(roc_auc(all_tied, y), 0.5);
}

TEST(ForecastScores, ReliabilityTablesByEdgesAndByQuantile) {
  const std::vector<double> p = {0.05, 0.15, 0.12, 0.95, 1.0, 0.5};
  const std::vector<double> y = {0, 1, 0, 1, 1, 0};
  const std::vector<double> edges = {0.0, 0.1, 0.5, 1.0};
  const auto bins = reliability_by_edges(p, y, edges);
  ASSERT_EQ(bins.size(), 3u);
  EXPECT_EQ(bins[0].count, 1u);  // 0.05
  EXPECT_DOUBLE_EQ(bins[0].observed_rate, 0.0);
  EXPECT_EQ(bins[1].count, 2u);  // 0.15, 0.12
  EXPECT_DOUBLE_EQ(bins[1].mean_predicted, 0.135);
  EXPECT_DOUBLE_EQ(bins[1].observed_rate, 0.5);
  EXPECT_EQ(bins[2].count, 3u);  // 0.5 (lower edge is inside), 0.95, 1.0 (last bin closed)
  EXPECT_NEAR(bins[2].mean_predicted, 2.45 / 3.0, 1e-12);
  EXPECT_NEAR(bins[2].observed_rate, 2.0 / 3.0, 1e-12);

  // Sorted: 0.05 (0), 0.12 (0) | 0.15 (1), 0.5 (0) | 0.95 (1), 1.0 (1).
  const auto groups = reliability_by_quantile(p, y, 3);
  ASSERT_EQ(groups.size(), 3u);
  EXPECT_DOUBLE_EQ(groups[0].mean_predicted, 0.085);
  EXPECT_DOUBLE_EQ(groups[0].observed_rate, 0.0);
  EXPECT_DOUBLE_EQ(groups[1].lower, 0.15);
  EXPECT_DOUBLE_EQ(groups[1].upper, 0.5);
  EXPECT_DOUBLE_EQ(groups[1].observed_rate, 0.5);
  EXPECT_DOUBLE_EQ(groups[2].mean_predicted, 0.975);
  EXPECT_DOUBLE_EQ(groups[2].observed_rate, 1.0);
  const std::vector<double> outside = {0.2, 1.0};  // 0.05 lies below
  EXPECT_THROW((void)reliability_by_edges(p, y, outside).size(), grip::UsageError);
  EXPECT_THROW((void)reliability_by_quantile(p, y, 7), grip::UsageError);
}

}  // namespace

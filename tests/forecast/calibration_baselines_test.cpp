#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "grip/core/errors.hpp"
#include "grip/forecast/baselines.hpp"
#include "grip/forecast/calibration.hpp"

namespace {

using namespace grip::forecast;

TEST(ForecastIsotonic, PoolsAdjacentViolatorsByHand) {
  // Outcomes 1, 3, 2, 2, 5, 4 at scores 1..6. PAV: 1 | 3 | 2 violates → (3, 2) = 2.5 | 2 < 2.5 →
  // (3, 2, 2) = 7/3 | 5 | 4 violates → (5, 4) = 4.5. Blocks [1,1] → 1, [2,4] → 7/3, [5,6] → 4.5.
  const std::vector<double> scores = {1, 2, 3, 4, 5, 6};
  const std::vector<double> outcomes = {1, 3, 2, 2, 5, 4};
  const IsotonicCalibration fit(scores, outcomes);
  EXPECT_EQ(fit.block_low(), (std::vector<double>{1, 2, 5}));
  EXPECT_EQ(fit.block_high(), (std::vector<double>{1, 4, 6}));
  ASSERT_EQ(fit.block_value().size(), 3u);
  EXPECT_DOUBLE_EQ(fit.block_value()[0], 1.0);
  EXPECT_DOUBLE_EQ(fit.block_value()[1], 7.0 / 3.0);
  EXPECT_DOUBLE_EQ(fit.block_value()[2], 4.5);

  // Linear: 1.5 lies halfway from (1, 1) to (2, 7/3) → 1 + ½·4/3; 4.5 halfway from (4, 7/3) to
  // (5, 4.5) → 7/3 + ½·13/6; inside a block flat; outside the range the end values.
  EXPECT_DOUBLE_EQ(fit.apply(1.5), 1.0 + 2.0 / 3.0);
  EXPECT_DOUBLE_EQ(fit.apply(3.0), 7.0 / 3.0);
  EXPECT_DOUBLE_EQ(fit.apply(4.5), 7.0 / 3.0 + 13.0 / 12.0);
  EXPECT_DOUBLE_EQ(fit.apply(0.0), 1.0);
  EXPECT_DOUBLE_EQ(fit.apply(10.0), 4.5);
  // Step: the block at or below the score.
  EXPECT_DOUBLE_EQ(fit.apply(1.5, IsotonicInterpolation::kStep), 1.0);
  EXPECT_DOUBLE_EQ(fit.apply(4.5, IsotonicInterpolation::kStep), 7.0 / 3.0);
  const std::vector<double> many = {0.0, 5.5};
  EXPECT_EQ(fit.apply(many), (std::vector<double>{1.0, 4.5}));
}

TEST(ForecastIsotonic, PoolsTiesAndHonoursWeights) {
  // Tied scores pool first: x = 1 → ½, x = 2 → 0 violates → one block (1 + 0 + 0) / 3.
  const std::vector<double> tied_scores = {1, 1, 2};
  const std::vector<double> tied_outcomes = {1, 0, 0};
  const IsotonicCalibration tied(tied_scores, tied_outcomes);
  ASSERT_EQ(tied.block_value().size(), 1u);
  EXPECT_DOUBLE_EQ(tied.block_value()[0], 1.0 / 3.0);
  // Weights 3 and 1: (3·1 + 1·0) / 4.
  const std::vector<double> scores = {1, 2};
  const std::vector<double> outcomes = {1, 0};
  const std::vector<double> weights = {3, 1};
  const IsotonicCalibration weighted(scores, outcomes, weights);
  ASSERT_EQ(weighted.block_value().size(), 1u);
  EXPECT_DOUBLE_EQ(weighted.block_value()[0], 0.75);
  const std::vector<double> empty;
  EXPECT_THROW(IsotonicCalibration(empty, empty), grip::UsageError);
  const std::vector<double> negative = {-1, 1};
  EXPECT_THROW(IsotonicCalibration(scores, outcomes, negative), grip::UsageError);
}

// Two cells over four windows (oldest first): cell 0: 1, 0, 2, 4; cell 1: 0, 0, 0, 1.
const std::vector<double> kCounts = {1, 0, 2, 4, 0, 0, 0, 1};

TEST(ForecastBaselines, NaiveMovingAverageAndExponentialByHand) {
  const CellSeries series{kCounts, 2, 4};
  EXPECT_EQ(naive_forecast(series), (std::vector<double>{4, 1}));
  EXPECT_EQ(moving_average_forecast(series, 2), (std::vector<double>{3, 0.5}));
  EXPECT_EQ(moving_average_forecast(series, 4), (std::vector<double>{1.75, 0.25}));
  // α = ½, cell 0: 1 → ½·0 + ½·1 = 0.5 → ½·2 + ½·0.5 = 1.25 → ½·4 + ½·1.25 = 2.625;
  // cell 1: 0 → 0 → 0 → 0.5.
  EXPECT_EQ(exponential_forecast(series, 0.5), (std::vector<double>{2.625, 0.5}));
  const std::vector<double> lambda = {0.0, 2.625};
  const auto p = probability_at_least_one(lambda);
  EXPECT_DOUBLE_EQ(p[0], 0.0);
  EXPECT_DOUBLE_EQ(p[1], 1.0 - std::exp(-2.625));
}

TEST(ForecastBaselines, RefusesBadShapesAndParameters) {
  EXPECT_THROW((void)naive_forecast(CellSeries{kCounts, 3, 4}), grip::UsageError);
  EXPECT_THROW((void)moving_average_forecast(CellSeries{kCounts, 2, 4}, 5), grip::UsageError);
  EXPECT_THROW((void)exponential_forecast(CellSeries{kCounts, 2, 4}, 0.0), grip::UsageError);
  const std::vector<double> negative = {1, -1};
  EXPECT_THROW((void)naive_forecast(CellSeries{negative, 1, 2}), grip::UsageError);
  EXPECT_THROW((void)probability_at_least_one(negative), grip::UsageError);
}

}  // namespace

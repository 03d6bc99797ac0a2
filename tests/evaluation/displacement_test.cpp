// WDD and WDQ against the published worked example (Wheeler & Ratcliffe 2018) and hand calculation.
#include "grip/evaluation/displacement.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "grip/core/errors.hpp"

namespace {

using namespace grip::evaluation;

// control 308 -> 318, treated 207 -> 110, displacement control 150 -> 140, displacement 178 -> 157.
const DisplacementCounts kPaper{{207, 110}, {308, 318}, {178, 157}, {150, 140}};

TEST(Wdd, MatchesWheelerRatcliffeWorkedExample) {
  const auto r = weighted_displacement_difference(kPaper);
  EXPECT_DOUBLE_EQ(r.local, -107.0);
  EXPECT_DOUBLE_EQ(r.displacement, -11.0);
  EXPECT_DOUBLE_EQ(r.total, -118.0);
  EXPECT_DOUBLE_EQ(r.total_se, std::sqrt(1568.0));
  EXPECT_NEAR(r.total_se, 39.6, 0.05);
  EXPECT_NEAR(r.z, -2.98, 0.005);
  // ptools::wdd(..., alpha = 0.05): interval -196 to -40 (rounded).
  EXPECT_NEAR(r.interval.low, -196.0, 0.5);
  EXPECT_NEAR(r.interval.high, -40.0, 0.5);
}

TEST(Wdd, PeriodWeightsCompareRatesOverUnequalPeriods) {
  // Two years before (weight 2) and one after: the before counts are halved, their variance quartered.
  DisplacementWeights w;
  w.before_period = 2.0;
  const DisplacementCounts c{{200, 80}, {400, 210}, {0, 0}, {0, 0}};
  const auto r = weighted_displacement_difference(c, w);
  EXPECT_DOUBLE_EQ(r.local, (80.0 - 100.0) - (210.0 - 200.0));
  EXPECT_DOUBLE_EQ(r.total_se, std::sqrt(80.0 + 200.0 / 4 + 210.0 + 400.0 / 4));
}

TEST(Wdd, AreaWeightsCompareDensities) {
  DisplacementWeights w;
  w.area = {0.5, 2.0, 1.0, 4.0};
  const auto r = weighted_displacement_difference(kPaper, w);
  EXPECT_DOUBLE_EQ(r.local, (110.0 - 207.0) / 0.5 - (318.0 - 308.0) / 2.0);
  EXPECT_DOUBLE_EQ(r.displacement, (157.0 - 178.0) / 1.0 - (140.0 - 150.0) / 4.0);
  EXPECT_DOUBLE_EQ(r.local_se, std::sqrt((110.0 + 207.0) / 0.25 + (318.0 + 308.0) / 4.0));
  w.area[0] = 0.0;
  EXPECT_THROW((void)weighted_displacement_difference(kPaper, w), grip::UsageError);
}

TEST(WddHarm, CombinesWeightedEstimates) {
  // ptools' example of wdd_harm: the weighted sum and the root of the weighted variances.
  const std::vector<WddPart> parts = {{-10.0, 5.0, 3.0}, {-20.0, 8.0, 7.0}};
  const auto h = combine_wdd_harm(parts);
  EXPECT_DOUBLE_EQ(h.estimate, -10.0 * 3 - 20.0 * 7);
  EXPECT_DOUBLE_EQ(h.se, std::sqrt(9.0 * 25 + 49.0 * 64));
}

TEST(Wdq, MatchesBowersJohnsonFormula) {
  const auto q = weighted_displacement_quotient(kPaper);
  const double success = 110.0 / 318 - 207.0 / 308;
  const double buffer = 157.0 / 140 - 178.0 / 150;
  EXPECT_DOUBLE_EQ(q.success_measure, success);
  EXPECT_DOUBLE_EQ(q.buffer_measure, buffer);
  EXPECT_DOUBLE_EQ(q.quotient, buffer / success);
  EXPECT_TRUE(q.meaningful);
  EXPECT_LT(q.interval.low, q.quotient);
  EXPECT_GT(q.interval.high, q.quotient);
  const auto zero = weighted_displacement_quotient({{1, 1}, {0, 1}, {1, 1}, {1, 1}});
  EXPECT_TRUE(std::isnan(zero.quotient));
}

}  // namespace

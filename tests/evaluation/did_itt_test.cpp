// Difference in differences, matching, intention to treat and Holm against hand calculation and R.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "grip/evaluation/did.hpp"
#include "grip/evaluation/itt.hpp"
#include "grip/evaluation/multiple_testing.hpp"

namespace {

using namespace grip::evaluation;

TEST(Did, IsTheLogRateDifferenceInDifferences) {
  const auto d = difference_in_differences(200, 150, 400, 380);
  EXPECT_NEAR(d.ratio, (150.0 / 200) / (380.0 / 400), 1e-12);
  const double se = std::sqrt(1.0 / 200 + 1.0 / 150 + 1.0 / 400 + 1.0 / 380);
  EXPECT_NEAR(d.log_se, se, 1e-12);
  EXPECT_NEAR(d.interval.low, d.ratio * std::exp(-1.959963984540054 * se), 1e-12);
  EXPECT_NEAR(d.z, std::log(d.ratio) / se, 1e-12);
  // A dispersion scales the variance.
  EXPECT_NEAR(difference_in_differences(200, 150, 400, 380, 2.0).log_se, se * std::sqrt(2.0), 1e-12);
  EXPECT_FALSE(difference_in_differences(0, 150, 400, 380).valid);
}

TEST(Matching, TakesTheNearestUnusedCandidate) {
  const std::vector<MatchProfile> treated = {{100.0, 0.0}, {10.0, 0.1}};
  const std::vector<MatchProfile> candidates = {{11.0, 0.1}, {95.0, 0.01}, {500.0, -0.2}};
  const auto m = match_comparisons(treated, candidates);
  ASSERT_EQ(m.size(), 2u);
  EXPECT_EQ(m[0], 1u);
  EXPECT_EQ(m[1], 0u);
  // Fewer candidates than treated: matching stops when they run out.
  EXPECT_EQ(match_comparisons(treated, std::vector<MatchProfile>{{50.0, 0.0}}).size(), 1u);
  // relative_trend: slope of 1, 2, 3 is 1, mean 2.
  const std::vector<double> rising = {1, 2, 3};
  EXPECT_DOUBLE_EQ(relative_trend(rising), 0.5);
}

TEST(Itt, TreatedAgainstControlPlaceDays) {
  // 4 treated place-days with 1 incident in all, 4 control with 5: poisson.test(c(1, 5), c(4, 4)).
  const std::vector<double> treated = {0, 1, 0, 0}, control = {2, 0, 1, 2};
  const auto e = intention_to_treat(treated, control);
  EXPECT_DOUBLE_EQ(e.exact.rate_ratio, 0.2);
  EXPECT_NEAR(e.exact.exact_p, 0.21875, 1e-12);  // binom.test(1, 6): 2 · (1 + 6) / 64
  EXPECT_TRUE(e.overdispersed.valid);
  const std::vector<double> before_t = {2, 2, 2, 2}, before_c = {1, 1, 1, 1};
  const auto adjusted = intention_to_treat(treated, control, before_t, before_c);
  EXPECT_NEAR(adjusted.adjusted.ratio, (1.0 / 8) / (5.0 / 4), 1e-12);
}

TEST(Holm, EqualsRPAdjust) {
  // p.adjust(c(0.01, 0.04, 0.03, 0.2), "holm") = 0.04 0.09 0.09 0.20
  const std::vector<double> p = {0.01, 0.04, 0.03, 0.2};
  const auto a = holm_adjust(p);
  EXPECT_NEAR(a[0], 0.04, 1e-12);
  EXPECT_NEAR(a[1], 0.09, 1e-12);
  EXPECT_NEAR(a[2], 0.09, 1e-12);
  EXPECT_NEAR(a[3], 0.20, 1e-12);
}

}  // namespace

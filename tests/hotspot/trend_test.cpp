#include "grip/hotspot/trend.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "grip/core/errors.hpp"

namespace {

using grip::hotspot::mann_kendall;
using grip::hotspot::mann_kendall_each;

// Hand-worked: x = 1 3 2 3 5 4 4 6. Pairs i < j by first element: 1 → +7; 3 → −1 (2), 0 (3),
// +4 → +3; 2 → +5; 3 → +4; 5 → −2 +1 = −1; 4 → 0 +1 = +1; 4 → +1; S = 20.
// Ties: two 3s and two 4s, each t(t−1)(2t+5) = 18, so Var = (8·7·21 − 36)/18 = 1140/18.
// z = (20 − 1)/sqrt(1140/18) = 2.38746727726266. R 4.2.2 gives the same z and p from
// cor.test(1:8, x, method = "kendall", exact = FALSE, continuity = TRUE): with no ties in time its
// variance is the Mann-Kendall one. p = 0.0169649129535871.
TEST(MannKendall, HandWorkedSeriesWithTies) {
  const std::vector<double> series = {1, 3, 2, 3, 5, 4, 4, 6};
  const auto result = mann_kendall(series);
  EXPECT_EQ(result.s, 20.0);
  EXPECT_NEAR(result.variance, 1140.0 / 18.0, 1e-12);
  EXPECT_NEAR(result.z, 2.38746727726266, 1e-12);
  EXPECT_NEAR(result.p, 0.0169649129535871, 1e-13);
}

// Falling series with three tie groups of 2 and two of 3: Σ t(t−1)(2t+5) = 2·18 + 2·66 = 168,
// Var = (12·11·29 − 168)/18 = 203.333; S = −40 (pairs counted by hand); z = −39/sqrt(203.333).
// R: cor.test(1:12, y, method = "kendall", exact = FALSE, continuity = TRUE) gives
// z = −2.73501880594128, p = 0.00623767122571737.
TEST(MannKendall, MatchesRKendallTestOnFallingSeries) {
  const std::vector<double> series = {5, 5, 4, 6, 3, 3, 3, 2, 4, 1, 2, 2};
  const auto result = mann_kendall(series);
  EXPECT_EQ(result.s, -40.0);
  EXPECT_NEAR(result.variance, (12.0 * 11.0 * 29.0 - 168.0) / 18.0, 1e-12);
  EXPECT_NEAR(result.z, -2.73501880594128, 1e-12);
  EXPECT_NEAR(result.p, 0.00623767122571737, 1e-13);
}

TEST(MannKendall, FlatSeriesHasNoTrend) {
  const auto result = mann_kendall(std::vector<double>{2, 2, 2, 2});
  EXPECT_EQ(result.s, 0.0);
  EXPECT_EQ(result.variance, 0.0);
  EXPECT_EQ(result.z, 0.0);
  EXPECT_EQ(result.p, 1.0);
}

TEST(MannKendall, EachSeriesOfAStack) {
  const std::vector<double> stacked = {1, 3, 2, 3, 5, 4, 4, 6, 6, 4, 4, 5, 3, 2, 3, 1};
  const auto results = mann_kendall_each(stacked, 8);
  ASSERT_EQ(results.size(), 2u);
  EXPECT_EQ(results[0].s, 20.0);
  EXPECT_EQ(results[1].s, -20.0);  // the first series reversed
  EXPECT_NEAR(results[1].z, -results[0].z, 1e-15);
}

TEST(MannKendall, SeriesWithNaNIsUndefinedInAStack) {
  const std::vector<double> stacked = {1, 2, 3, std::nan(""), 2, 1};
  const auto results = mann_kendall_each(stacked, 3);
  EXPECT_EQ(results[0].s, 3.0);
  EXPECT_TRUE(std::isnan(results[1].z));
  EXPECT_TRUE(std::isnan(results[1].p));
}

TEST(MannKendall, RefusesBadInput) {
  EXPECT_THROW((void)mann_kendall(std::vector<double>{1, 2}), grip::UsageError);
  EXPECT_THROW((void)mann_kendall(std::vector<double>{1, std::nan(""), 2}), grip::UsageError);
  EXPECT_THROW((void)mann_kendall_each(std::vector<double>{1, 2, 3, 4}, 3), grip::UsageError);
}

}  // namespace

#include "grip/hotspot/concentration.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "grip/core/errors.hpp"

namespace {

using grip::hotspot::concentration;
using grip::hotspot::gini;
using grip::hotspot::share_in_top;

// Ten units: 50, 20, 10, 10, 5, 5, 0, 0, 0, 0 (total 100), given unsorted.
const std::vector<double> kHarm = {0, 10, 50, 0, 5, 20, 0, 10, 5, 0};

TEST(Concentration, ShareInTopWholeUnits) {
  EXPECT_DOUBLE_EQ(share_in_top(kHarm, 0.1), 0.50);  // the top unit: 50/100
  EXPECT_DOUBLE_EQ(share_in_top(kHarm, 0.2), 0.70);  // 50 + 20
  EXPECT_DOUBLE_EQ(share_in_top(kHarm, 0.5), 0.95);  // 50 + 20 + 10 + 10 + 5
  EXPECT_DOUBLE_EQ(share_in_top(kHarm, 1.0), 1.00);
}

TEST(Concentration, ShareInTopCountsTheBoundaryUnitInProportion) {
  // 15 % of ten units = 1.5 units: 50 + 0.5 · 20 = 60.
  EXPECT_DOUBLE_EQ(share_in_top(kHarm, 0.15), 0.60);
  // 1 % = 0.1 of the top unit: 5.
  EXPECT_DOUBLE_EQ(share_in_top(kHarm, 0.01), 0.05);
}

// Ascending 0, 0, 0, 0, 5, 5, 10, 10, 20, 50 with coefficients 2i − n − 1 = 2i − 11 (zeros add
// nothing): −1·5 + 1·5 + 3·10 + 5·10 + 7·20 + 9·50 = 670, over n·Σx = 10·100: G = 0.67.
TEST(Concentration, GiniHandWorked) {
  EXPECT_NEAR(gini(kHarm), 0.67, 1e-15);
  // Check the same number from the definition, pair by pair.
  double pairs = 0;
  for (const double a : kHarm) {
    for (const double b : kHarm) {
      pairs += std::abs(a - b);
    }
  }
  EXPECT_NEAR(pairs / (2.0 * 10.0 * 10.0 * 10.0), 0.67, 1e-15);
}

TEST(Concentration, GiniBounds) {
  EXPECT_DOUBLE_EQ(gini(std::vector<double>{3, 3, 3, 3}), 0.0);
  // Everything in one of four units: (n − 1)/n.
  EXPECT_DOUBLE_EQ(gini(std::vector<double>{0, 0, 8, 0}), 0.75);
  EXPECT_TRUE(std::isnan(gini(std::vector<double>{0, 0})));
}

TEST(Concentration, SummaryOfAHundredUnits) {
  // Unit k (1..100) holds k: total 5050; top 1 % = 100, top 5 % = 96..100 = 490,
  // top 10 % = 91..100 = 955. Gini of 1..n = (n − 1)/(3n) = 99/300 = 0.33.
  std::vector<double> values;
  for (int k = 1; k <= 100; ++k) {
    values.push_back(k);
  }
  const auto summary = concentration(values);
  EXPECT_EQ(summary.units, 100u);
  EXPECT_DOUBLE_EQ(summary.total, 5050.0);
  EXPECT_NEAR(summary.top_1_percent, 100.0 / 5050.0, 1e-15);
  EXPECT_NEAR(summary.top_5_percent, 490.0 / 5050.0, 1e-15);
  EXPECT_NEAR(summary.top_10_percent, 955.0 / 5050.0, 1e-15);
  EXPECT_NEAR(summary.gini, 0.33, 1e-14);
}

TEST(Concentration, RefusesBadInput) {
  EXPECT_THROW((void)gini(std::vector<double>{}), grip::UsageError);
  EXPECT_THROW((void)gini(std::vector<double>{1, -1}), grip::UsageError);
  EXPECT_THROW((void)share_in_top(kHarm, 0.0), grip::UsageError);
  EXPECT_THROW((void)share_in_top(kHarm, 1.5), grip::UsageError);
}

}  // namespace

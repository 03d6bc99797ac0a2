#include "grip/hotspot/fdr.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <vector>

#include "grip/core/errors.hpp"

namespace {

using grip::hotspot::adjust_p_values;
using grip::hotspot::gi_bins;
using grip::hotspot::PAdjust;
using grip::hotspot::significant;

const double kNaN = std::nan("");

// Ten cells, one outside the study area (NaN), so m = 9. Sorted: 0.005 (cell 3), 0.01 (0),
// 0.011 (9), 0.03 (2), 0.04 (1), 0.045 (6), 0.2 (4), 0.5 (5), 0.9 (8).
const std::vector<double> kP = {0.01, 0.04, 0.03, 0.005, 0.2, 0.5, 0.045, kNaN, 0.9, 0.011};

std::vector<std::uint8_t> flags_at(std::initializer_list<std::size_t> cells) {
  std::vector<std::uint8_t> flags(kP.size(), 0);
  for (const std::size_t cell : cells) {
    flags[cell] = 1;
  }
  return flags;
}

// BH at α = 0.05: thresholds k·0.05/9 = 0.00556, 0.0111, 0.0167, 0.0222, ...; p(1..3) = 0.005,
// 0.01, 0.011 are under theirs, p(4) = 0.03 > 0.0222 and no later p(k) is under k·0.05/9, so k = 3.
// At α = 0.10 (thresholds 0.0111·k) p(6) = 0.045 ≤ 0.0667 and p(7) = 0.2 > 0.0778: k = 6.
TEST(MultipleTesting, BenjaminiHochbergHandWorked) {
  EXPECT_EQ(significant(kP, 0.05), flags_at({3, 0, 9}));
  EXPECT_EQ(significant(kP, 0.10), flags_at({3, 0, 9, 2, 1, 6}));
}

// Holm at α = 0.05: 0.005 ≤ 0.05/9, then 0.01 > 0.05/8 stops. At α = 0.10: 0.005 ≤ 0.1/9,
// 0.01 ≤ 0.1/8, 0.011 ≤ 0.1/7, then 0.03 > 0.1/6 stops.
TEST(MultipleTesting, HolmHandWorked) {
  EXPECT_EQ(significant(kP, 0.05, PAdjust::kHolm), flags_at({3}));
  EXPECT_EQ(significant(kP, 0.10, PAdjust::kHolm), flags_at({3, 0, 9}));
}

TEST(MultipleTesting, NoCorrectionComparesEachPWithAlpha) {
  EXPECT_EQ(significant(kP, 0.05, PAdjust::kNone), flags_at({0, 1, 2, 3, 6, 9}));
}

// Reference: R 4.2.2, p.adjust(c(0.01, 0.04, 0.03, 0.005, 0.2, 0.5, 0.045, NA, 0.9, 0.011), method).
TEST(MultipleTesting, AdjustedPValuesMatchRPAdjust) {
  const std::vector<double> r_bh = {0.033,  0.0675, 0.0675, 0.033, 0.257142857142857,
                                    0.5625, 0.0675, kNaN,   0.9,   0.033};
  const std::vector<double> r_holm = {0.080, 0.200, 0.180, 0.045, 0.600, 1.000, 0.200, kNaN, 1.000, 0.080};
  const auto bh = adjust_p_values(kP, PAdjust::kBenjaminiHochberg);
  const auto holm = adjust_p_values(kP, PAdjust::kHolm);
  for (std::size_t i = 0; i < kP.size(); ++i) {
    if (std::isnan(kP[i])) {
      EXPECT_TRUE(std::isnan(bh[i]));
      EXPECT_TRUE(std::isnan(holm[i]));
      continue;
    }
    EXPECT_NEAR(bh[i], r_bh[i], 1e-14) << i;
    EXPECT_NEAR(holm[i], r_holm[i], 1e-14) << i;
  }
}

TEST(MultipleTesting, AdjustedPAtOrBelowAlphaIsSignificant) {
  for (const PAdjust method : {PAdjust::kBenjaminiHochberg, PAdjust::kHolm, PAdjust::kNone}) {
    const auto adjusted = adjust_p_values(kP, method);
    for (const double alpha : {0.01, 0.02, 0.05, 0.1, 0.3}) {
      const auto flags = significant(kP, alpha, method);
      for (std::size_t i = 0; i < kP.size(); ++i) {
        EXPECT_EQ(flags[i] != 0, adjusted[i] <= alpha) << i << " at " << alpha;
      }
    }
  }
}

// With BH: significant at 0.10 = cells {3, 0, 9, 2, 1, 6}, at 0.05 = {3, 0, 9}, at 0.01 none
// (0.005 > 0.01/9). Bins take the sign of z.
TEST(MultipleTesting, GiBinsLikeArcGis) {
  const std::vector<double> z = {2.5, 2.0, -2.1, 2.8, 1.3, 0.7, -2.0, kNaN, 0.1, -2.5};
  const std::vector<std::int8_t> expected = {2, 1, -1, 2, 0, 0, -1, 0, 0, -2};
  EXPECT_EQ(gi_bins(z, kP), expected);
  // Uncorrected: 0.005 and 0.01 ≤ 0.01 → ±3; 0.011, 0.03, 0.04, 0.045 ≤ 0.05 → ±2; the rest 0.
  const std::vector<std::int8_t> uncorrected = {3, 2, -2, 3, 0, 0, -2, 0, 0, -2};
  EXPECT_EQ(gi_bins(z, kP, PAdjust::kNone), uncorrected);
}

TEST(MultipleTesting, RefusesBadInput) {
  EXPECT_THROW((void)significant(std::vector<double>{0.5, 1.2}, 0.05), grip::UsageError);
  EXPECT_THROW((void)significant(std::vector<double>{0.5, -0.1}, 0.05), grip::UsageError);
  EXPECT_THROW((void)significant(kP, 0.0), grip::UsageError);
  EXPECT_THROW((void)significant(kP, 1.0), grip::UsageError);
  EXPECT_THROW((void)gi_bins(std::vector<double>{1.0}, kP), grip::UsageError);
}

}  // namespace

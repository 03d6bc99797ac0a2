// Rate change kernels against published values (Krishnamoorthy & Thomson 2004 via METHODS.md),
// closed forms, and R's poisson.test output for the same counts (R 4.2, printed to 12 digits).
#include "grip/evaluation/rate_change.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <tuple>
#include <vector>

#include "grip/core/errors.hpp"

namespace {

using namespace grip::evaluation;

TEST(ETest, MatchesPublishedValues) {
  // Krishnamoorthy & Thomson (2004); the values Wheeler's ptools tests against.
  EXPECT_NEAR(e_test(0, 3), 0.0884, 5e-5);
  EXPECT_NEAR(e_test(3, 0), 0.0884, 5e-5);
  EXPECT_NEAR(e_test(6, 2), 0.1749, 5e-5);
  EXPECT_DOUBLE_EQ(e_test(0, 0), 1.0);
}

TEST(ETest, IsMorePowerfulThanTheConditionalTest) {
  // C-test on 6 vs 2: binom.test(6, 8) two-sided p = 0.2891 (= 2 · 37/256).
  EXPECT_NEAR(binomial_test_p(6, 8, 0.5), 2.0 * 37.0 / 256.0, 1e-12);
  EXPECT_LT(e_test(6, 2), binomial_test_p(6, 8, 0.5));
}

TEST(ETest, ExposuresScaleTheRates) {
  // 20 events in 2 units against 10 in 1 unit: equal rates, nothing to reject.
  EXPECT_GT(e_test(20, 10, 2.0, 1.0), 0.9);
  EXPECT_THROW((void)e_test(-1, 2), grip::UsageError);
}

TEST(RateChange, EqualsPoissonTestInR) {
  // poisson.test(c(110, 207), c(1, 1)): estimate 0.531400966184, CI 0.417781558305..0.672866701275,
  // p 5.53922886972e-08.
  const auto r = rate_change(207, 110);
  EXPECT_NEAR(r.rate_ratio, 0.531400966184, 1e-10);
  EXPECT_NEAR(r.exact.low, 0.417781558305, 1e-9);
  EXPECT_NEAR(r.exact.high, 0.672866701275, 1e-9);
  EXPECT_NEAR(r.exact_p, 5.53922886972e-08, 1e-15);
  EXPECT_NEAR(r.percent_change, 100.0 * (110.0 / 207.0 - 1.0), 1e-9);
  // poisson.test(c(45, 30), c(6, 12)): estimate 3, CI 1.84889595695..4.93194702421, p 3.22189941353e-06.
  const auto u = rate_change(30, 45, 12.0, 6.0);
  EXPECT_NEAR(u.rate_ratio, 3.0, 1e-12);
  EXPECT_NEAR(u.exact.low, 1.84889595695, 1e-9);
  EXPECT_NEAR(u.exact.high, 4.93194702421, 1e-9);
  EXPECT_NEAR(u.exact_p, 3.22189941353e-06, 1e-13);
}

TEST(RateChange, WaldIntervalIsTheLogScaleClosedForm) {
  const auto r = rate_change(200, 150);
  const double se = std::sqrt(1.0 / 200 + 1.0 / 150);
  EXPECT_NEAR(r.wald.low, 0.75 * std::exp(-1.959963984540054 * se), 1e-12);
  EXPECT_NEAR(r.wald.high, 0.75 * std::exp(1.959963984540054 * se), 1e-12);
}

TEST(RateChange, ZeroCountsKeepAnExactInterval) {
  const auto r = rate_change(5, 0);
  EXPECT_DOUBLE_EQ(r.rate_ratio, 0.0);
  EXPECT_DOUBLE_EQ(r.exact.low, 0.0);
  // Upper limit: π_U = 1 − 0.025^(1/5), RR = π/(1 − π).
  const double pi = 1.0 - std::pow(0.025, 1.0 / 5.0);
  EXPECT_NEAR(r.exact.high, pi / (1.0 - pi), 1e-9);
  EXPECT_TRUE(std::isnan(r.wald.low));
  EXPECT_THROW((void)rate_change(-1, 2), grip::UsageError);
  EXPECT_THROW((void)rate_change(1, 2, 0.0, 1.0), grip::UsageError);
}

TEST(Verdict, SaysFallRiseOrNormalVariation) {
  EXPECT_EQ(verdict(0.93, {0.88, 0.98}), "a fall of 7 %, 95 % interval -12 % to -2 %");
  EXPECT_EQ(verdict(1.2, {1.05, 1.4}), "a rise of 20 %, 95 % interval +5 % to +40 %");
  EXPECT_EQ(verdict(1.03, {0.95, 1.12}),
            "not distinguishable from normal variation (+3 %, 95 % interval -5 % to +12 %)");
}

}  // namespace

namespace {

// The E-test by its definition: every (x1, x2) pair, no shortcut.
double brute_e_test(std::int64_t k1, std::int64_t k2, double n1, double n2) {
  const auto stat = [&](double x1, double x2) {
    const double v = x1 / (n1 * n1) + x2 / (n2 * n2);
    return v <= 0 ? 0.0 : std::abs(x1 / n1 - x2 / n2) / std::sqrt(v);
  };
  const double observed = stat(static_cast<double>(k1), static_cast<double>(k2));
  const double rate = static_cast<double>(k1 + k2) / (n1 + n2);
  double p = 0;
  for (int x1 = 0; x1 < 400; ++x1)
    for (int x2 = 0; x2 < 400; ++x2)
      if (stat(x1, x2) >= observed * (1 - 1e-12))
        p += std::exp(x1 * std::log(n1 * rate) - n1 * rate - std::lgamma(x1 + 1.0) +
                      x2 * std::log(n2 * rate) - n2 * rate - std::lgamma(x2 + 1.0));
  return p;
}

TEST(ETest, EqualsTheDefinitionSummedOverEveryPair) {
  for (const auto& [k1, k2, n1, n2] : std::vector<std::tuple<int, int, double, double>>{
           {0, 3, 1, 1}, {6, 2, 1, 1}, {40, 55, 1, 1}, {12, 30, 2, 3}, {90, 60, 6, 4}, {1, 0, 1, 1}}) {
    EXPECT_NEAR(grip::evaluation::e_test(k1, k2, n1, n2), brute_e_test(k1, k2, n1, n2), 1e-10)
        << k1 << " " << k2 << " " << n1 << " " << n2;
  }
}

}  // namespace

// NB2 regression against R 4.2.2, MASS 7.3.58.2 glm.nb (bench/reference/negative_binomial_glm_nb.R,
// control epsilon 1e-12): the same 30 over-dispersed counts, plain and with frequency weights.
#include "grip/forecast/negative_binomial_regression.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "grip/core/errors.hpp"

namespace {

using namespace grip::forecast;

const std::vector<double> kY = {0, 2, 1, 0, 4,  1, 0, 3, 7,  2, 1, 0,  5, 9, 2,
                                1, 6, 3, 0, 12, 4, 2, 8, 15, 3, 1, 10, 6, 2, 20};

std::vector<double> design() {
  std::vector<double> x;
  for (int i = 0; i < 30; ++i) {
    x.push_back(1.0);
    x.push_back(i / 10.0);
    x.push_back(i % 2 == 1 ? 1.0 : 0.0);
  }
  return x;
}

TEST(NegativeBinomialRegression, MatchesMassGlmNb) {
  const auto fit = fit_negative_binomial(design(), 3, kY);
  ASSERT_TRUE(fit.converged);
  EXPECT_NEAR(fit.coefficients[0], 0.181850900049, 1e-6);
  EXPECT_NEAR(fit.coefficients[1], 0.700928752761, 1e-6);
  EXPECT_NEAR(fit.coefficients[2], 0.167898447438, 1e-6);
  EXPECT_NEAR(fit.theta, 1.75777186328, 1e-5);
  EXPECT_NEAR(fit.theta_se, 0.720058970685, 1e-4);
  EXPECT_NEAR(fit.two_log_likelihood, -143.645076697, 1e-6);
}

TEST(NegativeBinomialRegression, FrequencyWeightsMatchMassAndRepeatedRows) {
  std::vector<double> w(30, 2.0);
  for (int i = 0; i < 10; ++i) w[static_cast<std::size_t>(i)] = 3.0;
  const auto pooled = fit_negative_binomial(design(), 3, kY, w);
  EXPECT_NEAR(pooled.coefficients[0], 0.2102365195555, 1e-6);
  EXPECT_NEAR(pooled.coefficients[1], 0.7129384441432, 1e-6);
  EXPECT_NEAR(pooled.coefficients[2], 0.0941746848332, 1e-6);
  EXPECT_NEAR(pooled.theta, 1.76115385739, 1e-5);
  // The same rows written out: weights are frequencies.
  std::vector<double> x, y;
  const auto base = design();
  for (std::size_t i = 0; i < 30; ++i) {
    for (int copy = 0; copy < static_cast<int>(w[i]); ++copy) {
      x.insert(x.end(), base.begin() + static_cast<long>(3 * i), base.begin() + static_cast<long>(3 * i + 3));
      y.push_back(kY[i]);
    }
  }
  const auto expanded = fit_negative_binomial(x, 3, y);
  for (std::size_t j = 0; j < 3; ++j) EXPECT_NEAR(expanded.coefficients[j], pooled.coefficients[j], 1e-8);
  EXPECT_NEAR(expanded.theta, pooled.theta, 1e-6);
}

TEST(NegativeBinomialRegression, PoissonCountsGiveAHugeTheta) {
  // Equal counts in every row: no over-dispersion at all, θ goes to its cap and β to log of the mean.
  std::vector<double> x(20, 1.0), y(20, 3.0);
  const auto fit = fit_negative_binomial(x, 1, y);
  EXPECT_NEAR(fit.coefficients[0], std::log(3.0), 1e-8);
  EXPECT_GE(fit.theta, 1e5);
}

TEST(NegativeBinomialRegression, RejectsBadInput) {
  const std::vector<double> x = {1, 1}, y = {1, -1};
  EXPECT_THROW((void)fit_negative_binomial(x, 1, y), grip::UsageError);
}

}  // namespace

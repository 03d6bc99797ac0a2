// Monthly over-dispersed models against R (glm quasipoisson, MASS::glm.nb) on the same series,
// printed to 12 digits, and against closed forms.
#include "grip/evaluation/overdispersion.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "grip/core/errors.hpp"

namespace {

using namespace grip::evaluation;

const std::vector<double> kBefore = {12, 18, 9, 15, 22, 11};
const std::vector<double> kAfter = {8, 14, 6, 10, 5, 9};

TEST(QuasiPoisson, EqualsRGlm) {
  // summary(glm(y ~ period, family = quasipoisson, control = glm.control(epsilon = 1e-15))):
  // coef -0.514664400073, SE 0.207597036777, p 0.032590174078, dispersion 1.40265251989 (R's
  // default epsilon stops IRLS early enough to move the dispersion in the 7th digit).
  const auto fit = quasi_poisson(kBefore, kAfter);
  ASSERT_TRUE(fit.valid);
  EXPECT_NEAR(std::log(fit.rate_ratio), -0.514664400073, 1e-10);
  EXPECT_NEAR(fit.log_ratio_se, 0.207597036777, 1e-11);
  EXPECT_NEAR(fit.p, 0.032590174078, 1e-11);
  EXPECT_NEAR(fit.dispersion, 1.40265251989, 1e-10);
}

TEST(NegativeBinomial, EqualsMassGlmNb) {
  // summary(MASS::glm.nb(y ~ period, control = glm.control(epsilon = 1e-14))): coef -0.514664400073,
  // SE 0.189902253694, p 0.0067251923902, theta 62.4471870049.
  const auto fit = negative_binomial(kBefore, kAfter);
  ASSERT_TRUE(fit.valid);
  EXPECT_NEAR(std::log(fit.rate_ratio), -0.514664400073, 1e-10);
  EXPECT_NEAR(fit.theta, 62.4471870049, 1e-6);
  EXPECT_NEAR(fit.log_ratio_se, 0.189902253694, 1e-11);
  EXPECT_NEAR(fit.p, 0.0067251923902, 1e-12);
}

TEST(NegativeBinomial, UnderdispersedMonthsArePoisson) {
  // Months at least as even as Poisson: θ is infinite and the SE the Poisson one.
  const std::vector<double> before = {10, 10, 10}, after = {8, 8, 8};
  const auto fit = negative_binomial(before, after);
  EXPECT_TRUE(std::isinf(fit.theta));
  EXPECT_NEAR(fit.log_ratio_se, std::sqrt(1.0 / 30 + 1.0 / 24), 1e-12);
  const auto quasi = quasi_poisson(before, after);
  EXPECT_DOUBLE_EQ(quasi.dispersion, 0.0);
}

TEST(Overdispersion, RefusesTooFewMonths) {
  const std::vector<double> one = {3};
  EXPECT_THROW((void)quasi_poisson(one, one), grip::UsageError);
  const std::vector<double> none;
  EXPECT_THROW((void)negative_binomial(none, kAfter), grip::UsageError);
  const std::vector<double> zeros = {0, 0, 0};
  EXPECT_FALSE(quasi_poisson(zeros, kAfter).valid);
}

}  // namespace

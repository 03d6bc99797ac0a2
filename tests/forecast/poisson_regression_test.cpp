// IRLS Poisson regression against closed forms.
#include "grip/forecast/poisson_regression.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "grip/core/errors.hpp"

namespace {

using grip::forecast::fit_poisson_irls;

// With one binary covariate the MLE is closed-form: β0 = log(mean y | x = 0), β1 = log(mean1 / mean0).
TEST(PoissonRegression, BinaryCovariateMatchesGroupMeans) {
  const std::vector<double> design = {1, 0, 1, 0, 1, 0, 1, 1, 1, 1};
  const std::vector<double> y = {1, 2, 3, 4, 6};
  const auto fit = fit_poisson_irls(design, 2, y);
  ASSERT_TRUE(fit.converged);
  EXPECT_NEAR(fit.coefficients[0], std::log(2.0), 1e-8);
  EXPECT_NEAR(fit.coefficients[1], std::log(2.5), 1e-8);
}

// Pooling identical rows into one weighted row (response = their mean) leaves the coefficients
// unchanged (the score equations depend on the rows only through Σ y per pattern); the deviance
// differs, since it also measures the spread within a pattern.
TEST(PoissonRegression, PooledRowsGiveTheSameFit) {
  const std::vector<double> design = {1, 0.5, 1, 0.5, 1, 2.0, 1, 0.0};
  const std::vector<double> y = {0, 3, 5, 1};
  const auto full = fit_poisson_irls(design, 2, y);
  const std::vector<double> pooled_design = {1, 0.5, 1, 2.0, 1, 0.0};
  const std::vector<double> pooled_y = {1.5, 5, 1};
  const std::vector<double> weights = {2, 1, 1};
  const auto pooled = fit_poisson_irls(pooled_design, 2, pooled_y, weights);
  EXPECT_NEAR(full.coefficients[0], pooled.coefficients[0], 1e-9);
  EXPECT_NEAR(full.coefficients[1], pooled.coefficients[1], 1e-9);
}

TEST(PoissonRegression, RefusesNegativeCountsAndBadShapes) {
  EXPECT_THROW((void)fit_poisson_irls(std::vector<double>{1, 1}, 1, std::vector<double>{1, -1}),
               grip::UsageError);
  EXPECT_THROW((void)fit_poisson_irls(std::vector<double>{1, 1, 1}, 2, std::vector<double>{1, 1}),
               grip::UsageError);
}

}  // namespace

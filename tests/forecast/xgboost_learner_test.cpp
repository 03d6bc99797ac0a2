// Poisson boosting against the closed form: with one binary feature the Poisson MLE of each group
// is its weighted mean count, which enough boosting rounds must reach.
#include "grip/forecast/xgboost_learner.hpp"

#include <gtest/gtest.h>

#include <vector>

#include "grip/core/errors.hpp"

namespace {

using namespace grip::forecast;

// Group 0: rows with mean counts 1 and 3, weights 100 and 100 → MLE 2. Group 1: means 4 and 7,
// weights 300 and 100 → (1200 + 700) / 400 = 4.75.
TEST(XgboostLearner, PoissonBoostingReachesEachGroupsWeightedMean) {
  if (!xgboost_available()) GTEST_SKIP() << "built without libxgboost-dev";
  const std::vector<float> train{0, 0, 1, 1}, label{1, 3, 4, 7}, weight{100, 100, 300, 100}, predict{0, 1};
  BoostingOptions options;
  options.rounds = 300;
  options.min_child_weight = 1;
  const auto fit = fit_poisson_boosting(train, 1, label, weight, predict, true, options);
  ASSERT_EQ(fit.predicted.size(), 2u);
  EXPECT_NEAR(fit.predicted[0], 2.0, 0.01);
  EXPECT_NEAR(fit.predicted[1], 4.75, 0.01);
  ASSERT_EQ(fit.contributions.size(), 1u);
  // The feature's contribution moves the log rate from group 0 to group 1 (the bias absorbs the rest).
  EXPECT_GT(fit.contributions[0][1], fit.contributions[0][0]);
}

TEST(XgboostLearner, RefusesInconsistentSizes) {
  const std::vector<float> train{0, 0, 1}, label{1, 3}, weight{1, 1}, predict{0};
  EXPECT_THROW((void)fit_poisson_boosting(train, 1, label, weight, predict, false), grip::UsageError);
}

}  // namespace

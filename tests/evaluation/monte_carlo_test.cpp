// Planted effects on synthetic monthly Poisson counts: a 20 % reduction must be found (interval
// holds 0.8 and excludes 1 in at least 90 % of seeds), and no effect must be "found" about as often
// as the 5 % level says. Fixed seeds; under a second in a Release build.
#include <gtest/gtest.h>

#include <random>
#include <vector>

#include "grip/evaluation/overdispersion.hpp"
#include "grip/evaluation/rate_change.hpp"

namespace {

using namespace grip::evaluation;

struct Draw {
  std::vector<double> before, after;
  std::int64_t before_total = 0, after_total = 0;
};

Draw draw(std::mt19937_64& random, double before_mean, double after_mean) {
  Draw d;
  std::poisson_distribution<int> before(before_mean), after(after_mean);
  for (int m = 0; m < 12; ++m) {
    d.before.push_back(before(random));
    d.after.push_back(after(random));
    d.before_total += static_cast<std::int64_t>(d.before.back());
    d.after_total += static_cast<std::int64_t>(d.after.back());
  }
  return d;
}

TEST(MonteCarlo, PlantedReductionIsFound) {
  constexpr int kSeeds = 200;
  int exact_covers = 0, exact_excludes_zero = 0, quasi_covers = 0, quasi_excludes_zero = 0;
  for (int seed = 0; seed < kSeeds; ++seed) {
    std::mt19937_64 random(static_cast<std::uint64_t>(seed) + 1000);
    const auto d = draw(random, 100.0, 80.0);
    const auto change = rate_change(d.before_total, d.after_total, 12.0, 12.0);
    exact_covers += change.exact.low <= 0.8 && change.exact.high >= 0.8;
    exact_excludes_zero += change.exact.high < 1.0;
    const auto quasi = quasi_poisson(d.before, d.after);
    quasi_covers += quasi.interval.low <= 0.8 && quasi.interval.high >= 0.8;
    quasi_excludes_zero += quasi.interval.high < 1.0;
  }
  EXPECT_GE(exact_covers, kSeeds * 9 / 10);
  EXPECT_GE(exact_excludes_zero, kSeeds * 9 / 10);
  EXPECT_GE(quasi_covers, kSeeds * 9 / 10);
  EXPECT_GE(quasi_excludes_zero, kSeeds * 9 / 10);
}

TEST(MonteCarlo, NoEffectGivesAboutFivePercentFalsePositives) {
  constexpr int kSeeds = 400;
  int exact = 0, e_test_hits = 0, quasi = 0;
  for (int seed = 0; seed < kSeeds; ++seed) {
    std::mt19937_64 random(static_cast<std::uint64_t>(seed) + 5000);
    const auto d = draw(random, 30.0, 30.0);
    const auto change = rate_change(d.before_total, d.after_total, 12.0, 12.0);
    exact += change.exact_p < 0.05;
    e_test_hits += change.e_test_p < 0.05;
    quasi += quasi_poisson(d.before, d.after).p < 0.05;
  }
  // 5 % of 400 is 20 (binomial SD 4.4): allow 8..36.
  for (const int hits : {exact, e_test_hits, quasi}) {
    EXPECT_GE(hits, 8);
    EXPECT_LE(hits, 36);
  }
}

}  // namespace

// The count calibration's total and the seasonal index (level.hpp), against hand-worked numbers,
// and leakage: neither may read the window being forecast.
#include "grip/forecast/level.hpp"

#include <gtest/gtest.h>

#include <numeric>
#include <vector>

#include "forecast/forecast_fixture.hpp"
#include "grip/core/errors.hpp"
#include "grip/forecast/backtest.hpp"

namespace {

using namespace grip::forecast;
using grip::test::add_event;
using grip::test::make_data;

double sum(const std::vector<double>& values) { return std::accumulate(values.begin(), values.end(), 0.0); }

// Calibration pairs (λ, count): (1, 0), (2, 3), (3, 3). Pool-adjacent-violators: 0 | 3, 3 → f(1) = 0,
// f(2) = f(3) = 3, which keeps the total on these pairs (0 + 3 + 3 = 6 = Σ observed), so no
// rescaling on them can change anything. On a new origin it need not: λ (1, 1, 1, 3) sums to 6 but
// maps to (0, 0, 0, 3), total 3 (the map carries the pairs' level, not the model's total). With a
// seasonal index of 0.5 the counts are (0, 0, 0, 1.5). The model's own ratio on the pairs,
// Σ observed / Σ λ = 6 / 6 = 1, is reported, not applied.
TEST(CountCalibration, KeepsTheTotalOnItsPairsAndAppliesTheSeasonalIndex) {
  CalibrationBins bins;
  const std::vector<double> lambda{1.0, 2.0, 3.0}, observed{0.0, 3.0, 3.0};
  bins.add(lambda, observed);
  EXPECT_NEAR(sum(bins.counts(lambda)), 6.0, 1e-12);
  EXPECT_DOUBLE_EQ(bins.level_ratio(), 1.0);
  const std::vector<double> target{1.0, 1.0, 1.0, 3.0};
  const auto counts = bins.counts(target);
  ASSERT_EQ(counts.size(), 4u);
  EXPECT_NEAR(counts[0], 0.0, 1e-12);
  EXPECT_NEAR(counts[3], 3.0, 1e-12);
  EXPECT_NEAR(sum(counts), 3.0, 1e-12);
  EXPECT_NEAR(bins.counts(target, 0.5)[3], 1.5, 1e-12);
  EXPECT_THROW((void)bins.counts(target, -1.0), grip::UsageError);
}

// The property on uneven pairs: 200 pairs with λ = i / 20 and counts (i × 7) mod 5, which violate
// monotonicity all over; the isotonic counts at the pairs' own λ sum to Σ observed.
TEST(CountCalibration, IsotonicCountsSumToTheObservedOnTheirPairs) {
  std::vector<double> lambda, observed;
  for (int i = 1; i <= 200; ++i) {
    lambda.push_back(i / 20.0);
    observed.push_back(static_cast<double>((i * 7) % 5));
  }
  CalibrationBins bins;
  bins.add(lambda, observed);
  EXPECT_NEAR(sum(bins.counts(lambda)), sum(observed), 1e-9);
}

// Pairs (1, 0), (1, 1): the model's ratio Σ observed / Σ λ is 1 / 2.
TEST(CountCalibration, ReportsTheModelsRatioOnItsPairs) {
  CalibrationBins bins;
  bins.add(std::vector<double>{1.0, 1.0}, std::vector<double>{0.0, 1.0});
  EXPECT_DOUBLE_EQ(bins.level_ratio(), 0.5);
}

// Daily windows 0..799, 10 incidents each except 5 in days 386..392 (the week a year, 364 days,
// before the target day 750). Calibration windows 746..749. Year 1: target side 7 windows × 5 = 35,
// calibration side days 382..385, 4 × 10 = 40. Year 2 (728 days): days 22..28, 70; days 18..21, 40.
// Year 3 would start at 746 − 1092 < 0: not covered. s = (105 / 14) / (80 / 8) = 7.5 / 10 = 0.75;
// the shifted targets fall in 1970 (day 22) and 1971 (day 386).
TEST(SeasonalIndex, HandWorkedTwoYears) {
  std::vector<double> start(800), length(800, 1.0), count(800, 10.0);
  for (std::size_t w = 0; w < 800; ++w) start[w] = static_cast<double>(w);
  for (std::size_t w = 386; w < 393; ++w) count[w] = 5.0;
  const std::vector<std::size_t> calibration{746, 747, 748, 749};
  const auto s = seasonal_index(start, length, count, 750.0, 1.0, calibration);
  EXPECT_EQ(s.years, 2u);
  EXPECT_NEAR(s.index, 0.75, 1e-12);
  EXPECT_EQ(s.first_year, 1970);
  EXPECT_EQ(s.last_year, 1971);
  EXPECT_EQ(s.describe(), "seasonal index 0.750 from 1970-1971");
}

TEST(SeasonalIndex, OneWithoutAnEarlierYear) {
  std::vector<double> start(300), length(300, 1.0), count(300, 10.0);
  for (std::size_t w = 0; w < 300; ++w) start[w] = static_cast<double>(w);
  const std::vector<std::size_t> calibration{290, 291};
  const auto s = seasonal_index(start, length, count, 300.0, 1.0, calibration);
  EXPECT_EQ(s.years, 0u);
  EXPECT_EQ(s.index, 1.0);
  EXPECT_EQ(s.describe(), "no seasonal index: no earlier year in the data");
  const std::vector<std::size_t> out_of_range{300};
  EXPECT_THROW((void)seasonal_index(start, length, count, 300.0, 1.0, out_of_range), grip::UsageError);
}

// Leakage, on 400 daily windows over 4 × 2 cells (a year and more, so the seasonal index is in
// use): a burst of 40 incidents planted only in the last window changes neither the seasonal index
// at that origin nor any model's calibrated total there (the backtest's last scored origin).
TEST(SeasonalIndex, NeverSeesTheWindowItForecasts) {
  const auto build = [](bool burst) {
    auto data = make_data(4, 2, 400, 1.0, true);
    for (std::uint32_t w = 0; w < 400; ++w) {
      const std::size_t busy = (w / 5) % 2 == 0 ? 3 : 1;  // a level that moves every 5 days
      for (std::size_t i = 0; i < busy; ++i)
        add_event(data, (w + i) % 8, w, 0.2 + 0.2 * static_cast<double>(i));
      add_event(data, w % 5, w, 0.5, false);
    }
    if (burst) {
      for (int i = 0; i < 40; ++i) add_event(data, 7, 399, 0.01 + 0.02 * i);
    }
    data.next_window.start_days = 400.0;
    data.index_events();
    return data;
  };
  const auto quiet = build(false), loud = build(true);
  const std::vector<std::size_t> calibration{390, 391, 392, 393, 394, 395, 396, 397, 398};
  const auto s_quiet = seasonal_index(quiet.history(399), calibration);
  const auto s_loud = seasonal_index(loud.history(399), calibration);
  EXPECT_EQ(s_quiet.years, 1u);
  EXPECT_EQ(s_quiet.index, s_loud.index);

  BacktestOptions options;
  options.models = {"long-run-mean", "naive", "ewma", "kde", "poisson-glm"};
  options.max_origins = 3;
  options.warmup_origins = 2;
  options.calibration_origins = 2;
  options.coverages = {0.25};
  const auto a = run_backtest(quiet, options), b = run_backtest(loud, options);
  ASSERT_EQ(a.models.size(), b.models.size());
  for (std::size_t m = 0; m < a.models.size(); ++m) {
    const auto& last_a = a.models[m].origins.back();
    const auto& last_b = b.models[m].origins.back();
    EXPECT_EQ(last_a.window, "w399");
    EXPECT_NE(last_a.seasonal_index, 1.0) << a.models[m].name;
    EXPECT_EQ(last_a.seasonal_index, last_b.seasonal_index) << a.models[m].name;
    EXPECT_EQ(last_a.expected_total, last_b.expected_total) << a.models[m].name << " saw the target window";
    EXPECT_NE(last_a.observed_total, last_b.observed_total);  // the burst is there to be seen
  }
}

}  // namespace

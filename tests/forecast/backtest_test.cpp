// The backtest on data built in the test: a hand-worked 2-cell, 3-window case, and leakage: no
// model's forecast may depend on the window it forecasts.
#include "grip/forecast/backtest.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <string>
#include <vector>

#include "forecast/forecast_fixture.hpp"
#include "grip/core/errors.hpp"
#include "grip/forecast/forecast_model.hpp"
#include "grip/forecast/xgboost_learner.hpp"

namespace {

using namespace grip::forecast;
using grip::test::add_event;
using grip::test::make_data;

// Cell A (0) has counts 1, 2, 0 and cell B (1) has 0, 1, 3 in windows 0, 1, 2. The naive model at
// origin 1 forecasts (1, 0) and at origin 2 (2, 1); at 50 % coverage it flags one cell, A both times.
//   origin 1: n = 2, N = 3: hit 2/3, PAI (2/3)/(1/2) = 4/3, n* = 2 so PEI 1; previous window
//             n1 = 1, N1 = 1: RRI (2/1)/(3/1) = 2/3. No earlier origin to calibrate on, so
//             p = 1 − e^{−λ} = (0.632121, 0): Brier ((1 − 0.632121)² + 1²)/2 = 0.567668. AUC: one class.
//   origin 2: n = 0, N = 3: hit 0, PAI 0, n* = 3 so PEI 0; RRI 0 (n2 = 0). Calibration on origin 1's
//             pairs (λ 1 → 1, λ 0 → 1) is flat at 1, so p = (1, 1), outcomes (0, 1): Brier 0.5;
//             AUC 0 (the one negative outscores the one positive).
TEST(Backtest, HandWorkedTwoCellsThreeWindows) {
  auto data = make_data(2, 1, 3, 30.0, false);
  add_event(data, 0, 0);
  add_event(data, 0, 1), add_event(data, 0, 1), add_event(data, 1, 1);
  add_event(data, 1, 2), add_event(data, 1, 2), add_event(data, 1, 2);
  data.index_events();
  BacktestOptions options;
  options.models = {"naive"};
  options.min_train_windows = 1;
  options.warmup_origins = 0;
  options.coverages = {0.5};
  const auto result = run_backtest(data, options);
  ASSERT_EQ(result.models.size(), 1u);
  const auto& naive = result.models[0];
  ASSERT_EQ(naive.origins.size(), 2u);
  ASSERT_EQ(result.coverages.size(), 2u);  // 5 % is added for the selection metric
  const std::size_t half = 1;
  ASSERT_DOUBLE_EQ(result.coverages[half], 0.5);
  const auto& first = naive.origins[0].coverage[half];
  EXPECT_NEAR(first.hit_rate, 2.0 / 3.0, 1e-12);
  EXPECT_NEAR(first.pai, 4.0 / 3.0, 1e-12);
  EXPECT_NEAR(first.pei, 1.0, 1e-12);
  EXPECT_NEAR(first.rri, 2.0 / 3.0, 1e-12);
  EXPECT_NEAR(naive.origins[0].brier, (std::pow(std::exp(-1.0), 2) + 1.0) / 2.0, 1e-9);
  EXPECT_TRUE(std::isnan(naive.origins[0].auc));
  const auto& second = naive.origins[1].coverage[half];
  EXPECT_DOUBLE_EQ(second.hit_rate, 0.0);
  EXPECT_DOUBLE_EQ(second.pai, 0.0);
  EXPECT_DOUBLE_EQ(second.pei, 0.0);
  EXPECT_DOUBLE_EQ(second.rri, 0.0);
  EXPECT_NEAR(naive.origins[1].brier, 0.5, 1e-12);
  EXPECT_DOUBLE_EQ(naive.origins[1].auc, 0.0);
  EXPECT_NEAR(naive.hit_rate[half][0].mean, 1.0 / 3.0, 1e-12);
  EXPECT_NEAR(naive.pai[half][0].mean, 2.0 / 3.0, 1e-12);
  EXPECT_NEAR(naive.pai[half][0].sd, std::sqrt(2.0) * 2.0 / 3.0, 1e-12);  // sample sd of {4/3, 0}
}

// Windows 0..5 hold a steady pattern in the west; window 5 (the target of the last origin) adds a
// burst in a far-east cell no earlier window touched. At origin 5 every model forecasts exactly the
// same there as in an untouched cell just as far from the data (0, or the regression's baseline
// rate); at origin 6, once the burst is history, prospective hotspotting sees it.
TEST(Backtest, NoModelSeesTheWindowItForecasts) {
  auto data = make_data(60, 10, 6, 1.0, true);
  const std::size_t far_cell = data.grid.cell(59, 9);
  const std::size_t control_cell = data.grid.cell(59, 0);
  for (std::uint32_t w = 0; w < 6; ++w) {
    for (std::size_t col = 0; col < 5; ++col) {
      add_event(data, data.grid.cell(col, 2), w, 0.2 + 0.1 * static_cast<double>(col));
      add_event(data, data.grid.cell(col, 3), w, 0.7, false);
    }
  }
  for (int i = 0; i < 5; ++i) add_event(data, far_cell, 5, 0.1 + 0.1 * i);
  data.next_window.start_days = 6.0;
  data.index_events();
  auto names = base_model_names();
  if (xgboost_available()) names.emplace_back(kBoostedName);
  for (const auto& name : names) {
    ModelOptions model_options;
    model_options.regression_training_windows = 3;
    auto model = make_model(name, model_options, WindowKind::kDay);
    if (!model->unavailable(data.history(5)).empty()) continue;  // seasonal: no year of history
    const auto before = model->forecast(data.history(5));
    EXPECT_EQ(before.expected[far_cell], before.expected[control_cell]) << name << " saw the target window";
    for (const auto& event : data.history(5).events()) EXPECT_LT(event.window, 5u);
  }
  auto prospective = make_model("prospective", {}, WindowKind::kDay);
  EXPECT_GT(prospective->forecast(data.history(6)).expected[far_cell], 0.0);
}

// Cell A (0) holds 2, 0, 1 and cell B (1) 0, 2, 0 in windows 0, 1, 2; one scored origin (2), no
// calibration (no earlier origin), so p = 1 − e^{−λ}.
//   naive λ = (0, 2): p = (0, 0.864665), outcomes (1, 0): Brier (1 + 0.864665²)/2 = 0.873823.
//   long-run mean λ = (1, 1): p = 0.632121 each: Brier ((1 − 0.632121)² + 0.632121²)/2 = 0.267456.
// One origin is too few to compare: the simplest baseline (long-run-mean) is the default and the
// yardstick. Naive's Brier skill against it 1 − 0.873823/0.267456 = −2.26717; at 50 % coverage naive
// flags B (n = 0, PAI 0), the long-run mean A (tie, lower index: PAI 2), so the PAI ratio is 0.
TEST(Backtest, SkillAgainstTheBestBaselineByHand) {
  auto data = make_data(2, 1, 3, 30.0, false);
  add_event(data, 0, 0), add_event(data, 0, 0);
  add_event(data, 1, 1), add_event(data, 1, 1);
  add_event(data, 0, 2);
  data.index_events();
  BacktestOptions options;
  options.models = {"naive", "long-run-mean"};
  options.min_train_windows = 2;
  options.warmup_origins = 0;
  options.coverages = {0.5};
  const auto result = run_backtest(data, options);
  EXPECT_EQ(result.best_baseline, "long-run-mean");
  EXPECT_EQ(result.best_model, "long-run-mean");
  EXPECT_NE(result.choice.reason.find("only 1 scored origin"), std::string::npos) << result.choice.reason;
  ASSERT_EQ(result.models.size(), 2u);
  const auto& naive = result.models[0];
  const auto& mean = result.models[1];
  const double e1 = std::exp(-1.0), e2 = std::exp(-2.0);
  const double brier_naive = (1.0 + (1 - e2) * (1 - e2)) / 2.0;
  const double brier_mean = (e1 * e1 + (1 - e1) * (1 - e1)) / 2.0;
  EXPECT_NEAR(naive.origins[0].brier, brier_naive, 1e-9);
  EXPECT_NEAR(mean.origins[0].brier, brier_mean, 1e-9);
  EXPECT_NEAR(naive.brier_skill_vs_baseline.mean, 1.0 - brier_naive / brier_mean, 1e-9);
  EXPECT_NEAR(naive.brier_skill_vs_baseline.mean, -2.26717, 1e-5);
  EXPECT_NEAR(mean.brier_skill_vs_baseline.mean, 0.0, 1e-12);
  const std::size_t half = 1;  // 5 % is added first
  EXPECT_DOUBLE_EQ(naive.pai_ratio_vs_baseline[half].mean, 0.0);
  EXPECT_DOUBLE_EQ(mean.pai_ratio_vs_baseline[half].mean, 1.0);
  // The CSV row of naive at 50 %: PAI ratio 0, Brier skill −2.26717, expected Σλ = 2, observed 1.
  const auto csv = backtest_csv(result);
  EXPECT_NE(csv.find("\nnaive,w2,0.5,1,"), std::string::npos) << csv;
  EXPECT_NE(csv.find(",0,-2.26717,2,1\n"), std::string::npos) << csv;
}

// The three new baselines against counts recomputed here from the planted events.
TEST(Backtest, BaselinesMatchCountsRecomputedFromTheEvents) {
  // 13 month windows of 365.25 / 12 days, 3 cells; cell c has (c + w) % 4 target events in window w
  // and 2 other-type events in window w when c = 2.
  auto data = make_data(3, 1, 13, 365.25 / 12.0, false);
  std::vector<std::vector<double>> target(3, std::vector<double>(13, 0.0));
  double target_total = 0.0, all_total = 0.0;
  std::vector<double> all_per_cell(3, 0.0);
  for (std::uint32_t w = 0; w < 13; ++w) {
    for (std::size_t c = 0; c < 3; ++c) {
      const auto n = static_cast<int>((c + w) % 4);
      for (int i = 0; i < n; ++i) add_event(data, c, w);
      target[c][w] = n;
      if (w < 12) target_total += n, all_total += n, all_per_cell[c] += n;
    }
    add_event(data, 2, w, 0.5, false), add_event(data, 2, w, 0.6, false);
    if (w < 12) all_total += 2, all_per_cell[2] += 2;
  }
  data.index_events();
  const auto history = data.history(12);  // forecasts window 12, a year after window 0
  const auto long_run = make_model("long-run-mean", {}, WindowKind::kMonth)->forecast(history).expected;
  const auto seasonal = make_model("seasonal", {}, WindowKind::kMonth)->forecast(history).expected;
  const auto all_crime_forecast = make_model("all-crime", {}, WindowKind::kMonth)->forecast(history);
  const auto& all_crime = all_crime_forecast.expected;
  ASSERT_EQ(all_crime_forecast.terms.size(), 2u);  // its explanation: own violence and other crime
  for (std::size_t c = 0; c < 3; ++c) {
    double sum = 0.0;
    for (std::size_t w = 0; w < 12; ++w) sum += target[c][w];
    EXPECT_NEAR(long_run[c], sum / 12.0, 1e-12) << c;
    EXPECT_NEAR(seasonal[c], target[c][0], 1e-12) << c;
    EXPECT_NEAR(all_crime[c], all_per_cell[c] * (target_total / all_total) / 12.0, 1e-12) << c;
    EXPECT_NEAR(all_crime_forecast.terms[0].contribution[c], sum * (target_total / all_total) / 12.0, 1e-5)
        << c;
    EXPECT_NEAR(all_crime_forecast.terms[0].contribution[c] + all_crime_forecast.terms[1].contribution[c],
                all_crime[c], 1e-5)
        << c;
  }
  // At origin 11 no window lies a year before the target: the seasonal baseline says so.
  const auto seasonal_model = make_model("seasonal", {}, WindowKind::kMonth);
  EXPECT_FALSE(seasonal_model->unavailable(data.history(11)).empty());
  EXPECT_TRUE(seasonal_model->unavailable(data.history(12)).empty());
}

// d = (2, 3, 1, 4): mean 2.5, sd √(5/3) = 1.290994, t(0.975, 3) = 3.182, half-width
// 3.182 · 1.290994 / 2 = 2.054; lower 0.446 > 0: beats. d = (3, −1, 2, −2): mean 0.5, sd √(17/3) =
// 2.380476, half-width 3.787: does not.
TEST(DefaultChoice, PairedComparisonByHand) {
  const std::vector<double> model{3, 5, 4, 6}, baseline{1, 2, 3, 2};
  const auto win = paired_comparison("m", model, baseline);
  EXPECT_EQ(win.origins, 4u);
  EXPECT_NEAR(win.mean_gain, 2.5, 1e-12);
  EXPECT_NEAR(win.sd, std::sqrt(5.0 / 3.0), 1e-12);
  EXPECT_NEAR(win.lower, 2.5 - 3.182 * std::sqrt(5.0 / 3.0) / 2.0, 1e-12);
  EXPECT_TRUE(win.beats_baseline);
  const std::vector<double> noisy{4, 1, 5, 0};
  const auto tie = paired_comparison("n", noisy, baseline);
  EXPECT_NEAR(tie.mean_gain, 0.5, 1e-12);
  EXPECT_NEAR(tie.sd, std::sqrt(17.0 / 3.0), 1e-12);
  EXPECT_NEAR(tie.lower, 0.5 - 3.182 * std::sqrt(17.0 / 3.0) / 2.0, 1e-12);
  EXPECT_FALSE(tie.beats_baseline);
}

TEST(DefaultChoice, NoiseKeepsTheBaselineAndTiesGoToTheSimpler) {
  // Two baselines with equal means: the simpler (listed first) is the yardstick. A model whose gain
  // is inside the noise does not replace it; one with a clear gain does.
  std::vector<CandidateScores> candidates = {
      {"long-run-mean", true, {1, 2, 3, 2}}, {"naive", true, {2, 1, 2, 3}}, {"ewma", false, {4, 1, 5, 0}}};
  auto choice = choose_default(candidates, "PAI at 5 %");
  EXPECT_EQ(choice.best_baseline, "long-run-mean");
  EXPECT_EQ(choice.model, "long-run-mean");
  EXPECT_NE(choice.reason.find("no model beats"), std::string::npos);
  candidates.push_back({"poisson-glm", false, {3, 5, 4, 6}, 1.2});  // wins, but counts 20 % too high
  choice = choose_default(candidates, "PAI at 5 %");
  EXPECT_EQ(choice.model, "long-run-mean");
  ASSERT_EQ(choice.comparisons.size(), 2u);
  EXPECT_TRUE(choice.comparisons[1].beats_baseline);
  EXPECT_FALSE(choice.comparisons[1].counts_right);
  candidates.back().expected_over_observed = 1.05;
  choice = choose_default(candidates, "PAI at 5 %");
  EXPECT_EQ(choice.model, "poisson-glm");
  // Three origins are too few: the simplest baseline, whatever the scores.
  const std::vector<CandidateScores> short_run = {
      {"long-run-mean", true, {1, 1, 1}}, {"naive", true, {2, 2, 2}}, {"ewma", false, {9, 9, 9}}};
  choice = choose_default(short_run, "PAI at 5 %");
  EXPECT_EQ(choice.model, "long-run-mean");
  EXPECT_NE(choice.reason.find("only 3 scored origins"), std::string::npos);
}

// Volumes 10, 10, 10, 4, 7, 10 (one cell): window 3 has 4 < 0.6 × median(10, 10, 7, 10) = 6 and is
// flagged; window 4 has 7 ≥ 0.6 × median(10, 10, 4, 10) = 6 and is not. The backtest leaves window 3
// out of scoring unless asked.
TEST(Backtest, LowVolumeWindowIsFlaggedAndNotScored) {
  auto data = make_data(1, 1, 6, 30.0, false);
  const int volume[] = {10, 10, 10, 4, 7, 10};
  for (std::uint32_t w = 0; w < 6; ++w) {
    for (int i = 0; i < volume[w]; ++i) add_event(data, 0, w);
  }
  data.index_events();
  flag_low_volume_windows(data);
  for (std::size_t w = 0; w < 6; ++w) EXPECT_EQ(data.windows[w].low_volume, w == 3) << w;
  ASSERT_EQ(data.notes.size(), 1u);
  EXPECT_NE(data.notes[0].find("w3 holds 4 incidents against 7-10"), std::string::npos) << data.notes[0];
  BacktestOptions options;
  options.models = {"naive"};
  options.min_train_windows = 1;
  options.warmup_origins = 0;
  auto result = run_backtest(data, options);
  EXPECT_EQ(result.scored_windows, (std::vector<std::string>{"w1", "w2", "w4", "w5"}));
  options.score_low_volume = true;
  result = run_backtest(data, options);
  EXPECT_EQ(result.scored_windows.size(), 5u);
}

// At origin 3 of month windows the training targets are windows 1 and 2, and for both the 3-month,
// 6-month and all-history means are the same number (fewer than 3 windows before them): the
// regression keeps the first of them and drops the other two instead of splitting one weight three ways.
TEST(Backtest, RegressionDropsLagTermsIdenticalOnEveryRow) {
  auto data = make_data(6, 6, 4, 30.0, false);
  for (std::uint32_t w = 0; w < 4; ++w) {
    for (std::size_t c = 0; c < 36; ++c) {
      for (std::size_t i = 0; i < (c * 7 + w * 3) % 5; ++i) add_event(data, c, w);
    }
  }
  data.index_events();
  const auto forecast = make_model("poisson-glm", {}, WindowKind::kMonth)->forecast(data.history(3));
  std::map<std::string, std::string> fitted(forecast.fitted.begin(), forecast.fitted.end());
  EXPECT_EQ(fitted["beta last 6 windows"], "dropped (same as last 3 windows on every row)");
  EXPECT_EQ(fitted["beta all history"], "dropped (same as last 3 windows on every row)");
  EXPECT_EQ(fitted["beta last 3 windows"].find("dropped"), std::string::npos);
  EXPECT_EQ(fitted["beta last window"].find("dropped"), std::string::npos);
  for (double lambda : forecast.expected) EXPECT_TRUE(std::isfinite(lambda));
}

// The base models run side by side at each origin; each keeps only its own state, so one thread
// and four must give the same scores to the last bit, the same fitted terms and the same default.
TEST(Backtest, ScoresDoNotDependOnHowManyModelsRunAtOnce) {
  auto data = make_data(12, 12, 10, 30.0, false);
  std::uint32_t state = 12345;
  const auto next = [&] { return state = state * 1664525u + 1013904223u; };
  for (std::uint32_t w = 0; w < 10; ++w) {
    for (std::size_t c = 0; c < 144; ++c) {
      const std::uint32_t events = (next() >> 24) % (c % 7 == 0 ? 6 : 2);
      for (std::uint32_t i = 0; i < events; ++i) add_event(data, c, w);
    }
  }
  data.index_events();
  BacktestOptions options;
  options.threads = 1;
  const auto alone = run_backtest(data, options);
  options.threads = 4;
  const auto together = run_backtest(data, options);
  ASSERT_GE(alone.models.size(), 6u);
  std::vector<std::string> names;
  for (const auto& model : alone.models) names.push_back(model.name);
  for (const char* learned : {"poisson-glm", "nb-glm", "ensemble"})
    ASSERT_NE(std::find(names.begin(), names.end(), learned), names.end()) << learned;
  ASSERT_EQ(alone.models.size(), together.models.size());
  EXPECT_EQ(alone.best_model, together.best_model);
  EXPECT_EQ(alone.ensemble_members, together.ensemble_members);
  for (std::size_t m = 0; m < alone.models.size(); ++m) {
    const auto& a = alone.models[m];
    const auto& b = together.models[m];
    ASSERT_EQ(a.name, b.name);
    EXPECT_EQ(a.last_fitted, b.last_fitted) << a.name;
    ASSERT_EQ(a.origins.size(), b.origins.size()) << a.name;
    ASSERT_FALSE(a.origins.empty()) << a.name;
    for (std::size_t o = 0; o < a.origins.size(); ++o) {
      EXPECT_EQ(a.origins[o].brier, b.origins[o].brier) << a.name << " origin " << o;
      EXPECT_EQ(a.origins[o].log_loss, b.origins[o].log_loss) << a.name << " origin " << o;
      EXPECT_EQ(a.origins[o].expected_raw_total, b.origins[o].expected_raw_total) << a.name;
      for (std::size_t i = 0; i < a.origins[o].coverage.size(); ++i)
        EXPECT_EQ(a.origins[o].coverage[i].pai, b.origins[o].coverage[i].pai) << a.name;
    }
  }
}

TEST(Backtest, RefusesTooShortAHistory) {
  auto data = make_data(2, 1, 3, 30.0, false);
  add_event(data, 0, 0), add_event(data, 0, 1), add_event(data, 0, 2);
  data.index_events();
  BacktestOptions options;
  options.models = {"naive"};
  options.min_train_windows = 3;
  EXPECT_THROW((void)run_backtest(data, options), grip::UsageError);
}

}  // namespace

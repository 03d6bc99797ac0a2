// The backtest on data built in the test: a hand-worked 2-cell, 3-window case, and leakage: no
// model's forecast may depend on the window it forecasts.
#include "grip/forecast/backtest.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "grip/core/errors.hpp"
#include "grip/forecast/forecast_model.hpp"

namespace {

using namespace grip::forecast;

// A grid of nx × ny cells of 100 m, every cell in the study area, windows of length_days.
ForecastData make_data(std::size_t nx, std::size_t ny, std::size_t windows, double length_days,
                       bool time_stamped) {
  ForecastData data;
  data.grid = grip::geo::Grid(0.0, 0.0, 100.0, nx, ny);
  data.study_index.resize(nx * ny);
  for (std::size_t c = 0; c < nx * ny; ++c) {
    data.study_index[c] = static_cast<std::int32_t>(c);
    data.study_cells.push_back(static_cast<std::uint32_t>(c));
  }
  data.study_area.cells_in_area = nx * ny;
  data.study_area.area_m2 = static_cast<double>(nx * ny) * 1e4;
  data.window = length_days == 1.0 ? WindowKind::kDay : WindowKind::kMonth;
  data.time_stamped = time_stamped;
  for (std::size_t w = 0; w <= windows; ++w) {
    WindowInfo info;
    info.label = "w" + std::to_string(w);
    info.start_days = static_cast<double>(w) * length_days;
    info.length_days = length_days;
    (w < windows ? data.windows.emplace_back(info) : data.next_window) = info;
  }
  data.types = {"Violence and sexual offences", "Burglary"};
  data.type_harm = {1.0, 1.0};
  data.target_types = {"Violence and sexual offences"};
  return data;
}

void add_event(ForecastData& data, std::size_t cell, std::uint32_t window, double offset_days = 0.5,
               bool target = true) {
  const auto centre = data.grid.cell_centre(cell);
  ForecastEvent event;
  event.x = centre.x, event.y = centre.y;
  event.t_days = data.windows[window].start_days + offset_days;
  event.cell = static_cast<std::uint32_t>(cell);
  event.window = window;
  event.type = target ? 0 : 1;
  event.target = target;
  event.harm = 1.0;
  data.events.push_back(event);
}

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
  for (const auto& name : base_model_names()) {
    ModelOptions model_options;
    model_options.regression_training_windows = 3;
    auto model = make_model(name, model_options, WindowKind::kDay);
    const auto before = model->forecast(data.history(5));
    EXPECT_EQ(before.expected[far_cell], before.expected[control_cell]) << name << " saw the target window";
    for (const auto& event : data.history(5).events()) EXPECT_LT(event.window, 5u);
  }
  auto prospective = make_model("prospective", {}, WindowKind::kDay);
  EXPECT_GT(prospective->forecast(data.history(6)).expected[far_cell], 0.0);
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

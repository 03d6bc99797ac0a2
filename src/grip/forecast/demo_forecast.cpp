#include "grip/forecast/demo_forecast.hpp"

#include <cmath>

namespace grip::forecast {

DemoForecast demo_forecast(store::Store& store, const PlantedTriggering& planted,
                           const std::string& dataset) {
  DemoForecast demo;
  demo.planted = planted;
  ForecastSettings settings;
  settings.dataset = dataset;
  settings.window = WindowKind::kWeek;
  const auto data = load_forecast_data(store, settings);
  BacktestOptions options;
  options.max_origins = 8;
  demo.backtest = run_backtest(data, options);
  std::vector<Event> events;
  for (const auto& event : data.events) {
    if (event.target) events.push_back({event.x, event.y, event.t_days});
  }
  demo.events = events.size();
  SeppOptions sepp;
  sepp.study_box = StudyBox{data.grid.x0(), data.grid.y0(), data.grid.x_max(), data.grid.y_max()};
  sepp.period_start_days = data.windows.front().start_days;
  sepp.period_end_days = data.next_window.start_days;
  sepp.time_cutoff_days = kDemoTimeCutoffDays;
  sepp.space_cutoff_m = kDemoSpaceCutoffM;
  sepp.background_bandwidth_m = kDemoBackgroundBandwidthM;
  demo.sepp = fit_sepp(events, sepp);
  const auto& p = demo.sepp.parameters;
  demo.theta_recovered = std::abs(p.theta - planted.theta) <= 0.1;
  demo.omega_recovered = p.omega <= 1.5 * planted.omega_per_day && p.omega >= planted.omega_per_day / 1.5;
  demo.sigma_recovered = std::abs(p.sigma_m - planted.sigma_m) <= 0.3 * planted.sigma_m;
  return demo;
}

}  // namespace grip::forecast

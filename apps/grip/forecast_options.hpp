// Options grip backtest and grip forecast share: which data, which crime types, which window, which
// grid; and the backtest's origin settings (the forecast calibrates on backtest origins too).
#pragma once

#include <CLI/CLI.hpp>
#include <memory>
#include <string>

#include "grip/core/errors.hpp"
#include "grip/forecast/backtest.hpp"
#include "grip/forecast/forecast_data.hpp"
#include "option_checks.hpp"

namespace grip::cli {

struct ForecastCliOptions {
  forecast::ForecastSettings data;
  forecast::BacktestOptions backtest;
  std::string window;
  std::string window_start;
};

inline void add_forecast_data_options(CLI::App& command, ForecastCliOptions& options) {
  command.add_option("--dataset", options.data.dataset,
                     "Ingest dataset (default: police.uk street when stored, else all)");
  command
      .add_option("--types", options.data.crime_types,
                  "Serious-violence crime types (default: Violence and sexual offences, Robbery)")
      ->delimiter(',');
  command.add_option("--window", options.window,
                     "month, week, day, any length as <N>h or <N>d (8h: shifts), or a recurring window such "
                     "as \"fri,sat 20:00-04:00\" or \"daily 22:00-06:00\" (default: month for month data, "
                     "day for time-stamped)");
  command.add_option(
      "--window-start", options.window_start,
      "Hour of the day (HH or HH:MM) at which day, week and shift windows begin: with --window "
      "8h, 06 gives shifts 06-14, 14-22, 22-06 (default 00:00)");
  command.add_option("--cell-size", options.data.cell_size_m, "Cell size in metres")
      ->capture_default_str()
      ->check(cell_size_range());
  command
      .add_option("--min-train", options.backtest.min_train_windows,
                  "Windows of history before the first origin (default: 3 months, 8 weeks, 28 days)")
      ->check(whole_number(1, 10'000));
  command
      .add_option("--ma-windows", options.backtest.model_options.moving_average_windows,
                  "Windows the moving-average baseline averages (default: 3 months, 4 weeks, 7 days)")
      ->check(whole_number(1, 10'000));
  command
      .add_option(
          "--calibration-origins", options.backtest.calibration_origins,
          "Earlier origins the isotonic calibration learns from (default: 3 months, 8 weeks, 28 days)")
      ->check(whole_number(1, 10'000));
}

inline forecast::ForecastSettings resolve_data_options(const ForecastCliOptions& options) {
  auto settings = options.data;
  const double start = options.window_start.empty() ? 0.0 : forecast::hour_of_day_from(options.window_start);
  if (!options.window.empty()) {
    settings.window = forecast::window_spec_from(options.window, start);
  } else if (start != 0.0) {
    throw UsageError("--window-start needs --window (day, week, <N>h or <N>d)");
  }
  return settings;
}

}  // namespace grip::cli

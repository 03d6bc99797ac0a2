// Writing backtests and forecasts to the store (tables of schema migration 3), in one transaction
// each: backtest_runs (history, with the table as JSON) and the default-model settings; forecast_runs,
// forecast_cells (POLYGON layer: the probability surface, cells at or above the cut) and
// forecast_hotspots (MULTIPOLYGON layer: the latest hotspot run's selected hotspots). A forecast
// replaces the previous forecast's cells and hotspots.
#pragma once

#include <cstdint>

#include "grip/forecast/backtest.hpp"
#include "grip/forecast/forecast_run.hpp"
#include "grip/store/store.hpp"

namespace grip::forecast {

// Records the run and makes result.best_model the store's default for grip forecast. Returns the run id.
std::int64_t write_backtest(store::Store& store, const BacktestResult& result);

struct ForecastWriteSummary {
  std::int64_t run_id = 0;
  std::int64_t cells_written = 0;
  std::int64_t hotspots_written = 0;
};
ForecastWriteSummary write_forecast(store::Store& store, const ForecastRun& run, const ForecastData& data);

}  // namespace grip::forecast

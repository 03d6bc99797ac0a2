// What `grip backtest` and `grip forecast` write: backtest_runs and forecast_runs (attributes, kept
// as history), forecast_cells (POLYGON, the latest forecast's cells at or above its cut) and
// forecast_hotspots (the latest hotspot run's selected areas with the forecast's figures).
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>

#include "grip/store/store.hpp"

namespace grip::store {

struct BacktestRunRow {
  std::string created, dataset, window_kind, metric, best_model, result_json;
  double cell_size_m = 0, study_area_m2 = 0;
  std::int64_t scored_windows = 0;
};
// Returns the new run's id. Inside the caller's WriteTransaction.
std::int64_t write_backtest_run(Store& store, const BacktestRunRow& row);

struct ForecastRunRow {
  std::string created, model, model_source, dataset, target_types, window_kind, target_window, result_json;
  double cell_size_m = 0, study_area_m2 = 0, probability_cut = 0, expected_total = 0;
  std::int64_t cells_written = 0;
};

struct ForecastCellRow {
  std::span<const std::uint8_t> wkb;
  Envelope envelope{};
  std::int64_t cell = 0, col = 0, row = 0, rank = 0;  // rank 0 = not among the ranked places
  double probability = 0, probability_uncalibrated = 0, expected = 0, expected_harm = 0;
  std::string_view explanation;  // empty = NULL
};

struct ForecastHotspotRow {
  std::int64_t hotspot_run_id = 0, cells = 0, rank = 0;
  std::string_view hotspot_id, explanation;
  double probability = 0, expected = 0, expected_harm = 0;
};

// Writes one forecast inside the caller's WriteTransaction: construct (registers the layers and
// clears the previous forecast's cells and hotspots), add_run, the cells, the hotspots, finish.
class ForecastLayerWriter {
 public:
  explicit ForecastLayerWriter(Store& store);
  ~ForecastLayerWriter();
  std::int64_t add_run(const ForecastRunRow& run);
  // Every cell before the first hotspot.
  void add_cell(const ForecastCellRow& cell);
  // The hotspot's geometry and name are taken from the hotspot run it belongs to.
  void add_hotspot(const ForecastHotspotRow& hotspot);
  void finish(const Envelope& bounds);

 private:
  void end_cells();

  Store& store_;
  std::int64_t run_id_ = 0;
  std::unique_ptr<RowSink> cells_;
  std::unique_ptr<Query> hotspots_;
};

}  // namespace grip::store

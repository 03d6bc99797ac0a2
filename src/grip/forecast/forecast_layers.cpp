// Backtest and forecast rows, the forecast layers, and the default-model settings.
#include "grip/forecast/forecast_layers.hpp"

#include <fmt/format.h>

#include <array>

#include "grip/core/time_text.hpp"
#include "grip/geo/cell_outline.hpp"
#include "grip/store/forecast_tables.hpp"

namespace grip::forecast {

std::int64_t write_backtest(store::Store& store, const BacktestResult& result) {
  store::WriteTransaction transaction(store);
  store::BacktestRunRow row;
  row.created = utc_now_iso();
  row.dataset = result.dataset;
  row.window_kind = result.window_text;
  row.cell_size_m = result.cell_size_m;
  row.study_area_m2 = result.study_area.area_m2;
  row.metric = to_string(result.metric);
  row.best_model = result.best_model;
  row.scored_windows = static_cast<std::int64_t>(result.scored_windows.size());
  row.result_json = backtest_json(result).dump();
  const auto run_id = store::write_backtest_run(store, row);
  store.put_setting(kDefaultModelSetting, result.best_model);
  store.put_setting(kDefaultModelChoiceSetting,
                    fmt::format("backtest {} ({}, {} {}s scored, {} m cells): {}", run_id, result.dataset,
                                result.scored_windows.size(), result.window_text, result.cell_size_m,
                                result.choice.reason));
  store.put_setting(kEnsembleMembersSetting, fmt::format("{}", fmt::join(result.ensemble_members, ",")));
  transaction.commit();
  return run_id;
}

ForecastWriteSummary write_forecast(store::Store& store, const ForecastRun& run, const ForecastData& data) {
  ForecastWriteSummary summary;
  store::WriteTransaction transaction(store);
  store::ForecastLayerWriter writer(store);
  store::ForecastRunRow row;
  row.created = run.created;
  row.model = run.model;
  row.model_source = run.model_source;
  row.dataset = data.dataset;
  row.target_types = fmt::format("{}", fmt::join(data.target_types, ", "));
  row.window_kind = data.spec().describe();
  row.target_window = run.target_window.label;
  row.cell_size_m = data.grid.cell_size();
  row.study_area_m2 = data.study_area.area_m2;
  row.probability_cut = run.probability_cut;
  row.cells_written = static_cast<std::int64_t>(run.cells_in_layer);
  row.expected_total = run.expected_total;
  row.result_json = forecast_json(run, data).dump();
  summary.run_id = writer.add_run(row);

  std::vector<std::int64_t> rank(data.cells(), 0);
  std::vector<const std::string*> explanation(data.cells(), nullptr);
  for (std::size_t i = 0; i < run.ranked.size(); ++i) {
    rank[run.ranked[i].study_cell] = static_cast<std::int64_t>(i + 1);
    explanation[run.ranked[i].study_cell] = &run.ranked[i].explanation;
  }
  const auto& grid = data.grid;
  std::array<std::uint8_t, geo::kCellPolygonWkbSize> wkb{};
  for (std::size_t c = 0; c < data.cells(); ++c) {
    if (run.probability[c] < run.probability_cut && rank[c] == 0) continue;  // ranked cells always
    const std::size_t g = data.study_cells[c];
    geo::cell_polygon_wkb(grid, g, wkb);
    const auto corner_x = grid.x0() + static_cast<double>(grid.col_of(g)) * grid.cell_size();
    const auto corner_y = grid.y0() + static_cast<double>(grid.row_of(g)) * grid.cell_size();
    store::ForecastCellRow cell;
    cell.wkb = wkb;
    cell.envelope = {corner_x, corner_x + grid.cell_size(), corner_y, corner_y + grid.cell_size()};
    cell.cell = static_cast<std::int64_t>(g);
    cell.col = static_cast<std::int64_t>(grid.col_of(g));
    cell.row = static_cast<std::int64_t>(grid.row_of(g));
    cell.probability = run.probability[c];
    cell.probability_uncalibrated = run.probability_raw[c];
    cell.expected = run.expected[c];
    cell.expected_harm = run.expected_harm[c];
    cell.rank = rank[c];
    if (rank[c] > 0) cell.explanation = *explanation[c];
    writer.add_cell(cell);
    ++summary.cells_written;
  }
  for (std::size_t i = 0; i < run.hotspots.size(); ++i) {
    const auto& h = run.hotspots[i];
    store::ForecastHotspotRow hotspot;
    hotspot.hotspot_run_id = run.hotspot_run_id;
    hotspot.hotspot_id = h.id;
    hotspot.cells = static_cast<std::int64_t>(h.cells);
    hotspot.probability = h.probability;
    hotspot.expected = h.expected;
    hotspot.expected_harm = h.expected_harm;
    hotspot.rank = static_cast<std::int64_t>(i + 1);
    hotspot.explanation = h.explanation;
    writer.add_hotspot(hotspot);
    ++summary.hotspots_written;
  }
  // Bounds are a viewer's hint: the grid's extent holds every written cell and hotspot.
  writer.finish({grid.x0(), grid.x_max(), grid.y0(), grid.y_max()});
  transaction.commit();
  return summary;
}

}  // namespace grip::forecast

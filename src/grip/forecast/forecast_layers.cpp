// Backtest and forecast rows, the forecast layers, and the default-model settings.
#include "grip/forecast/forecast_layers.hpp"

#include <fmt/format.h>

#include <array>

#include "grip/core/time_text.hpp"
#include "grip/geo/cell_outline.hpp"
#include "grip/store/geometry_blob.hpp"

namespace grip::forecast {

std::int64_t write_backtest(store::Store& store, const BacktestResult& result) {
  auto& db = store.connection();
  store::Transaction transaction(db);
  store.register_attribute_table("backtest_runs", "Forecast backtests: every model's scores as JSON (Grip)");
  const auto created = utc_now_iso();
  auto insert = db.prepare(
      "INSERT INTO backtest_runs (created, dataset, window_kind, cell_size_m, study_area_m2, metric, best_model, scored_windows, "
      "result) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)");
  const auto json = backtest_json(result).dump();
  insert.bind(1, std::string_view(created)).bind(2, std::string_view(result.dataset)).bind(3, std::string_view(to_string(result.window)));
  insert.bind(4, result.cell_size_m).bind(5, result.study_area.area_m2).bind(6, std::string_view(to_string(result.metric)));
  insert.bind(7, std::string_view(result.best_model)).bind(8, static_cast<std::int64_t>(result.scored_windows.size()));
  insert.bind(9, std::string_view(json));
  insert.step();
  const auto run_id = db.last_insert_rowid();
  store.put_setting(kDefaultModelSetting, result.best_model);
  store.put_setting(kDefaultModelChoiceSetting,
                    fmt::format("best by {} in backtest {} ({}, {} {}s scored, {} m cells)", to_string(result.metric), run_id,
                                result.dataset, result.scored_windows.size(), to_string(result.window), result.cell_size_m));
  store.put_setting(kEnsembleMembersSetting, fmt::format("{}", fmt::join(result.ensemble_members, ",")));
  transaction.commit();
  return run_id;
}

ForecastWriteSummary write_forecast(store::Store& store, const ForecastRun& run, const ForecastData& data) {
  ForecastWriteSummary summary;
  auto& db = store.connection();
  const auto srs = static_cast<std::int32_t>(store.crs()->epsg);
  store::Transaction transaction(db);
  store.register_attribute_table("forecast_runs", "Forecast runs: model, window, calibration, ranked places (Grip)");
  store.register_feature_layer("forecast_cells", "POLYGON",
                               "Latest forecast: P(at least one serious-violence incident) per cell, cells at or above the cut (Grip)");
  store.register_feature_layer("forecast_hotspots", "MULTIPOLYGON",
                               "Latest forecast: probability and expected harm per selected hotspot (Grip)");
  db.exec("DELETE FROM forecast_cells");
  db.exec("DELETE FROM forecast_hotspots");
  auto insert_run = db.prepare(
      "INSERT INTO forecast_runs (created, model, model_source, dataset, target_types, window_kind, target_window, cell_size_m, "
      "study_area_m2, probability_cut, cells_written, expected_total, result) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, "
      "?12, ?13)");
  const auto types = fmt::format("{}", fmt::join(data.target_types, ", "));
  const auto json = forecast_json(run, data).dump();
  insert_run.bind(1, std::string_view(run.created)).bind(2, std::string_view(run.model)).bind(3, std::string_view(run.model_source));
  insert_run.bind(4, std::string_view(data.dataset)).bind(5, std::string_view(types)).bind(6, std::string_view(to_string(data.window)));
  insert_run.bind(7, std::string_view(run.target_window.label)).bind(8, data.grid.cell_size()).bind(9, data.study_area.area_m2);
  insert_run.bind(10, run.probability_cut).bind(11, static_cast<std::int64_t>(run.cells_above_cut)).bind(12, run.expected_total);
  insert_run.bind(13, std::string_view(json));
  insert_run.step();
  summary.run_id = db.last_insert_rowid();

  std::vector<std::int64_t> rank(data.cells(), 0);
  std::vector<const std::string*> explanation(data.cells(), nullptr);
  for (std::size_t i = 0; i < run.ranked.size(); ++i) {
    rank[run.ranked[i].study_cell] = static_cast<std::int64_t>(i + 1);
    explanation[run.ranked[i].study_cell] = &run.ranked[i].explanation;
  }
  auto insert_cell = db.prepare(
      "INSERT INTO forecast_cells (geom, run_id, cell, col, row, probability, probability_uncalibrated, expected, expected_harm, "
      "rank, explanation) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)");
  const auto& grid = data.grid;
  std::array<std::uint8_t, geo::kCellPolygonWkbSize> wkb{};
  for (std::size_t c = 0; c < data.cells(); ++c) {
    if (run.probability[c] < run.probability_cut) continue;
    const std::size_t g = data.study_cells[c];
    geo::cell_polygon_wkb(grid, g, wkb);
    const auto corner_x = grid.x0() + static_cast<double>(grid.col_of(g)) * grid.cell_size();
    const auto corner_y = grid.y0() + static_cast<double>(grid.row_of(g)) * grid.cell_size();
    const auto blob = store::wrap_wkb(srs, {corner_x, corner_x + grid.cell_size(), corner_y, corner_y + grid.cell_size()}, wkb);
    insert_cell.bind_blob(1, blob).bind(2, summary.run_id).bind(3, static_cast<std::int64_t>(g));
    insert_cell.bind(4, static_cast<std::int64_t>(grid.col_of(g))).bind(5, static_cast<std::int64_t>(grid.row_of(g)));
    insert_cell.bind(6, run.probability[c]).bind(7, run.probability_raw[c]).bind(8, run.expected[c]).bind(9, run.expected_harm[c]);
    if (rank[c] > 0) {
      insert_cell.bind(10, rank[c]).bind(11, std::string_view(*explanation[c]));
    } else {
      insert_cell.bind(10, std::int64_t{0}).bind_null(11);
    }
    insert_cell.step();
    insert_cell.reset();
    ++summary.cells_written;
  }
  auto insert_hotspot = db.prepare(
      "INSERT INTO forecast_hotspots (geom, run_id, hotspot_run_id, hotspot_id, name, cells, probability, expected, expected_harm, "
      "rank, explanation) SELECT geom, ?1, run_id, hotspot_id, name, ?2, ?3, ?4, ?5, ?6, ?7 FROM hotspots WHERE run_id = ?8 AND "
      "hotspot_id = ?9");
  for (std::size_t i = 0; i < run.hotspots.size(); ++i) {
    const auto& h = run.hotspots[i];
    insert_hotspot.bind(1, summary.run_id).bind(2, static_cast<std::int64_t>(h.cells)).bind(3, h.probability).bind(4, h.expected);
    insert_hotspot.bind(5, h.expected_harm).bind(6, static_cast<std::int64_t>(i + 1)).bind(7, std::string_view(h.explanation));
    insert_hotspot.bind(8, run.hotspot_run_id).bind(9, std::string_view(h.id));
    insert_hotspot.step();
    insert_hotspot.reset();
    ++summary.hotspots_written;
  }
  // Bounds are a viewer's hint: the grid's extent holds every written cell and hotspot.
  for (const char* layer : {"forecast_cells", "forecast_hotspots"}) store.extend_layer(layer, grid.x0(), grid.y0(), grid.x_max(), grid.y_max());
  transaction.commit();
  return summary;
}

}  // namespace grip::forecast

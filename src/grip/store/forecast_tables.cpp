#include "grip/store/forecast_tables.hpp"

namespace grip::store {

std::int64_t write_backtest_run(Store& store, const BacktestRunRow& row) {
  store.register_attribute_table("backtest_runs", "Forecast backtests: every model's scores as JSON (Grip)");
  auto insert = store.database().prepare(
      "INSERT INTO backtest_runs (created, dataset, window_kind, cell_size_m, study_area_m2, metric, "
      "best_model, "
      "scored_windows, result) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) RETURNING run_id");
  insert->bind(1, std::string_view(row.created)).bind(2, std::string_view(row.dataset));
  insert->bind(3, std::string_view(row.window_kind)).bind(4, row.cell_size_m).bind(5, row.study_area_m2);
  insert->bind(6, std::string_view(row.metric))
      .bind(7, std::string_view(row.best_model))
      .bind(8, row.scored_windows);
  insert->bind(9, std::string_view(row.result_json));
  insert->step();
  const auto run_id = insert->column_int(0);
  while (insert->step()) {
  }
  return run_id;
}

ForecastLayerWriter::ForecastLayerWriter(Store& store) : store_(store) {
  store_.register_attribute_table("forecast_runs",
                                  "Forecast runs: model, window, calibration, ranked places (Grip)");
  store_.register_feature_layer("forecast_cells", "POLYGON",
                                "Latest forecast: P(at least one serious-violence incident) per cell, cells "
                                "at or above the cut (Grip)");
  store_.register_feature_layer("forecast_hotspots", "MULTIPOLYGON",
                                "Latest forecast: probability and expected harm per selected hotspot (Grip)");
  store_.database().exec("DELETE FROM forecast_cells");
  store_.database().exec("DELETE FROM forecast_hotspots");
}

ForecastLayerWriter::~ForecastLayerWriter() = default;

std::int64_t ForecastLayerWriter::add_run(const ForecastRunRow& run) {
  auto& db = store_.database();
  {
    // Ended (and its statement freed) before the cells' COPY begins.
    auto insert = db.prepare(
        "INSERT INTO forecast_runs (created, model, model_source, dataset, target_types, window_kind, "
        "target_window, "
        "cell_size_m, study_area_m2, probability_cut, cells_written, expected_total, result) VALUES (?1, ?2, "
        "?3, ?4, "
        "?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13) RETURNING run_id");
    insert->bind(1, std::string_view(run.created)).bind(2, std::string_view(run.model));
    insert->bind(3, std::string_view(run.model_source)).bind(4, std::string_view(run.dataset));
    insert->bind(5, std::string_view(run.target_types)).bind(6, std::string_view(run.window_kind));
    insert->bind(7, std::string_view(run.target_window)).bind(8, run.cell_size_m).bind(9, run.study_area_m2);
    insert->bind(10, run.probability_cut).bind(11, run.cells_written).bind(12, run.expected_total);
    insert->bind(13, std::string_view(run.result_json));
    insert->step();
    run_id_ = insert->column_int(0);
    while (insert->step()) {
    }
  }
  // Prepared before the cells' bulk load begins: PostgreSQL's COPY holds the connection until it ends.
  hotspots_ = db.prepare(
      "INSERT INTO forecast_hotspots (geom, run_id, hotspot_run_id, hotspot_id, name, cells, probability, "
      "expected, "
      "expected_harm, rank, explanation) SELECT geom, ?1, run_id, hotspot_id, name, ?2, ?3, ?4, ?5, ?6, ?7 "
      "FROM "
      "hotspots WHERE run_id = ?8 AND hotspot_id = ?9");
  cells_ = db.bulk_insert("forecast_cells",
                          {"geom", "run_id", "cell", "col", "row", "probability", "probability_uncalibrated",
                           "expected", "expected_harm", "rank", "explanation"});
  return run_id_;
}

void ForecastLayerWriter::add_cell(const ForecastCellRow& c) {
  auto& sink = *cells_;
  sink.add_geometry(c.wkb, c.envelope);
  sink.add(run_id_);
  sink.add(c.cell);
  sink.add(c.col);
  sink.add(c.row);
  sink.add(c.probability);
  sink.add(c.probability_uncalibrated);
  sink.add(c.expected);
  sink.add(c.expected_harm);
  sink.add(c.rank);
  sink.add_or_null(c.explanation);
  sink.end_row();
}

void ForecastLayerWriter::add_hotspot(const ForecastHotspotRow& h) {
  end_cells();
  auto& insert = *hotspots_;
  insert.bind(1, run_id_)
      .bind(2, h.cells)
      .bind(3, h.probability)
      .bind(4, h.expected)
      .bind(5, h.expected_harm);
  insert.bind(6, h.rank).bind(7, h.explanation).bind(8, h.hotspot_run_id).bind(9, h.hotspot_id);
  insert.step();
  insert.reset();
}

void ForecastLayerWriter::end_cells() {
  if (!cells_) return;
  cells_->finish();
  cells_.reset();
}

void ForecastLayerWriter::finish(const Envelope& bounds) {
  end_cells();
  store_.extend_layer("forecast_cells", bounds);
  store_.extend_layer("forecast_hotspots", bounds);
}

}  // namespace grip::store

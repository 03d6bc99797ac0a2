#include "grip/store/hotspot_tables.hpp"

#include <cmath>

namespace grip::store {
namespace {
void bind_or_null(Query& query, int index, double value) {
  if (std::isfinite(value)) {
    query.bind(index, value);
  } else {
    query.bind_null(index);
  }
}
}  // namespace

HotspotLayerWriter::HotspotLayerWriter(Store& store) : store_(store) {
  store_.register_attribute_table("hotspot_runs", "Hotspot runs: settings and selection as JSON (Grip)");
  store_.register_feature_layer(
      "hotspot_cells", "POLYGON",
      "Grid cells of the latest hotspot run with counts, harm, KDE, Gi* and trend (Grip)");
  store_.register_feature_layer("hotspots", "MULTIPOLYGON",
                                "Hotspot areas of the latest run: selected and runners-up, ranked (Grip)");
  previous_rows_ = store_.count_rows("hotspot_cells") + store_.count_rows("hotspots");
  auto& db = store_.database();
  db.exec("DELETE FROM hotspot_cells");
  db.exec("DELETE FROM hotspots");
}

HotspotLayerWriter::~HotspotLayerWriter() = default;

std::int64_t HotspotLayerWriter::add_run(const HotspotRunRow& run) {
  {
    // Ended (and its statement freed) before the cells' COPY begins.
    auto insert = store_.database().prepare(
        "INSERT INTO hotspot_runs (created, settings, result, cell_size_m, bandwidth_m, first_month, "
        "last_month, "
        "study_area_m2, incidents, selected) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) RETURNING "
        "run_id");
    insert->bind(1, std::string_view(run.created)).bind(2, std::string_view(run.settings_json));
    insert->bind(3, std::string_view(run.result_json)).bind(4, run.cell_size_m).bind(5, run.bandwidth_m);
    insert->bind(6, std::string_view(run.first_month)).bind(7, std::string_view(run.last_month));
    insert->bind(8, run.study_area_m2).bind(9, run.incidents).bind(10, run.selected);
    insert->step();
    run_id_ = insert->column_int(0);
    while (insert->step()) {
    }
  }
  // The areas' statement is prepared before the cells' bulk load begins: PostgreSQL's COPY holds
  // the connection until it ends.
  areas_ = store_.database().prepare(
      "INSERT INTO hotspots (geom, run_id, hotspot_id, rank, selected, name, district, street_label, "
      "area_m2, cells, "
      "harm, ranking_harm, share_of_force_harm, incidents, counts_by_type, peak_gi_z, mean_kde_density, "
      "trend_cells, "
      "review, review_reason, explanation) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, "
      "?14, ?15, "
      "?16, ?17, ?18, ?19, ?20, ?21)");
  cells_ = store_.database().bulk_insert(
      "hotspot_cells", {"geom", "run_id", "cell", "col", "row", "incidents", "harm", "ranking_harm", "weight",
                        "kde_density", "kde_expected", "gi_z", "gi_p", "gi_p_adjusted", "gi_bin", "trend",
                        "trend_z", "trend_p", "hotspot_id"});
  return run_id_;
}

void HotspotLayerWriter::add_cell(const HotspotCellRow& c) {
  auto& sink = *cells_;
  sink.add_geometry(c.wkb, c.envelope);
  sink.add(run_id_);
  sink.add(c.cell);
  sink.add(c.col);
  sink.add(c.row);
  sink.add(c.incidents);
  for (const double value :
       {c.harm, c.ranking_harm, c.weight, c.kde_density, c.kde_expected, c.gi_z, c.gi_p, c.gi_p_adjusted}) {
    sink.add(std::isfinite(value) ? value : std::nan(""));
  }
  sink.add(c.gi_bin);
  sink.add(c.trend);
  sink.add(std::isfinite(c.trend_z) ? c.trend_z : std::nan(""));
  sink.add(std::isfinite(c.trend_p) ? c.trend_p : std::nan(""));
  sink.add_or_null(c.hotspot_id);
  sink.end_row();
}

void HotspotLayerWriter::add_area(const HotspotAreaRow& a) {
  end_cells();
  auto& insert = *areas_;
  insert.bind_geometry(1, a.wkb, a.envelope)
      .bind(2, run_id_)
      .bind(3, a.hotspot_id)
      .bind(4, a.rank)
      .bind(5, a.selected);
  insert.bind(6, a.name).bind(7, a.district).bind(8, a.street_label).bind(9, a.area_m2).bind(10, a.cells);
  insert.bind(11, a.harm).bind(12, a.ranking_harm).bind(13, a.share_of_force_harm).bind(14, a.incidents);
  insert.bind(15, a.counts_by_type_json);
  bind_or_null(insert, 16, a.peak_gi_z);
  insert.bind(17, a.mean_kde_density)
      .bind(18, a.trend_cells_json)
      .bind(19, a.review)
      .bind(20, a.review_reason);
  insert.bind(21, a.explanation);
  insert.step();
  insert.reset();
}

void HotspotLayerWriter::end_cells() {
  if (!cells_) return;
  cells_->finish();
  cells_.reset();
}

void HotspotLayerWriter::finish(const Envelope& bounds) {
  end_cells();
  store_.extend_layer("hotspot_cells", bounds);
  store_.extend_layer("hotspots", bounds);
}

SelectedHotspots read_selected_hotspots(Store& store) {
  SelectedHotspots selected;
  auto& db = store.database();
  auto latest = db.prepare("SELECT COALESCE(MAX(run_id), 0) FROM hotspots WHERE selected = 1");
  latest->step();
  selected.run_id = latest->column_int(0);
  if (selected.run_id == 0) return selected;
  auto query = db.prepare(
      "SELECT hotspot_id, name, geom FROM hotspots WHERE selected = 1 AND run_id = ?1 ORDER BY fid");
  query->bind(1, selected.run_id);
  while (query->step())
    selected.hotspots.push_back({query->column_text(0), query->column_text(1), query->column_geometry(2)});
  return selected;
}

}  // namespace grip::store

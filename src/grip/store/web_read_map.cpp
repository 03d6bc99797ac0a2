#include "grip/store/web_read_map.hpp"

namespace grip::store {

std::vector<GiBinCell> read_gi_bin_cells(Store& store, std::int64_t limit) {
  // hotspot_cells holds the latest run only (a run replaces the previous run's cells).
  auto query = store.database().prepare(
      "SELECT geom, gi_bin, incidents, COALESCE(gi_z, 0), COALESCE(hotspot_id, '') FROM hotspot_cells "
      "WHERE gi_bin <> 0 ORDER BY fid LIMIT ?1");
  query->bind(1, limit);
  std::vector<GiBinCell> cells;
  while (query->step()) {
    cells.push_back({query->column_geometry(0), query->column_int(1), query->column_int(2),
                     query->column_double(3), query->column_text(4)});
  }
  return cells;
}

LatestForecastHotspots read_latest_forecast_hotspots(Store& store) {
  LatestForecastHotspots out;
  auto& db = store.database();
  auto latest = db.prepare("SELECT COALESCE(MAX(run_id), 0) FROM forecast_hotspots");
  latest->step();
  out.run_id = latest->column_int(0);
  if (out.run_id == 0) return out;
  auto run =
      db.prepare("SELECT created, model, window_kind, target_window FROM forecast_runs WHERE run_id = ?1");
  run->bind(1, out.run_id);
  if (run->step()) {
    out.created = run->column_text(0);
    out.model = run->column_text(1);
    out.window_kind = run->column_text(2);
    out.target_window = run->column_text(3);
  }
  while (run->step()) {
  }
  auto query = db.prepare(
      "SELECT hotspot_id, name, rank, cells, probability, expected, expected_harm FROM forecast_hotspots "
      "WHERE run_id = ?1 ORDER BY rank, fid");
  query->bind(1, out.run_id);
  while (query->step()) {
    out.hotspots.push_back({query->column_text(0), query->column_text(1), query->column_int(2),
                            query->column_int(3), query->column_double(4), query->column_double(5),
                            query->column_double(6)});
  }
  return out;
}

std::optional<HotspotDetailRow> read_hotspot_detail(Store& store, const std::string& hotspot_id) {
  auto& db = store.database();
  auto query = db.prepare(
      "SELECT h.run_id, h.rank, h.cells, h.incidents, h.selected, h.hotspot_id, h.name, h.district, "
      "h.street_label, h.counts_by_type, h.trend_cells, h.review, h.explanation, r.first_month, "
      "r.last_month, "
      "h.area_m2, h.harm, h.share_of_force_harm, COALESCE(h.peak_gi_z, 0), h.geom "
      "FROM hotspots h JOIN hotspot_runs r ON r.run_id = h.run_id "
      "WHERE h.hotspot_id = ?1 ORDER BY h.run_id DESC, h.fid LIMIT 1");
  query->bind(1, std::string_view(hotspot_id));
  if (!query->step()) return std::nullopt;
  HotspotDetailRow row;
  row.run_id = query->column_int(0);
  row.rank = query->column_int(1);
  row.cells = query->column_int(2);
  row.incidents = query->column_int(3);
  row.selected = query->column_int(4) != 0;
  row.hotspot_id = query->column_text(5);
  row.name = query->column_text(6);
  row.district = query->column_text(7);
  row.street_label = query->column_text(8);
  row.counts_by_type_json = query->column_text(9);
  row.trend_cells_json = query->column_text(10);
  row.review = query->column_text(11);
  row.explanation = query->column_text(12);
  row.first_month = query->column_text(13);
  row.last_month = query->column_text(14);
  row.area_m2 = query->column_double(15);
  row.harm = query->column_double(16);
  row.share_of_force_harm = query->column_double(17);
  row.peak_gi_z = query->column_double(18);
  row.wkb = query->column_geometry(19);
  while (query->step()) {
  }
  return row;
}

}  // namespace grip::store

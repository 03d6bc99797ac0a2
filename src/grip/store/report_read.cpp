#include "grip/store/report_read.hpp"

namespace grip::store {

StoredForecast read_latest_forecast_hotspots(Store& store) {
  StoredForecast forecast;
  auto& db = store.database();
  {
    auto latest = db.prepare(
        "SELECT r.run_id, r.created, r.model, r.window_kind, r.target_window, r.target_types FROM "
        "forecast_runs r "
        "WHERE r.run_id = (SELECT MAX(h.run_id) FROM forecast_hotspots h)");
    if (latest->step()) {
      forecast.forecast_run = latest->column_int(0);
      forecast.created = latest->column_text(1);
      forecast.model = latest->column_text(2);
      forecast.window_kind = latest->column_text(3);
      forecast.target_window = latest->column_text(4);
      forecast.target_types = latest->column_text(5);
    }
    while (latest->step()) {
    }
  }
  if (forecast.forecast_run == 0) return forecast;
  auto rows = db.prepare(
      "SELECT hotspot_run_id, hotspot_id, name, explanation, cells, rank, probability, expected, "
      "expected_harm, "
      "geom FROM forecast_hotspots WHERE run_id = ?1 ORDER BY fid");
  rows->bind(1, forecast.forecast_run);
  while (rows->step()) {
    forecast.hotspot_run_id = rows->column_int(0);
    forecast.hotspots.push_back({rows->column_text(1), rows->column_text(2), rows->column_text(3),
                                 rows->column_int(4), rows->column_int(5), rows->column_double(6),
                                 rows->column_double(7), rows->column_double(8), rows->column_geometry(9)});
  }
  return forecast;
}

}  // namespace grip::store

#include "grip/store/evaluation_inputs.hpp"

namespace grip::store {

HotspotAreaSet read_latest_hotspot_areas(Store& store) {
  HotspotAreaSet set;
  auto& db = store.database();
  {
    auto latest = db.prepare("SELECT COALESCE(MAX(run_id), 0) FROM hotspots");
    latest->step();
    set.run_id = latest->column_int(0);
  }
  if (set.run_id == 0) return set;
  auto query = db.prepare(
      "SELECT hotspot_id, name, district, rank, selected, harm, geom FROM hotspots WHERE run_id = ?1 "
      "ORDER BY rank, fid");
  query->bind(1, set.run_id);
  while (query->step()) {
    HotspotAreaShape area;
    area.id = query->column_text(0);
    area.name = query->column_text(1);
    area.district = query->column_text(2);
    area.rank = query->column_int(3);
    area.selected = query->column_int(4) != 0;
    area.harm = query->column_double(5);
    area.wkb = query->column_geometry(6);
    set.areas.push_back(std::move(area));
  }
  return set;
}

MonthRange incident_month_range(Store& store, const std::string& dataset) {
  std::string sql = "SELECT COALESCE(MIN(month), ''), COALESCE(MAX(month), '') FROM incidents";
  if (!dataset.empty()) sql += " WHERE batch_id IN (SELECT batch_id FROM ingest_batches WHERE dataset = ?1)";
  auto query = store.database().prepare(sql);
  if (!dataset.empty()) query->bind(1, std::string_view(dataset));
  MonthRange range;
  if (query->step()) {
    range.first = query->column_text(0);
    range.last = query->column_text(1);
  }
  return range;
}

std::optional<LatestPatrolDesign> latest_patrol_design(Store& store) {
  auto query = store.database().prepare(
      "SELECT design_id, hotspot_run_id, days, kind, first_day FROM patrol_designs ORDER BY design_id DESC "
      "LIMIT 1");
  if (!query->step()) return std::nullopt;
  LatestPatrolDesign design;
  design.design_id = query->column_int(0);
  design.hotspot_run_id = query->column_int(1);
  design.days = query->column_int(2);
  design.kind = query->column_text(3);
  design.first_day = query->column_text(4);
  return design;
}

}  // namespace grip::store

#include "grip/store/incident_tables.hpp"

namespace grip::store {

std::map<std::string, CategoryInfo> read_categories(Store& store) {
  std::map<std::string, CategoryInfo> categories;
  auto query =
      store.database().prepare("SELECT category, harm_weight, origin FROM categories ORDER BY category");
  while (query->step()) {
    auto origin = query->column_text(2);
    const bool victim = origin == "victim-generated";
    categories[query->column_text(0)] = {query->column_double(1), std::move(origin), victim};
  }
  return categories;
}

std::vector<std::string> incident_datasets(Store& store) {
  std::vector<std::string> datasets;
  auto query = store.database().prepare(
      "SELECT DISTINCT dataset FROM ingest_batches WHERE format IN ('police.uk street', 'incident csv') "
      "ORDER BY dataset");
  while (query->step()) datasets.push_back(query->column_text(0));
  return datasets;
}

void for_each_incident(Store& store, const IncidentFilter& filter,
                       const std::function<void(const IncidentView&)>& visit, IncidentOrder order) {
  std::string sql =
      "SELECT x, y, month, occurred_from, category, location, CASE WHEN outside_km IS NULL THEN 0 ELSE 1 "
      "END, "
      "occurred_to, lsoa_name, fid "
      "FROM incidents WHERE month >= ?1 AND month <= ?2";
  if (!filter.dataset.empty())
    sql += " AND batch_id IN (SELECT batch_id FROM ingest_batches WHERE dataset = ?3)";
  // A GeoPackage table scan is in fid (rowid) order anyway, and the ORDER BY keeps SQLite from
  // reading through the month index instead.
  if (order == IncidentOrder::kFid || store.database().engine() == Engine::kGeoPackage)
    sql += " ORDER BY fid";
  auto query = store.database().prepare(sql);
  query->bind(1, std::string_view(filter.from_month)).bind(2, std::string_view(filter.to_month));
  if (!filter.dataset.empty()) query->bind(3, std::string_view(filter.dataset));
  IncidentView view;
  while (query->step()) {
    view.x = query->column_double(0);
    view.y = query->column_double(1);
    view.month = query->column_view(2);
    view.occurred_from = query->column_view(3);
    view.category = query->column_view(4);
    view.location = query->column_view(5);
    view.outside_force_area = query->column_int(6) != 0;
    view.occurred_to = query->column_view(7);
    view.lsoa_name = query->column_view(8);
    view.fid = query->column_int(9);
    visit(view);
  }
}

std::vector<AreaShape> read_areas(Store& store, const std::string& kind) {
  std::vector<AreaShape> areas;
  auto query = store.database().prepare(
      kind.empty() ? "SELECT kind, code, name, geom FROM areas ORDER BY kind, name, code"
                   : "SELECT kind, code, name, geom FROM areas WHERE kind = ?1 ORDER BY name, code");
  if (!kind.empty()) query->bind(1, std::string_view(kind));
  while (query->step()) {
    areas.push_back(
        {query->column_text(0), query->column_text(1), query->column_text(2), query->column_geometry(3)});
  }
  return areas;
}

std::int64_t count_areas(Store& store, const std::string& kind) {
  auto query = store.database().prepare("SELECT count(*) FROM areas WHERE kind = ?1");
  query->bind(1, std::string_view(kind));
  query->step();
  return query->column_int(0);
}

}  // namespace grip::store

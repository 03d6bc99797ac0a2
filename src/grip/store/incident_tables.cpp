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
                       const std::function<void(const IncidentView&)>& visit) {
  std::string sql =
      "SELECT x, y, month, occurred_from, category, location, CASE WHEN outside_km IS NULL THEN 0 ELSE 1 "
      "END, "
      "occurred_to, lsoa_name "
      "FROM incidents WHERE month >= ?1 AND month <= ?2";
  if (!filter.dataset.empty())
    sql += " AND batch_id IN (SELECT batch_id FROM ingest_batches WHERE dataset = ?3)";
  sql += " ORDER BY fid";
  auto query = store.database().prepare(sql);
  query->bind(1, std::string_view(filter.from_month)).bind(2, std::string_view(filter.to_month));
  if (!filter.dataset.empty()) query->bind(3, std::string_view(filter.dataset));
  std::string month, occurred_from, occurred_to, category, location, lsoa_name;
  IncidentView view;
  while (query->step()) {
    view.x = query->column_double(0);
    view.y = query->column_double(1);
    month = query->column_text(2);
    occurred_from = query->column_text(3);
    category = query->column_text(4);
    location = query->column_text(5);
    view.month = month, view.occurred_from = occurred_from, view.category = category,
    view.location = location;
    view.outside_force_area = query->column_int(6) != 0;
    occurred_to = query->column_text(7);
    view.occurred_to = occurred_to;
    lsoa_name = query->column_text(8);
    view.lsoa_name = lsoa_name;
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

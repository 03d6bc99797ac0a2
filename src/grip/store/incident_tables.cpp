#include "grip/store/incident_tables.hpp"

#include <string>
#include <vector>

#include "grip/store/postgres_incident_layout.hpp"

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

namespace {

// incident_texts by id (index 0 and any id it lacks: NULL, read as ""), for reading the ids.
std::vector<std::string> read_incident_texts(Database& db) {
  std::vector<std::string> texts(1);
  auto query = db.prepare(std::string("SELECT text_id, text FROM ") + incident_layout::kTexts);
  while (query->step()) {
    const auto id = query->column_int(0);
    if (id <= 0) continue;
    if (static_cast<std::size_t>(id) >= texts.size()) texts.resize(static_cast<std::size_t>(id) + 1);
    texts[static_cast<std::size_t>(id)] = query->column_text(1);
  }
  return texts;
}

std::string_view text_of(const std::vector<std::string>& texts, const Query& query, int column) {
  if (query.column_is_null(column)) return {};
  const auto id = query.column_int(column);
  return id > 0 && static_cast<std::size_t>(id) < texts.size()
             ? std::string_view(texts[static_cast<std::size_t>(id)])
             : std::string_view();
}

}  // namespace

void for_each_incident(Store& store, const IncidentFilter& filter,
                       const std::function<void(const IncidentView&)>& visit, IncidentOrder order) {
  // On PostGIS's narrow layout the ids are read and looked up here: the view's two joins for
  // location and LSOA name cost the server more than the rest of the scan (6.5 M rows).
  const bool ids = store.database().incidents_hold_text_ids();
  std::vector<std::string> texts;
  if (ids) texts = read_incident_texts(store.database());
  // incident_rows holds no x and y (migration 17): ST_X and ST_Y give the point's stored doubles.
  std::string sql = std::string(ids ? "SELECT ST_X(geom), ST_Y(geom), month, occurred_from, category_id, "
                                    : "SELECT x, y, month, occurred_from, category, ") +
                    (ids ? "location_id" : "location") +
                    ", CASE WHEN outside_km IS NULL THEN 0 ELSE 1 END, occurred_to, " +
                    (ids ? "lsoa_name_id" : "lsoa_name") + ", fid FROM " +
                    (ids ? incident_layout::kRows : "incidents") + " WHERE month >= ?1 AND month <= ?2";
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
    view.category = ids ? text_of(texts, *query, 4) : query->column_view(4);
    view.location = ids ? text_of(texts, *query, 5) : query->column_view(5);
    view.outside_force_area = query->column_int(6) != 0;
    view.occurred_to = query->column_view(7);
    view.lsoa_name = ids ? text_of(texts, *query, 8) : query->column_view(8);
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

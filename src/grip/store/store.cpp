#include "grip/store/store.hpp"

#include "grip/core/errors.hpp"
#include "grip/store/schema.hpp"

namespace grip::store {
namespace {
struct FeatureLayer {
  const char* table;
  const char* geometry_type;
  const char* description;
};
constexpr FeatureLayer kFeatureLayers[] = {
    {"incidents", "POINT", "Crime and incident records (Grip)"},
    {"stop_searches", "POINT", "Stop and search records, without personal descriptors (Grip)"},
    {"areas", "MULTIPOLYGON", "Boundaries: districts, LSOAs, precincts (Grip)"},
};
}  // namespace

Store::Store(const std::string& path) : connection_(path) {
  // Before any pragma that writes: a foreign SQLite file must be left exactly as it was.
  require_grip_store_or_empty(connection_);
  // Larger pages suit append-heavy ingest and whole-layer reads (fewer B-tree pages per row); it
  // only takes effect on a new file, before WAL is switched on.
  connection_.exec("PRAGMA page_size = 65536");
  connection_.exec("PRAGMA journal_mode = WAL");
  // NORMAL is durable against a killed process (the case that matters for kill -9 mid-ingest);
  // only an OS crash could lose the last commit, never corrupt the file.
  connection_.exec("PRAGMA synchronous = NORMAL");
  connection_.exec("PRAGMA foreign_keys = ON");
  // A whole force's ingest is one transaction; a large page cache keeps it from spilling to the WAL
  // and reading pages back mid-transaction (the memory is only used as the store grows).
  connection_.exec("PRAGMA cache_size = -262144");
  migrate(connection_);
}

std::optional<StoreCrs> Store::crs() {
  const auto epsg = setting("crs_epsg");
  if (!epsg) return std::nullopt;
  return StoreCrs{std::stoi(*epsg), "EPSG:" + *epsg, setting("crs_name").value_or("")};
}

void Store::set_crs(const geo::CrsChoice& choice, const geo::Projector& projector) {
  if (crs()) throw StoreError("the store's CRS is already set; it cannot change");
  auto srs = connection_.prepare(
      "INSERT OR REPLACE INTO gpkg_spatial_ref_sys (srs_name, srs_id, organization, organization_coordsys_id, "
      "definition, description) VALUES (?, ?, 'EPSG', ?, ?, ?)");
  const std::string name = projector.target_name();
  const std::string wkt = projector.target_wkt();
  srs.bind(1, std::string_view(name)).bind(2, std::int64_t{choice.epsg}).bind(3, std::int64_t{choice.epsg});
  srs.bind(4, std::string_view(wkt)).bind(5, std::string_view(choice.reason));
  srs.step();
  put_setting("crs_epsg", std::to_string(choice.epsg));
  for (const auto& layer : kFeatureLayers) register_feature_layer(layer.table, layer.geometry_type, layer.description);
  put_setting("crs_name", name);
  put_setting("crs_reason", choice.reason);
}

void Store::register_feature_layer(const std::string& table, const std::string& geometry_type,
                                   const std::string& description) {
  const auto store_crs = crs();
  if (!store_crs) throw StoreError("cannot register layer " + table + " before the store has a CRS (ingest data first)");
  auto contents = connection_.prepare(
      "INSERT OR IGNORE INTO gpkg_contents (table_name, data_type, identifier, description, srs_id) "
      "VALUES (?, 'features', ?, ?, ?)");
  contents.bind(1, std::string_view(table)).bind(2, std::string_view(table));
  contents.bind(3, std::string_view(description)).bind(4, std::int64_t{store_crs->epsg});
  contents.step();
  auto columns = connection_.prepare(
      "INSERT OR IGNORE INTO gpkg_geometry_columns (table_name, column_name, geometry_type_name, srs_id, z, m) "
      "VALUES (?, 'geom', ?, ?, 0, 0)");
  columns.bind(1, std::string_view(table)).bind(2, std::string_view(geometry_type));
  columns.bind(3, std::int64_t{store_crs->epsg});
  columns.step();
}

void Store::register_attribute_table(const std::string& table, const std::string& description) {
  auto contents = connection_.prepare(
      "INSERT OR IGNORE INTO gpkg_contents (table_name, data_type, identifier, description) "
      "VALUES (?, 'attributes', ?, ?)");
  contents.bind(1, std::string_view(table)).bind(2, std::string_view(table)).bind(3, std::string_view(description));
  contents.step();
}

void Store::touch_layer(const std::string& table) {
  const std::string bounds = table == "areas" ? "MIN(min_x), MIN(min_y), MAX(max_x), MAX(max_y)"
                                              : "MIN(x), MIN(y), MAX(x), MAX(y)";
  connection_.exec("UPDATE gpkg_contents SET last_change = strftime('%Y-%m-%dT%H:%M:%fZ','now'), "
                   "(min_x, min_y, max_x, max_y) = (SELECT " + bounds + " FROM " + table +
                   ") WHERE table_name = '" + table + "'");
}

void Store::extend_layer(const std::string& table, double min_x, double min_y, double max_x, double max_y) {
  auto update = connection_.prepare(
      "UPDATE gpkg_contents SET last_change = strftime('%Y-%m-%dT%H:%M:%fZ','now'), "
      "min_x = MIN(IFNULL(min_x, ?1), ?1), min_y = MIN(IFNULL(min_y, ?2), ?2), "
      "max_x = MAX(IFNULL(max_x, ?3), ?3), max_y = MAX(IFNULL(max_y, ?4), ?4) WHERE table_name = ?5");
  update.bind(1, min_x).bind(2, min_y).bind(3, max_x).bind(4, max_y).bind(5, std::string_view(table));
  update.step();
}

Store::BulkLoad::BulkLoad(Store& store) : store_(store) {
  // With another connection open (QGIS, say) SQLite refuses the switch (SQLITE_BUSY): the load
  // then simply stays in WAL, so the result code is deliberately not an error here.
  const int refused = sqlite3_exec(store_.connection_.handle(), "PRAGMA journal_mode = DELETE", nullptr, nullptr, nullptr);
  (void)refused;
}

Store::BulkLoad::~BulkLoad() {
  // Never throws from a destructor: if WAL cannot be restored now, the next open restores it.
  sqlite3_exec(store_.connection_.handle(), "PRAGMA journal_mode = WAL", nullptr, nullptr, nullptr);
}

std::optional<std::string> Store::setting(const std::string& key) {
  auto query = connection_.prepare("SELECT value FROM grip_settings WHERE key = ?");
  query.bind(1, std::string_view(key));
  if (!query.step()) return std::nullopt;
  return query.column_text(0);
}

void Store::put_setting(const std::string& key, const std::string& value) {
  auto upsert = connection_.prepare("INSERT OR REPLACE INTO grip_settings (key, value) VALUES (?, ?)");
  upsert.bind(1, std::string_view(key)).bind(2, std::string_view(value));
  upsert.step();
}

std::int64_t Store::count_rows(const std::string& table, const std::string& where) {
  auto query = connection_.prepare("SELECT count(*) FROM " + table + (where.empty() ? "" : " WHERE " + where));
  query.step();
  return query.column_int(0);
}

}  // namespace grip::store

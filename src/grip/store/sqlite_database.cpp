// The GeoPackage engine: one SQLite file that QGIS, ArcGIS and ogrinfo open directly. WAL at rest,
// so readers never block the writer; BEGIN IMMEDIATE for writes, so a second writer queues; a
// patient busy handler, so a command started beside another waits (and says so) instead of failing.
#include <sqlite3.h>

#include <array>
#include <chrono>
#include <cstdio>
#include <thread>
#include <utility>

#include "grip/core/errors.hpp"
#include "grip/store/database.hpp"
#include "grip/store/geometry_blob.hpp"

namespace grip::store {
namespace {

constexpr int kGeoPackageApplicationId = 0x47504B47;  // "GPKG"
constexpr int kGeoPackageVersion = 10300;             // GeoPackage 1.3

// How long a command waits for another grip command holding the store before giving up.
constexpr auto kLockPatience = std::chrono::minutes(30);

[[noreturn]] void fail(sqlite3* db, const std::string& location, const std::string& what) {
  throw StoreError("store " + location + ": " + what + ": " + (db ? sqlite3_errmsg(db) : "out of memory"));
}

ColumnKind kind_of_declared(std::string_view declared) {
  // GeoPackage geometry type names first ("POINT" holds "INT"), then SQLite's own affinity rules
  // (datatype3.html §3.1) for numbers.
  for (std::string_view geometry : {"POINT", "LINESTRING", "POLYGON", "GEOMETRY"}) {
    if (declared.find(geometry) != std::string_view::npos) return ColumnKind::kGeometry;
  }
  if (declared.find("INT") != std::string_view::npos) return ColumnKind::kInteger;
  for (std::string_view real : {"REAL", "FLOA", "DOUB"}) {
    if (declared.find(real) != std::string_view::npos) return ColumnKind::kReal;
  }
  return ColumnKind::kText;
}

// What the busy handler needs between calls: SQLite passes only the attempt number.
struct LockWait {
  const std::string* location = nullptr;
  std::chrono::steady_clock::time_point started;
  std::chrono::steady_clock::time_point last_told;
};

// Waits with a growing sleep; says so after two seconds and every 30 s, gives up after kLockPatience.
int wait_for_lock(void* context, int attempt) {
  using namespace std::chrono;
  auto& wait = *static_cast<LockWait*>(context);
  const auto now = steady_clock::now();
  if (attempt == 0) wait.started = wait.last_told = now;
  if (now - wait.started > kLockPatience) return 0;
  if (now - wait.last_told > (wait.last_told == wait.started ? seconds(2) : seconds(30))) {
    std::fprintf(stderr, "waiting for another grip command using %s to finish...\n", wait.location->c_str());
    wait.last_told = now;
  }
  std::this_thread::sleep_for(milliseconds(attempt < 10 ? 2 : attempt < 50 ? 20 : 100));
  return 1;
}

class SqliteQuery final : public Query {
 public:
  SqliteQuery(sqlite3* db, const std::string& location, std::string_view sql, int srid)
      : db_(db), location_(location), srid_(srid) {
    if (sqlite3_prepare_v2(db, sql.data(), static_cast<int>(sql.size()), &stmt_, nullptr) != SQLITE_OK) {
      fail(db, location_, "cannot prepare '" + std::string(sql.substr(0, 120)) + "'");
    }
  }
  ~SqliteQuery() override { sqlite3_finalize(stmt_); }

  Query& bind(int index, std::int64_t value) override {
    check(sqlite3_bind_int64(stmt_, index, value));
    return *this;
  }
  Query& bind(int index, double value) override {
    check(sqlite3_bind_double(stmt_, index, value));
    return *this;
  }
  Query& bind(int index, std::string_view text) override {
    check(sqlite3_bind_text(stmt_, index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT));
    return *this;
  }
  Query& bind_null(int index) override {
    check(sqlite3_bind_null(stmt_, index));
    return *this;
  }
  Query& bind_geometry(int index, std::span<const std::uint8_t> wkb, const Envelope& envelope) override {
    const auto blob = wrap_wkb(srid_, envelope, wkb);
    check(sqlite3_bind_blob(stmt_, index, blob.data(), static_cast<int>(blob.size()), SQLITE_TRANSIENT));
    return *this;
  }

  bool step() override {
    const int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) {
      changes_ = sqlite3_changes64(db_);
      return false;
    }
    fail(db_, location_, std::string("cannot run '") + std::string(sql_head()) + "'");
  }
  void reset() override { sqlite3_reset(stmt_); }
  std::int64_t changes() const override { return changes_; }

  std::int64_t column_int(int index) const override { return sqlite3_column_int64(stmt_, index); }
  double column_double(int index) const override { return sqlite3_column_double(stmt_, index); }
  std::string column_text(int index) const override {
    const auto* text = sqlite3_column_text(stmt_, index);
    return text ? std::string(reinterpret_cast<const char*>(text),
                              static_cast<std::size_t>(sqlite3_column_bytes(stmt_, index)))
                : std::string();
  }
  std::string_view column_view(int index) const override {
    const auto* text = sqlite3_column_text(stmt_, index);
    return text ? std::string_view(reinterpret_cast<const char*>(text),
                                   static_cast<std::size_t>(sqlite3_column_bytes(stmt_, index)))
                : std::string_view();
  }
  bool column_is_null(int index) const override { return sqlite3_column_type(stmt_, index) == SQLITE_NULL; }
  std::vector<std::uint8_t> column_geometry(int index) const override {
    const auto* bytes = static_cast<const std::uint8_t*>(sqlite3_column_blob(stmt_, index));
    const auto size = static_cast<std::size_t>(sqlite3_column_bytes(stmt_, index));
    if (!bytes) return {};
    try {
      const auto wkb = wkb_of_blob({bytes, size});
      return {wkb.begin(), wkb.end()};
    } catch (const std::invalid_argument& error) {
      throw StoreError("store " + location_ + ": a geometry is not a GeoPackage blob (" + error.what() + ")");
    }
  }

  // For the bulk writer, which binds views that outlive step() without copying them.
  void bind_view(int index, std::string_view text) {
    check(sqlite3_bind_text(stmt_, index, text.data(), static_cast<int>(text.size()), SQLITE_STATIC));
  }
  void bind_blob_view(int index, std::span<const std::uint8_t> blob) {
    check(sqlite3_bind_blob(stmt_, index, blob.data(), static_cast<int>(blob.size()), SQLITE_STATIC));
  }
  [[nodiscard]] int srid() const noexcept { return srid_; }

 private:
  void check(int rc) const {
    if (rc != SQLITE_OK) fail(db_, location_, "cannot bind a value to '" + std::string(sql_head()) + "'");
  }
  std::string_view sql_head() const {
    const char* sql = sqlite3_sql(stmt_);
    return sql ? std::string_view(sql).substr(0, 120) : std::string_view();
  }

  sqlite3* db_;
  const std::string& location_;
  sqlite3_stmt* stmt_ = nullptr;
  int srid_;
  std::int64_t changes_ = 0;
};

class SqliteRowSink final : public RowSink {
 public:
  SqliteRowSink(sqlite3* db, const std::string& location, const std::string& table,
                const std::vector<std::string>& columns, int srid)
      : insert_(db, location, insert_sql(table, columns), srid), columns_(static_cast<int>(columns.size())) {}

  void add(std::int64_t value) override { insert_.bind(next(), value); }
  void add(double value) override {
    if (value != value) {
      insert_.bind_null(next());
    } else {
      insert_.bind(next(), value);
    }
  }
  void add(std::string_view text) override { insert_.bind_view(next(), text); }
  void add_null() override { insert_.bind_null(next()); }
  void add_point(double x, double y) override {
    encode_point(insert_.srid(), x, y, point_);
    insert_.bind_blob_view(next(), point_);
  }
  void add_geometry(std::span<const std::uint8_t> wkb, const Envelope& envelope) override {
    geometry_ = wrap_wkb(insert_.srid(), envelope, wkb);
    insert_.bind_blob_view(next(), geometry_);
  }
  void end_row() override {
    if (column_ != columns_) throw StoreError("bulk insert: a row had the wrong number of values");
    insert_.step();
    insert_.reset();
    column_ = 0;
  }
  void finish() override {}

 private:
  static std::string insert_sql(const std::string& table, const std::vector<std::string>& columns) {
    std::string names, marks;
    for (const auto& column : columns) {
      names += (names.empty() ? "" : ", ") + column;
      marks += marks.empty() ? "?" : ", ?";
    }
    return "INSERT INTO " + table + " (" + names + ") VALUES (" + marks + ")";
  }
  int next() { return ++column_; }

  SqliteQuery insert_;
  int columns_;
  int column_ = 0;
  std::array<std::uint8_t, kPointBlobSize> point_{};
  std::vector<std::uint8_t> geometry_;
};

class SqliteDatabase final : public Database {
 public:
  explicit SqliteDatabase(const std::string& path) : path_(path) {
    // SQLite's memory statistics take a global mutex on every allocation; Grip never reads them.
    // Only possible before SQLite initialises; later calls are refused harmlessly.
    static const int memstatus_off = sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
    (void)memstatus_off;
    const int rc = sqlite3_open_v2(path.c_str(), &db_,
                                   SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
    if (rc != SQLITE_OK) {
      std::string message = db_ ? sqlite3_errmsg(db_) : "out of memory";
      sqlite3_close(db_);
      db_ = nullptr;
      throw StoreError("cannot open store " + path + ": " + message);
    }
    lock_wait_.location = &path_;
    sqlite3_busy_handler(db_, wait_for_lock, &lock_wait_);
  }
  ~SqliteDatabase() override { sqlite3_close(db_); }

  Engine engine() const noexcept override { return Engine::kGeoPackage; }
  const std::string& location() const noexcept override { return path_; }
  std::string gdal_name() const override { return path_; }

  bool is_empty() override {
    auto tables = prepare("SELECT count(*) FROM sqlite_master WHERE type = 'table'");
    tables->step();
    return tables->column_int(0) == 0;
  }

  void require_grip_store() override {
    auto application = prepare("PRAGMA application_id");
    application->step();
    if (!is_empty() && application->column_int(0) != kGeoPackageApplicationId) {
      throw StoreError(path_ + " is an SQLite file but not a Grip GeoPackage store; refusing to change it");
    }
  }

  // Called once the file is known to be a Grip store (or empty): the connection's settings.
  void configure() {
    // Larger pages suit append-heavy ingest and whole-layer reads; only takes effect on a new file.
    exec("PRAGMA page_size = 65536");
    // WAL persists in the file, so it is only switched on when it is not on already: the switch
    // needs an exclusive lock, and asking for it beside another command is what used to fail with
    // "database is locked". A store left in rollback mode by another command's bulk load is
    // switched back by that command.
    auto mode = prepare("PRAGMA journal_mode");
    const std::string current = mode->step() ? mode->column_text(0) : "";
    if (current != "wal") {
      const int refused = sqlite3_exec(db_, "PRAGMA journal_mode = WAL", nullptr, nullptr, nullptr);
      (void)refused;  // another connection holds the file: it proceeds in its mode, as does this one
    }
    // NORMAL is durable against a killed process (the case that matters for kill -9 mid-ingest);
    // only an OS crash could lose the last commit, never corrupt the file.
    exec("PRAGMA synchronous = NORMAL");
    exec("PRAGMA foreign_keys = ON");
    // A whole force's ingest is one transaction; a large page cache keeps it from spilling.
    exec("PRAGMA cache_size = -262144");
  }

  void exec(const std::string& sql) override {
    char* message = nullptr;
    if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
      std::string text = message ? message : "unknown error";
      sqlite3_free(message);
      throw StoreError("store " + path_ + ": " + text + " (while running: " + sql.substr(0, 120) + ")");
    }
  }
  std::unique_ptr<Query> prepare(std::string_view sql) override {
    return std::make_unique<SqliteQuery>(db_, path_, sql, srid_);
  }
  std::unique_ptr<RowSink> bulk_insert(const std::string& table,
                                       const std::vector<std::string>& columns) override {
    return std::make_unique<SqliteRowSink>(db_, path_, table, columns, srid_);
  }

  void begin_write() override { exec("BEGIN IMMEDIATE"); }
  void begin_read() override { exec("BEGIN"); }
  void commit() override { exec("COMMIT"); }
  void rollback() noexcept override { sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr); }

  void use_srid(int epsg) override { srid_ = epsg; }
  std::string ddl(std::string_view geopackage_ddl) const override { return std::string(geopackage_ddl); }

  void create_catalogue() override {
    exec(kCatalogue);
    exec("PRAGMA application_id = " + std::to_string(kGeoPackageApplicationId));
    exec("PRAGMA user_version = " + std::to_string(kGeoPackageVersion));
  }

  void register_crs(int epsg, const std::string& name, const std::string& wkt,
                    const std::string& description) override {
    auto srs = prepare(
        "INSERT INTO gpkg_spatial_ref_sys (srs_name, srs_id, organization, organization_coordsys_id, "
        "definition, description) VALUES (?, ?, 'EPSG', ?, ?, ?) ON CONFLICT (srs_id) DO UPDATE SET "
        "srs_name = excluded.srs_name, definition = excluded.definition, description = excluded.description");
    srs->bind(1, std::string_view(name)).bind(2, std::int64_t{epsg}).bind(3, std::int64_t{epsg});
    srs->bind(4, std::string_view(wkt)).bind(5, std::string_view(description));
    srs->step();
  }

  void register_feature_layer(const std::string& table, const std::string& geometry_type, int epsg,
                              const std::string& description) override {
    auto contents = prepare(
        "INSERT INTO gpkg_contents (table_name, data_type, identifier, description, srs_id) "
        "VALUES (?, 'features', ?, ?, ?) ON CONFLICT (table_name) DO UPDATE SET description = "
        "excluded.description");
    contents->bind(1, std::string_view(table)).bind(2, std::string_view(table));
    contents->bind(3, std::string_view(description)).bind(4, std::int64_t{epsg});
    contents->step();
    auto columns = prepare(
        "INSERT INTO gpkg_geometry_columns (table_name, column_name, geometry_type_name, srs_id, z, m) "
        "VALUES (?, 'geom', ?, ?, 0, 0) ON CONFLICT DO NOTHING");
    columns->bind(1, std::string_view(table)).bind(2, std::string_view(geometry_type));
    columns->bind(3, std::int64_t{epsg});
    columns->step();
  }

  void register_attribute_table(const std::string& table, const std::string& description) override {
    auto contents = prepare(
        "INSERT INTO gpkg_contents (table_name, data_type, identifier, description) "
        "VALUES (?, 'attributes', ?, ?) ON CONFLICT (table_name) DO UPDATE SET description = "
        "excluded.description");
    contents->bind(1, std::string_view(table))
        .bind(2, std::string_view(table))
        .bind(3, std::string_view(description));
    contents->step();
  }

  void update_layer_bounds(const std::string& table, const Envelope& bounds, bool replace) override {
    auto update = prepare(
        replace
            ? "UPDATE gpkg_contents SET last_change = strftime('%Y-%m-%dT%H:%M:%fZ','now'), "
              "min_x = ?1, min_y = ?2, max_x = ?3, max_y = ?4 WHERE table_name = ?5"
            : "UPDATE gpkg_contents SET last_change = strftime('%Y-%m-%dT%H:%M:%fZ','now'), "
              "min_x = MIN(IFNULL(min_x, ?1), ?1), min_y = MIN(IFNULL(min_y, ?2), ?2), "
              "max_x = MAX(IFNULL(max_x, ?3), ?3), max_y = MAX(IFNULL(max_y, ?4), ?4) WHERE table_name = ?5");
    update->bind(1, bounds.min_x).bind(2, bounds.min_y).bind(3, bounds.max_x).bind(4, bounds.max_y);
    update->bind(5, std::string_view(table));
    update->step();
  }

  // Bulk loads write straight to the file under a rollback journal when no other connection has
  // the store open (WAL would write every page twice: once to the log, once at checkpoint). A
  // killed process still leaves a hot journal that the next open rolls back. If another process
  // holds the store, SQLite refuses the switch and the load simply uses WAL.
  void begin_bulk_load() noexcept override {
    const int refused = sqlite3_exec(db_, "PRAGMA journal_mode = DELETE", nullptr, nullptr, nullptr);
    (void)refused;
  }
  void end_bulk_load() noexcept override {
    const int refused = sqlite3_exec(db_, "PRAGMA journal_mode = WAL", nullptr, nullptr, nullptr);
    (void)refused;  // the next open switches it back
  }

  std::vector<std::string> grip_tables() override {
    std::vector<std::string> tables;
    auto query = prepare(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'gpkg_%' "
        "AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'rtree_%' ORDER BY name");
    while (query->step()) tables.push_back(query->column_text(0));
    return tables;
  }

  std::vector<TableColumn> table_columns(const std::string& table) override {
    // PRAGMA table_info: cid, name, declared type, notnull, default, pk (1-based place in the key).
    auto query = prepare("SELECT name, upper(type), pk FROM pragma_table_info(?) ORDER BY cid");
    query->bind(1, std::string_view(table));
    std::vector<TableColumn> columns;
    while (query->step()) {
      columns.push_back({query->column_text(0), kind_of_declared(query->column_text(1)),
                         static_cast<int>(query->column_int(2))});
    }
    return columns;
  }

  std::vector<std::string> referenced_tables(const std::string& table) override {
    auto query = prepare("SELECT DISTINCT \"table\" FROM pragma_foreign_key_list(?) ORDER BY 1");
    query->bind(1, std::string_view(table));
    std::vector<std::string> tables;
    while (query->step()) tables.push_back(query->column_text(0));
    return tables;
  }

  std::vector<LayerEntry> layers() override {
    auto query = prepare(
        "SELECT c.table_name, COALESCE(g.geometry_type_name, ''), COALESCE(c.description, '') "
        "FROM gpkg_contents c LEFT JOIN gpkg_geometry_columns g ON g.table_name = c.table_name "
        "ORDER BY c.table_name");
    std::vector<LayerEntry> entries;
    while (query->step())
      entries.push_back({query->column_text(0), query->column_text(1), query->column_text(2)});
    return entries;
  }

  std::string crs_definition(int epsg) override {
    auto query = prepare("SELECT definition FROM gpkg_spatial_ref_sys WHERE srs_id = ?");
    query->bind(1, std::int64_t{epsg});
    return query->step() ? query->column_text(0) : std::string();
  }

  // SQLite's default collation (BINARY) already compares text by its bytes.
  std::string ordered_by_bytes(const TableColumn& column) const override { return column.name; }
  void defer_foreign_keys() override { exec("PRAGMA defer_foreign_keys = ON"); }
  void advance_generated_keys(const std::string&, const std::string&) override {}

 private:
  // The GeoPackage core (OGC 12-128r18 §1.1): spatial reference systems, contents, geometry columns.
  static constexpr const char* kCatalogue = R"SQL(
CREATE TABLE IF NOT EXISTS gpkg_spatial_ref_sys (
  srs_name TEXT NOT NULL, srs_id INTEGER PRIMARY KEY, organization TEXT NOT NULL,
  organization_coordsys_id INTEGER NOT NULL, definition TEXT NOT NULL, description TEXT);
INSERT OR IGNORE INTO gpkg_spatial_ref_sys VALUES
  ('Undefined cartesian SRS', -1, 'NONE', -1, 'undefined', 'undefined cartesian coordinate reference system'),
  ('Undefined geographic SRS', 0, 'NONE', 0, 'undefined', 'undefined geographic coordinate reference system'),
  ('WGS 84 geodetic', 4326, 'EPSG', 4326,
   'GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563,AUTHORITY["EPSG","7030"]],AUTHORITY["EPSG","6326"]],PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],AXIS["Latitude",NORTH],AXIS["Longitude",EAST],AUTHORITY["EPSG","4326"]]',
   'longitude/latitude coordinates in decimal degrees on the WGS 84 spheroid');
CREATE TABLE IF NOT EXISTS gpkg_contents (
  table_name TEXT NOT NULL PRIMARY KEY, data_type TEXT NOT NULL, identifier TEXT UNIQUE,
  description TEXT DEFAULT '', last_change DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
  min_x DOUBLE, min_y DOUBLE, max_x DOUBLE, max_y DOUBLE, srs_id INTEGER,
  CONSTRAINT fk_gc_r_srs_id FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys(srs_id));
CREATE TABLE IF NOT EXISTS gpkg_geometry_columns (
  table_name TEXT NOT NULL, column_name TEXT NOT NULL, geometry_type_name TEXT NOT NULL,
  srs_id INTEGER NOT NULL, z TINYINT NOT NULL, m TINYINT NOT NULL,
  CONSTRAINT pk_geom_cols PRIMARY KEY (table_name, column_name),
  CONSTRAINT fk_gc_tn FOREIGN KEY (table_name) REFERENCES gpkg_contents(table_name),
  CONSTRAINT fk_gc_srs FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys (srs_id));
)SQL";

  sqlite3* db_ = nullptr;
  std::string path_;
  LockWait lock_wait_;
  int srid_ = 0;
};

}  // namespace

std::unique_ptr<Database> open_geopackage(const std::string& path) {
  auto database = std::make_unique<SqliteDatabase>(path);
  // Before any pragma that writes: a foreign SQLite file must be left exactly as it was.
  database->require_grip_store();
  database->configure();
  return database;
}

}  // namespace grip::store

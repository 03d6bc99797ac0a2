// The one seam between Grip's store code and a database engine. The GeoPackage (one SQLite file,
// sqlite_database.cpp) and PostgreSQL/PostGIS (postgres_database.cpp) each implement it, as GDAL's
// drivers sit behind one dataset API. Only store/ sees this header: analysis modules get the typed
// readers and writers in store/*_tables.hpp and never a connection or a line of SQL.
//
// SQL written against it is the dialect both engines share (SQLite 3.40, PostgreSQL 15):
// `?` or `?N` placeholders (1-based), INSERT ... ON CONFLICT, RETURNING, COALESCE, CASE; no
// engine functions (times are bound from C++), no boolean results (use CASE WHEN ... THEN 1 ELSE 0).
// Table definitions are written once in GeoPackage terms and translated by Database::ddl().
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "grip/store/geometry_blob.hpp"

namespace grip::store {

enum class Engine { kGeoPackage, kPostgis };
[[nodiscard]] const char* to_string(Engine engine) noexcept;

// A column as the engine's catalogue describes it (for `grip store copy`, which copies every
// column of every table without a list of its own).
enum class ColumnKind { kInteger, kReal, kText, kGeometry };
struct TableColumn {
  std::string name;
  ColumnKind kind = ColumnKind::kText;
  int key_position = 0;  // 1-based place in the primary key; 0 when not part of it
};

// A table registered as a layer: a feature layer (geometry_type POINT, POLYGON, MULTIPOLYGON) or
// an attribute table (geometry_type empty), with the description viewers show.
struct LayerEntry {
  std::string table;
  std::string geometry_type;
  std::string description;
};

// A prepared statement. Binding is 1-based, columns 0-based. Every failure throws StoreError
// naming the store and the statement.
class Query {
 public:
  virtual ~Query() = default;
  Query() = default;
  Query(const Query&) = delete;
  Query& operator=(const Query&) = delete;

  virtual Query& bind(int index, std::int64_t value) = 0;
  virtual Query& bind(int index, double value) = 0;           // sent with full round-trip precision
  virtual Query& bind(int index, std::string_view text) = 0;  // copied: a temporary is safe
  virtual Query& bind_null(int index) = 0;
  // A geometry in the store's CRS as 2D ISO WKB (little- or big-endian) with its envelope.
  virtual Query& bind_geometry(int index, std::span<const std::uint8_t> wkb, const Envelope& envelope) = 0;

  // Runs the statement on the first call; true while a row is available, false when done.
  virtual bool step() = 0;
  // Ready to run again with new bindings (bindings not rebound keep their values).
  virtual void reset() = 0;
  // Rows inserted, updated or deleted by the statement's last run.
  [[nodiscard]] virtual std::int64_t changes() const = 0;

  [[nodiscard]] virtual std::int64_t column_int(int index) const = 0;
  [[nodiscard]] virtual double column_double(int index) const = 0;
  [[nodiscard]] virtual std::string column_text(int index) const = 0;  // "" for NULL
  // column_text without the copy, for bulk reads of text columns: valid until the next step() or
  // reset() of this query.
  [[nodiscard]] virtual std::string_view column_view(int index) const = 0;
  [[nodiscard]] virtual bool column_is_null(int index) const = 0;
  // The geometry as 2D ISO WKB, whatever the engine keeps (GeoPackage blob, PostGIS EWKB).
  [[nodiscard]] virtual std::vector<std::uint8_t> column_geometry(int index) const = 0;
};

// Rows appended to one table in bulk: a reused prepared INSERT on SQLite, COPY on PostgreSQL.
// Call the add_* functions once per column, in the order given to Database::bulk_insert, then
// end_row(); finish() before the transaction commits. Text passed to add() must stay valid until
// end_row() returns (the ingest hot path passes views into the file's bytes).
class RowSink {
 public:
  virtual ~RowSink() = default;
  RowSink() = default;
  RowSink(const RowSink&) = delete;
  RowSink& operator=(const RowSink&) = delete;

  virtual void add(std::int64_t value) = 0;
  virtual void add(double value) = 0;  // NaN is written as NULL
  virtual void add(std::string_view text) = 0;
  virtual void add_null() = 0;
  // add(text) but NULL when the text is empty.
  void add_or_null(std::string_view text) { text.empty() ? add_null() : add(text); }
  virtual void add_point(double x, double y) = 0;
  virtual void add_geometry(std::span<const std::uint8_t> wkb, const Envelope& envelope) = 0;
  virtual void end_row() = 0;
  virtual void finish() = 0;
};

// One open connection to a store. Not shared between threads.
class Database {
 public:
  virtual ~Database() = default;
  Database() = default;
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  [[nodiscard]] virtual Engine engine() const noexcept = 0;
  // What the user named (a file path, or the connection string without any password), for messages.
  [[nodiscard]] virtual const std::string& location() const noexcept = 0;
  // What GDAL opens to read the store's layers (the file path, or "PG:..." for PostGIS).
  [[nodiscard]] virtual std::string gdal_name() const = 0;

  // The store's CRS, for geometry written from now on.
  virtual void use_srid(int epsg) = 0;

  // True when the store holds no tables at all (a new file or an empty database).
  [[nodiscard]] virtual bool is_empty() = 0;
  // Throws StoreError when the store holds tables but is not a Grip store; touches nothing.
  virtual void require_grip_store() = 0;

  // One or more statements without parameters.
  virtual void exec(const std::string& sql) = 0;
  [[nodiscard]] virtual std::unique_ptr<Query> prepare(std::string_view sql) = 0;
  [[nodiscard]] virtual std::unique_ptr<RowSink> bulk_insert(const std::string& table,
                                                             const std::vector<std::string>& columns) = 0;

  // A command's writes: one transaction, and one writer at a time (SQLite BEGIN IMMEDIATE; on
  // PostgreSQL an advisory lock held to commit). A second writer waits; readers never block.
  virtual void begin_write() = 0;
  // A read-only command sees one consistent snapshot.
  virtual void begin_read() = 0;
  virtual void commit() = 0;
  virtual void rollback() noexcept = 0;
  // Nested: SAVEPOINT name / RELEASE / ROLLBACK TO, the same SQL on both engines.
  void savepoint(const std::string& name) { exec("SAVEPOINT " + name); }
  void release(const std::string& name) { exec("RELEASE SAVEPOINT " + name); }
  virtual void rollback_to(const std::string& name) { exec("ROLLBACK TO SAVEPOINT " + name); }

  // The largest fid `table` has given out in this transaction's view (0 for none): new rows take
  // fids above it. An engine that counts fids itself during a bulk load answers from its count.
  [[nodiscard]] virtual std::int64_t last_fid(const std::string& table);

  // A table definition written in GeoPackage terms (INTEGER PRIMARY KEY [AUTOINCREMENT], REAL,
  // TEXT, geometry types POINT/POLYGON/MULTIPOLYGON) in this engine's types.
  [[nodiscard]] virtual std::string ddl(std::string_view geopackage_ddl) const = 0;
  // The engine's own catalogue, created once in an empty store before the first migration
  // (GeoPackage core tables and application_id; on PostgreSQL the PostGIS extension).
  virtual void create_catalogue() = 0;
  // A migration's part that is this engine's own physical layout, run after its shared DDL
  // (PostGIS, migration 15: postgres_incident_layout.hpp). The default has none.
  virtual void migrate_layout(int /*version*/) {}
  // Whether `incidents` is PostGIS's view over incident_rows and incident_texts (migration 15),
  // so that a bulk reader can read the ids and look the texts up itself.
  [[nodiscard]] virtual bool incidents_hold_text_ids() { return false; }

  // Layer registration, so that QGIS, ArcGIS and ogrinfo list the tables as layers in the store's
  // CRS. Idempotent. geometry_type: POINT, POLYGON, MULTIPOLYGON.
  virtual void register_crs(int epsg, const std::string& name, const std::string& wkt,
                            const std::string& description) = 0;
  virtual void register_feature_layer(const std::string& table, const std::string& geometry_type, int epsg,
                                      const std::string& description) = 0;
  virtual void register_attribute_table(const std::string& table, const std::string& description) = 0;
  // Grows (or, with replace, sets) the bounds a viewer zooms to and marks the layer changed.
  // Engines that compute extents themselves (PostGIS) do nothing.
  virtual void update_layer_bounds(const std::string& table, const Envelope& bounds, bool replace) = 0;

  // Bulk-load tuning around a large ingest (SQLite: rollback journal instead of WAL when no other
  // connection is open). Never throws; the default does nothing.
  virtual void begin_bulk_load() noexcept {}
  virtual void end_bulk_load() noexcept {}

  // Every user table of the store (for copy and checks), Grip's and the engine catalogue's apart.
  [[nodiscard]] virtual std::vector<std::string> grip_tables() = 0;

  // The catalogue, read back (for `grip store copy`): a table's columns in definition order, the
  // other tables its foreign keys point at, the registered layers, a registered CRS's definition
  // (WKT; empty when unknown).
  [[nodiscard]] virtual std::vector<TableColumn> table_columns(const std::string& table) = 0;
  [[nodiscard]] virtual std::vector<std::string> referenced_tables(const std::string& table) = 0;
  [[nodiscard]] virtual std::vector<LayerEntry> layers() = 0;
  [[nodiscard]] virtual std::string crs_definition(int epsg) = 0;
  // `column` as an ORDER BY term that sorts text by its bytes, the same on both engines.
  [[nodiscard]] virtual std::string ordered_by_bytes(const TableColumn& column) const = 0;
  // Inside a write transaction: foreign keys are checked at commit, so rows copied with their keys
  // may arrive before the rows they point at (SQLite; PostgreSQL checks at the end of each COPY,
  // so the copy writes referenced tables first).
  virtual void defer_foreign_keys() = 0;
  // After rows were written with explicit keys: the next generated key lies past them (PostgreSQL
  // identity sequences; SQLite takes the largest rowid by itself).
  virtual void advance_generated_keys(const std::string& table, const std::string& key_column) = 0;
};

// Opens a store: a path (GeoPackage, created when missing) or `postgresql://...`, `postgres://...`,
// `service=NAME`, `PG:...` (PostgreSQL/PostGIS, the database must exist).
[[nodiscard]] std::unique_ptr<Database> open_database(const std::string& locator);
[[nodiscard]] bool is_postgres_locator(std::string_view locator) noexcept;

// Implemented in sqlite_database.cpp and postgres_database.cpp.
[[nodiscard]] std::unique_ptr<Database> open_geopackage(const std::string& path);
[[nodiscard]] std::unique_ptr<Database> open_postgis(const std::string& locator);

}  // namespace grip::store

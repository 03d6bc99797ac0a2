#include "grip/store/postgres_database.hpp"

#include <algorithm>
#include <cstdio>

#include "grip/core/errors.hpp"
#include "grip/core/text.hpp"
#include "grip/store/postgres_copy.hpp"
#include "grip/store/postgres_incident_layout.hpp"
#include "grip/store/postgres_locator.hpp"
#include "grip/store/postgres_query.hpp"
#include "grip/store/postgres_spatial_index.hpp"
#include "grip/store/postgres_sql.hpp"

namespace grip::store {
namespace {

// Grip's tables: those of schema public but PostGIS's own, a partitioned table as one table.
constexpr const char* kUserTables =
    "SELECT c.relname AS tablename FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE "
    "n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relispartition AND c.relname <> "
    "'spatial_ref_sys'";

}  // namespace

PostgresDatabase::PostgresDatabase(const std::string& locator)
    : conninfo_(conninfo_of(locator)), connection_(conninfo_, without_password(locator)) {
  connection_.set_statement_hook([this](std::string_view sql) { on_statement(sql); });
}

void PostgresDatabase::on_statement(std::string_view sql) {
  deferred_keys_.restore_named_in(sql);
  if (!narrow_incidents_.value_or(false) || !names_identifier(sql, incident_layout::kView)) return;
  // SQL on the view is SQL on its table, which must have its key back first.
  deferred_keys_.restore_named_in(incident_layout::kRows);
  // The view's INSERT and UPDATE rules may add texts the dictionary here does not hold.
  std::string_view start = trim(sql);
  if (start.size() >= 6 && (equals_ignoring_case(start.substr(0, 6), "INSERT") ||
                            equals_ignoring_case(start.substr(0, 6), "UPDATE") ||
                            equals_ignoring_case(start.substr(0, 4), "WITH")))
    text_ids_.mark_unsure();
}

bool PostgresDatabase::narrow_incidents() {
  if (!narrow_incidents_) {
    const PgResult kind = connection_.exec("SELECT relkind FROM pg_class WHERE oid = to_regclass('public." +
                                           std::string(incident_layout::kView) + "')");
    if (PQntuples(kind.get()) == 0) return false;  // no store yet: ask again later
    narrow_incidents_ = PQgetvalue(kind.get(), 0, 0)[0] == 'v';
  }
  return *narrow_incidents_;
}

std::string PostgresDatabase::base_table(const std::string& table) {
  return table == incident_layout::kView && narrow_incidents() ? incident_layout::kRows : table;
}

void PostgresDatabase::migrate_layout(int version) {
  if (version < 15 || version > 17) return;
  const PgResult comment =
      connection_.exec("SELECT obj_description(to_regclass('public.incidents'), 'pg_class')");
  connection_.exec(version == 15   ? incident_layout::migration_sql()
                   : version == 16 ? incident_layout::partition_sql()
                                   : incident_layout::narrow_sql());
  narrow_incidents_ = true;
  text_ids_.forget();
  if (!PQgetisnull(comment.get(), 0, 0))
    comment_on_table(incident_layout::kView, PQgetvalue(comment.get(), 0, 0));
}

std::string PostgresDatabase::gdal_name() const { return gdal_conninfo(connection_.handle()); }

bool PostgresDatabase::is_empty() {
  const PgResult result = connection_.exec(std::string(kUserTables) + " LIMIT 1");
  return PQntuples(result.get()) == 0;
}

void PostgresDatabase::require_grip_store() {
  if (is_empty()) return;
  const PgResult result = connection_.exec(
      "SELECT 1 FROM pg_tables WHERE schemaname = 'public' AND tablename = 'grip_schema_version'");
  if (PQntuples(result.get()) == 0) {
    throw StoreError(location() + " is a PostgreSQL database but not a Grip store; refusing to change it");
  }
}

void PostgresDatabase::exec(const std::string& sql) { connection_.exec(sql); }

std::unique_ptr<Query> PostgresDatabase::prepare(std::string_view sql) {
  connection_.run_deferred();
  return std::make_unique<PostgresQuery>(connection_, sql);
}

std::unique_ptr<RowSink> PostgresDatabase::bulk_insert(const std::string& table,
                                                       const std::vector<std::string>& columns) {
  if (table != incident_layout::kView || !narrow_incidents()) return copy_into(table, columns);
  std::vector<std::string> stored;
  std::vector<IncidentRowSink::Field> fields;
  for (const std::string& column : columns) {
    if (incident_layout::is_point_column(column)) {
      fields.push_back(IncidentRowSink::Field::kNotStored);
    } else if (incident_layout::is_text_column(column)) {
      stored.push_back(column + "_id");
      fields.push_back(IncidentRowSink::Field::kTextId);
    } else {
      stored.push_back(column);
      fields.push_back(IncidentRowSink::Field::kAsGiven);
    }
  }
  text_ids_.make_current(connection_);  // before the COPY starts: nothing else runs during it
  return std::make_unique<IncidentRowSink>(connection_, text_ids_, copy_into(incident_layout::kRows, stored),
                                           std::move(fields));
}

std::unique_ptr<RowSink> PostgresDatabase::copy_into(const std::string& table,
                                                     const std::vector<std::string>& columns) {
  const bool sends_fid = std::find(columns.begin(), columns.end(), "fid") != columns.end();
  if (sends_fid) {
    // Rows with their own fids (a store copy) go into a table with its key.
    deferred_keys_.restore(table);
  } else if (deferred_keys_.next_fid(table) != nullptr ||
             (bulk_loading_ && deferred_keys_.try_defer(table))) {
    std::vector<std::string> with_fid{"fid"};
    with_fid.insert(with_fid.end(), columns.begin(), columns.end());
    return std::make_unique<PostgresRowSink>(connection_, table, with_fid, deferred_keys_.next_fid(table));
  }
  return std::make_unique<PostgresRowSink>(connection_, table, columns);
}

std::int64_t PostgresDatabase::last_fid(const std::string& table) {
  if (const auto counted = deferred_keys_.last_fid(base_table(table))) return *counted;
  return Database::last_fid(table);
}

void PostgresDatabase::require_no_transaction(const char* what) const {
  // PostgreSQL only warns about a nested BEGIN and carries on; SQLite refuses, and so does Grip.
  if (PQtransactionStatus(connection_.idle()) != PQTRANS_IDLE) {
    connection_.fail(what, "a transaction is already open on this connection");
  }
}

void PostgresDatabase::begin_write() {
  require_no_transaction("begin_write");
  connection_.exec("BEGIN");
  text_ids_.mark_unsure();
  const std::string key = std::to_string(kWriterLockKey);
  const PgResult granted = connection_.exec("SELECT pg_try_advisory_xact_lock(" + key + ")");
  if (PQgetvalue(granted.get(), 0, 0)[0] == 't') return;
  std::fprintf(stderr, "waiting for another grip command writing %s to finish...\n", location().c_str());
  connection_.exec("SELECT pg_advisory_xact_lock(" + key + ")");
}

void PostgresDatabase::begin_read() {
  require_no_transaction("begin_read");
  connection_.exec("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
  text_ids_.mark_unsure();
}

void PostgresDatabase::commit() {
  // A failed transaction only rolls back; its keys come back with it.
  if (!connection_.in_failed_transaction()) deferred_keys_.restore_all();
  const PgResult result = connection_.exec("COMMIT");
  deferred_keys_.forget();
  // COMMIT of a transaction an earlier error aborted "succeeds" by rolling back: say so.
  if (std::string_view(PQcmdStatus(result.get())) == "ROLLBACK") {
    connection_.fail("COMMIT", "the transaction had failed earlier and was rolled back");
  }
  connection_.run_deferred();
}

void PostgresDatabase::rollback() noexcept {
  deferred_keys_.forget();  // the server puts the keys back itself
  text_ids_.forget();
  if (PQtransactionStatus(connection_.idle()) == PQTRANS_IDLE) return;
  // If even ROLLBACK fails the connection is broken, and the server aborts the transaction itself.
  PQclear(PQexec(connection_.handle(), "ROLLBACK"));
  connection_.forget_transaction_state();
  connection_.run_deferred();
}

void PostgresDatabase::rollback_to(const std::string& name) {
  Database::rollback_to(name);
  text_ids_.forget();
  deferred_keys_.after_rollback_to();
}

std::string PostgresDatabase::ddl(std::string_view geopackage_ddl) const {
  return to_postgres_ddl(geopackage_ddl);
}

void PostgresDatabase::create_catalogue() {
  const PgResult available = connection_.exec("SELECT 1 FROM pg_available_extensions WHERE name = 'postgis'");
  if (PQntuples(available.get()) == 0) {
    throw StoreError("PostgreSQL store " + location() +
                     ": the PostGIS extension is not installed on the server (on Debian: "
                     "apt-get install postgresql-15-postgis-3)");
  }
  connection_.exec("CREATE EXTENSION IF NOT EXISTS postgis");
}

void PostgresDatabase::register_crs(int epsg, const std::string&, const std::string& wkt,
                                    const std::string&) {
  // PostGIS ships most EPSG codes; only a CRS it lacks is added. Name and description have no
  // column here (the WKT names the CRS).
  const std::string srid = std::to_string(epsg);
  connection_.exec("INSERT INTO spatial_ref_sys (srid, auth_name, auth_srid, srtext) VALUES (" + srid +
                   ", 'EPSG', " + srid + ", " + literal(wkt) + ") ON CONFLICT (srid) DO NOTHING");
}

void PostgresDatabase::register_feature_layer(const std::string& table, const std::string& geometry_type,
                                              int epsg, const std::string& description) {
  require_identifier(table);
  const std::string type = lower_ascii(geometry_type);
  if (type != "point" && type != "polygon" && type != "multipolygon") {
    connection_.fail("register_feature_layer", "unknown geometry type '" + geometry_type + "'");
  }
  const std::string srid = std::to_string(epsg);
  const std::string base = base_table(table);
  const PgResult current = connection_.exec(
      "SELECT 1 FROM geometry_columns WHERE f_table_schema = 'public' AND f_table_name = " + literal(base) +
      " AND f_geometry_column = 'geom' AND srid = " + srid + " AND lower(type) = " + literal(type));
  if (PQntuples(current.get()) == 0) {
    // The column was made as geometry(TYPE) before the CRS was known; this fixes its SRID so GDAL
    // and QGIS read the layer in the store's CRS. A view reading the column is made again around it.
    const bool view = base != table;
    connection_.exec((view ? incident_layout::drop_view_sql() : std::string()) + "ALTER TABLE " + base +
                     " ALTER COLUMN geom TYPE geometry(" + type + ", " + srid + ") USING ST_SetSRID(geom, " +
                     srid + ");\n" + (view ? incident_layout::create_view_sql() : std::string()));
  }
  if (bulk_loading_) {
    deferred_indexes_.push_back(table);
  } else {
    create_spatial_index(connection_, base, table + "_geom_gist");
  }
  comment_on_table(table, description);
}

void PostgresDatabase::end_bulk_load() noexcept {
  bulk_loading_ = false;
  // Each index in its own transactions, after the load committed: readers go on reading meanwhile
  // (CREATE INDEX blocks writers only), and a partitioned table's partitions are indexed on several
  // connections at once. A failure leaves the data as committed, without the index, and says so;
  // the next command that registers the layer creates it (for incidents, the next ingest).
  for (const auto& table : deferred_indexes_) {
    try {
      create_spatial_index(connection_, base_table(table), table + "_geom_gist", conninfo_);
    } catch (const StoreError& error) {
      std::fprintf(stderr, "grip: warning: the spatial index of %s was not built: %s\n", table.c_str(),
                   error.what());
    }
  }
  // The incidents layer is registered once, by the first ingest: a later load finishes its index
  // if an earlier build was cut short (postgres_spatial_index.hpp).
  const bool incidents_deferred = std::find(deferred_indexes_.begin(), deferred_indexes_.end(),
                                            incident_layout::kView) != deferred_indexes_.end();
  deferred_indexes_.clear();
  try {
    if (!incidents_deferred && narrow_incidents())
      finish_spatial_index(connection_, incident_layout::kRows,
                           std::string(incident_layout::kView) + "_geom_gist", conninfo_);
  } catch (const StoreError& error) {
    std::fprintf(stderr, "grip: warning: the spatial index of incidents was not finished: %s\n",
                 error.what());
  }
}

void PostgresDatabase::register_attribute_table(const std::string& table, const std::string& description) {
  require_identifier(table);
  comment_on_table(table, description);
}

std::vector<std::string> PostgresDatabase::grip_tables() {
  const PgResult result = connection_.exec(std::string(kUserTables) + " ORDER BY c.relname COLLATE \"C\"");
  std::vector<std::string> tables;
  bool view = false;
  for (int row = 0; row < PQntuples(result.get()); ++row) {
    std::string table = PQgetvalue(result.get(), row, 0);
    // The narrow layout's two tables are one table of the store, the view, to every caller.
    if (table == incident_layout::kRows || table == incident_layout::kTexts) {
      view = true;
      continue;
    }
    tables.push_back(std::move(table));
  }
  if (view && narrow_incidents()) {
    tables.emplace_back(incident_layout::kView);
    std::sort(tables.begin(), tables.end());
  }
  return tables;
}

std::vector<TableColumn> PostgresDatabase::table_columns(const std::string& table) {
  // pg_index.indkey lists the key's columns in order; its ordinality is the place in the key.
  auto query = prepare(
      "SELECT a.attname, t.typname, COALESCE((SELECT k.place FROM pg_index i, "
      "unnest(i.indkey::int2[]) WITH ORDINALITY AS k(attnum, place) WHERE i.indrelid = a.attrelid "
      "AND i.indisprimary AND k.attnum = a.attnum), 0) FROM pg_attribute a JOIN pg_type t ON t.oid = "
      "a.atttypid WHERE a.attrelid = to_regclass('public.' || quote_ident(?)) AND a.attnum > 0 AND NOT "
      "a.attisdropped ORDER BY a.attnum");
  query->bind(1, std::string_view(table));
  std::vector<TableColumn> columns;
  const bool view = table == incident_layout::kView && narrow_incidents();
  while (query->step()) {
    const std::string type = query->column_text(1);
    ColumnKind kind = ColumnKind::kText;
    if (type == "int2" || type == "int4" || type == "int8") kind = ColumnKind::kInteger;
    if (type == "float4" || type == "float8" || type == "numeric") kind = ColumnKind::kReal;
    if (type == "geometry") kind = ColumnKind::kGeometry;
    if (type == "bytea") connection_.fail("table " + table, "a bytea column, which Grip does not write");
    std::string name = query->column_text(0);
    // The view has no key of its own; its fid is incident_rows' key.
    const int key_place = view ? (name == "fid" ? 1 : 0) : static_cast<int>(query->column_int(2));
    columns.push_back({std::move(name), kind, key_place});
  }
  return columns;
}

std::vector<std::string> PostgresDatabase::referenced_tables(const std::string& table) {
  auto query = prepare(
      "SELECT DISTINCT r.relname FROM pg_constraint c JOIN pg_class r ON r.oid = c.confrelid "
      "WHERE c.contype = 'f' AND c.conrelid = to_regclass('public.' || quote_ident(?)) ORDER BY 1");
  query->bind(1, std::string_view(table));
  std::vector<std::string> tables;
  while (query->step()) tables.push_back(query->column_text(0));
  return tables;
}

std::vector<LayerEntry> PostgresDatabase::layers() {
  // A layer is a table Grip gave a comment (register_feature_layer / register_attribute_table).
  auto query = prepare(
      "SELECT c.relname, COALESCE(upper(g.type), ''), obj_description(c.oid, 'pg_class') FROM pg_class c "
      "JOIN pg_namespace n ON n.oid = c.relnamespace LEFT JOIN geometry_columns g ON g.f_table_schema = "
      "'public' AND g.f_table_name = c.relname AND g.f_geometry_column = 'geom' WHERE n.nspname = 'public' "
      "AND c.relkind IN ('r', 'v') AND c.relname <> 'spatial_ref_sys' AND obj_description(c.oid, 'pg_class') "
      "IS "
      "NOT NULL ORDER BY c.relname COLLATE \"C\"");
  std::vector<LayerEntry> entries;
  while (query->step())
    entries.push_back({query->column_text(0), query->column_text(1), query->column_text(2)});
  return entries;
}

std::string PostgresDatabase::crs_definition(int epsg) {
  auto query = prepare("SELECT srtext FROM spatial_ref_sys WHERE srid = ?");
  query->bind(1, std::int64_t{epsg});
  return query->step() ? query->column_text(0) : std::string();
}

std::string PostgresDatabase::ordered_by_bytes(const TableColumn& column) const {
  // The database's collation (often en_US.UTF-8) sorts text differently from SQLite's BINARY.
  return column.kind == ColumnKind::kText ? column.name + " COLLATE \"C\"" : column.name;
}

void PostgresDatabase::advance_generated_keys(const std::string& layer, const std::string& key_column) {
  const std::string table = base_table(layer);
  require_identifier(table);
  require_identifier(key_column);
  // NULL (no change) for a key that is not an identity column; the next key is MAX + 1.
  connection_.exec("SELECT setval(pg_get_serial_sequence(" + literal(table) + ", " + literal(key_column) +
                   "), COALESCE(MAX(" + key_column + "), 0) + 1, false) FROM " + table);
}

std::string PostgresDatabase::literal(const std::string& text) const { return connection_.literal(text); }

void PostgresDatabase::require_identifier(const std::string& name) const {
  if (!is_plain_identifier(name)) connection_.fail("table " + name, "not a plain lower-case table name");
}

void PostgresDatabase::comment_on_table(const std::string& table, const std::string& description) {
  const char* kind = base_table(table) != table ? "VIEW " : "TABLE ";
  connection_.exec("COMMENT ON " + std::string(kind) + table + " IS " + literal(description));
}

std::unique_ptr<Database> open_postgis(const std::string& locator) {
  return std::make_unique<PostgresDatabase>(locator);
}

}  // namespace grip::store

// Database on PostgreSQL/PostGIS through libpq. One connection per Database. Writers take a
// transaction-scoped advisory lock right after BEGIN, so two Grip commands writing the same
// database run one after the other, as SQLite's BEGIN IMMEDIATE makes them; readers take a
// REPEATABLE READ snapshot and never wait (MVCC). A killed client leaves nothing behind: the
// server aborts the transaction of a connection that drops.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "grip/store/database.hpp"
#include "grip/store/postgres_connection.hpp"
#include "grip/store/postgres_deferred_keys.hpp"
#include "grip/store/postgres_incident_sink.hpp"

namespace grip::store {

// The advisory lock key every Grip writer takes ("GRIPSTOR" in ASCII): one writer per database.
inline constexpr std::int64_t kWriterLockKey = 0x4752'4950'5354'4F52;

class PostgresDatabase final : public Database {
 public:
  explicit PostgresDatabase(const std::string& locator);

  [[nodiscard]] Engine engine() const noexcept override { return Engine::kPostgis; }
  [[nodiscard]] const std::string& location() const noexcept override { return connection_.location(); }
  [[nodiscard]] std::string gdal_name() const override;
  void use_srid(int epsg) override { connection_.set_srid(epsg); }

  [[nodiscard]] bool is_empty() override;
  void require_grip_store() override;

  void exec(const std::string& sql) override;
  [[nodiscard]] std::unique_ptr<Query> prepare(std::string_view sql) override;
  [[nodiscard]] std::unique_ptr<RowSink> bulk_insert(const std::string& table,
                                                     const std::vector<std::string>& columns) override;

  void begin_write() override;
  void begin_read() override;
  void commit() override;
  void rollback() noexcept override;
  void rollback_to(const std::string& name) override;
  [[nodiscard]] std::int64_t last_fid(const std::string& table) override;

  [[nodiscard]] std::string ddl(std::string_view geopackage_ddl) const override;
  void create_catalogue() override;
  void migrate_layout(int version) override;
  [[nodiscard]] bool incidents_hold_text_ids() override { return narrow_incidents(); }

  void register_crs(int epsg, const std::string& name, const std::string& wkt,
                    const std::string& description) override;
  void register_feature_layer(const std::string& table, const std::string& geometry_type, int epsg,
                              const std::string& description) override;
  void register_attribute_table(const std::string& table, const std::string& description) override;
  void update_layer_bounds(const std::string&, const Envelope&, bool) override {}
  // A layer registered during a bulk load gets its spatial index after the load has committed:
  // COPY into an indexed table runs at under half the speed (100k against 240k rows/s). A table
  // the load holds exclusively also goes without its primary key until commit (PgDeferredKeys).
  void begin_bulk_load() noexcept override { bulk_loading_ = true; }
  void end_bulk_load() noexcept override;

  [[nodiscard]] std::vector<std::string> grip_tables() override;

  [[nodiscard]] std::vector<TableColumn> table_columns(const std::string& table) override;
  [[nodiscard]] std::vector<std::string> referenced_tables(const std::string& table) override;
  [[nodiscard]] std::vector<LayerEntry> layers() override;
  [[nodiscard]] std::string crs_definition(int epsg) override;
  [[nodiscard]] std::string ordered_by_bytes(const TableColumn& column) const override;
  void defer_foreign_keys() override {}
  void advance_generated_keys(const std::string& table, const std::string& key_column) override;

 private:
  [[nodiscard]] std::string literal(const std::string& text) const;
  void require_identifier(const std::string& name) const;
  void require_no_transaction(const char* what) const;
  void comment_on_table(const std::string& table, const std::string& description);
  // COPY into `table` (a base table), without its key during a first bulk load (PgDeferredKeys).
  [[nodiscard]] std::unique_ptr<RowSink> copy_into(const std::string& table,
                                                   const std::vector<std::string>& columns);
  // Whether `incidents` is the narrow layout's view (postgres_incident_layout.hpp); asked once.
  [[nodiscard]] bool narrow_incidents();
  // The table that holds a layer's rows: incident_rows for that view, else the layer itself.
  [[nodiscard]] std::string base_table(const std::string& table);
  void on_statement(std::string_view sql);

  std::string conninfo_;  // for the extra connections that build a partitioned table's index
  PgConnection connection_;
  PgDeferredKeys deferred_keys_{connection_};
  bool bulk_loading_ = false;
  std::vector<std::string> deferred_indexes_;  // layers whose GiST index waits for the load to end
  std::optional<bool> narrow_incidents_;
  IncidentTextIds text_ids_;
};

}  // namespace grip::store

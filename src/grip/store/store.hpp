// A Grip project store on either engine: a GeoPackage file (the default, one analyst on a laptop)
// or a PostgreSQL/PostGIS database (a force's shared server). Opening applies the numbered
// migrations; every command's writes are one transaction (WriteTransaction), so an interrupted
// command leaves the store as it was before it. The typed readers and writers beside this header
// (*_tables.hpp) are the only way the rest of Grip reaches the data: no SQL outside store/.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "grip/store/database.hpp"
#include "grip/store/geometry_blob.hpp"

namespace grip::store {

struct StoreCrs {
  int epsg = 0;
  std::string code;  // "EPSG:27700"
  std::string name;  // "OSGB36 / British National Grid"
};

class Store {
 public:
  // A file path (GeoPackage, created when missing) or a PostgreSQL locator (postgresql://...,
  // service=NAME, PG:...). Throws StoreError when it cannot be opened or is not a Grip store.
  explicit Store(const std::string& locator);

  [[nodiscard]] Engine engine() const noexcept { return database_->engine(); }
  // The file path or connection string (without password), for messages.
  [[nodiscard]] const std::string& path() const noexcept { return database_->location(); }
  // What GDAL opens to read the layers (exports, QGIS).
  [[nodiscard]] std::string gdal_name() const { return database_->gdal_name(); }
  // For store/ code only: the engine connection behind the typed readers and writers.
  [[nodiscard]] Database& database() noexcept { return *database_; }

  // The metric CRS every geometry in the store uses; empty until the first data arrives.
  [[nodiscard]] std::optional<StoreCrs> crs();
  // Records the CRS and registers the feature layers with it. Call inside a write transaction.
  void set_crs(int epsg, const std::string& name, const std::string& wkt, const std::string& reason);

  // Registers a table as a layer in the store's CRS, so QGIS and ogrinfo list it. Idempotent.
  void register_feature_layer(const std::string& table, const std::string& geometry_type,
                              const std::string& description);
  void register_attribute_table(const std::string& table, const std::string& description);
  // Grows a layer's recorded bounds to take in new data (a viewer's hint: after a replacement they
  // may be a little larger than the data, never smaller).
  void extend_layer(const std::string& table, const Envelope& bounds);

  [[nodiscard]] std::optional<std::string> setting(const std::string& key);
  void put_setting(const std::string& key, const std::string& value);

  // Rows of a table (for checks, tests and `grip store copy`); where is trusted SQL, never user input.
  [[nodiscard]] std::int64_t count_rows(const std::string& table, const std::string& where = "");

  // Marks the store as holding the synthetic demo county (layer descriptions say so too).
  [[nodiscard]] bool is_synthetic();

 private:
  std::unique_ptr<Database> database_;
};

// A command's writes: begun on construction (one writer at a time; a second waits), rolled back in
// the destructor unless commit() was called, so an exception anywhere leaves the store unchanged.
class WriteTransaction {
 public:
  explicit WriteTransaction(Store& store);
  ~WriteTransaction();
  WriteTransaction(const WriteTransaction&) = delete;
  WriteTransaction& operator=(const WriteTransaction&) = delete;
  void commit();

 private:
  Database& database_;
  bool open_ = true;
};

// A read-only command's consistent snapshot.
class ReadTransaction {
 public:
  explicit ReadTransaction(Store& store);
  ~ReadTransaction();
  ReadTransaction(const ReadTransaction&) = delete;
  ReadTransaction& operator=(const ReadTransaction&) = delete;

 private:
  Database& database_;
};

// One file's rows inside a command's transaction: kept on release(), undone otherwise.
class Savepoint {
 public:
  Savepoint(Store& store, std::string name);
  ~Savepoint();
  Savepoint(const Savepoint&) = delete;
  Savepoint& operator=(const Savepoint&) = delete;
  void release();
  // Undoes everything since the savepoint (and ends it).
  void rollback();

 private:
  Database& database_;
  std::string name_;
  bool open_ = true;
};

// Engine tuning around a large ingest (see Database::begin_bulk_load).
class BulkLoad {
 public:
  explicit BulkLoad(Store& store) : database_(store.database()) { database_.begin_bulk_load(); }
  ~BulkLoad() { database_.end_bulk_load(); }
  BulkLoad(const BulkLoad&) = delete;
  BulkLoad& operator=(const BulkLoad&) = delete;

 private:
  Database& database_;
};

}  // namespace grip::store

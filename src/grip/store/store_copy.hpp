// `grip store copy`: a project moved between engines (GeoPackage <-> PostGIS, or within one) with
// nothing lost. The target must be empty; it gets the current schema, the source's CRS, every Grip
// table row by row in key order with every column (keys included, so references stay true), and
// the source's layers with their descriptions, all in one write transaction. Before committing,
// each table is verified: row counts equal, and a checksum (XXH3-64 over each value's canonical
// text, read back through the engine interface in key order) equal on both sides; any difference
// rolls the target back.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "grip/store/database.hpp"

namespace grip::store {

struct TableCopy {
  std::string table;
  std::int64_t source_rows = 0, target_rows = 0;
  std::string source_checksum, target_checksum;  // 16 hex digits
  [[nodiscard]] bool matches() const {
    return source_rows == target_rows && source_checksum == target_checksum;
  }
};

struct CopyReport {
  std::string source, target;  // locations, without passwords
  Engine source_engine = Engine::kGeoPackage, target_engine = Engine::kGeoPackage;
  std::vector<TableCopy> tables;
  bool committed = false;  // false: a table differed and the target was rolled back
  double seconds = 0;
};

// Called once a table is copied, with its rows.
using CopyProgress = std::function<void(const std::string& table, std::int64_t rows)>;

// Throws UsageError when the source is missing, the target is the source or is not empty (the
// target is then left untouched), StoreError when either cannot be read or written.
[[nodiscard]] CopyReport copy_store(const std::string& from, const std::string& to,
                                    const CopyProgress& progress = {});

// A table's checksum as copy_store computes it on either side: every row in key order, every
// column's canonical text (integers in decimal, doubles as shortest round-trip text, text as is,
// geometry as little-endian WKB in hex, NULL apart from all of them).
[[nodiscard]] std::string table_checksum(Database& database, const std::string& table);

}  // namespace grip::store

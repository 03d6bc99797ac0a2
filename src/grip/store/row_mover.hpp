// Inside store/ only: replaced rows are moved into superseded_<table> (schema.cpp, migration 5)
// instead of being deleted, so `grip ingest --undo` can put them back until `grip store vacuum`.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "grip/store/database.hpp"

namespace grip::store {

// The columns a replaced row keeps in its superseded_* table (schema.cpp, migrations 1, 5 and 13).
inline constexpr const char* kIncidentColumns =
    "fid, geom, batch_id, source_line, source_id, month, occurred_from, occurred_to, category, offence, "
    "location, lsoa_code, lsoa_name, force, outcome, context, x, y, outside_km";
inline constexpr const char* kStopSearchColumns =
    "fid, geom, batch_id, source_line, month, occurred_at, search_type, part_of_operation, operation_name, "
    "legislation, object_of_search, outcome, outcome_linked_to_object, force, x, y, outside_km, "
    "ethnicity_group";
inline constexpr const char* kRejectColumns = "reject_id, batch_id, file_name, line, reason, detail, raw";

inline const char* columns_of(std::string_view table) {
  if (table == "incidents") return kIncidentColumns;
  if (table == "stop_searches") return kStopSearchColumns;
  return kRejectColumns;
}

// Replaced rows are moved, not deleted: the rows `where` selects are copied into
// superseded_<table>, tagged with the replacing batch (bound at parameter `by`, after every
// parameter `where` uses), then deleted.
class RowMover {
 public:
  RowMover(Database& db, const std::string& table, const std::string& where, int by) : by_(by) {
    const std::string columns = columns_of(table);
    copy_ =
        db.prepare("INSERT INTO superseded_" + table + " (" + columns + ", superseded_by) SELECT " + columns +
                   ", CAST(?" + std::to_string(by) + " AS BIGINT) FROM " + table + " WHERE " + where);
    remove_ = db.prepare("DELETE FROM " + table + " WHERE " + where);
  }
  // Binds parameter `index` of the WHERE clause on both statements.
  template <typename Value>
  RowMover& bind(int index, const Value& value) {
    copy_->bind(index, value);
    remove_->bind(index, value);
    return *this;
  }
  // Moves the rows selected by the current bindings; returns how many.
  std::int64_t run(std::int64_t replacing_batch) {
    copy_->bind(by_, replacing_batch);
    copy_->step();
    copy_->reset();
    remove_->step();
    const std::int64_t moved = remove_->changes();
    remove_->reset();
    return moved;
  }

 private:
  int by_;
  std::unique_ptr<Query> copy_, remove_;
};

}  // namespace grip::store

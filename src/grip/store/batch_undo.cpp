#include "grip/store/batch_undo.hpp"

#include <algorithm>

#include "grip/core/errors.hpp"
#include "grip/store/row_mover.hpp"

namespace grip::store {
namespace {

std::int64_t single_int(Database& db, const std::string& sql, std::int64_t batch_id) {
  auto query = db.prepare(sql);
  query->bind(1, batch_id);
  query->step();
  const std::int64_t value = query->column_int(0);
  while (query->step()) {
  }
  return value;
}

std::vector<std::int64_t> ids(Database& db, const std::string& sql, std::int64_t batch_id) {
  auto query = db.prepare(sql);
  query->bind(1, batch_id);
  std::vector<std::int64_t> found;
  while (query->step()) found.push_back(query->column_int(0));
  return found;
}

std::int64_t run(Database& db, const std::string& sql, std::int64_t batch_id) {
  auto query = db.prepare(sql);
  query->bind(1, batch_id);
  query->step();
  return query->changes();
}

// Rows the batch replaced go back to `table` with their own fids (and so into their own batch's
// fid range); returns how many.
std::int64_t restore(Database& db, const std::string& table, std::int64_t batch_id) {
  const std::string columns = columns_of(table);
  run(db,
      "INSERT INTO " + table + " (" + columns + ") SELECT " + columns + " FROM superseded_" + table +
          " WHERE superseded_by = ?1 ORDER BY 1",
      batch_id);
  return run(db, "DELETE FROM superseded_" + table + " WHERE superseded_by = ?1", batch_id);
}

// Why the batch cannot be undone, if it cannot.
void check_undoable(Database& db, std::int64_t batch_id, const std::string& format, std::int64_t replaced,
                    std::int64_t superseded_by) {
  const std::string id = std::to_string(batch_id);
  if (superseded_by > 0) {
    throw UsageError("batch " + id + " was replaced by batch " + std::to_string(superseded_by) +
                     ": undo batch " + std::to_string(superseded_by) + " first");
  }
  if (format == "boundaries") {
    throw UsageError("batch " + id +
                     " is a boundary file: the areas it replaced are not kept, so it cannot be undone; "
                     "ingest the older boundary file again instead");
  }
  const std::int64_t later = std::max(
      single_int(db, "SELECT COALESCE(MAX(superseded_by), 0) FROM superseded_incidents WHERE batch_id = ?1",
                 batch_id),
      single_int(db,
                 "SELECT COALESCE(MAX(superseded_by), 0) FROM superseded_stop_searches WHERE batch_id = ?1",
                 batch_id));
  if (later > 0) {
    throw UsageError("rows of batch " + id + " were replaced by batch " + std::to_string(later) +
                     ": undo batch " + std::to_string(later) + " first");
  }
  const std::int64_t kept =
      single_int(db, "SELECT count(*) FROM superseded_incidents WHERE superseded_by = ?1", batch_id) +
      single_int(db, "SELECT count(*) FROM superseded_stop_searches WHERE superseded_by = ?1", batch_id);
  if (kept < replaced) {
    throw UsageError("batch " + id + " replaced " + std::to_string(replaced) +
                     " rows and 'grip store vacuum' has " + "since removed " +
                     std::to_string(replaced - kept) +
                     " of them: undoing it would lose them; ingest the older file again instead");
  }
}

}  // namespace

UndoneBatch undo_batch(Store& store, std::int64_t batch_id) {
  auto& db = store.database();
  UndoneBatch undone;
  undone.batch_id = batch_id;
  auto info = db.prepare(
      "SELECT file_name, file_path, format, COALESCE(first_fid, 0), COALESCE(last_fid, -1), rows_replaced, "
      "COALESCE(superseded_by, 0) FROM ingest_batches WHERE batch_id = ?1");
  info->bind(1, batch_id);
  if (!info->step()) {
    throw UsageError("the store " + store.path() + " has no batch " + std::to_string(batch_id) +
                     " (see the ingest_batches table, or the batch numbers 'grip ingest --json' prints)");
  }
  undone.file_name = info->column_text(0);
  undone.file_path = info->column_text(1);
  undone.format = info->column_text(2);
  const std::int64_t first = info->column_int(3), last = info->column_int(4), replaced = info->column_int(5);
  const std::int64_t superseded_by = info->column_int(6);
  while (info->step()) {
  }
  check_undoable(db, batch_id, undone.format, replaced, superseded_by);

  // Its own rows, rejects and groups go for good.
  for (const char* table : {"incidents", "stop_searches"}) {
    auto remove =
        db.prepare(std::string("DELETE FROM ") + table + " WHERE fid BETWEEN ?1 AND ?2 AND batch_id = ?3");
    remove->bind(1, first).bind(2, last).bind(3, batch_id);
    remove->step();
    undone.rows_removed += remove->changes();
  }
  undone.rejects_removed = run(db, "DELETE FROM rejects WHERE batch_id = ?1", batch_id);
  run(db, "DELETE FROM batch_groups WHERE batch_id = ?1", batch_id);

  // What it replaced comes back, and the batches it superseded are current again.
  undone.batches_with_rows_back =
      ids(db,
          "SELECT batch_id FROM superseded_incidents WHERE superseded_by = ?1 UNION "
          "SELECT batch_id FROM superseded_stop_searches WHERE superseded_by = ?1 "
          "ORDER BY 1",
          batch_id);
  undone.rows_restored = restore(db, "incidents", batch_id) + restore(db, "stop_searches", batch_id);
  undone.rejects_restored = restore(db, "rejects", batch_id);
  undone.batches_restored =
      ids(db, "SELECT batch_id FROM ingest_batches WHERE superseded_by = ?1 ORDER BY batch_id", batch_id);
  run(db, "UPDATE ingest_batches SET superseded_by = NULL WHERE superseded_by = ?1", batch_id);
  // Its record goes too, so the same bytes can be ingested again later.
  run(db, "DELETE FROM ingest_batches WHERE batch_id = ?1", batch_id);
  return undone;
}

VacuumCounts vacuum_superseded(Store& store) {
  auto& db = store.database();
  const auto remove_all = [&db](const char* table) {
    auto remove = db.prepare(std::string("DELETE FROM ") + table);
    remove->step();
    return remove->changes();
  };
  return {remove_all("superseded_incidents"), remove_all("superseded_stop_searches"),
          remove_all("superseded_rejects")};
}

}  // namespace grip::store

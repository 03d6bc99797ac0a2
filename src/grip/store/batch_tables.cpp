#include "grip/store/batch_tables.hpp"

#include <array>
#include <cmath>
#include <set>
#include <utility>

#include "grip/core/time_text.hpp"
#include "grip/store/row_mover.hpp"

namespace grip::store {
namespace {

std::int64_t begin_batch(Database& db, const IncomingBatch& batch) {
  auto insert = db.prepare(
      "INSERT INTO ingest_batches (file_name, file_path, content_hash, bytes, format, dataset, rows_read, "
      "rows_stored, rows_rejected, ingested_at, grip_version) VALUES (?, ?, ?, ?, ?, ?, ?, 0, 0, ?, ?) "
      "RETURNING batch_id");
  insert->bind(1, std::string_view(batch.file_name)).bind(2, std::string_view(batch.file_path));
  insert->bind(3, std::string_view(batch.content_hash)).bind(4, batch.bytes);
  insert->bind(5, std::string_view(batch.format))
      .bind(6, std::string_view(batch.dataset))
      .bind(7, batch.rows_read);
  insert->bind(8, std::string_view(utc_now_iso())).bind(9, std::string_view(GRIP_VERSION));
  insert->step();
  const auto id = insert->column_int(0);
  while (insert->step()) {
  }
  return id;
}

// New rows take fids above the table's largest (one writer at a time), so a batch's rows form one
// fid range: finding them later is a range scan, with no batch index for every row to maintain.
struct FidRange {
  std::int64_t first = 0, last = -1;  // empty when last < first
};

// The batch's counts, and its fid range when it has rows, in one statement.
void finish_batch(Database& db, std::int64_t batch_id, const BatchCounts& counts, std::int64_t rejected,
                  FidRange range = {}) {
  auto update = db.prepare(
      "UPDATE ingest_batches SET rows_stored = ?1, rows_rejected = ?2, rows_replaced = ?3, "
      "first_fid = COALESCE(?5, first_fid), last_fid = COALESCE(?6, last_fid) WHERE batch_id = ?4");
  update->bind(1, counts.stored).bind(2, rejected).bind(3, counts.replaced).bind(4, batch_id);
  if (range.last >= range.first) {
    update->bind(5, range.first).bind(6, range.last);
  } else {
    update->bind_null(5).bind_null(6);
  }
  update->step();
}

void write_rejects(Database& db, std::int64_t batch_id, const std::string& file_name,
                   std::span<const RejectRecord> rejects) {
  if (rejects.empty()) return;
  auto sink = db.bulk_insert("rejects", {"batch_id", "file_name", "line", "reason", "detail", "raw"});
  for (const auto& reject : rejects) {
    sink->add(batch_id);
    sink->add(std::string_view(file_name));
    sink->add(reject.line);
    sink->add(std::string_view(reject.reason));
    sink->add(std::string_view(reject.detail));
    sink->add(std::string_view(reject.raw));
    sink->end_row();
  }
  sink->finish();
}

// Batches left with no rows after a replacement are superseded: their rejects move to
// superseded_rejects, so the rejects table describes only what the store holds now.
void mark_superseded(Database& db, std::int64_t new_batch, const std::set<std::int64_t>& touched) {
  auto rows_left = db.prepare(
      "SELECT CASE WHEN EXISTS (SELECT 1 FROM incidents WHERE fid BETWEEN ?2 AND ?3 AND batch_id = ?1) OR "
      "EXISTS (SELECT 1 FROM stop_searches WHERE fid BETWEEN ?2 AND ?3 AND batch_id = ?1) THEN 1 ELSE 0 END");
  auto range = db.prepare("SELECT first_fid, last_fid FROM ingest_batches WHERE batch_id = ?");
  // A batch superseded earlier keeps the batch that superseded it: undoing that one restores it.
  auto supersede =
      db.prepare("UPDATE ingest_batches SET superseded_by = ? WHERE batch_id = ? AND superseded_by IS NULL");
  RowMover move_rejects(db, "rejects", "batch_id = ?1", 2);
  for (const std::int64_t batch : touched) {
    range->bind(1, batch);
    const bool found = range->step();
    const std::int64_t first = found ? range->column_int(0) : 0, last = found ? range->column_int(1) : -1;
    while (found && range->step()) {
    }
    range->reset();
    rows_left->bind(1, batch).bind(2, first).bind(3, last);
    rows_left->step();
    const bool any_left = rows_left->column_int(0) != 0;
    while (rows_left->step()) {
    }
    rows_left->reset();
    if (any_left) continue;
    supersede->bind(1, new_batch).bind(2, batch);
    supersede->step();
    const bool newly = supersede->changes() > 0;
    supersede->reset();
    if (!newly) continue;
    (void)move_rejects.bind(1, batch).run(new_batch);
  }
}

// The older batches holding a (dataset, month, force) group, with their fid ranges, found through
// batch_groups so that the replacement reads only those batches' rows.
class OlderBatches {
 public:
  explicit OlderBatches(Database& db)
      : query_(
            db.prepare("SELECT g.batch_id, b.first_fid, b.last_fid FROM batch_groups g JOIN ingest_batches b "
                       "USING (batch_id) WHERE g.dataset = ?1 AND g.month = ?2 AND g.force = ?3 AND "
                       "g.batch_id <> ?4 AND b.first_fid IS NOT NULL ORDER BY g.batch_id")) {}
  std::vector<std::array<std::int64_t, 3>> of(std::string_view dataset, std::string_view month,
                                              std::string_view force, std::int64_t except_batch) {
    query_->bind(1, dataset).bind(2, month).bind(3, force).bind(4, except_batch);
    std::vector<std::array<std::int64_t, 3>> found;
    while (query_->step())
      found.push_back({query_->column_int(0), query_->column_int(1), query_->column_int(2)});
    query_->reset();
    return found;
  }

 private:
  std::unique_ptr<Query> query_;
};

constexpr const char* kGroupRows =
    "fid BETWEEN ?1 AND ?2 AND batch_id = ?3 AND month = ?4 AND COALESCE(force, '') = ?5";

// data.police.uk republishes whole months: the groups the caller says this copy covers replace the
// older batches' rows of those groups (moved to superseded_<table>); every group it holds is
// recorded, so that a later copy of any of them finds this batch's rows.
template <typename Record>
std::int64_t replace_month_groups(Database& db, std::int64_t batch_id, const std::string& table,
                                  const std::string& dataset, std::span<const Record> records,
                                  const std::set<MonthGroup>& replacing, std::set<std::int64_t>& touched) {
  std::set<std::pair<std::string_view, std::string_view>> groups;
  const std::pair<std::string_view, std::string_view>* last_group = nullptr;
  for (const auto& record : records) {
    // Rows come a group at a time: a set lookup for each row would only repeat the last one.
    if (last_group != nullptr && record.month == last_group->first && record.force == last_group->second)
      continue;
    last_group = &*groups.emplace(record.month, record.force).first;
  }
  if (groups.empty()) return 0;
  OlderBatches older(db);
  RowMover mover(db, table, kGroupRows, 6);
  auto record_group = db.prepare(
      "INSERT INTO batch_groups (batch_id, dataset, month, force) VALUES (?, ?, ?, ?) ON CONFLICT DO "
      "NOTHING");
  std::int64_t moved = 0;
  for (const auto& [month, force] : groups) {
    if (replacing.contains(MonthGroup{std::string(month), std::string(force)})) {
      for (const auto& [older_batch, first, last] : older.of(dataset, month, force, batch_id)) {
        touched.insert(older_batch);
        moved += mover.bind(1, first)
                     .bind(2, last)
                     .bind(3, older_batch)
                     .bind(4, month)
                     .bind(5, force)
                     .run(batch_id);
      }
    }
    record_group->bind(1, batch_id).bind(2, std::string_view(dataset)).bind(3, month).bind(4, force);
    record_group->step();
    record_group->reset();
  }
  return moved;
}

// A records-system extract is re-exported with corrections: rows with the same ids replace the old.
std::int64_t replace_incident_ids(Database& db, std::int64_t batch_id, const std::string& dataset,
                                  const std::string& same_file, std::set<std::int64_t>& touched,
                                  std::span<const IncidentRecord> records) {
  db.exec("CREATE TEMP TABLE IF NOT EXISTS incoming_ids (source_id TEXT PRIMARY KEY)");
  db.exec("DELETE FROM incoming_ids");
  auto insert = db.prepare("INSERT INTO incoming_ids VALUES (?) ON CONFLICT DO NOTHING");
  for (const auto& record : records) {
    insert->bind(1, record.source_id);
    insert->step();
    insert->reset();
  }
  auto older = db.prepare(
      "SELECT batch_id, first_fid, last_fid FROM ingest_batches WHERE first_fid IS NOT NULL "
      "AND format = 'incident csv' AND ((?2 = '' AND dataset = ?1) OR file_path = ?2) ORDER BY batch_id");
  older->bind(1, std::string_view(dataset)).bind(2, std::string_view(same_file));
  std::vector<std::array<std::int64_t, 3>> found;
  while (older->step()) found.push_back({older->column_int(0), older->column_int(1), older->column_int(2)});
  RowMover mover(
      db, "incidents",
      "fid BETWEEN ?1 AND ?2 AND batch_id = ?3 AND source_id IN (SELECT source_id FROM incoming_ids)", 4);
  std::int64_t moved = 0;
  for (const auto& [older_batch, first, last] : found) {
    touched.insert(older_batch);
    moved += mover.bind(1, first).bind(2, last).bind(3, older_batch).run(batch_id);
  }
  return moved;
}

std::int64_t insert_incidents(Database& db, std::int64_t batch_id, std::span<const IncidentRecord> records) {
  if (records.empty()) return 0;
  auto sink =
      db.bulk_insert("incidents", {"geom", "batch_id", "source_line", "source_id", "month", "occurred_from",
                                   "occurred_to", "category", "offence", "location", "lsoa_code", "lsoa_name",
                                   "force", "outcome", "context", "x", "y", "outside_km"});
  for (const auto& record : records) {
    sink->add_point(record.where.x, record.where.y);
    sink->add(batch_id);
    sink->add(record.line);
    sink->add_or_null(record.source_id);
    sink->add(record.month);
    sink->add_or_null(record.occurred_from);
    sink->add_or_null(record.occurred_to);
    sink->add(record.category);
    sink->add_or_null(record.offence);
    sink->add_or_null(record.location);
    sink->add_or_null(record.lsoa_code);
    sink->add_or_null(record.lsoa_name);
    sink->add_or_null(record.force);
    sink->add_or_null(record.outcome);
    sink->add_or_null(record.context);
    sink->add(record.where.x);
    sink->add(record.where.y);
    sink->add(record.where.outside_km);  // NaN: not outside
    sink->end_row();
  }
  sink->finish();
  return static_cast<std::int64_t>(records.size());
}

std::int64_t insert_stop_searches(Database& db, std::int64_t batch_id,
                                  std::span<const StopSearchRecord> records) {
  if (records.empty()) return 0;
  auto sink = db.bulk_insert(
      "stop_searches", {"geom", "batch_id", "source_line", "month", "occurred_at", "search_type",
                        "part_of_operation", "operation_name", "legislation", "object_of_search", "outcome",
                        "outcome_linked_to_object", "force", "x", "y", "outside_km", "ethnicity_group"});
  for (const auto& record : records) {
    sink->add_point(record.where.x, record.where.y);
    sink->add(batch_id);
    sink->add(record.line);
    for (const auto text : {record.month, record.occurred_at, record.search_type, record.part_of_operation,
                            record.operation_name, record.legislation, record.object_of_search,
                            record.outcome, record.outcome_linked_to_object, record.force}) {
      sink->add(text);
    }
    sink->add(record.where.x);
    sink->add(record.where.y);
    sink->add(record.where.outside_km);
    sink->add_or_null(record.ethnicity_group);
    sink->end_row();
  }
  sink->finish();
  return static_cast<std::int64_t>(records.size());
}

std::optional<Envelope> extent(Database& db, const std::string& sql) {
  auto query = db.prepare(sql);
  if (!query->step() || query->column_is_null(0)) return std::nullopt;
  return Envelope{query->column_double(0), query->column_double(2), query->column_double(1),
                  query->column_double(3)};
}

}  // namespace

std::optional<PreviousCopy> find_previous_copy(Store& store, const std::string& content_hash) {
  auto query = store.database().prepare(
      "SELECT batch_id, ingested_at, superseded_by FROM ingest_batches WHERE content_hash = ? "
      "ORDER BY batch_id DESC LIMIT 1");
  query->bind(1, std::string_view(content_hash));
  if (!query->step()) return std::nullopt;
  PreviousCopy copy{query->column_int(0), query->column_text(1), std::nullopt};
  if (!query->column_is_null(2)) copy.superseded_by = query->column_int(2);
  return copy;
}

std::map<MonthGroup, std::int64_t> stored_group_rows(Store& store, const std::string& dataset,
                                                     const std::set<MonthGroup>& groups) {
  auto& db = store.database();
  OlderBatches older(db);
  std::map<MonthGroup, std::vector<std::array<std::int64_t, 3>>> batches;  // asked once, for both tables
  for (const auto& group : groups) batches[group] = older.of(dataset, group.month, group.force, 0);
  std::map<MonthGroup, std::int64_t> stored;
  for (const char* table : {"incidents", "stop_searches"}) {
    std::unique_ptr<Query> count;
    for (const auto& group : groups) {
      std::int64_t& rows = stored[group];
      for (const auto& [batch, first, last] : batches[group]) {
        if (!count) count = db.prepare(std::string("SELECT count(*) FROM ") + table + " WHERE " + kGroupRows);
        count->bind(1, first).bind(2, last).bind(3, batch);
        count->bind(4, std::string_view(group.month)).bind(5, std::string_view(group.force));
        count->step();
        rows += count->column_int(0);
        count->reset();
      }
    }
  }
  return stored;
}

BatchCounts write_record_batch(Store& store, const IncomingBatch& batch, Replacement replacement,
                               const std::set<MonthGroup>& replacing,
                               std::span<const IncidentRecord> incidents,
                               std::span<const StopSearchRecord> stop_searches,
                               std::span<const RejectRecord> rejects) {
  auto& db = store.database();
  BatchCounts counts;
  counts.batch_id = begin_batch(db, batch);
  // The new rows go in first, above every fid in use, the replaced ones included: a replaced row
  // keeps its fid in superseded_<table> and must find it free when --undo puts it back. A file
  // holds either incidents or stop searches, so one fid range per batch suffices.
  const char* table = incidents.empty() ? "stop_searches" : "incidents";
  const std::int64_t before = db.last_fid(table);
  counts.stored = insert_incidents(db, counts.batch_id, incidents) +
                  insert_stop_searches(db, counts.batch_id, stop_searches);
  std::set<std::int64_t> touched;  // older batches this file replaced rows of
  if (replacement == Replacement::kMonthGroups) {
    counts.replaced =
        replace_month_groups(db, counts.batch_id, "incidents", batch.dataset, incidents, replacing, touched) +
        replace_month_groups(db, counts.batch_id, "stop_searches", batch.dataset, stop_searches, replacing,
                             touched);
  } else {
    const std::string same_file = replacement == Replacement::kIdsSameFile ? batch.file_path : std::string();
    counts.replaced = replace_incident_ids(db, counts.batch_id, batch.dataset, same_file, touched, incidents);
  }
  // Recorded after the replacement, which looks for older batches by their fid ranges.
  const FidRange range{before + 1, db.last_fid(table)};
  write_rejects(db, counts.batch_id, batch.file_name, rejects);
  if (counts.replaced > 0) mark_superseded(db, counts.batch_id, touched);
  finish_batch(db, counts.batch_id, counts, static_cast<std::int64_t>(rejects.size()), range);
  return counts;
}

BatchCounts write_area_batch(Store& store, const IncomingBatch& batch, std::span<const AreaRow> areas,
                             std::span<const RejectRecord> rejects) {
  auto& db = store.database();
  BatchCounts counts;
  counts.batch_id = begin_batch(db, batch);
  auto remove = db.prepare("DELETE FROM areas WHERE kind = ? AND code = ?");
  auto insert = db.prepare(
      "INSERT INTO areas (geom, batch_id, kind, code, name, parent_code, parent_name, area_m2, min_x, min_y, "
      "max_x, max_y) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  for (const auto& area : areas) {
    remove->bind(1, area.kind).bind(2, area.code);
    remove->step();
    counts.replaced += remove->changes();
    remove->reset();
    insert->bind_geometry(1, area.wkb, area.envelope).bind(2, counts.batch_id).bind(3, area.kind);
    insert->bind(4, area.code).bind(5, area.name);
    if (area.parent_code.empty()) {
      insert->bind_null(6).bind_null(7);
    } else {
      insert->bind(6, area.parent_code).bind(7, area.parent_name);
    }
    insert->bind(8, area.area_m2).bind(9, area.envelope.min_x).bind(10, area.envelope.min_y);
    insert->bind(11, area.envelope.max_x).bind(12, area.envelope.max_y);
    insert->step();
    insert->reset();
    ++counts.stored;
  }
  write_rejects(db, counts.batch_id, batch.file_name, rejects);
  finish_batch(db, counts.batch_id, counts, static_cast<std::int64_t>(rejects.size()));
  return counts;
}

void write_categories(Store& store, std::span<const CategoryRow> categories) {
  auto upsert = store.database().prepare(
      "INSERT INTO categories (category, harm_weight, origin, basis) VALUES (?, ?, ?, ?) ON CONFLICT "
      "(category) "
      "DO UPDATE SET harm_weight = excluded.harm_weight, origin = excluded.origin, basis = excluded.basis");
  for (const auto& row : categories) {
    upsert->bind(1, std::string_view(row.category)).bind(2, row.harm_weight);
    upsert->bind(3, std::string_view(row.origin)).bind(4, std::string_view(row.basis));
    upsert->step();
    upsert->reset();
  }
}

void add_missing_categories(Store& store, std::span<const CategoryRow> categories) {
  auto insert = store.database().prepare(
      "INSERT INTO categories (category, harm_weight, origin, basis) VALUES (?, ?, ?, ?) ON CONFLICT DO "
      "NOTHING");
  for (const auto& row : categories) {
    insert->bind(1, std::string_view(row.category)).bind(2, row.harm_weight);
    insert->bind(3, std::string_view(row.origin)).bind(4, std::string_view(row.basis));
    insert->step();
    insert->reset();
  }
}

std::optional<Envelope> areas_extent(Store& store) {
  return extent(store.database(), "SELECT MIN(min_x), MIN(min_y), MAX(max_x), MAX(max_y) FROM areas");
}

std::optional<Envelope> incidents_extent(Store& store) {
  return extent(store.database(),
                "SELECT MIN(x), MIN(y), MAX(x), MAX(y) FROM incidents WHERE outside_km IS NULL");
}

void refresh_areas_bounds(Store& store) {
  if (const auto bounds = areas_extent(store)) store.database().update_layer_bounds("areas", *bounds, true);
}

}  // namespace grip::store

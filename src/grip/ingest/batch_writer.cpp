#include "grip/ingest/batch_writer.hpp"

#include <array>
#include <cmath>
#include <set>
#include <utility>

#include "grip/store/geometry_blob.hpp"

namespace grip::ingest {
namespace {

using store::Connection;

std::int64_t begin_batch(Connection& db, const SourceText& source, Format format, const std::string& dataset,
                         std::int64_t rows_read) {
  auto insert = db.prepare(
      "INSERT INTO ingest_batches (file_name, file_path, content_hash, bytes, format, dataset, rows_read, "
      "rows_stored, rows_rejected, ingested_at, grip_version) VALUES (?, ?, ?, ?, ?, ?, ?, 0, 0, "
      "strftime('%Y-%m-%dT%H:%M:%SZ','now'), ?)");
  const std::string file_name = source.path.filename().string();
  const std::string file_path = source.path.string();
  insert.bind(1, std::string_view(file_name)).bind(2, std::string_view(file_path));
  insert.bind(3, std::string_view(source.content_hash)).bind(4, static_cast<std::int64_t>(source.bytes.size()));
  insert.bind(5, std::string_view(to_string(format))).bind(6, std::string_view(dataset)).bind(7, rows_read);
  insert.bind(8, std::string_view(GRIP_VERSION));
  insert.step();
  return db.last_insert_rowid();
}

std::int64_t max_fid(Connection& db, const char* table) {
  auto query = db.prepare(std::string("SELECT IFNULL(MAX(fid), 0) FROM ") + table);
  query.step();
  return query.column_int(0);
}

// New rows take fids above the table's largest, so a batch's rows form one fid range. A file holds
// either incidents or stop searches, so one range per batch suffices.
void record_fid_range(Connection& db, std::int64_t batch_id, std::int64_t first, std::int64_t last) {
  if (last < first) return;
  auto range = db.prepare("UPDATE ingest_batches SET first_fid = ?, last_fid = ? WHERE batch_id = ?");
  range.bind(1, first).bind(2, last).bind(3, batch_id);
  range.step();
}

void finish_batch(Connection& db, std::int64_t batch_id, const BatchCounts& counts, std::int64_t rejected) {
  auto update = db.prepare(
      "UPDATE ingest_batches SET rows_stored = ?, rows_rejected = ?, rows_replaced = ? WHERE batch_id = ?");
  update.bind(1, counts.stored).bind(2, rejected).bind(3, counts.replaced).bind(4, batch_id);
  update.step();
}

void write_rejects(Connection& db, std::int64_t batch_id, const std::string& file_name,
                   const std::vector<RejectRecord>& rejects) {
  auto insert = db.prepare(
      "INSERT INTO rejects (batch_id, file_name, line, reason, detail, raw) VALUES (?, ?, ?, ?, ?, ?)");
  for (const auto& reject : rejects) {
    insert.bind(1, batch_id).bind(2, std::string_view(file_name)).bind(3, reject.line);
    insert.bind(4, std::string_view(reject.reason)).bind(5, std::string_view(reject.detail));
    insert.bind(6, std::string_view(reject.raw));
    insert.step();
    insert.reset();
  }
}

// Batches left with no rows after a replacement are superseded: their rejects go too, so the
// rejects table describes only what the store holds now.
void mark_superseded(Connection& db, std::int64_t new_batch, const std::set<std::int64_t>& touched) {
  auto rows_left = db.prepare(
      "SELECT EXISTS (SELECT 1 FROM incidents WHERE fid BETWEEN ?2 AND ?3 AND batch_id = ?1) OR "
      "EXISTS (SELECT 1 FROM stop_searches WHERE fid BETWEEN ?2 AND ?3 AND batch_id = ?1)");
  auto range = db.prepare("SELECT first_fid, last_fid FROM ingest_batches WHERE batch_id = ?");
  auto supersede = db.prepare("UPDATE ingest_batches SET superseded_by = ? WHERE batch_id = ?");
  auto drop_rejects = db.prepare("DELETE FROM rejects WHERE batch_id = ?");
  for (const std::int64_t batch : touched) {
    range.bind(1, batch);
    const bool found = range.step();
    const std::int64_t first = found ? range.column_int(0) : 0, last = found ? range.column_int(1) : -1;
    range.reset();
    rows_left.bind(1, batch).bind(2, first).bind(3, last);
    rows_left.step();
    const bool any_left = rows_left.column_int(0) != 0;
    rows_left.reset();
    if (any_left) continue;
    supersede.bind(1, new_batch).bind(2, batch);
    supersede.step();
    supersede.reset();
    drop_rejects.bind(1, batch);
    drop_rejects.step();
    drop_rejects.reset();
  }
}

// data.police.uk republishes whole months: a newer copy's (month, force) groups replace the old,
// found through batch_groups so that the delete reads only the older batches' rows.
template <typename Record>
std::int64_t replace_month_groups(Connection& db, std::int64_t batch_id, const char* table, const std::string& dataset,
                                  const std::vector<Record>& records, std::set<std::int64_t>& touched) {
  std::set<std::pair<std::string_view, std::string_view>> groups;
  for (const auto& record : records) groups.emplace(record.month, record.force);
  // Each older batch holding the group is visited through its fid range (see ingest_batches).
  auto remove = db.prepare(std::string("DELETE FROM ") + table +
                           " WHERE fid BETWEEN ?5 AND ?6 AND batch_id = ?4 AND month = ?2 AND IFNULL(force, '') = ?3");
  auto older = db.prepare(
      "SELECT g.batch_id, b.first_fid, b.last_fid FROM batch_groups g JOIN ingest_batches b USING (batch_id) "
      "WHERE g.dataset = ?1 AND g.month = ?2 AND g.force = ?3 AND g.batch_id <> ?4 AND b.first_fid IS NOT NULL");
  auto record_group = db.prepare("INSERT OR IGNORE INTO batch_groups (batch_id, dataset, month, force) VALUES (?, ?, ?, ?)");
  std::int64_t removed = 0;
  for (const auto& [month, force] : groups) {
    older.bind(1, std::string_view(dataset)).bind(2, month).bind(3, force).bind(4, batch_id);
    while (older.step()) {
      touched.insert(older.column_int(0));
      remove.bind(2, month).bind(3, force).bind(4, older.column_int(0));
      remove.bind(5, older.column_int(1)).bind(6, older.column_int(2));
      remove.step();
      removed += db.changes();
      remove.reset();
    }
    older.reset();
    record_group.bind(1, batch_id).bind(2, std::string_view(dataset)).bind(3, month).bind(4, force);
    record_group.step();
    record_group.reset();
  }
  return removed;
}

// A records-system extract is re-exported with corrections: rows with the same ids replace the old.
std::int64_t replace_incident_ids(Connection& db, const std::string& dataset, const std::string& same_file,
                                  std::set<std::int64_t>& touched,
                                  const std::vector<IncidentRecord>& records) {
  db.exec("CREATE TEMP TABLE IF NOT EXISTS incoming_ids (source_id TEXT PRIMARY KEY)");
  db.exec("DELETE FROM incoming_ids");
  auto insert = db.prepare("INSERT OR IGNORE INTO incoming_ids VALUES (?)");
  for (const auto& record : records) {
    insert.bind(1, record.source_id);
    insert.step();
    insert.reset();
  }
  auto older = db.prepare(
      "SELECT batch_id, first_fid, last_fid FROM ingest_batches WHERE first_fid IS NOT NULL "
      "AND format = 'incident csv' AND ((?2 = '' AND dataset = ?1) OR file_path = ?2)");
  auto remove = db.prepare(
      "DELETE FROM incidents WHERE fid BETWEEN ? AND ? AND batch_id = ? "
      "AND source_id IN (SELECT source_id FROM incoming_ids)");
  older.bind(1, std::string_view(dataset)).bind(2, std::string_view(same_file));
  std::int64_t removed = 0;
  while (older.step()) {
    touched.insert(older.column_int(0));
    remove.bind(1, older.column_int(1)).bind(2, older.column_int(2)).bind(3, older.column_int(0));
    remove.step();
    removed += db.changes();
    remove.reset();
  }
  return removed;
}

void bind_distance(store::Statement& insert, int index, double outside_km) {
  if (std::isnan(outside_km)) {
    insert.bind_null(index);
  } else {
    insert.bind(index, outside_km);
  }
}

std::int64_t insert_incidents(store::Store& store, std::int64_t batch_id, const ParsedFile& parsed) {
  if (parsed.incidents.empty()) return 0;
  auto& db = store.connection();
  const auto srs = static_cast<std::int32_t>(store.crs()->epsg);
  auto insert = db.prepare(
      "INSERT INTO incidents (geom, batch_id, source_line, source_id, month, occurred_from, occurred_to, "
      "category, offence, location, lsoa_code, lsoa_name, force, outcome, context, x, y, outside_km) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  std::array<std::uint8_t, store::kPointBlobSize> blob{};
  const auto text_or_null = [&](int index, std::string_view text) {
    if (text.empty()) {
      insert.bind_null(index);
    } else {
      insert.bind_static(index, text);
    }
  };
  for (const auto& record : parsed.incidents) {
    store::encode_point(srs, record.where.x, record.where.y, blob);
    insert.bind_blob(1, blob).bind(2, batch_id).bind(3, record.line);
    text_or_null(4, record.source_id);
    insert.bind_static(5, record.month);
    text_or_null(6, record.occurred_from);
    text_or_null(7, record.occurred_to);
    insert.bind_static(8, record.category);
    text_or_null(9, record.offence);
    text_or_null(10, record.location);
    text_or_null(11, record.lsoa_code);
    text_or_null(12, record.lsoa_name);
    text_or_null(13, record.force);
    text_or_null(14, record.outcome);
    text_or_null(15, record.context);
    insert.bind(16, record.where.x).bind(17, record.where.y);
    bind_distance(insert, 18, record.where.outside_km);
    insert.step();
    insert.reset();
  }
  return static_cast<std::int64_t>(parsed.incidents.size());
}

std::int64_t insert_stop_searches(store::Store& store, std::int64_t batch_id, const ParsedFile& parsed) {
  if (parsed.stop_searches.empty()) return 0;
  auto& db = store.connection();
  const auto srs = static_cast<std::int32_t>(store.crs()->epsg);
  auto insert = db.prepare(
      "INSERT INTO stop_searches (geom, batch_id, source_line, month, occurred_at, search_type, "
      "part_of_operation, operation_name, legislation, object_of_search, outcome, outcome_linked_to_object, force, "
      "x, y, outside_km) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  std::array<std::uint8_t, store::kPointBlobSize> blob{};
  for (const auto& record : parsed.stop_searches) {
    store::encode_point(srs, record.where.x, record.where.y, blob);
    insert.bind_blob(1, blob).bind(2, batch_id).bind(3, record.line);
    insert.bind_static(4, record.month).bind_static(5, record.occurred_at).bind_static(6, record.search_type);
    insert.bind_static(7, record.part_of_operation).bind_static(8, record.operation_name).bind_static(9, record.legislation);
    insert.bind_static(10, record.object_of_search).bind_static(11, record.outcome).bind_static(12, record.outcome_linked_to_object);
    insert.bind_static(13, record.force).bind(14, record.where.x).bind(15, record.where.y);
    bind_distance(insert, 16, record.where.outside_km);
    insert.step();
    insert.reset();
  }
  return static_cast<std::int64_t>(parsed.stop_searches.size());
}

}  // namespace

std::optional<PreviousCopy> find_previous_copy(store::Store& store, const std::string& content_hash) {
  auto query = store.connection().prepare(
      "SELECT batch_id, ingested_at, superseded_by FROM ingest_batches WHERE content_hash = ? "
      "ORDER BY batch_id DESC LIMIT 1");
  query.bind(1, std::string_view(content_hash));
  if (!query.step()) return std::nullopt;
  PreviousCopy copy{query.column_int(0), query.column_text(1), std::nullopt};
  if (!query.column_is_null(2)) copy.superseded_by = query.column_int(2);
  return copy;
}

BatchCounts write_batch(store::Store& store, const SourceText& source, const ParsedFile& parsed) {
  auto& db = store.connection();
  BatchCounts counts;
  counts.batch_id = begin_batch(db, source, parsed.format, parsed.dataset, parsed.rows_read);
  std::set<std::int64_t> touched;  // older batches this file replaced rows of
  if (parsed.format == Format::kIncidentCsv) {
    // Ids identify incidents within one records system: across files only when a mapping names the
    // dataset; otherwise (columns guessed) only a new copy of the same file replaces by id.
    const std::string same_file = parsed.dataset_named ? std::string() : source.path.string();
    counts.replaced = replace_incident_ids(db, parsed.dataset, same_file, touched, parsed.incidents);
  } else {
    counts.replaced =
        replace_month_groups(db, counts.batch_id, "incidents", parsed.dataset, parsed.incidents, touched) +
        replace_month_groups(db, counts.batch_id, "stop_searches", parsed.dataset, parsed.stop_searches, touched);
  }
  const char* table = parsed.incidents.empty() ? "stop_searches" : "incidents";
  const std::int64_t before = max_fid(db, table);
  counts.stored = insert_incidents(store, counts.batch_id, parsed) + insert_stop_searches(store, counts.batch_id, parsed);
  record_fid_range(db, counts.batch_id, before + 1, max_fid(db, table));
  write_rejects(db, counts.batch_id, source.path.filename().string(), parsed.rejects);
  if (counts.replaced > 0) mark_superseded(db, counts.batch_id, touched);
  finish_batch(db, counts.batch_id, counts, static_cast<std::int64_t>(parsed.rejects.size()));
  return counts;
}

BatchCounts write_boundary_batch(store::Store& store, const SourceText& source, const ParsedBoundaries& parsed) {
  auto& db = store.connection();
  BatchCounts counts;
  counts.batch_id = begin_batch(db, source, Format::kBoundaries, parsed.kind, parsed.features_read);
  const auto srs = static_cast<std::int32_t>(store.crs()->epsg);
  auto remove = db.prepare("DELETE FROM areas WHERE kind = ? AND code = ?");
  auto insert = db.prepare(
      "INSERT INTO areas (geom, batch_id, kind, code, name, parent_code, parent_name, area_m2, min_x, min_y, "
      "max_x, max_y) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  for (const auto& area : parsed.areas) {
    remove.bind(1, std::string_view(area.kind)).bind(2, std::string_view(area.code));
    remove.step();
    counts.replaced += db.changes();
    remove.reset();
    const auto blob = store::wrap_wkb(srs, area.envelope, area.wkb);
    insert.bind_blob(1, blob).bind(2, counts.batch_id).bind(3, std::string_view(area.kind));
    insert.bind(4, std::string_view(area.code)).bind(5, std::string_view(area.name));
    if (area.parent_code.empty()) {
      insert.bind_null(6).bind_null(7);
    } else {
      insert.bind(6, std::string_view(area.parent_code)).bind(7, std::string_view(area.parent_name));
    }
    insert.bind(8, area.area_m2).bind(9, area.envelope.min_x).bind(10, area.envelope.min_y);
    insert.bind(11, area.envelope.max_x).bind(12, area.envelope.max_y);
    insert.step();
    insert.reset();
    ++counts.stored;
  }
  write_rejects(db, counts.batch_id, source.path.filename().string(), parsed.rejects);
  finish_batch(db, counts.batch_id, counts, static_cast<std::int64_t>(parsed.rejects.size()));
  return counts;
}

}  // namespace grip::ingest

#include "grip/store/outcome_tables.hpp"

namespace grip::store {
namespace {

void bind_optional(Query& query, int index, const std::optional<std::int64_t>& value) {
  if (value) {
    query.bind(index, *value);
  } else {
    query.bind_null(index);
  }
}

}  // namespace

std::vector<std::int64_t> add_outcomes(Store& store, const std::vector<OutcomeRow>& outcomes,
                                       const std::string& recorded_at) {
  auto insert = store.database().prepare(
      "INSERT INTO outcomes (kind, occurred_at, hotspot_id, gps_visit_fid, weapon_type, people_through, "
      "detections, notes, source, recorded_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) "
      "RETURNING outcome_id");
  std::vector<std::int64_t> ids;
  for (const OutcomeRow& o : outcomes) {
    insert->reset();
    insert->bind(1, std::string_view(o.kind)).bind(2, std::string_view(o.occurred_at));
    insert->bind(3, std::string_view(o.hotspot_id));
    bind_optional(*insert, 4,
                  o.gps_visit_fid > 0 ? std::optional<std::int64_t>(o.gps_visit_fid) : std::nullopt);
    insert->bind(5, std::string_view(o.weapon_type));
    bind_optional(*insert, 6, o.people_through);
    bind_optional(*insert, 7, o.detections);
    insert->bind(8, std::string_view(o.notes)).bind(9, std::string_view(o.source));
    insert->bind(10, std::string_view(recorded_at));
    insert->step();
    ids.push_back(insert->column_int(0));
    while (insert->step()) {
    }
  }
  return ids;
}

std::vector<OutcomeRow> list_outcomes(Store& store) {
  auto query = store.database().prepare(
      "SELECT outcome_id, kind, occurred_at, hotspot_id, COALESCE(gps_visit_fid, 0), weapon_type, "
      "people_through, detections, notes, source FROM outcomes ORDER BY outcome_id");
  std::vector<OutcomeRow> rows;
  while (query->step()) {
    OutcomeRow row;
    row.outcome_id = query->column_int(0);
    row.kind = query->column_text(1);
    row.occurred_at = query->column_text(2);
    row.hotspot_id = query->column_text(3);
    row.gps_visit_fid = query->column_int(4);
    row.weapon_type = query->column_text(5);
    if (!query->column_is_null(6)) row.people_through = query->column_int(6);
    if (!query->column_is_null(7)) row.detections = query->column_int(7);
    row.notes = query->column_text(8);
    row.source = query->column_text(9);
    rows.push_back(std::move(row));
  }
  return rows;
}

std::vector<GpsVisitWindow> read_gps_visit_windows(Store& store) {
  auto query = store.database().prepare(
      "SELECT fid, hotspot_id, first_in, entry_earliest, exit_latest, minutes, minutes_low, minutes_high "
      "FROM gps_visits ORDER BY fid");
  std::vector<GpsVisitWindow> rows;
  while (query->step()) {
    rows.push_back({query->column_int(0), query->column_text(1), query->column_text(2), query->column_text(3),
                    query->column_text(4), query->column_double(5), query->column_double(6),
                    query->column_double(7)});
  }
  return rows;
}

std::vector<StopSearchPoint> read_stop_searches_in_month(Store& store, const std::string& month) {
  auto query = store.database().prepare(
      "SELECT x, y, occurred_at, COALESCE(object_of_search, ''), COALESCE(outcome, ''), "
      "COALESCE(outcome_linked_to_object, ''), COALESCE(ethnicity_group, ''), fid FROM stop_searches WHERE "
      "substr(occurred_at, 1, 7) = ?1 ORDER BY fid");
  query->bind(1, std::string_view(month));
  std::vector<StopSearchPoint> rows;
  while (query->step()) {
    rows.push_back({query->column_double(0), query->column_double(1), query->column_text(2),
                    query->column_text(3), query->column_text(4), query->column_text(5),
                    query->column_text(6), query->column_int(7)});
  }
  return rows;
}

std::vector<PlannedVisitWindow> read_planned_visits_in_month(Store& store, const std::string& month) {
  auto query = store.database().prepare(
      "SELECT hotspot_id, starts_at, ends_at FROM patrol_visits WHERE substr(starts_at, 1, 7) = ?1 AND "
      "plan_id = "
      "(SELECT MAX(plan_id) FROM patrol_visits WHERE substr(starts_at, 1, 7) = ?1) ORDER BY fid");
  query->bind(1, std::string_view(month));
  std::vector<PlannedVisitWindow> rows;
  while (query->step()) rows.push_back({query->column_text(0), query->column_text(1), query->column_text(2)});
  return rows;
}

}  // namespace grip::store

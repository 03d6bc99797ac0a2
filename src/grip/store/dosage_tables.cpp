#include "grip/store/dosage_tables.hpp"

namespace grip::store {

std::vector<PlannedVisitSlot> read_planned_slots_in_month(Store& store, const std::string& month) {
  auto query = store.database().prepare(
      "SELECT hotspot_id, team, shift, starts_at, ends_at FROM patrol_visits WHERE substr(starts_at, 1, 7) = "
      "?1 AND plan_id = (SELECT MAX(plan_id) FROM patrol_visits WHERE substr(starts_at, 1, 7) = ?1) ORDER BY "
      "fid");
  query->bind(1, std::string_view(month));
  std::vector<PlannedVisitSlot> rows;
  while (query->step()) {
    rows.push_back({query->column_text(0), query->column_text(1), query->column_text(2),
                    query->column_text(3), query->column_text(4)});
  }
  return rows;
}

std::vector<GpsVisitDetail> read_gps_visits_in_month(Store& store, const std::string& month) {
  auto query = store.database().prepare(
      "SELECT fid, hotspot_id, officer, first_in, entry_earliest, exit_latest, minutes, minutes_low, "
      "minutes_high, verified FROM gps_visits WHERE substr(first_in, 1, 7) = ?1 ORDER BY fid");
  query->bind(1, std::string_view(month));
  std::vector<GpsVisitDetail> rows;
  while (query->step()) {
    GpsVisitDetail row;
    row.fid = query->column_int(0);
    row.hotspot_id = query->column_text(1);
    row.officer = query->column_text(2);
    row.first_in = query->column_text(3);
    row.entry_earliest = query->column_text(4);
    row.exit_latest = query->column_text(5);
    row.minutes = query->column_double(6);
    row.minutes_low = query->column_double(7);
    row.minutes_high = query->column_double(8);
    row.verified = query->column_int(9) != 0;
    rows.push_back(std::move(row));
  }
  return rows;
}

}  // namespace grip::store

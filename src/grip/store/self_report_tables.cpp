#include "grip/store/self_report_tables.hpp"

namespace grip::store {

void add_self_reported_hours(Store& store, const std::vector<SelfReportedHoursRow>& rows,
                             const std::string& recorded_at) {
  auto insert = store.database().prepare(
      "INSERT INTO self_reported_hours (officer, day, hotspot_id, team, hours, source, recorded_at) VALUES "
      "(?1, ?2, ?3, ?4, ?5, ?6, ?7)");
  for (const auto& r : rows) {
    insert->reset();
    insert->bind(1, std::string_view(r.officer)).bind(2, std::string_view(r.day));
    insert->bind(3, std::string_view(r.hotspot_id)).bind(4, std::string_view(r.team));
    insert->bind(5, r.hours).bind(6, std::string_view(r.source)).bind(7, std::string_view(recorded_at));
    while (insert->step()) {
    }
  }
}

std::vector<SelfReportedHoursRow> read_self_reported_hours_in_month(Store& store, const std::string& month) {
  auto query = store.database().prepare(
      "SELECT officer, day, hotspot_id, team, hours, source FROM self_reported_hours WHERE substr(day, 1, 7) "
      "= "
      "?1 ORDER BY officer, day, report_id");
  query->bind(1, std::string_view(month));
  std::vector<SelfReportedHoursRow> rows;
  while (query->step()) {
    rows.push_back({query->column_text(0), query->column_text(1), query->column_text(2),
                    query->column_text(3), query->column_double(4), query->column_text(5)});
  }
  return rows;
}

}  // namespace grip::store

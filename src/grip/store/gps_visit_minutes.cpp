#include "grip/store/gps_visit_minutes.hpp"

namespace grip::store {

std::map<std::string, HotspotDosage> read_hotspot_dosage(Store& store, std::int64_t hotspot_run_id,
                                                         const std::string& from, const std::string& to) {
  auto query = store.database().prepare(
      "SELECT hotspot_id, SUM(minutes), SUM(minutes_low), SUM(minutes_high), COUNT(*) FROM gps_visits "
      "WHERE hotspot_run_id = ?1 AND first_in >= ?2 AND first_in < ?3 GROUP BY hotspot_id ORDER BY "
      "hotspot_id");
  query->bind(1, hotspot_run_id);
  query->bind(2, std::string_view(from));
  query->bind(3, std::string_view(to));
  std::map<std::string, HotspotDosage> dosage;
  while (query->step()) {
    auto& d = dosage[query->column_text(0)];
    d.minutes = query->column_double(1);
    d.minutes_low = query->column_double(2);
    d.minutes_high = query->column_double(3);
    d.visits = query->column_int(4);
  }
  return dosage;
}

std::vector<VisitSpanRow> read_hotspot_visit_spans(Store& store, std::int64_t hotspot_run_id,
                                                   const std::string& from, const std::string& to) {
  auto query = store.database().prepare(
      "SELECT hotspot_id, first_in, last_in, exit_latest, minutes FROM gps_visits "
      "WHERE hotspot_run_id = ?1 AND first_in >= ?2 AND first_in < ?3 ORDER BY hotspot_id, first_in, fid");
  query->bind(1, hotspot_run_id);
  query->bind(2, std::string_view(from));
  query->bind(3, std::string_view(to));
  std::vector<VisitSpanRow> rows;
  while (query->step())
    rows.push_back({query->column_text(0), query->column_text(1), query->column_text(2),
                    query->column_text(3), query->column_double(4)});
  return rows;
}

}  // namespace grip::store

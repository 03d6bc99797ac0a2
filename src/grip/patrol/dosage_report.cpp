#include "grip/patrol/dosage_report.hpp"

#include <fmt/format.h>

#include <cmath>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <tuple>

#include "grip/core/csv_text.hpp"
#include "grip/core/errors.hpp"
#include "grip/core/time_text.hpp"
#include "grip/store/dosage_tables.hpp"

namespace grip::patrol {
namespace {

using nlohmann::json;

double tenths(double value) { return std::round(value * 10) / 10; }

std::string local_date(std::int64_t utc_s, const std::string& zone) {
  return format_iso(civil_time_in_zone(utc_s, zone)).substr(0, 10);
}

using Key = std::tuple<std::string, std::string, std::string, std::string>;  // hotspot, date, shift, team

json row_json(const DosageRow& r) {
  json j = {{"planned_visits", r.planned_visits},
            {"planned_minutes", tenths(r.planned_minutes)},
            {"delivered_visits", r.delivered_visits},
            {"delivered_minutes", tenths(r.delivered_minutes)},
            {"delivered_minutes_low", tenths(r.delivered_minutes_low)},
            {"delivered_minutes_high", tenths(r.delivered_minutes_high)},
            {"missed_visits", r.missed_visits},
            {"unplanned_visits", r.unplanned_visits},
            {"unplanned_minutes", tenths(r.unplanned_minutes)},
            {"pass_throughs", r.pass_throughs},
            {"pass_through_minutes", tenths(r.pass_through_minutes)},
            {"koper_band_visits", r.koper_band_visits},
            {"koper_band_share",
             r.koper_share() < 0 ? json(nullptr) : json(std::round(1000 * r.koper_share()) / 1000)}};
  if (!r.hotspot_id.empty()) j["hotspot_id"] = r.hotspot_id;
  if (!r.date.empty()) j["date"] = r.date;
  j["shift"] = r.shift;
  j["team"] = r.team;
  return j;
}

const char* const kCsvMeasures[] = {"planned_visits",    "planned_minutes",       "delivered_visits",
                                    "delivered_minutes", "delivered_minutes_low", "delivered_minutes_high",
                                    "missed_visits",     "unplanned_visits",      "unplanned_minutes",
                                    "pass_throughs",     "pass_through_minutes",  "koper_band_visits",
                                    "koper_band_share"};

}  // namespace

void DosageRow::add(const DosageRow& o) {
  planned_visits += o.planned_visits;
  delivered_visits += o.delivered_visits;
  missed_visits += o.missed_visits;
  unplanned_visits += o.unplanned_visits;
  pass_throughs += o.pass_throughs;
  koper_band_visits += o.koper_band_visits;
  planned_minutes += o.planned_minutes;
  delivered_minutes += o.delivered_minutes;
  delivered_minutes_low += o.delivered_minutes_low;
  delivered_minutes_high += o.delivered_minutes_high;
  unplanned_minutes += o.unplanned_minutes;
  pass_through_minutes += o.pass_through_minutes;
}

std::optional<std::int64_t> local_time_to_utc(const std::string& local, const std::string& zone) {
  const auto civil = parse_date_time(local);
  if (!civil) return std::nullopt;
  const long long as_if_utc = to_epoch_seconds(*civil);
  // The zone's offset at that instant; a time inside a spring-forward gap reads as the hour after.
  const long long offset = to_epoch_seconds(civil_time_in_zone(as_if_utc, zone)) - as_if_utc;
  const long long second_guess = as_if_utc - offset;
  return second_guess - (to_epoch_seconds(civil_time_in_zone(second_guess, zone)) - as_if_utc);
}

DosageReport compute_dosage(store::Store& store, const std::string& month, const DosageOptions& options) {
  if (month.size() != 7 || !parse_year_month(month))
    throw UsageError("--month '" + month + "' is not YYYY-MM");
  if (!is_known_time_zone(options.time_zone))
    throw UsageError("time zone '" + options.time_zone + "' is not in this machine's tz database");
  DosageReport report;
  report.month = month;
  report.options = options;

  const auto slots = store::read_planned_slots_in_month(store, month);
  const auto visits = store::read_gps_visits_in_month(store, month);
  std::vector<PlannedSlot> planned;
  planned.reserve(slots.size());
  for (const auto& s : slots) {
    const auto from = local_time_to_utc(s.starts_at, options.time_zone);
    const auto to = local_time_to_utc(s.ends_at, options.time_zone);
    if (!from || !to) {
      throw StoreError("a planned visit of " + s.hotspot_id + " has an unreadable time '" + s.starts_at +
                       "' or '" + s.ends_at + "'");
    }
    planned.push_back({s.hotspot_id, *from, *to});
  }
  std::vector<DetectedSlot> detected;
  std::vector<std::int64_t> first_in(visits.size());
  detected.reserve(visits.size());
  for (std::size_t i = 0; i < visits.size(); ++i) {
    const auto& v = visits[i];
    const auto entry = parse_utc_instant(v.entry_earliest), exit = parse_utc_instant(v.exit_latest),
               first = parse_utc_instant(v.first_in);
    if (!entry || !exit || !first)
      throw StoreError("GPS visit " + std::to_string(v.fid) + " has an unreadable time");
    detected.push_back({v.hotspot_id, *entry, *exit, v.minutes_high});
    first_in[i] = *first;
  }
  const VisitMatching matching = match_visits_to_plan(planned, detected, options.rules);

  // The team the plan gives each hotspot, and the planned starts of each day with their shift.
  std::map<std::string, std::set<std::string>> teams_of;
  std::map<std::string, std::vector<std::pair<std::int64_t, std::string>>> starts_by_date;
  for (std::size_t p = 0; p < slots.size(); ++p) {
    teams_of[slots[p].hotspot_id].insert(slots[p].team);
    starts_by_date[slots[p].starts_at.substr(0, 10)].emplace_back(planned[p].start_s, slots[p].shift);
  }
  std::map<Key, DosageRow> rows;
  const auto row_at = [&](Key key) -> DosageRow& {
    DosageRow& r = rows[key];
    std::tie(r.hotspot_id, r.date, r.shift, r.team) = key;
    return r;
  };
  for (std::size_t p = 0; p < slots.size(); ++p) {
    const auto& s = slots[p];
    DosageRow& r = row_at({s.hotspot_id, s.starts_at.substr(0, 10), s.shift, s.team});
    ++r.planned_visits;
    r.planned_minutes += static_cast<double>(planned[p].end_s - planned[p].start_s) / 60;
    const std::int64_t d = matching.planned_to_detected[p];
    if (d < 0) {
      ++r.missed_visits;
      continue;
    }
    const auto& v = visits[static_cast<std::size_t>(d)];
    ++r.delivered_visits;
    r.delivered_minutes += v.minutes;
    r.delivered_minutes_low += v.minutes_low;
    r.delivered_minutes_high += v.minutes_high;
    r.koper_band_visits += v.minutes >= 10 && v.minutes <= 15 ? 1 : 0;
  }
  for (std::size_t d = 0; d < visits.size(); ++d) {
    if (matching.kinds[d] == DetectedKind::kDelivered) continue;
    const auto& v = visits[d];
    const std::string date = local_date(first_in[d], options.time_zone);
    std::string shift;
    std::int64_t nearest = -1;
    for (const auto& [start, name] : starts_by_date[date]) {
      const std::int64_t distance = std::llabs(start - first_in[d]);
      if (nearest < 0 || distance < nearest) {
        nearest = distance;
        shift = name;
      }
    }
    const auto& teams = teams_of[v.hotspot_id];
    DosageRow& r = row_at({v.hotspot_id, date, shift, teams.size() == 1 ? *teams.begin() : std::string()});
    if (matching.kinds[d] == DetectedKind::kPassThrough) {
      ++r.pass_throughs;
      r.pass_through_minutes += v.minutes;
    } else {
      ++r.unplanned_visits;
      r.unplanned_minutes += v.minutes;
      r.koper_band_visits += v.minutes >= 10 && v.minutes <= 15 ? 1 : 0;
    }
  }
  for (auto& [key, row] : rows) {
    report.totals.add(row);
    report.rows.push_back(std::move(row));
  }
  report.hours_checks = check_self_reported_hours(store, month, options.time_zone);
  return report;
}

std::vector<DosageRow> dosage_by_hotspot(const DosageReport& report) {
  std::map<std::string, DosageRow> per;
  for (const DosageRow& r : report.rows) {
    DosageRow& h = per[r.hotspot_id];
    h.hotspot_id = r.hotspot_id;
    h.add(r);
  }
  std::vector<DosageRow> out;
  for (auto& [id, row] : per) out.push_back(std::move(row));
  return out;
}

std::string dosage_json(const DosageReport& report) {
  json rows = json::array();
  for (const DosageRow& r : report.rows) rows.push_back(row_json(r));
  json totals = row_json(report.totals);
  totals.erase("shift");
  totals.erase("team");
  json hours = json::array();
  for (const HoursCheck& c : report.hours_checks) {
    hours.push_back({{"officer", c.officer},
                     {"day", c.day},
                     {"self_reported_hours", std::round(100 * c.self_reported_hours) / 100},
                     {"gps_hours", std::round(100 * c.gps_hours) / 100},
                     {"gps_hours_low", std::round(100 * c.gps_hours_low) / 100},
                     {"gps_hours_high", std::round(100 * c.gps_hours_high) / 100},
                     {"difference_hours", std::round(100 * c.difference()) / 100},
                     {"exceeds_gps_upper_bound", c.exceeds_gps()}});
  }
  return json{{"month", report.month},
              {"self_reported_hours", hours},
              {"rules",
               {{"min_dwell_minutes", report.options.rules.min_dwell_minutes},
                {"match_tolerance_s", report.options.rules.tolerance_s},
                {"plan_time_zone", report.options.time_zone}}},
              {"rows", rows},
              {"totals", totals}}
      .dump(2);
}

std::string dosage_csv(const DosageReport& report) {
  std::string csv = "hotspot_id,date,shift,team";
  for (const char* m : kCsvMeasures) csv += std::string(",") + m;
  csv += "\n";
  const auto line = [&](const DosageRow& r, const std::string& hotspot) {
    const json j = row_json(r);
    csv += csv_text_cell(hotspot) + "," + r.date + "," + csv_text_cell(r.shift) + "," + csv_text_cell(r.team);
    for (const char* m : kCsvMeasures) csv += "," + (j[m].is_null() ? std::string() : j[m].dump());
    csv += "\n";
  };
  for (const DosageRow& r : report.rows) line(r, r.hotspot_id);
  line(report.totals, "total");
  if (!report.hours_checks.empty()) {
    csv +=
        "\nofficer,day,self_reported_hours,gps_hours,gps_hours_low,gps_hours_high,difference_hours,"
        "exceeds_gps_upper_bound\n";
    for (const HoursCheck& c : report.hours_checks) {
      csv += fmt::format("{},{},{:.2f},{:.2f},{:.2f},{:.2f},{:.2f},{}\n", csv_text_cell(c.officer), c.day,
                         c.self_reported_hours, c.gps_hours, c.gps_hours_low, c.gps_hours_high,
                         c.difference(), c.exceeds_gps() ? "true" : "false");
    }
  }
  return csv;
}

std::string dosage_text(const DosageReport& report) {
  const DosageRow& t = report.totals;
  std::string text = fmt::format(
      "Dosage {}: {} planned visits ({:.0f} min), {} delivered ({:.0f} min, {:.0f} to {:.0f}), {} missed, {} "
      "unplanned ({:.0f} min), {} pass-throughs under {:g} min ({:.0f} min, not counted); Koper band {}\n",
      report.month, t.planned_visits, t.planned_minutes, t.delivered_visits, t.delivered_minutes,
      t.delivered_minutes_low, t.delivered_minutes_high, t.missed_visits, t.unplanned_visits,
      t.unplanned_minutes, t.pass_throughs, report.options.rules.min_dwell_minutes, t.pass_through_minutes,
      t.koper_share() < 0 ? std::string("-") : fmt::format("{:.0f}%", 100 * t.koper_share()));
  text += fmt::format("{:<8} {:>7} {:>8} {:>9} {:>7} {:>6} {:>9} {:>7} {:>6}\n", "hotspot", "planned",
                      "plan min", "delivered", "del min", "missed", "unplanned", "passing", "koper");
  for (const DosageRow& r : dosage_by_hotspot(report)) {
    text +=
        fmt::format("{:<8} {:>7} {:>8.0f} {:>9} {:>7.0f} {:>6} {:>9} {:>7} {:>6}\n", r.hotspot_id,
                    r.planned_visits, r.planned_minutes, r.delivered_visits, r.delivered_minutes,
                    r.missed_visits, r.unplanned_visits, r.pass_throughs,
                    r.koper_share() < 0 ? std::string("-") : fmt::format("{:.0f}%", 100 * r.koper_share()));
  }
  std::int64_t flagged = 0;
  for (const HoursCheck& c : report.hours_checks) flagged += c.exceeds_gps() ? 1 : 0;
  if (!report.hours_checks.empty()) {
    text += fmt::format("Self-reported hours: {} officer-days, {} above the GPS upper bound\n",
                        report.hours_checks.size(), flagged);
    for (const HoursCheck& c : report.hours_checks) {
      if (c.exceeds_gps()) {
        text += fmt::format("  FLAG {} {}: reported {:.2f} h, GPS {:.2f} h ({:.2f} to {:.2f})\n", c.officer,
                            c.day, c.self_reported_hours, c.gps_hours, c.gps_hours_low, c.gps_hours_high);
      }
    }
  }
  text += "Per day, shift and team: --json or --csv FILE.\n";
  return text;
}

}  // namespace grip::patrol

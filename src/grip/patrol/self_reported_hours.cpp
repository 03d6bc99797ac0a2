#include "grip/patrol/self_reported_hours.hpp"

#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <map>
#include <set>

#include "grip/core/errors.hpp"
#include "grip/core/officer_pseudonym.hpp"
#include "grip/core/text.hpp"
#include "grip/core/time_text.hpp"
#include "grip/ingest/csv_table.hpp"
#include "grip/ingest/source_text.hpp"
#include "grip/store/dosage_tables.hpp"
#include "grip/store/gps_tables.hpp"
#include "grip/store/hotspot_tables.hpp"
#include "grip/store/self_report_tables.hpp"

namespace grip::patrol {
namespace {

int first_column(const ingest::CsvTable& table, std::initializer_list<const char*> names) {
  for (const char* name : names)
    if (const int c = table.find_column(name); c >= 0) return c;
  return -1;
}

// "YYYY-MM" of the month before (-1) or after (+1).
std::string month_beside(const std::string& month, int step) {
  int year = std::stoi(month.substr(0, 4)), m = std::stoi(month.substr(5)) + step;
  if (m == 0) m = 12, --year;
  if (m == 13) m = 1, ++year;
  return fmt::format("{:04d}-{:02d}", year, m);
}

}  // namespace

HoursImportSummary import_self_reported_hours(store::Store& store, const std::filesystem::path& file) {
  const ingest::SourceText source = ingest::read_source(file);
  ingest::require_text(source);
  const ingest::CsvTable table(source.body(), source.name);
  const int officer = first_column(table, {"officer_id", "officer", "collar", "badge", "callsign"});
  const int day = first_column(table, {"date", "day"});
  const int hours = table.find_column("hours");
  const int hotspot = table.find_column("hotspot_id"), team = table.find_column("team");
  if (officer < 0 || day < 0 || hours < 0 || (hotspot < 0 && team < 0)) {
    throw InputError(
        source.name, 1,
        "a self-reported hours file needs columns officer_id, date, hours and hotspot_id or team");
  }
  const auto text_of = [&](std::size_t row, int column) {
    return column < 0 ? std::string() : std::string(trim(table.field(row, static_cast<std::size_t>(column))));
  };

  store::WriteTransaction transaction(store);
  const store::SelectedHotspots selected = store::read_selected_hotspots(store);
  std::set<std::string> known;
  for (const auto& h : selected.hotspots) known.insert(h.id);
  const OfficerPseudonymiser pseudonymiser(store::read_or_create_pseudonym_key(store));

  std::vector<store::SelfReportedHoursRow> rows;
  std::set<std::string> officers;
  std::int64_t bad = 0, first_line = 0;
  std::string first_reason;
  const auto refuse = [&](std::int64_t line, std::string reason) {
    if (bad++ == 0) {
      first_line = line;
      first_reason = std::move(reason);
    }
  };
  for (std::size_t r = 0; r < table.rows(); ++r) {
    const std::string id = text_of(r, officer), date = text_of(r, day), hours_text = text_of(r, hours);
    const std::string hotspot_id = text_of(r, hotspot), team_name = text_of(r, team);
    const auto civil = parse_date_time(date);
    double value = 0;
    const auto parsed = std::from_chars(hours_text.data(), hours_text.data() + hours_text.size(), value);
    if (id.empty()) {
      refuse(table.line(r), "no officer id");
    } else if (date.size() != 10 || !civil) {
      refuse(table.line(r), "the date is not YYYY-MM-DD");
    } else if (parsed.ec != std::errc() || parsed.ptr != hours_text.data() + hours_text.size() ||
               !std::isfinite(value) || value <= 0 || value > 24) {
      refuse(table.line(r), "hours must be a number above 0 and at most 24");
    } else if (hotspot_id.empty() && team_name.empty()) {
      refuse(table.line(r), "neither a hotspot_id nor a team");
    } else if (!hotspot_id.empty() && known.count(hotspot_id) == 0) {
      refuse(table.line(r), "hotspot '" + hotspot_id + "' is not a selected hotspot of the latest run");
    } else {
      rows.push_back({pseudonymiser.pseudonym(id), date, hotspot_id, team_name, value, source.name});
      officers.insert(rows.back().officer);
    }
  }
  if (bad > 0) {
    throw InputError(source.name, first_line,
                     first_reason +
                         (bad > 1 ? fmt::format(" (and {} more bad rows)", bad - 1) : std::string()) +
                         "; nothing was stored");
  }
  store::add_self_reported_hours(store, rows, utc_now_iso());
  transaction.commit();
  HoursImportSummary summary;
  summary.rows = static_cast<std::int64_t>(rows.size());
  summary.officers = static_cast<std::int64_t>(officers.size());
  for (const auto& row : rows) summary.hours += row.hours;
  return summary;
}

std::vector<HoursCheck> check_self_reported_hours(store::Store& store, const std::string& month,
                                                  const std::string& time_zone) {
  if (month.size() != 7 || !parse_year_month(month))
    throw UsageError("--month '" + month + "' is not YYYY-MM");
  if (!is_known_time_zone(time_zone))
    throw UsageError("time zone '" + time_zone + "' is not in this machine's tz database");
  std::map<std::pair<std::string, std::string>, HoursCheck> checks;
  for (const auto& r : store::read_self_reported_hours_in_month(store, month)) {
    HoursCheck& c = checks[{r.officer, r.day}];
    c.officer = r.officer;
    c.day = r.day;
    c.self_reported_hours += r.hours;
  }
  if (checks.empty()) return {};
  // A local day's visits may start in the UTC month before or after.
  for (const int step : {-1, 0, 1}) {
    for (const auto& v : store::read_gps_visits_in_month(store, month_beside(month, step))) {
      const auto first = parse_utc_instant(v.first_in);
      if (!first) continue;
      const std::string day = format_iso(civil_time_in_zone(*first, time_zone)).substr(0, 10);
      const auto it = checks.find({v.officer, day});
      if (it == checks.end()) continue;
      it->second.gps_hours += v.minutes / 60;
      it->second.gps_hours_low += v.minutes_low / 60;
      it->second.gps_hours_high += v.minutes_high / 60;
    }
  }
  std::vector<HoursCheck> out;
  for (auto& [key, check] : checks) out.push_back(std::move(check));
  return out;
}

}  // namespace grip::patrol

// Dosage and compliance (GET /api/dosage?from=&to=): the latest plan's visits against GPS visits,
// per hotspot, day and shift. A planned visit counts as delivered when a GPS visit of the same
// hotspot overlaps its window widened by kToleranceMinutes (30) on each side, so a patrol a little
// early or late still counts; GPS visits are counted per local day of
// their first fix, with minutes as midpoint and low-high interval (the ping-rate interval,
// METHODS.md "Dosage"). Plan times are local civil times in --time-zone; GPS times are UTC and are
// converted. No officer pseudonyms: aggregated figures only, so the view is not personal data.
#include <map>
#include <string>
#include <tuple>

#include "grip/core/errors.hpp"
#include "grip/core/time_text.hpp"
#include "grip/server/api_handlers.hpp"
#include "grip/store/outcome_tables.hpp"
#include "grip/store/patrol_tables.hpp"

namespace grip::server {
namespace {

constexpr long long kToleranceMinutes = 30;

struct Tally {
  std::int64_t planned = 0, delivered = 0, gps_visits = 0;
  double minutes = 0, minutes_low = 0, minutes_high = 0;
  json to_json() const {
    return {{"planned", planned},
            {"delivered", delivered},
            {"compliance", planned > 0 ? json(static_cast<double>(delivered) / static_cast<double>(planned))
                                       : json(nullptr)},
            {"gps_visits", gps_visits},
            {"minutes", minutes},
            {"minutes_low", minutes_low},
            {"minutes_high", minutes_high}};
  }
};

struct LocalVisit {
  const store::GpsVisitWindow* visit;
  long long from, to;  // local civil seconds
  std::string date;
};

}  // namespace

ApiResponse api_dosage(ApiContext& context, const Caller&, const ApiRequest& request) {
  const std::string from = param(request, "from", 10), to = param(request, "to", 10);
  if (!from.empty() && !valid_date(from)) throw UsageError("parameter 'from' must be a day YYYY-MM-DD");
  if (!to.empty() && !valid_date(to)) throw UsageError("parameter 'to' must be a day YYYY-MM-DD");
  if (!from.empty() && !to.empty() && to < from) throw UsageError("parameter 'to' is before 'from'");
  const auto in_range = [&](const std::string& date) {
    return (from.empty() || date >= from) && (to.empty() || date <= to);
  };

  store::ReadTransaction read(context.store);
  std::optional<store::StoredPatrolPlan> plan;
  try {
    plan = store::read_patrol_plan(context.store);
  } catch (const StoreError&) {
    plan.reset();
  }
  const auto windows = store::read_gps_visit_windows(context.store);

  // GPS visits in local civil seconds, per hotspot.
  const auto local_seconds = [&](const std::string& utc_text) -> std::optional<long long> {
    const auto utc = parse_utc_instant(utc_text);
    if (!utc) return std::nullopt;
    return parse_utc_instant(format_iso(civil_time_in_zone(*utc, context.time_zone)));
  };
  std::map<std::string, std::vector<LocalVisit>> gps_of;
  for (const auto& w : windows) {
    const auto a = local_seconds(w.entry_earliest), b = local_seconds(w.exit_latest),
               first = local_seconds(w.first_in);
    if (!a || !b || !first) continue;
    const std::string date =
        format_iso(civil_time_in_zone(*parse_utc_instant(w.first_in), context.time_zone)).substr(0, 10);
    gps_of[w.hotspot_id].push_back({&w, *a, *b, date});
  }

  Tally total;
  std::map<std::string, Tally> by_hotspot, by_day, by_shift;
  std::map<std::tuple<std::string, std::string, std::string>, Tally> rows;
  std::map<const store::GpsVisitWindow*, std::string>
      shift_of;  // GPS visit -> shift of a plan visit it delivered
  if (plan) {
    for (const auto& p : plan->visits) {
      const std::string date = p.starts_at.substr(0, 10);
      if (!in_range(date)) continue;
      const auto start = parse_utc_instant(p.starts_at), end = parse_utc_instant(p.ends_at);
      bool delivered = false;
      if (start && end) {
        for (const auto& g : gps_of[p.hotspot_id]) {
          if (g.from <= *end + 60 * kToleranceMinutes && g.to >= *start - 60 * kToleranceMinutes) {
            delivered = true;
            shift_of.emplace(g.visit, p.shift);
          }
        }
      }
      for (Tally* t : {&total, &by_hotspot[p.hotspot_id], &by_day[date], &by_shift[p.shift],
                       &rows[{p.hotspot_id, date, p.shift}]}) {
        ++t->planned;
        if (delivered) ++t->delivered;
      }
    }
  }
  for (const auto& [hotspot, visits] : gps_of) {
    for (const auto& g : visits) {
      if (!in_range(g.date)) continue;
      const auto found = shift_of.find(g.visit);
      const std::string shift = found == shift_of.end() ? "unplanned" : found->second;
      for (Tally* t : {&total, &by_hotspot[hotspot], &by_day[g.date], &by_shift[shift],
                       &rows[{hotspot, g.date, shift}]}) {
        ++t->gps_visits;
        t->minutes += g.visit->minutes;
        t->minutes_low += g.visit->minutes_low;
        t->minutes_high += g.visit->minutes_high;
      }
    }
  }
  const auto listed = [](const std::map<std::string, Tally>& tallies, const char* key) {
    json out = json::array();
    for (const auto& [name, tally] : tallies) {
      json row = tally.to_json();
      row[key] = name;
      out.push_back(std::move(row));
    }
    return out;
  };
  json row_list = json::array();
  for (const auto& [key, tally] : rows) {
    json row = tally.to_json();
    row["hotspot_id"] = std::get<0>(key);
    row["date"] = std::get<1>(key);
    row["shift"] = std::get<2>(key);
    row_list.push_back(std::move(row));
  }
  return json_response(200, {{"plan_id", plan ? plan->plan_id : 0},
                             {"from", from},
                             {"to", to},
                             {"time_zone", context.time_zone},
                             {"tolerance_minutes", kToleranceMinutes},
                             {"totals", total.to_json()},
                             {"by_hotspot", listed(by_hotspot, "hotspot_id")},
                             {"by_day", listed(by_day, "date")},
                             {"by_shift", listed(by_shift, "shift")},
                             {"rows", row_list}});
}

}  // namespace grip::server

#include "grip/patrol/plan_outputs.hpp"

#include <fmt/format.h>
#include <libical/ical.h>

#include <algorithm>
#include <cstdlib>
#include <map>
#include <memory>
#include <tuple>

#include "grip/core/text.hpp"
#include "grip/patrol/plan_calendar.hpp"

namespace grip::patrol {
namespace {

std::string csv_cell(const std::string& text) {
  // Quote always; a leading formula character is defused, as the other CSV writers do.
  std::string cell = text;
  if (!cell.empty() && std::string("=+-@\t\r").find(cell.front()) != std::string::npos) cell.insert(0, "'");
  std::string out = "\"";
  for (char c : cell) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

// "2024-04-01T10:15" → "20240401T101500" (floating local time).
std::string ical_time(const std::string& clock) {
  std::string out;
  for (char c : clock)
    if (c != '-' && c != ':') out += c;
  return out + "00";
}

std::string shift_label(const Shift& s) {
  return fmt::format("{} {:02d}:00-{:02d}:00", s.name, s.start_hour, s.end_hour);
}

std::string day_of(const Plan& plan, int day) {
  return day_text(parse_plan_day(plan.settings.first_day) + std::chrono::days{day});
}

std::string why_text(const Plan& plan, const PlannedVisit& v) {
  const auto& h = plan.hotspots[v.hotspot];
  const int weekday = weekday_index(parse_plan_day(plan.settings.first_day) + std::chrono::days{v.day});
  return fmt::format("{:.0f}% of this place's weekly risk falls in this shift; its riskiest hours: {}",
                     100 * shift_share(h.profile, plan.shifts[v.shift], weekday), top_hours_text(h.profile));
}

}  // namespace

nlohmann::json plan_json(const PlanRun& run, const StoredPlanIds& ids) {
  const auto& plan = run.plan;
  nlohmann::json json;
  json["plan_id"] = ids.plan_id;
  json["design_id"] = ids.design_id;
  json["design"] = to_string(plan.settings.design);
  json["design_hash"] = plan.design.hash;
  json["seed"] = std::to_string(plan.settings.seed);
  json["first_day"] = plan.settings.first_day;
  json["days"] = plan.settings.days;
  json["hotspot_run_id"] = run.hotspot_run_id;
  json["risk_source"] = run.risk_source;
  json["profile_source"] = run.profiles.source;
  json["solver"] = {{"name", plan.solution.solver},
                    {"status", plan.solution.status},
                    {"objective", plan.solution.objective},
                    {"bound", plan.solution.bound},
                    {"gap", plan.solution.gap},
                    {"optimal", plan.solution.optimal}};
  json["visit_minutes"] = plan.settings.visit_minutes;
  json["speed_kmh"] = run.speed_kmh;
  auto& hotspots = json["hotspots"] = nlohmann::json::array();
  for (std::size_t h = 0; h < plan.hotspots.size(); ++h) {
    const auto& d = plan.dosage[h];
    hotspots.push_back({{"hotspot", plan.hotspots[h].id},
                        {"name", plan.hotspots[h].name},
                        {"team", plan.teams[plan.team_of[h]]},
                        {"risk", d.risk},
                        {"visits", d.visits},
                        {"minutes", d.minutes},
                        {"treated_days", d.treated_days},
                        {"own_profile_weight", run.profiles.hotspots[h].own_weight},
                        {"peak", hour_of_week_label(run.profiles.hotspots[h].peak)}});
  }
  auto& visits = json["visits"] = nlohmann::json::array();
  for (const auto& v : plan.visits) {
    visits.push_back({{"hotspot", plan.hotspots[v.hotspot].id},
                      {"team", plan.teams[v.team]},
                      {"day", v.day},
                      {"shift", plan.shifts[v.shift].name},
                      {"start", v.start},
                      {"end", v.end},
                      {"risk", v.risk}});
  }
  auto& pools = json["capacity"] = nlohmann::json::array();
  const int shifts = static_cast<int>(plan.shifts.size());
  for (std::size_t p = 0; p < plan.capacity_minutes.size(); ++p) {
    const int t = static_cast<int>(p) / (plan.settings.days * shifts);
    const int d = static_cast<int>(p) / shifts % plan.settings.days;
    const int s = static_cast<int>(p) % shifts;
    pools.push_back({{"team", plan.teams[t]},
                     {"day", d},
                     {"shift", plan.shifts[s].name},
                     {"minutes_available", plan.capacity_minutes[p]},
                     {"minutes_used", plan.capacity_minutes_used[p]}});
  }
  json["notes"] = plan.notes;
  return json;
}

std::string plan_summary_text(const PlanRun& run, const StoredPlanIds& ids) {
  const auto& plan = run.plan;
  std::string out = fmt::format(
      "Plan {}: {} days from {}, {} hotspots, {} visits of {:g} min (seed {}, design {})\n", ids.plan_id,
      plan.settings.days, plan.settings.first_day, plan.hotspots.size(), plan.visits.size(),
      plan.settings.visit_minutes, plan.settings.seed, to_string(plan.settings.design));
  out += fmt::format("Risk: {}\nProfile: {}\n", run.risk_source, run.profiles.source);
  out += fmt::format("Solver: {} {}; objective {:.3f}, bound {:.3f}, optimality gap {:.2f}%\n",
                     plan.solution.solver, plan.solution.status, plan.solution.objective, plan.solution.bound,
                     100 * plan.solution.gap);
  double used = 0, available = 0;
  for (std::size_t p = 0; p < plan.capacity_minutes.size(); ++p)
    used += plan.capacity_minutes_used[p], available += plan.capacity_minutes[p];
  out +=
      fmt::format("Officer time: {:.0f} of {:.0f} officer-hours used (visits and walking between them)\n\n",
                  used / 60, available / 60);
  // The team column is as wide as the longest team name (up to 24), so names are not cut short.
  std::size_t team_width = 4;
  for (const auto& team : plan.teams)
    team_width = std::max(team_width, std::min<std::size_t>(team.size(), 24));
  out += fmt::format("{:<5} {:<40} {:<{}} {:>9} {:>7} {:>8} {:>6}  {}\n", "id", "hotspot", "team", team_width,
                     "risk", "visits", "minutes", "own w", "peak");
  for (std::size_t h = 0; h < plan.hotspots.size(); ++h) {
    const auto& d = plan.dosage[h];
    out += fmt::format("{:<5} {:<40.40} {:<{}.{}} {:>9.2f} {:>7} {:>8.0f} {:>6.2f}  {}\n",
                       plan.hotspots[h].id, plan.hotspots[h].name, plan.teams[plan.team_of[h]], team_width,
                       team_width, d.risk, d.visits, d.minutes, run.profiles.hotspots[h].own_weight,
                       hour_of_week_label(run.profiles.hotspots[h].peak));
  }
  for (const auto& note : plan.notes) out += "  - " + note + "\n";
  return out;
}

std::string plan_csv(const PlanRun& run) {
  const auto& plan = run.plan;
  std::string out = "hotspot,name,team,day,shift,start,end,risk\n";
  for (const auto& v : plan.visits) {
    out += fmt::format("{},{},{},{},{},{},{},{:.6g}\n", csv_cell(plan.hotspots[v.hotspot].id),
                       csv_cell(plan.hotspots[v.hotspot].name), csv_cell(plan.teams[v.team]), v.day,
                       csv_cell(plan.shifts[v.shift].name), v.start, v.end, v.risk);
  }
  return out;
}

std::string plan_ics(const PlanRun& run, const StoredPlanIds& ids) {
  const auto& plan = run.plan;
  std::unique_ptr<icalcomponent, decltype(&icalcomponent_free)> calendar(icalcomponent_new_vcalendar(),
                                                                         &icalcomponent_free);
  icalcomponent_add_property(calendar.get(), icalproperty_new_version("2.0"));
  icalcomponent_add_property(calendar.get(), icalproperty_new_prodid("-//Grip//patrol plan//EN"));
  const auto stamp = icaltime_current_time_with_zone(icaltimezone_get_utc_timezone());
  int n = 0;
  for (const auto& v : plan.visits) {
    const auto& h = plan.hotspots[v.hotspot];
    icalcomponent* event = icalcomponent_new_vevent();
    const auto uid = fmt::format("grip-plan-{}-visit-{}-{}", ids.plan_id, ++n, h.id);
    icalcomponent_add_property(event, icalproperty_new_uid(uid.c_str()));
    icalcomponent_add_property(event, icalproperty_new_dtstamp(stamp));
    icalcomponent_add_property(event,
                               icalproperty_new_dtstart(icaltime_from_string(ical_time(v.start).c_str())));
    icalcomponent_add_property(event, icalproperty_new_dtend(icaltime_from_string(ical_time(v.end).c_str())));
    const auto summary = fmt::format("Hotspot visit {}: {} ({})", h.id, h.name, plan.teams[v.team]);
    icalcomponent_add_property(event, icalproperty_new_summary(summary.c_str()));
    icalcomponent_add_property(event, icalproperty_new_location(h.name.c_str()));
    const auto description =
        fmt::format("{} shift. Look for: {}. Why now: {}", plan.shifts[v.shift].name,
                    run.look_for.empty() ? std::string() : run.look_for[v.hotspot], why_text(plan, v));
    icalcomponent_add_property(event, icalproperty_new_description(description.c_str()));
    icalcomponent_add_property(event, icalproperty_new_categories(plan.teams[v.team].c_str()));
    icalcomponent_add_component(calendar.get(), event);
  }
  char* text = icalcomponent_as_ical_string_r(calendar.get());
  std::string out = text == nullptr ? std::string() : std::string(text);
  std::free(text);
  return out;
}

namespace {

// An inline SVG of the team's hotspots: outlines, with this sheet's hotspots numbered in visit order.
std::string beat_map(const PlanRun& run, int team, const std::vector<std::pair<int, int>>& numbered) {
  const auto& plan = run.plan;
  double min_x = 1e300, min_y = 1e300, max_x = -1e300, max_y = -1e300;
  for (std::size_t h = 0; h < plan.hotspots.size(); ++h) {
    if (plan.team_of[h] != team || h >= run.shapes.size()) continue;
    min_x = std::min(min_x, run.shapes[h].min_x), max_x = std::max(max_x, run.shapes[h].max_x);
    min_y = std::min(min_y, run.shapes[h].min_y), max_y = std::max(max_y, run.shapes[h].max_y);
  }
  if (min_x > max_x) return {};
  const double pad = std::max({max_x - min_x, max_y - min_y, 200.0}) * 0.08;
  min_x -= pad, min_y -= pad, max_x += pad, max_y += pad;
  const double scale = 480.0 / std::max(max_x - min_x, max_y - min_y);
  const auto px = [&](double x) { return (x - min_x) * scale; };
  const auto py = [&](double y) { return (max_y - y) * scale; };
  std::string svg = fmt::format(
      "<svg class=\"map\" viewBox=\"0 0 {:.0f} {:.0f}\" width=\"{:.0f}\" height=\"{:.0f}\" role=\"img\" "
      "aria-label=\"beat map\">\n",
      (max_x - min_x) * scale, (max_y - min_y) * scale, (max_x - min_x) * scale, (max_y - min_y) * scale);
  for (std::size_t h = 0; h < plan.hotspots.size(); ++h) {
    if (plan.team_of[h] != team || h >= run.shapes.size()) continue;
    const bool today = std::any_of(numbered.begin(), numbered.end(),
                                   [&](const auto& p) { return p.first == static_cast<int>(h); });
    std::string path;
    for (const auto& ring : run.shapes[h].rings) {
      for (std::size_t i = 0; i < ring.size(); ++i)
        path += fmt::format("{}{:.1f},{:.1f}", i == 0 ? "M" : "L", px(ring[i].x), py(ring[i].y));
      path += "Z";
    }
    svg += fmt::format("<path d=\"{}\" fill-rule=\"evenodd\" class=\"{}\"><title>{}</title></path>\n", path,
                       today ? "visit" : "other",
                       escape_html(plan.hotspots[h].id + " " + plan.hotspots[h].name));
    svg += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" class=\"label\">{}</text>\n", px(plan.hotspots[h].x),
                       py(plan.hotspots[h].y) - 6, escape_html(plan.hotspots[h].id));
  }
  for (const auto& [h, number] : numbered) {
    svg += fmt::format(
        "<circle cx=\"{:.1f}\" cy=\"{:.1f}\" r=\"9\"/><text x=\"{:.1f}\" y=\"{:.1f}\" "
        "class=\"n\">{}</text>\n",
        px(plan.hotspots[h].x), py(plan.hotspots[h].y) + 8, px(plan.hotspots[h].x),
        py(plan.hotspots[h].y) + 12, number);
  }
  return svg + "</svg>\n";
}

}  // namespace

std::string plan_tasking_html(const PlanRun& run, const StoredPlanIds& ids) {
  const auto& plan = run.plan;
  std::map<std::tuple<int, int, int>, std::vector<const PlannedVisit*>> sheets;  // team, day, shift
  for (const auto& v : plan.visits) sheets[{v.team, v.day, v.shift}].push_back(&v);
  std::string html =
      fmt::format(R"(<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Hotspot patrol tasking, plan {}</title>
<style>
body {{ font: 11pt/1.35 system-ui, sans-serif; margin: 1.5em; color: #111; }}
section {{ break-after: page; page-break-after: always; margin-bottom: 2em; }}
h1 {{ font-size: 15pt; }} h2 {{ font-size: 13pt; margin: 0 0 .3em; }}
table {{ border-collapse: collapse; width: 100%; }} th, td {{ border: 1px solid #999; padding: 3px 6px; text-align: left; vertical-align: top; }}
.map path.visit {{ fill: #f4a582; stroke: #b2182b; }} .map path.other {{ fill: #eee; stroke: #999; }}
.map circle {{ fill: #b2182b; }} .map text.n {{ fill: #fff; font-size: 11px; text-anchor: middle; }}
.map text.label {{ font-size: 10px; text-anchor: middle; fill: #333; }}
.note {{ color: #444; font-size: 9pt; }}
@media print {{ body {{ margin: 0; }} .screen {{ display: none; }} }}
</style></head><body>
<h1 class="screen">Hotspot patrol tasking: plan {} ({} days from {}, seed {}, design {})</h1>
<p class="screen note">Risk: {}. Profile: {}. Each page is one team's shift: visit each place for {:g} minutes
at the time given (times are drawn at random inside the high-risk hours; do not swap them for a routine).</p>
)",
                  ids.plan_id, ids.plan_id, plan.settings.days, plan.settings.first_day, plan.settings.seed,
                  to_string(plan.settings.design), escape_html(run.risk_source),
                  escape_html(run.profiles.source), plan.settings.visit_minutes);
  for (const auto& [key, visits] : sheets) {
    const auto [team, day, shift] = key;
    std::vector<std::pair<int, int>> numbered;
    for (std::size_t i = 0; i < visits.size(); ++i)
      numbered.emplace_back(visits[i]->hotspot, static_cast<int>(i + 1));
    html += fmt::format("<section>\n<h2>{} &middot; {} &middot; {}</h2>\n", escape_html(plan.teams[team]),
                        day_of(plan, day), escape_html(shift_label(plan.shifts[shift])));
    html += beat_map(run, team, numbered);
    html +=
        "<table><tr><th>#</th><th>start</th><th>end</th><th>hotspot</th><th>what to look for</th><th>why "
        "this place now</th></tr>\n";
    for (std::size_t i = 0; i < visits.size(); ++i) {
      const auto& v = *visits[i];
      const auto& h = plan.hotspots[v.hotspot];
      html += fmt::format("<tr><td>{}</td><td>{}</td><td>{}</td><td>{} {}</td><td>{}</td><td>{}</td></tr>\n",
                          i + 1, v.start.substr(11), v.end.substr(11), escape_html(h.id), escape_html(h.name),
                          escape_html(run.look_for.empty() ? std::string() : run.look_for[v.hotspot]),
                          escape_html(why_text(plan, v)));
    }
    html +=
        "</table>\n<p class=\"note\">Record arrival and departure; a visit is a stop of the stated length, "
        "not a drive-through (Koper 1995).</p>\n</section>\n";
  }
  return html + "</body></html>\n";
}

}  // namespace grip::patrol

#include "grip/patrol/monthly_return.hpp"

#include <fmt/format.h>

#include <cmath>
#include <map>
#include <nlohmann/json.hpp>

#include "grip/core/csv_text.hpp"
#include "grip/core/errors.hpp"
#include "grip/core/officer_pseudonym.hpp"
#include "grip/core/text.hpp"
#include "grip/core/time_text.hpp"
#include "grip/hotspot/hotspot_run.hpp"
#include "grip/patrol/compliance.hpp"
#include "grip/patrol/dosage_report.hpp"
#include "grip/patrol/outcomes.hpp"
#include "grip/patrol/return_stop_searches.hpp"
#include "grip/store/action_tables.hpp"
#include "grip/store/incident_tables.hpp"
#include "grip/store/return_tables.hpp"

namespace grip::patrol {
namespace {

using nlohmann::json;

bool valid_month(const std::string& m) {
  if (m.size() != 7 || m[4] != '-') return false;
  for (std::size_t i : {0U, 1U, 2U, 3U, 5U, 6U})
    if (m[i] < '0' || m[i] > '9') return false;
  const int month = std::stoi(m.substr(5));
  return month >= 1 && month <= 12;
}

std::string same_month_last_year(const std::string& m) {
  return fmt::format("{:04d}{}", std::stoi(m.substr(0, 4)) - 1, m.substr(4));
}

double tenths(double value) { return std::round(value * 10) / 10; }

json share(std::int64_t part, std::int64_t whole) {
  return whole == 0
             ? json(nullptr)
             : json(std::round(1000.0 * static_cast<double>(part) / static_cast<double>(whole)) / 1000);
}

const char* const kHotspotMeasures[] = {"gps_visits",
                                        "gps_minutes",
                                        "gps_minutes_low",
                                        "gps_minutes_high",
                                        "gps_pass_throughs",
                                        "planned_visits",
                                        "planned_minutes",
                                        "delivered_visits",
                                        "delivered_minutes",
                                        "missed_planned_visits",
                                        "unplanned_visits",
                                        "koper_band_visits",
                                        "arrests",
                                        "stop_searches_recorded",
                                        "weapons_seized",
                                        "arch_deployments",
                                        "arch_people_through",
                                        "arch_detections",
                                        "police_uk_stop_searches",
                                        "stop_searches_counted_once",
                                        "serious_violence",
                                        "serious_violence_last_year"};

// Counts only: the return goes to funders, so it names no officer pseudonym (`grip dosage` lists them).
json hours_figures(const std::vector<HoursCheck>& checks) {
  double reported = 0, gps = 0, gps_high = 0;
  std::int64_t flagged = 0;
  for (const HoursCheck& c : checks) {
    reported += c.self_reported_hours;
    gps += c.gps_hours;
    gps_high += c.gps_hours_high;
    flagged += c.exceeds_gps() ? 1 : 0;
  }
  return {{"officer_days", checks.size()},
          {"self_reported_hours", tenths(reported)},
          {"gps_hours", tenths(gps)},
          {"gps_hours_high", tenths(gps_high)},
          {"officer_days_above_gps_upper_bound", flagged}};
}

}  // namespace

std::string return_hash(std::string_view text) {
  static constexpr std::string_view kKey = "grip monthly return";
  const auto mac = hmac_sha256(
      std::span<const std::uint8_t>(reinterpret_cast<const std::uint8_t*>(kKey.data()), kKey.size()), text);
  std::string hex = "hmac-sha256:";
  for (const std::uint8_t b : mac) hex += fmt::format("{:02x}", b);
  return hex;
}

std::string compute_return_figures(store::Store& store, const std::string& month) {
  if (!valid_month(month)) throw UsageError("--month '" + month + "' is not YYYY-MM");
  const store::SelectedHotspots selected = store::read_selected_hotspots(store);
  if (selected.run_id == 0 || selected.hotspots.empty())
    throw UsageError("no selected hotspots in " + store.path() + ": run 'grip hotspots' first");
  const PatrolZones zones(hotspot_zone_polygons(selected));
  std::map<std::string, std::size_t> index;
  std::vector<std::map<std::string, double>> per(selected.hotspots.size());
  for (std::size_t i = 0; i < selected.hotspots.size(); ++i) {
    index[selected.hotspots[i].id] = i;
    for (const char* m : kHotspotMeasures) per[i][m] = 0;
  }
  const auto in_month = [&](const std::string& time) { return time.compare(0, 7, month) == 0; };
  const auto add = [&](const std::string& hotspot, const char* measure, double value) {
    if (const auto it = index.find(hotspot); it != index.end()) per[it->second][measure] += value;
  };

  const ComplianceRules rules;  // the return always uses the stated defaults, so a recomputation agrees
  for (const auto& v : store::read_gps_visit_windows(store)) {
    if (!in_month(v.first_in)) continue;
    if (is_pass_through({v.hotspot_id, 0, 0, v.minutes_high}, rules)) {
      add(v.hotspot_id, "gps_pass_throughs", 1);
      continue;
    }
    add(v.hotspot_id, "gps_visits", 1);
    add(v.hotspot_id, "gps_minutes", v.minutes);
    add(v.hotspot_id, "gps_minutes_low", v.minutes_low);
    add(v.hotspot_id, "gps_minutes_high", v.minutes_high);
  }
  for (const auto& p : store::read_planned_visits_in_month(store, month)) {
    const auto from = parse_utc_instant(p.starts_at), to = parse_utc_instant(p.ends_at);
    add(p.hotspot_id, "planned_visits", 1);
    if (from && to) add(p.hotspot_id, "planned_minutes", static_cast<double>(*to - *from) / 60);
  }
  const DosageReport dosage = compute_dosage(store, month);
  for (const DosageRow& d : dosage_by_hotspot(dosage)) {
    add(d.hotspot_id, "delivered_visits", static_cast<double>(d.delivered_visits));
    add(d.hotspot_id, "delivered_minutes", d.delivered_minutes);
    add(d.hotspot_id, "missed_planned_visits", static_cast<double>(d.missed_visits));
    add(d.hotspot_id, "unplanned_visits", static_cast<double>(d.unplanned_visits));
    add(d.hotspot_id, "koper_band_visits", static_cast<double>(d.koper_band_visits));
  }
  std::map<std::string, std::int64_t> weapons_by_type;
  std::vector<store::OutcomeRow> outcomes_in_month;
  for (auto& o : store::list_outcomes(store))
    if (in_month(o.occurred_at)) outcomes_in_month.push_back(std::move(o));
  for (const auto& o : outcomes_in_month) {
    if (o.kind == "arrest") add(o.hotspot_id, "arrests", 1);
    if (o.kind == "stop_search") add(o.hotspot_id, "stop_searches_recorded", 1);
    if (o.kind == "weapon_seized") {
      add(o.hotspot_id, "weapons_seized", 1);
      ++weapons_by_type[o.weapon_type];
    }
    if (o.kind == "arch_deployment") {
      add(o.hotspot_id, "arch_deployments", 1);
      add(o.hotspot_id, "arch_people_through", static_cast<double>(o.people_through.value_or(0)));
      add(o.hotspot_id, "arch_detections", static_cast<double>(o.detections.value_or(0)));
    }
  }
  const StopSearchSection searches_section =
      stop_search_section(store, month, selected, zones, outcomes_in_month, kDefaultPlanTimeZone);
  for (std::size_t i = 0; i < selected.hotspots.size(); ++i) {
    per[i]["police_uk_stop_searches"] = static_cast<double>(searches_section.published_per_hotspot[i]);
    per[i]["stop_searches_counted_once"] = per[i]["stop_searches_recorded"] +
                                           static_cast<double>(searches_section.published_per_hotspot[i]) -
                                           static_cast<double>(searches_section.matched_per_hotspot[i]);
  }
  const std::int64_t searches = searches_section.published;
  const std::string last_year = same_month_last_year(month);
  std::int64_t incidents_last_year = 0;
  const auto count_violence = [&](const std::string& which, const char* measure, std::int64_t* any) {
    store::IncidentFilter filter;
    filter.from_month = which;
    filter.to_month = which;
    store::for_each_incident(store, filter, [&](const store::IncidentView& incident) {
      if (any) ++*any;
      if (!hotspot::is_serious_violence(std::string(incident.category))) return;
      const std::int32_t zone = zones.zone_of(incident.x, incident.y);
      if (zone != PatrolZones::kOutside) per[static_cast<std::size_t>(zone)][measure] += 1;
    });
  };
  std::int64_t incidents_this_month = 0;
  count_violence(month, "serious_violence", &incidents_this_month);
  count_violence(last_year, "serious_violence_last_year", &incidents_last_year);

  json hotspots = json::array();
  std::map<std::string, double> totals;
  for (std::size_t i = 0; i < selected.hotspots.size(); ++i) {
    json row = {{"hotspot_id", selected.hotspots[i].id}, {"name", selected.hotspots[i].name}};
    for (const auto& [measure, value] : per[i]) {
      const bool minutes = std::string_view(measure).find("minutes") != std::string_view::npos;
      row[measure] = minutes ? json(tenths(value)) : json(static_cast<std::int64_t>(value));
      totals[measure] += value;
    }
    // A month the store holds no incidents for has no count, per hotspot as in the totals.
    if (incidents_this_month == 0) row["serious_violence"] = nullptr;
    if (incidents_last_year == 0) row["serious_violence_last_year"] = nullptr;
    hotspots.push_back(std::move(row));
  }
  json total_row;
  for (const auto& [measure, value] : totals) {
    const bool minutes = measure.find("minutes") != std::string::npos;
    total_row[measure] = minutes ? json(tenths(value)) : json(static_cast<std::int64_t>(value));
  }
  if (incidents_last_year == 0) total_row["serious_violence_last_year"] = nullptr;
  if (incidents_this_month == 0) total_row["serious_violence"] = nullptr;
  const double patrol_hours = totals["gps_minutes"] / 60;
  std::int64_t opened = 0, closed = 0;
  for (const auto& a : store::list_actions(store)) {
    if (index.count(a.hotspot_id) == 0) continue;
    opened += in_month(a.opened) ? 1 : 0;
    closed += !a.closed.empty() && in_month(a.closed) ? 1 : 0;
  }
  const auto violence = static_cast<std::int64_t>(totals["serious_violence"]);
  const auto violence_before = static_cast<std::int64_t>(totals["serious_violence_last_year"]);
  json serious = {{"this_month", violence}, {"last_year_month", last_year}};
  if (incidents_this_month == 0) {
    // Street data arrive a month or two late: no incidents at all is no data, not no violence.
    serious["this_month"] = nullptr;
    serious["same_month_last_year"] = incidents_last_year == 0 ? json(nullptr) : json(violence_before);
    serious["change"] = nullptr;
    serious["note"] = "the store holds no incidents for " + month + " yet, so there is no count";
  } else if (incidents_last_year == 0) {
    serious["same_month_last_year"] = nullptr;
    serious["change"] = nullptr;
    serious["note"] = "the store holds no incidents for " + last_year + ", so there is no comparison";
  } else {
    serious["same_month_last_year"] = violence_before;
    serious["change"] = violence - violence_before;
    serious["note"] = "";
  }
  json stop_searches = searches_section.figures;
  stop_searches["per_patrol_hour"] =
      patrol_hours > 0 ? json(std::round(1000.0 * static_cast<double>(searches) / patrol_hours) / 1000)
                       : json(nullptr);
  const json figures = {
      {"month", month},
      {"hotspot_run_id", selected.run_id},
      {"hotspots", hotspots},
      {"totals", total_row},
      {"stop_searches", stop_searches},
      {"compliance",
       {{"min_dwell_minutes", rules.min_dwell_minutes},
        {"match_tolerance_s", rules.tolerance_s},
        {"plan_time_zone", kDefaultPlanTimeZone},
        {"delivered_share_of_planned", share(dosage.totals.delivered_visits, dosage.totals.planned_visits)},
        {"koper_band_share", share(dosage.totals.koper_band_visits, dosage.totals.visits())},
        {"pass_through_minutes", tenths(dosage.totals.pass_through_minutes)}}},
      {"self_reported_hours", hours_figures(dosage.hours_checks)},
      {"weapons_by_type", weapons_by_type},
      {"actions", {{"opened", opened}, {"closed", closed}}},
      {"serious_violence", serious}};
  return figures.dump();
}

std::string return_summary(const std::string& month, const std::string& figures_json) {
  const json f = json::parse(figures_json);
  const json& t = f["totals"];
  const json& sv = f["serious_violence"];
  const json& ss = f["stop_searches"];
  std::string violence =
      sv["this_month"].is_null()
          ? fmt::format("no incidents are stored for {} yet to count serious violence", month)
          : fmt::format("serious violence in the hotspots was {}", sv["this_month"].get<std::int64_t>());
  if (!sv["this_month"].is_null() && sv["same_month_last_year"].is_null()) {
    violence += fmt::format(" (no data for {} to compare)", sv["last_year_month"].get<std::string>());
  } else if (!sv["this_month"].is_null()) {
    violence += fmt::format(" against {} in {}", sv["same_month_last_year"].get<std::int64_t>(),
                            sv["last_year_month"].get<std::string>());
  }
  return fmt::format(
      "In {} officers spent {:.1f} hours on {} GPS-recorded visits to the {} hotspots (the plan had {} "
      "visits, "
      "{:.1f} hours); {} arrests, {} weapons seized and {} data.police.uk stop searches in the hotspots{} "
      "were "
      "recorded, and {}.",
      month, t["gps_minutes"].get<double>() / 60, t["gps_visits"].get<std::int64_t>(), f["hotspots"].size(),
      t["planned_visits"].get<std::int64_t>(), t["planned_minutes"].get<double>() / 60,
      t["arrests"].get<std::int64_t>(), t["weapons_seized"].get<std::int64_t>(),
      ss["in_hotspots"].get<std::int64_t>(),
      ss["linked_share"].is_null() ? std::string()
                                   : fmt::format(" ({:.0f}% with an outcome linked to the object)",
                                                 100 * ss["linked_share"].get<double>()),
      violence);
}

IssuedReturn issue_monthly_return(store::Store& store, const std::string& month,
                                  const std::function<void(const IssuedReturn& issued)>& before_commit) {
  if (!valid_month(month)) throw UsageError("--month '" + month + "' is not YYYY-MM");
  store::WriteTransaction transaction(store);
  IssuedReturn issued;
  issued.month = month;
  std::string previous;
  for (const auto& stored : store::list_monthly_returns(store)) {
    std::string reason;
    if (stored.previous_hash != previous ||
        stored.chain_hash != return_hash(stored.previous_hash + stored.figures_hash) ||
        stored.figures_hash != return_hash(stored.figures)) {
      reason = "the stored snapshot or its chain was altered";
    } else {
      const std::string now = compute_return_figures(store, stored.month);
      if (return_hash(now) != stored.figures_hash) {
        std::string paths;
        int shown = 0;
        for (const auto& op : json::diff(json::parse(stored.figures), json::parse(now))) {
          if (shown++ < 8) paths += " " + op.value("path", std::string());
        }
        reason = "figures changed since issue:" + paths + (shown > 8 ? " ..." : "");
      }
    }
    if (!reason.empty())
      issued.discrepancies.push_back({stored.return_id, stored.month, stored.issued_at, reason});
    previous = stored.chain_hash;
  }
  issued.figures_json = compute_return_figures(store, month);
  issued.figures_hash = return_hash(issued.figures_json);
  issued.previous_hash = previous;
  issued.chain_hash = return_hash(previous + issued.figures_hash);
  issued.return_id = store::write_monthly_return(store, {0, month, utc_now_iso(), issued.figures_json,
                                                         issued.figures_hash, previous, issued.chain_hash});
  if (before_commit) before_commit(issued);
  transaction.commit();

  issued.summary = return_summary(month, issued.figures_json);
  return issued;
}

namespace {

std::string cell(const json& value) {
  if (value.is_null()) return "-";
  if (value.is_string()) return value.get<std::string>();
  return value.dump();
}

}  // namespace

std::string return_html(const IssuedReturn& issued) {
  const json f = json::parse(issued.figures_json);
  std::string html = fmt::format(
      "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Monthly return {}</title>\n"
      "<style>body{{font-family:sans-serif;margin:2em;max-width:70em}}table{{border-collapse:collapse;margin:"
      "1em "
      "0}}td,th{{border:1px solid #999;padding:.2em "
      ".5em;text-align:right}}th:first-child,td:first-child{{text-"
      "align:left}}\n@media print{{body{{margin:0;font-size:10pt}}table{{page-break-inside:avoid}}a{{color:"
      "inherit}}}}</style></head><body>\n<h1>Monthly return {}</h1>\n<p>{}</p>\n",
      escape_html(issued.month), escape_html(issued.month), escape_html(issued.summary));
  html += "<h2>By hotspot</h2>\n<table><tr><th>hotspot</th>";
  for (const char* m : kHotspotMeasures) html += "<th>" + escape_html(m) + "</th>";
  html += "</tr>\n";
  for (const auto& h : f["hotspots"]) {
    html += "<tr><td>" +
            escape_html(h["hotspot_id"].get<std::string>() + " " + h["name"].get<std::string>()) + "</td>";
    for (const char* m : kHotspotMeasures) html += "<td>" + escape_html(cell(h[m])) + "</td>";
    html += "</tr>\n";
  }
  html += "<tr><th>total</th>";
  for (const char* m : kHotspotMeasures) html += "<th>" + escape_html(cell(f["totals"][m])) + "</th>";
  html += "</tr></table>\n";
  const auto table = [&](const std::string& title, const json& counts) {
    html += "<h2>" + escape_html(title) + "</h2>\n<table>";
    for (const auto& [key, value] : counts.items())
      html += "<tr><td>" + escape_html(key) + "</td><td>" + cell(value) + "</td></tr>";
    html += "</table>\n";
  };
  const json& ss = f["stop_searches"];
  table("Stop searches in the hotspots by object of search", ss["by_object_of_search"]);
  table("Stop searches in the hotspots by outcome", ss["by_outcome"]);
  table("Stop-search scrutiny",
        {{"searches in the hotspots", ss["in_hotspots"]},
         {"share with an outcome linked to the object", ss["linked_share"]},
         {"searches per GPS patrol hour", ss["per_patrol_hour"]},
         {"recorded with grip outcomes and also published (counted once)", ss["recorded_also_published"]},
         {"by self-defined ethnicity", ss["ethnicity_note"]}});
  html +=
      "<h2>Stop searches in the hotspots by self-defined "
      "ethnicity</h2>\n<table><tr><th>group</th><th>searches</th>"
      "<th>share of searches</th><th>outcome linked to object</th><th>no further action</th></tr>";
  for (const auto& [group, g] : ss["by_self_defined_ethnicity"].items()) {
    html += "<tr><td>" + escape_html(group) + "</td><td>" + cell(g["searches"]) + "</td><td>" +
            cell(g["share_of_searches"]) + "</td><td>" + cell(g["outcome_linked_share"]) + "</td><td>" +
            cell(g["no_further_action_share"]) + "</td></tr>";
  }
  html += "</table>\n";
  table("Compliance with the plan", f["compliance"]);
  table("Self-reported patrol hours against GPS (officer-days)", f["self_reported_hours"]);
  table("Weapons seized by type", f["weapons_by_type"]);
  table("Problem-solving actions", f["actions"]);
  table("Serious violence in the hotspots", f["serious_violence"]);
  html += "<h2>Discrepancies in earlier returns</h2>\n";
  if (issued.discrepancies.empty())
    html += "<p>None: every earlier return still matches its stored figures.</p>\n";
  for (const auto& d : issued.discrepancies)
    html += fmt::format("<p>Return {} for {} (issued {}): {}</p>\n", d.return_id, escape_html(d.month),
                        escape_html(d.issued_at), escape_html(d.reason));
  html += fmt::format("<p><small>Return {}; figures {}; chained {}</small></p>\n</body></html>\n",
                      issued.return_id, issued.figures_hash, issued.chain_hash);
  return html;
}

std::string return_csv(const IssuedReturn& issued) {
  const json f = json::parse(issued.figures_json);
  std::string csv = "section,hotspot_id,measure,value\n";
  const auto row = [&](const std::string& section, const std::string& hotspot, const std::string& measure,
                       const json& value) {
    csv += section + "," + csv_text_cell(hotspot) + "," + csv_text_cell(measure) + "," +
           (value.is_null()     ? std::string()
            : value.is_string() ? csv_text_cell(value.get<std::string>())
                                : value.dump()) +
           "\n";
  };
  for (const auto& h : f["hotspots"])
    for (const char* m : kHotspotMeasures) row("hotspot", h["hotspot_id"].get<std::string>(), m, h[m]);
  for (const char* m : kHotspotMeasures) row("total", "", m, f["totals"][m]);
  const json& ss = f["stop_searches"];
  for (const auto& [key, value] : ss["by_object_of_search"].items())
    row("stop_search_object", "", key, value);
  for (const auto& [key, value] : ss["by_outcome"].items()) row("stop_search_outcome", "", key, value);
  for (const char* m : {"in_hotspots", "outcome_linked_to_object", "linked_share", "per_patrol_hour",
                        "recorded_also_published"})
    row("stop_search_scrutiny", "", m, ss[m]);
  for (const auto& [group, g] : ss["by_self_defined_ethnicity"].items())
    for (const auto& [measure, value] : g.items())
      row("stop_search_ethnicity", "", group + "/" + measure, value);
  for (const auto& [key, value] : f["compliance"].items()) row("compliance", "", key, value);
  for (const auto& [key, value] : f["self_reported_hours"].items())
    row("self_reported_hours", "", key, value);
  for (const auto& [key, value] : f["weapons_by_type"].items()) row("weapons_by_type", "", key, value);
  for (const auto& [key, value] : f["actions"].items()) row("actions", "", key, value);
  for (const auto& [key, value] : f["serious_violence"].items()) row("serious_violence", "", key, value);
  for (const auto& d : issued.discrepancies)
    row("discrepancy", "", d.month + " (return " + std::to_string(d.return_id) + ")", d.reason);
  return csv;
}

std::string return_text(const IssuedReturn& issued) {
  const json f = json::parse(issued.figures_json);
  std::string text = issued.summary + "\n\n";
  text += fmt::format("{:<8} {:>7} {:>9} {:>8} {:>9} {:>7} {:>8} {:>7} {:>9}\n", "hotspot", "visits",
                      "gps min", "planned", "plan min", "arrests", "weapons", "stops", "violence");
  for (const auto& h : f["hotspots"]) {
    text += fmt::format("{:<8} {:>7} {:>9.1f} {:>8} {:>9.1f} {:>7} {:>8} {:>7} {:>9}\n",
                        h["hotspot_id"].get<std::string>(), h["gps_visits"].get<std::int64_t>(),
                        h["gps_minutes"].get<double>(), h["planned_visits"].get<std::int64_t>(),
                        h["planned_minutes"].get<double>(), h["arrests"].get<std::int64_t>(),
                        h["weapons_seized"].get<std::int64_t>(),
                        h["police_uk_stop_searches"].get<std::int64_t>(), cell(h["serious_violence"]));
  }
  text += fmt::format("\nIssued as return {} (figures {}, chained to {}).\n", issued.return_id,
                      issued.figures_hash,
                      issued.previous_hash.empty() ? "nothing: the first return" : issued.previous_hash);
  if (issued.discrepancies.empty()) text += "Every earlier return still matches its stored figures.\n";
  for (const auto& d : issued.discrepancies)
    text += fmt::format("DISCREPANCY: return {} for {} (issued {}): {}\n", d.return_id, d.month, d.issued_at,
                        d.reason);
  return text;
}

}  // namespace grip::patrol

// The hotspot page (GET /api/hotspot?id=H01): the area's figures and counts by crime type (from
// the hotspot run), its monthly trend over the run's months (incidents of the street dataset when
// stored, as the analyses default, whose point lies inside the polygon: crossing-number test), the
// hour-of-week profile (patrol/hotspot_profiles.hpp: aoristic, smoothed, shrunk toward the force's
// with k = 30), the actions log, outcomes and GPS dosage (visits and minutes with the low-high
// interval). Officer pseudonyms and outcome rows go only to roles that may see personal data, and
// then the view is audited before the data leaves.
#include <chrono>
#include <cstdio>
#include <map>
#include <optional>
#include <string>

#include "grip/analysis/analysis_scope.hpp"
#include "grip/core/errors.hpp"
#include "grip/geo/polygon_raster.hpp"
#include "grip/patrol/hotspot_profiles.hpp"
#include "grip/server/api_handlers.hpp"
#include "grip/server/hotspot_geojson.hpp"
#include "grip/store/action_tables.hpp"
#include "grip/store/incident_tables.hpp"
#include "grip/store/outcome_tables.hpp"
#include "grip/store/patrol_tables.hpp"
#include "grip/store/web_read_map.hpp"
#include "grip/store/web_tables.hpp"

namespace grip::server {
namespace {

// Every month from first to last ("YYYY-MM"), inclusive; empty when either is not a month.
std::vector<std::string> months_between(const std::string& first, const std::string& last) {
  std::vector<std::string> months;
  if (!valid_month(first) || !valid_month(last) || last < first) return months;
  std::chrono::year_month at{std::chrono::year(std::stoi(first.substr(0, 4))),
                             std::chrono::month(static_cast<unsigned>(std::stoi(first.substr(5, 2))))};
  for (int guard = 0; guard < 1200; ++guard) {
    char text[24];
    std::snprintf(text, sizeof text, "%04d-%02u", static_cast<int>(at.year()),
                  static_cast<unsigned>(at.month()));
    months.emplace_back(text);
    if (months.back() == last) break;
    at += std::chrono::months(1);
  }
  return months;
}

bool serious_violence(std::string_view category) {
  return category == "Violence and sexual offences" || category == "Robbery";
}

json monthly_trend(store::Store& store, const store::HotspotDetailRow& hotspot) {
  const auto months = months_between(hotspot.first_month, hotspot.last_month);
  std::map<std::string, std::size_t> index;
  for (std::size_t i = 0; i < months.size(); ++i) index[months[i]] = i;
  std::vector<std::int64_t> all(months.size(), 0), serious(months.size(), 0);
  const geo::RingSet shape = geo::decode_polygon_blob(hotspot.wkb);
  const auto dataset = analysis::resolve_dataset(store, "");
  store::IncidentFilter filter;
  filter.dataset = dataset.name;
  filter.from_month = hotspot.first_month;
  filter.to_month = hotspot.last_month;
  store::for_each_incident(store, filter, [&](const store::IncidentView& incident) {
    if (incident.x < shape.min_x || incident.x > shape.max_x || incident.y < shape.min_y ||
        incident.y > shape.max_y || !geo::point_in_rings(shape, incident.x, incident.y)) {
      return;
    }
    const auto found = index.find(std::string(incident.month.substr(0, 7)));
    if (found == index.end()) return;
    ++all[found->second];
    if (serious_violence(incident.category)) ++serious[found->second];
  });
  return {{"months", months},
          {"incidents", all},
          {"serious_violence", serious},
          {"dataset", dataset.name.empty() ? "every dataset" : dataset.name}};
}

json hour_of_week(store::Store& store, const store::HotspotDetailRow& hotspot) {
  const std::vector<patrol::ProfileHotspotInput> inputs = {{hotspot.hotspot_id, hotspot.name, hotspot.wkb}};
  try {
    const auto counts = patrol::count_incident_hours(store, "", inputs);
    const auto profiles =
        patrol::make_profiles(counts, inputs, std::nullopt, "time-stamped incidents in the store");
    const auto& mine = profiles.hotspots.at(0);
    return {{"available", true},
            {"shares", mine.shares},
            {"force_shares", profiles.force_shares},
            {"peak_hour", mine.peak},
            {"timed_incidents", mine.incidents},
            {"own_weight", mine.own_weight},
            {"note", "hour 0 = Monday 00:00; shares smoothed and shrunk toward the force profile (k = 30)"}};
  } catch (const UsageError& error) {
    return {{"available", false}, {"note", error.what()}};
  }
}

// Outcomes: counts by kind for everyone; the rows (times, weapon types, notes) only for the
// roles that may see personal data.
json hotspot_outcomes(store::Store& store, const std::string& id, bool personal) {
  json rows = json::array();
  std::map<std::string, std::int64_t> counts;
  for (const auto& o : store::list_outcomes(store)) {
    if (o.hotspot_id != id) continue;
    ++counts[o.kind];
    if (!personal) continue;
    rows.push_back({{"outcome_id", o.outcome_id},
                    {"kind", o.kind},
                    {"occurred_at", o.occurred_at},
                    {"weapon_type", o.weapon_type},
                    {"people_through", o.people_through ? json(*o.people_through) : json(nullptr)},
                    {"detections", o.detections ? json(*o.detections) : json(nullptr)},
                    {"notes", o.notes},
                    {"linked_to_visit", o.gps_visit_fid != 0}});
  }
  json out = {{"counts", counts}};
  if (personal) out["rows"] = rows;
  return out;
}

// Dosage: GPS visits and minutes per month (midpoint and interval) against the latest plan; visits
// by officer pseudonym only for the roles that may see personal data.
json hotspot_dosage(store::Store& store, const std::string& id, bool personal) {
  std::map<std::string, json> by_month;
  const auto month_of = [&](const std::string& time) -> json& {
    auto& month = by_month[time.substr(0, 7)];
    if (month.is_null()) month = {{"visits", 0}, {"minutes", 0.0}, {"planned_visits", 0}};
    return month;
  };
  std::int64_t visits = 0;
  double minutes = 0, low = 0, high = 0;
  for (const auto& v : store::read_gps_visit_windows(store)) {
    if (v.hotspot_id != id) continue;
    ++visits;
    minutes += v.minutes;
    low += v.minutes_low;
    high += v.minutes_high;
    auto& month = month_of(v.first_in);
    month["visits"] = month["visits"].get<std::int64_t>() + 1;
    month["minutes"] = month["minutes"].get<double>() + v.minutes;
  }
  std::int64_t planned = 0;
  try {
    for (const auto& p : store::read_patrol_plan(store).visits) {
      if (p.hotspot_id != id) continue;
      ++planned;
      auto& month = month_of(p.starts_at);
      month["planned_visits"] = month["planned_visits"].get<std::int64_t>() + 1;
    }
  } catch (const StoreError&) {
    // No plan stored: planned stays 0.
  }
  json months = json::array();
  for (auto& [month, figures] : by_month) {
    figures["month"] = month;
    months.push_back(figures);
  }
  json out = {{"visits", visits},     {"minutes", minutes},        {"minutes_low", low},
              {"minutes_high", high}, {"planned_visits", planned}, {"by_month", months}};
  if (personal) {
    std::map<std::string, std::int64_t> per_officer;
    for (const auto& v : store::list_gps_visits(store, 1'000'000)) {
      if (v.hotspot_id == id) ++per_officer[v.officer];
    }
    out["visits_by_officer"] = per_officer;
  }
  return out;
}

}  // namespace

ApiResponse api_hotspot(ApiContext& context, const Caller& caller, const ApiRequest& request) {
  const std::string id = param(request, "id", 64);
  check_hotspot_id(id);
  const bool personal = sees_personal_data(caller.role);
  auto& store = context.store;
  // A write transaction only when the view is audited (personal data); otherwise a read.
  std::optional<store::WriteTransaction> audited;
  std::optional<store::ReadTransaction> read;
  if (personal) {
    audited.emplace(store);
  } else {
    read.emplace(store);
  }
  const auto hotspot = store::read_hotspot_detail(store, id);
  if (!hotspot) return error_response(404, "no hotspot '" + id + "' in the latest hotspot run");

  json body = {{"id", hotspot->hotspot_id},
               {"name", hotspot->name},
               {"district", hotspot->district},
               {"street_label", hotspot->street_label},
               {"rank", hotspot->rank},
               {"selected", hotspot->selected},
               {"run_id", hotspot->run_id},
               {"first_month", hotspot->first_month},
               {"last_month", hotspot->last_month},
               {"area_m2", hotspot->area_m2},
               {"cells", hotspot->cells},
               {"incidents", hotspot->incidents},
               {"harm", hotspot->harm},
               {"share_of_force_harm", hotspot->share_of_force_harm},
               {"peak_gi_z", hotspot->peak_gi_z},
               {"review", hotspot->review},
               {"explanation", hotspot->explanation}};
  body["counts_by_type"] = json::parse(hotspot->counts_by_type_json, nullptr, false);
  if (body["counts_by_type"].is_discarded()) body["counts_by_type"] = json::object();
  if (const auto crs = store.crs()) {
    const geo::Projector& projector = wgs84_projector(crs->code);
    body["geometry"] = multipolygon_wgs84(hotspot->wkb, projector);
  }
  body["trend"] = monthly_trend(store, *hotspot);
  body["hour_of_week"] = hour_of_week(store, *hotspot);

  json actions = json::array();
  for (const auto& a : store::list_actions(store, id)) actions.push_back(action_json(a));
  body["actions"] = actions;

  // Analysts' edits of this hotspot's place in the selection (drop, add), oldest first.
  json edits = json::array();
  for (const auto& edit : selection_edits_json(store, hotspot->run_id, personal)) {
    if (edit["hotspot_id"] == id) edits.push_back(edit);
  }
  body["selection_edits"] = edits;
  body["outcomes"] = hotspot_outcomes(store, id, personal);
  body["dosage"] = hotspot_dosage(store, id, personal);
  if (personal) {
    // The view is recorded before the data leaves: no audit row, no data.
    audit_write(store, caller.name, "view_personal", "hotspot:" + id,
                std::to_string(body["dosage"]["visits_by_officer"].size()) + " officers, " +
                    std::to_string(body["outcomes"]["rows"].size()) + " outcome rows");
  }
  if (audited) audited->commit();
  return json_response(200, body);
}

}  // namespace grip::server

// The plan page (GET /api/plan: the latest `grip plan` with its visits) and the tasking sheet
// (GET /api/tasking?team=&date=: one team's visits of one day, in start order, with each hotspot's
// name, district and a label point to find it). Visit times are the plan's local civil times.
// An officer reads only the team on their account (users.team): another team= is 403, and an
// account with no team gets an empty sheet saying an admin must set it. Supervisors, analysts and
// admins read every team's.
#include <algorithm>
#include <map>
#include <set>
#include <string>

#include "grip/core/errors.hpp"
#include "grip/server/api_handlers.hpp"
#include "grip/server/hotspot_geojson.hpp"
#include "grip/store/patrol_tables.hpp"

namespace grip::server {
namespace {

struct PlaceInfo {
  std::string name, district;
  json point;
};

std::map<std::string, PlaceInfo> places(store::Store& store) {
  std::map<std::string, PlaceInfo> out;
  const auto rows = store::read_plan_hotspots(store);
  const auto crs = store.crs();
  const geo::Projector* projector = crs ? &wgs84_projector(crs->code) : nullptr;
  for (const auto& h : rows.hotspots) {
    out[h.id] = {h.name, h.district, projector ? label_point_wgs84(h.wkb, *projector) : json(nullptr)};
  }
  return out;
}

std::optional<store::StoredPatrolPlan> latest_plan(store::Store& store) {
  try {
    return store::read_patrol_plan(store);
  } catch (const StoreError&) {
    return std::nullopt;
  }
}

json visit_json(const store::PatrolVisitRow& v, const std::map<std::string, PlaceInfo>& where) {
  json out = {{"hotspot_id", v.hotspot_id},
              {"team", v.team},
              {"day", v.day},
              {"date", v.starts_at.substr(0, 10)},
              {"shift", v.shift},
              {"starts_at", v.starts_at},
              {"ends_at", v.ends_at},
              {"risk", v.risk}};
  const auto found = where.find(v.hotspot_id);
  out["name"] = found == where.end() ? "" : found->second.name;
  out["district"] = found == where.end() ? "" : found->second.district;
  out["point"] = found == where.end() ? json(nullptr) : found->second.point;
  return out;
}

ApiResponse no_plan() { return error_response(404, "no patrol plan is stored: run 'grip plan' first"); }

void check_team(const std::string& team) {
  for (const char c : team) {
    if (static_cast<unsigned char>(c) < 0x20) throw UsageError("parameter 'team' holds a control character");
  }
}

}  // namespace

ApiResponse api_plan(ApiContext& context, const Caller&, const ApiRequest& request) {
  const std::string team = param(request, "team", 100);
  check_team(team);
  store::ReadTransaction read(context.store);
  const auto plan = latest_plan(context.store);
  if (!plan) return no_plan();
  const auto where = places(context.store);
  std::set<std::string> teams, shifts, dates;
  json visits = json::array();
  for (const auto& v : plan->visits) {
    teams.insert(v.team);
    shifts.insert(v.shift);
    dates.insert(v.starts_at.substr(0, 10));
    if (!team.empty() && v.team != team) continue;
    visits.push_back(visit_json(v, where));
  }
  if (!team.empty() && !teams.count(team)) throw UsageError("team '" + team + "' is not in the latest plan");
  const auto& p = plan->plan;
  return json_response(200, {{"plan_id", plan->plan_id},
                             {"created", p.created},
                             {"first_day", p.first_day},
                             {"days", p.days},
                             {"design_kind", p.design_kind},
                             {"risk_source", p.risk_source},
                             {"solver_status", p.solver_status},
                             {"gap", p.gap},
                             {"visit_count", p.visits},
                             {"teams", teams},
                             {"shifts", shifts},
                             {"dates", dates},
                             {"visits", visits}});
}

ApiResponse api_tasking(ApiContext& context, const Caller& caller, const ApiRequest& request) {
  std::string team = param(request, "team", 100);
  check_team(team);
  std::string date = param(request, "date", 10);
  if (!date.empty() && !valid_date(date)) throw UsageError("parameter 'date' must be a day YYYY-MM-DD");
  if (date.empty()) date = iso_at(now_seconds()).substr(0, 10);
  const bool officer = caller.role == Role::kOfficer;
  if (officer) {
    if (!team.empty() && team != caller.team) {
      return error_response(403,
                            caller.team.empty()
                                ? "officers see only their own team's tasking, and your account has no team"
                                : "officers see only their own team's tasking (yours: " + caller.team + ")");
    }
    team = caller.team;
  }
  store::ReadTransaction read(context.store);
  const auto plan = latest_plan(context.store);
  if (!plan) return no_plan();
  const std::string first = plan->visits.empty() ? "" : plan->visits.front().starts_at.substr(0, 10);
  std::string last = first;
  for (const auto& v : plan->visits) last = std::max(last, v.starts_at.substr(0, 10));
  json sheet = {{"plan_id", plan->plan_id},
                {"date", date},
                {"team", team},
                {"own_team_only", officer},
                {"plan_first_date", first},
                {"plan_last_date", last},
                {"teams", json::array()},
                {"visits", json::array()}};
  if (officer && team.empty()) {
    sheet["message"] =
        "Your account has no team, so no tasking is shown: an admin must set it (admin page, or "
        "grip users set-team " +
        caller.name + " TEAM).";
    return json_response(200, sheet);
  }
  const auto where = places(context.store);
  std::set<std::string> teams;
  std::vector<const store::PatrolVisitRow*> chosen;
  for (const auto& v : plan->visits) {
    teams.insert(v.team);
    if ((team.empty() || v.team == team) && v.starts_at.compare(0, 10, date) == 0) chosen.push_back(&v);
  }
  if (officer) {
    sheet["teams"] = json::array({team});
    if (!teams.count(team)) sheet["message"] = "Your team, " + team + ", has no visits in the latest plan.";
  } else {
    if (!team.empty() && !teams.count(team))
      throw UsageError("team '" + team + "' is not in the latest plan");
    sheet["teams"] = teams;
  }
  std::stable_sort(chosen.begin(), chosen.end(), [](const auto* a, const auto* b) {
    return a->team != b->team ? a->team < b->team : a->starts_at < b->starts_at;
  });
  for (const auto* v : chosen) sheet["visits"].push_back(visit_json(*v, where));
  return json_response(200, sheet);
}

}  // namespace grip::server

#include "grip/server/access.hpp"

#include <algorithm>
#include <string>

namespace grip::server {

const char* to_string(Role role) noexcept {
  switch (role) {
    case Role::kViewer:
      return "viewer";
    case Role::kOfficer:
      return "officer";
    case Role::kSupervisor:
      return "supervisor";
    case Role::kAnalyst:
      return "analyst";
    case Role::kAdmin:
      return "admin";
  }
  return "viewer";
}

const std::vector<Role>& all_roles() {
  static const std::vector<Role> roles = {Role::kAdmin, Role::kAnalyst, Role::kSupervisor, Role::kOfficer,
                                          Role::kViewer};
  return roles;
}

std::optional<Role> parse_role(std::string_view text) {
  for (const Role role : all_roles()) {
    if (text == to_string(role)) return role;
  }
  return std::nullopt;
}

std::string team_problem(std::string_view team) {
  if (team.size() > 100) return "longer than 100 characters";
  for (const char c : team) {
    if (static_cast<unsigned char>(c) < 0x20) return "holds a control character";
  }
  if (!team.empty() && (team.front() == ' ' || team.back() == ' ')) return "starts or ends with a space";
  return "";
}

const std::vector<Route>& route_table() {
  using enum Role;
  static const std::vector<Role> any = {kViewer, kOfficer, kSupervisor, kAnalyst, kAdmin};
  static const std::vector<Role> staff = {kOfficer, kSupervisor, kAnalyst, kAdmin};
  static const std::vector<Role> managers = {kSupervisor, kAnalyst, kAdmin};  // may see personal data
  static const std::vector<Route> routes = {
      {"POST", "/login", false, {}, false},
      {"POST", "/logout", true, any, false},
      {"GET", "/api/me", true, any, false},
      {"POST", "/api/me/password", true, any, false},
      {"GET", "/api/openapi.json", true, any, false},
      // The map.
      {"GET", "/api/hotspots", true, any, false},
      {"GET", "/api/gi-bins", true, any, false},
      {"GET", "/api/forecast", true, any, false},
      {"GET", "/api/areas", true, any, false},
      // A hotspot's page: officer pseudonyms and outcome rows only for managers, then audited.
      {"GET", "/api/hotspot", true, any, false},
      // Analysts (and admins) drop a selected hotspot or promote a runner-up, with a reason.
      {"POST", "/api/hotspots/selection", true, {kAnalyst, kAdmin}, false},
      // Plans and tasking.
      {"GET", "/api/plan", true, managers, false},
      // Officers get their own team's sheet only (checked in api_plan.cpp); the others every team's.
      {"GET", "/api/tasking", true, staff, false},
      // What officers log.
      {"GET", "/api/actions", true, any, false},
      {"POST", "/api/actions", true, staff, false},
      {"POST", "/api/outcomes", true, staff, false},
      {"GET", "/api/gps-visits", true, managers, true},
      {"GET", "/api/dosage", true, managers, false},
      // The monthly return and the evaluation: aggregated, for funders and partners too.
      {"GET", "/api/return", true, any, false},
      {"POST", "/api/return/sign-off", true, {kSupervisor}, false},
      {"GET", "/api/evaluation", true, any, false},
      // Long work in the background: analysts (and admins) ingest and run analyses.
      {"POST", "/api/jobs/ingest", true, {kAnalyst, kAdmin}, false},
      {"POST", "/api/jobs/hotspots", true, {kAnalyst, kAdmin}, false},
      {"GET", "/api/jobs", true, {kAnalyst, kAdmin}, false},
      {"GET", "/api/job", true, {kAnalyst, kAdmin}, false},
      // Administration.
      {"GET", "/api/users", true, {kAdmin}, false},
      {"POST", "/api/users", true, {kAdmin}, false},
      {"POST", "/api/users/role", true, {kAdmin}, false},
      {"POST", "/api/users/disable", true, {kAdmin}, false},
      {"POST", "/api/users/team", true, {kAdmin}, false},
      {"GET", "/api/audit", true, {kAdmin}, false},
  };
  return routes;
}

const Route* find_route(std::string_view method, std::string_view path) {
  for (const auto& route : route_table()) {
    if (route.method == method && route.path == path) return &route;
  }
  return nullptr;
}

bool path_known(std::string_view path) {
  return std::any_of(route_table().begin(), route_table().end(),
                     [&](const Route& route) { return route.path == path; });
}

bool allowed(const Route& route, Role role) {
  return std::find(route.roles.begin(), route.roles.end(), role) != route.roles.end();
}

}  // namespace grip::server

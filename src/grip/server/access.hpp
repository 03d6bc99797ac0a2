// Roles and the route table of `grip serve`: every route with the roles that may call it, checked
// in one place (Server's dispatcher) before any handler runs. A route not in the table is 404 (or
// 405 for a known path with another method); no handler is reachable around the table.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace grip::server {

// viewer (funder, partner): the map, hotspots, the action log, returns and the evaluation, no
// personal data. officer: also their own team's tasking sheet, and records actions and outcomes.
// supervisor and analyst: also plans, every team's tasking, dosage and GPS visits (pseudonymous
// officers: personal data); a supervisor signs off the monthly return; an analyst edits the hotspot
// selection. admin: also accounts and the audit log.
enum class Role { kViewer, kOfficer, kSupervisor, kAnalyst, kAdmin };

[[nodiscard]] const char* to_string(Role role) noexcept;
[[nodiscard]] std::optional<Role> parse_role(std::string_view text);
[[nodiscard]] const std::vector<Role>& all_roles();

// Why `team` cannot be an account's patrol team ("" when it can; "" itself means no team): at most
// 100 bytes, no control characters, no leading or trailing space. One rule for `grip users` and
// the admin routes.
[[nodiscard]] std::string team_problem(std::string_view team);

struct Route {
  std::string method;  // "GET" or "POST"
  std::string path;
  bool needs_session = true;   // false: anyone (POST /login)
  std::vector<Role> roles;     // who may call it once signed in
  bool personal_data = false;  // every view is written to the audit log
};

[[nodiscard]] const std::vector<Route>& route_table();
[[nodiscard]] const Route* find_route(std::string_view method, std::string_view path);
[[nodiscard]] bool path_known(std::string_view path);
[[nodiscard]] bool allowed(const Route& route, Role role);

}  // namespace grip::server

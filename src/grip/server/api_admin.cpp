// Accounts and the audit log for admins (GET/POST /api/users, /api/users/role, /api/users/team,
// /api/users/disable, GET /api/audit?before_id=&limit=), a password change for everyone (POST
// /api/me/password, with the current password), and the API's own description (GET /api/openapi.json). The
// same rules as `grip users`: names of letters, digits, . _ - (up to 64), passwords checked by
// check_new_password, Argon2id hashes. An admin may not disable or demote their own account (the
// last admin could lock everyone out). Every change is audited in the same transaction.
#include <fstream>
#include <limits>
#include <sstream>
#include <string>

#include "grip/core/errors.hpp"
#include "grip/server/api_handlers.hpp"
#include "grip/server/password.hpp"
#include "grip/store/web_tables.hpp"

namespace grip::server {
namespace {

std::string user_name_field(const json& body) {
  const std::string name = text_field(body, "name", 64);
  if (name.empty()) throw UsageError("field 'name' is required");
  for (const char c : name) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
                    c == '_' || c == '-';
    if (!ok) throw UsageError("field 'name' may hold only letters, digits, '.', '_' and '-'");
  }
  return name;
}

Role role_field(const json& body) {
  const std::string text = text_field(body, "role", 20);
  const auto role = parse_role(text);
  if (!role) throw UsageError("field 'role' must be admin, analyst, supervisor, officer or viewer");
  return *role;
}

// An officer's patrol team as the plan names it ("" = none), by access.hpp's rule.
std::string team_field(const json& body) {
  const std::string team = text_field(body, "team", 100);
  if (const auto problem = team_problem(team); !problem.empty()) throw UsageError("field 'team' " + problem);
  return team;
}

std::string password_field(const json& body, const std::string& key) {
  const std::string password = text_field(body, key, 1024);
  try {
    check_new_password(password);
  } catch (const UsageError& error) {
    throw UsageError("field '" + key + "': " + error.what());
  }
  return password;
}

}  // namespace

ApiResponse api_users(ApiContext& context, const Caller&, const ApiRequest&) {
  std::vector<store::UserRow> users;
  {
    store::ReadTransaction read(context.store);
    users = store::list_users(context.store);
  }
  const std::string now = iso_at(now_seconds());
  json out = json::array();
  for (const auto& u : users) {
    const bool locked = !u.locked_until.empty() && u.locked_until > now;
    out.push_back({{"name", u.name},
                   {"role", u.role},
                   {"team", u.team.empty() ? json(nullptr) : json(u.team)},
                   {"status", u.disabled ? "disabled"
                              : locked   ? "locked"
                                         : "active"},
                   {"created", u.created}});
  }
  return json_response(200, out);
}

ApiResponse api_add_user(ApiContext& context, const Caller& caller, const ApiRequest& request) {
  const json body = body_object(request.body, {"name", "role", "password", "team"});
  store::UserRow row;
  row.name = user_name_field(body);
  row.role = to_string(role_field(body));
  row.team = team_field(body);
  row.password_hash = hash_password(password_field(body, "password"));
  row.created = iso_at(now_seconds());
  store::WriteTransaction write(context.store);
  if (!store::add_user(context.store, row)) throw UsageError("user '" + row.name + "' exists already");
  audit_write(context.store, caller.name, "user_add", "user:" + row.name,
              "role " + row.role + (row.team.empty() ? "" : ", team " + row.team));
  write.commit();
  return json_response(
      201,
      {{"name", row.name}, {"role", row.role}, {"team", row.team.empty() ? json(nullptr) : json(row.team)}});
}

ApiResponse api_set_team(ApiContext& context, const Caller& caller, const ApiRequest& request) {
  const json body = body_object(request.body, {"name", "team"});
  const std::string name = user_name_field(body);
  if (!body.contains("team")) throw UsageError("field 'team' is required (\"\" clears it)");
  const std::string team = team_field(body);
  store::WriteTransaction write(context.store);
  if (!store::set_user_team(context.store, name, team)) return error_response(404, "no user '" + name + "'");
  audit_write(context.store, caller.name, "user_team", "user:" + name,
              team.empty() ? "no team" : "team " + team);
  write.commit();
  return json_response(200, {{"name", name}, {"team", team.empty() ? json(nullptr) : json(team)}});
}

ApiResponse api_set_role(ApiContext& context, const Caller& caller, const ApiRequest& request) {
  const json body = body_object(request.body, {"name", "role"});
  const std::string name = user_name_field(body);
  const Role role = role_field(body);
  if (name == caller.name && role != Role::kAdmin) throw UsageError("you may not change your own role");
  store::WriteTransaction write(context.store);
  if (!store::set_user_role(context.store, name, to_string(role))) {
    return error_response(404, "no user '" + name + "'");
  }
  audit_write(context.store, caller.name, "user_role", "user:" + name,
              std::string("role ") + to_string(role));
  write.commit();
  return json_response(200, {{"name", name}, {"role", to_string(role)}});
}

ApiResponse api_disable_user(ApiContext& context, const Caller& caller, const ApiRequest& request) {
  const json body = body_object(request.body, {"name"});
  const std::string name = user_name_field(body);
  if (name == caller.name) throw UsageError("you may not disable your own account");
  store::WriteTransaction write(context.store);
  if (!store::disable_user(context.store, name)) return error_response(404, "no user '" + name + "'");
  audit_write(context.store, caller.name, "user_disable", "user:" + name, "");
  write.commit();
  return json_response(200, {{"name", name}, {"disabled", true}});
}

ApiResponse api_change_password(ApiContext& context, const Caller& caller, const ApiRequest& request) {
  const json body = body_object(request.body, {"current_password", "new_password"});
  const std::string current = text_field(body, "current_password", 1024);
  if (current.empty()) throw UsageError("field 'current_password' is required");
  const std::string fresh = password_field(body, "new_password");
  if (fresh == current) throw UsageError("field 'new_password' must differ from the current password");
  std::optional<store::UserRow> user;
  {
    store::ReadTransaction read(context.store);
    user = store::find_user_by_id(context.store, caller.user_id);
  }
  if (!user || !verify_password(user->password_hash, current)) {
    store::WriteTransaction write(context.store);
    audit_write(context.store, caller.name, "password_change_failed", "user:" + caller.name,
                "wrong current password");
    write.commit();
    return error_response(403, "the current password is wrong");
  }
  const std::string hash = hash_password(fresh);
  store::WriteTransaction write(context.store);
  store::set_user_password_hash(context.store, caller.user_id, hash);
  const auto ended = store::delete_other_sessions(context.store, caller.user_id, caller.session.token_hash);
  audit_write(context.store, caller.name, "password_change", "user:" + caller.name,
              std::to_string(ended) + " other sessions ended");
  write.commit();
  return json_response(200, {{"changed", true}, {"other_sessions_ended", ended}});
}

ApiResponse api_audit(ApiContext& context, const Caller&, const ApiRequest& request) {
  const std::int64_t before_id =
      integer_param(request, "before_id", 0, 0, std::numeric_limits<std::int64_t>::max());
  const std::int64_t limit = integer_param(request, "limit", 100, 1, 1000);
  std::vector<store::AuditRow> rows;
  {
    store::ReadTransaction read(context.store);
    rows = store::list_audit_before(context.store, before_id, limit);
  }
  json out = json::array();
  for (const auto& a : rows) {
    out.push_back({{"id", a.audit_id},
                   {"at", a.at},
                   {"user", a.user_name},
                   {"action", a.action},
                   {"target", a.target},
                   {"detail", a.detail}});
  }
  const bool more = static_cast<std::int64_t>(rows.size()) == limit;
  return json_response(
      200, {{"rows", out}, {"next_before_id", more ? json(rows.back().audit_id) : json(nullptr)}});
}

ApiResponse api_openapi(ApiContext& context, const Caller&, const ApiRequest&) {
  std::ifstream in(context.openapi_file, std::ios::binary);
  if (!in) return error_response(404, "the API description is not installed");
  std::ostringstream text;
  text << in.rdbuf();
  return {200, text.str(), "application/json; charset=utf-8"};
}

}  // namespace grip::server

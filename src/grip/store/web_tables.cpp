#include "grip/store/web_tables.hpp"

#include <limits>

namespace grip::store {
namespace {

constexpr const char* kUserColumns =
    "SELECT user_id, name, role, password_hash, failed_logins, COALESCE(locked_until, ''), disabled, "
    "created, "
    "COALESCE(team, '') "
    "FROM users ";

UserRow read_user(const Query& query) {
  return {query.column_int(0),      query.column_text(1), query.column_text(2),
          query.column_text(3),     query.column_int(4),  query.column_text(5),
          query.column_int(6) != 0, query.column_text(7), query.column_text(8)};
}

void finish(Query& query) {
  while (query.step()) {
  }
}

}  // namespace

bool add_user(Store& store, const UserRow& u) {
  auto insert = store.database().prepare(
      "INSERT INTO users (name, role, password_hash, failed_logins, disabled, created, team) "
      "VALUES (?1, ?2, ?3, 0, 0, ?4, CASE WHEN ?5 = '' THEN NULL ELSE ?5 END) ON CONFLICT (name) DO NOTHING");
  insert->bind(1, std::string_view(u.name)).bind(2, std::string_view(u.role));
  insert->bind(3, std::string_view(u.password_hash)).bind(4, std::string_view(u.created));
  insert->bind(5, std::string_view(u.team));
  finish(*insert);
  return insert->changes() == 1;
}

std::optional<UserRow> find_user(Store& store, const std::string& name) {
  auto query = store.database().prepare(std::string(kUserColumns) + "WHERE name = ?1");
  query->bind(1, std::string_view(name));
  if (!query->step()) return std::nullopt;
  UserRow row = read_user(*query);
  finish(*query);
  return row;
}

std::optional<UserRow> find_user_by_id(Store& store, std::int64_t user_id) {
  auto query = store.database().prepare(std::string(kUserColumns) + "WHERE user_id = ?1");
  query->bind(1, user_id);
  if (!query->step()) return std::nullopt;
  UserRow row = read_user(*query);
  finish(*query);
  return row;
}

std::vector<UserRow> list_users(Store& store) {
  auto query = store.database().prepare(std::string(kUserColumns) + "ORDER BY user_id");
  std::vector<UserRow> rows;
  while (query->step()) rows.push_back(read_user(*query));
  return rows;
}

bool disable_user(Store& store, const std::string& name) {
  auto& db = store.database();
  auto update = db.prepare("UPDATE users SET disabled = 1 WHERE name = ?1");
  update->bind(1, std::string_view(name));
  finish(*update);
  if (update->changes() != 1) return false;
  auto end_sessions =
      db.prepare("DELETE FROM sessions WHERE user_id IN (SELECT user_id FROM users WHERE name = ?1)");
  end_sessions->bind(1, std::string_view(name));
  finish(*end_sessions);
  return true;
}

void record_failed_login(Store& store, std::int64_t user_id, std::int64_t failed_logins,
                         const std::string& locked_until) {
  auto update = store.database().prepare(
      "UPDATE users SET failed_logins = ?1, locked_until = CASE WHEN ?2 = '' THEN NULL ELSE ?2 END "
      "WHERE user_id = ?3");
  update->bind(1, failed_logins).bind(2, std::string_view(locked_until)).bind(3, user_id);
  finish(*update);
}

void clear_failed_logins(Store& store, std::int64_t user_id) {
  auto update =
      store.database().prepare("UPDATE users SET failed_logins = 0, locked_until = NULL WHERE user_id = ?1");
  update->bind(1, user_id);
  finish(*update);
}

void add_session(Store& store, const SessionRow& s) {
  auto insert = store.database().prepare(
      "INSERT INTO sessions (token_hash, user_id, csrf_token, created, expires) VALUES (?1, ?2, ?3, ?4, ?5)");
  insert->bind(1, std::string_view(s.token_hash)).bind(2, s.user_id).bind(3, std::string_view(s.csrf_token));
  insert->bind(4, std::string_view(s.created)).bind(5, std::string_view(s.expires));
  finish(*insert);
}

std::optional<SessionRow> find_session(Store& store, const std::string& token_hash) {
  auto query = store.database().prepare(
      "SELECT token_hash, user_id, csrf_token, created, expires FROM sessions WHERE token_hash = ?1");
  query->bind(1, std::string_view(token_hash));
  if (!query->step()) return std::nullopt;
  SessionRow row{query->column_text(0), query->column_int(1), query->column_text(2), query->column_text(3),
                 query->column_text(4)};
  finish(*query);
  return row;
}

void delete_session(Store& store, const std::string& token_hash) {
  auto query = store.database().prepare("DELETE FROM sessions WHERE token_hash = ?1");
  query->bind(1, std::string_view(token_hash));
  finish(*query);
}

std::int64_t delete_expired_sessions(Store& store, const std::string& now) {
  auto query = store.database().prepare("DELETE FROM sessions WHERE expires <= ?1");
  query->bind(1, std::string_view(now));
  finish(*query);
  return query->changes();
}

void add_audit(Store& store, const AuditRow& a) {
  auto insert = store.database().prepare(
      "INSERT INTO audit_log (at, user_name, action, target, detail) VALUES (?1, ?2, ?3, ?4, ?5)");
  insert->bind(1, std::string_view(a.at)).bind(2, std::string_view(a.user_name));
  insert->bind(3, std::string_view(a.action)).bind(4, std::string_view(a.target));
  insert->bind(5, std::string_view(a.detail));
  finish(*insert);
}

std::vector<AuditRow> list_audit(Store& store, std::int64_t limit) {
  auto query = store.database().prepare(
      "SELECT audit_id, at, user_name, action, target, detail FROM audit_log ORDER BY audit_id DESC LIMIT "
      "?1");
  query->bind(1, limit);
  std::vector<AuditRow> rows;
  while (query->step()) {
    rows.push_back({query->column_int(0), query->column_text(1), query->column_text(2), query->column_text(3),
                    query->column_text(4), query->column_text(5)});
  }
  return rows;
}

std::vector<GpsVisitView> list_gps_visits(Store& store, std::int64_t limit) {
  auto query = store.database().prepare(
      "SELECT fid, hotspot_id, officer, first_in, last_in, minutes, minutes_low, minutes_high, verified "
      "FROM gps_visits ORDER BY fid LIMIT ?1");
  query->bind(1, limit);
  std::vector<GpsVisitView> rows;
  while (query->step()) {
    rows.push_back({query->column_int(0), query->column_text(1), query->column_text(2), query->column_text(3),
                    query->column_text(4), query->column_double(5), query->column_double(6),
                    query->column_double(7), query->column_int(8) != 0});
  }
  return rows;
}

bool set_user_role(Store& store, const std::string& name, const std::string& role) {
  auto update = store.database().prepare("UPDATE users SET role = ?2 WHERE name = ?1");
  update->bind(1, std::string_view(name)).bind(2, std::string_view(role));
  finish(*update);
  return update->changes() == 1;
}

bool set_user_team(Store& store, const std::string& name, const std::string& team) {
  auto update = store.database().prepare(
      "UPDATE users SET team = CASE WHEN ?2 = '' THEN NULL ELSE ?2 END WHERE name = ?1");
  update->bind(1, std::string_view(name)).bind(2, std::string_view(team));
  finish(*update);
  return update->changes() == 1;
}

bool set_user_password_hash(Store& store, std::int64_t user_id, const std::string& password_hash) {
  auto update = store.database().prepare("UPDATE users SET password_hash = ?2 WHERE user_id = ?1");
  update->bind(1, user_id).bind(2, std::string_view(password_hash));
  finish(*update);
  return update->changes() == 1;
}

std::int64_t delete_other_sessions(Store& store, std::int64_t user_id, const std::string& keep_token_hash) {
  auto remove = store.database().prepare("DELETE FROM sessions WHERE user_id = ?1 AND token_hash <> ?2");
  remove->bind(1, user_id).bind(2, std::string_view(keep_token_hash));
  finish(*remove);
  return remove->changes();
}

std::vector<AuditRow> list_audit_before(Store& store, std::int64_t before_id, std::int64_t limit) {
  auto query = store.database().prepare(
      "SELECT audit_id, at, user_name, action, target, detail FROM audit_log WHERE audit_id < ?1 "
      "ORDER BY audit_id DESC LIMIT ?2");
  query->bind(1, before_id > 0 ? before_id : std::numeric_limits<std::int64_t>::max()).bind(2, limit);
  std::vector<AuditRow> rows;
  while (query->step()) {
    rows.push_back({query->column_int(0), query->column_text(1), query->column_text(2), query->column_text(3),
                    query->column_text(4), query->column_text(5)});
  }
  return rows;
}

}  // namespace grip::store

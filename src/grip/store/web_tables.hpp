// What the web server keeps (issue 14, migration 9): accounts with their role and Argon2id hash,
// sessions by the SHA-256 of their cookie token, and the audit log. Also the read of GPS visits the
// server shows to the roles allowed to see personal data. Times are ISO 8601 UTC text, compared as
// text (they all have the form YYYY-MM-DDTHH:MM:SSZ, so text order is time order).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "grip/store/store.hpp"

namespace grip::store {

struct UserRow {
  std::int64_t user_id = 0;
  std::string name, role, password_hash;
  std::int64_t failed_logins = 0;
  std::string locked_until;  // "" when not locked
  bool disabled = false;
  std::string created;
  std::string team;  // the patrol team an officer's tasking shows (migration 14); "" = none
};

// Inside the caller's WriteTransaction; false when the name is taken.
bool add_user(Store& store, const UserRow& user);
[[nodiscard]] std::optional<UserRow> find_user(Store& store, const std::string& name);
[[nodiscard]] std::optional<UserRow> find_user_by_id(Store& store, std::int64_t user_id);
[[nodiscard]] std::vector<UserRow> list_users(Store& store);
// Marks an account disabled and ends its sessions; false when there is no such user.
bool disable_user(Store& store, const std::string& name);
// After a failed login: the new count and lock (locked_until "" for none).
void record_failed_login(Store& store, std::int64_t user_id, std::int64_t failed_logins,
                         const std::string& locked_until);
// After a good login: the count back to 0 and no lock.
void clear_failed_logins(Store& store, std::int64_t user_id);

struct SessionRow {
  std::string token_hash;  // hex SHA-256 of the cookie token
  std::int64_t user_id = 0;
  std::string csrf_token, created, expires;
};

void add_session(Store& store, const SessionRow& session);
[[nodiscard]] std::optional<SessionRow> find_session(Store& store, const std::string& token_hash);
void delete_session(Store& store, const std::string& token_hash);
// Removes sessions that expired before `now`; returns how many.
std::int64_t delete_expired_sessions(Store& store, const std::string& now);

struct AuditRow {
  std::int64_t audit_id = 0;
  std::string at, user_name, action, target, detail;
};

void add_audit(Store& store, const AuditRow& row);
// Newest first, at most `limit` rows.
[[nodiscard]] std::vector<AuditRow> list_audit(Store& store, std::int64_t limit);

struct GpsVisitView {
  std::int64_t fid = 0;
  std::string hotspot_id, officer, first_in, last_in;
  double minutes = 0, minutes_low = 0, minutes_high = 0;
  bool verified = false;
};
// GPS visits (pseudonymous officers: personal data) in fid order, at most `limit`.
[[nodiscard]] std::vector<GpsVisitView> list_gps_visits(Store& store, std::int64_t limit);

// Dashboard administration (server/api_admin.cpp). False when there is no such user.
bool set_user_role(Store& store, const std::string& name, const std::string& role);
// team "" clears it (NULL: no team).
bool set_user_team(Store& store, const std::string& name, const std::string& team);
bool set_user_password_hash(Store& store, std::int64_t user_id, const std::string& password_hash);
// Ends a user's sessions but the one with `keep_token_hash` (after a password change); returns how many.
std::int64_t delete_other_sessions(Store& store, std::int64_t user_id, const std::string& keep_token_hash);
// Audit rows with audit_id < before_id (0: from the newest), newest first, at most `limit`.
[[nodiscard]] std::vector<AuditRow> list_audit_before(Store& store, std::int64_t before_id,
                                                      std::int64_t limit);

}  // namespace grip::store

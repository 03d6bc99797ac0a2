// What every /api/ handler shares: the request as plain data (no HTTP library in the handlers),
// the signed-in caller, JSON responses with <, > and & escaped, strict body and parameter parsing
// that throws UsageError (the dispatcher answers 400 with its message), and the audit write.
// Handlers run with the store lock held by the dispatcher (one connection, one request at a time).
#pragma once

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "grip/server/access.hpp"
#include "grip/server/job_runner.hpp"
#include "grip/store/store.hpp"
#include "grip/store/web_tables.hpp"

namespace grip::server {

using json = nlohmann::json;

struct ApiRequest {
  std::string method, path, body, remote;
  std::multimap<std::string, std::string> params;  // query string
};

struct ApiResponse {
  int status = 200;
  std::string body;
  std::string content_type = "application/json; charset=utf-8";
};

// The signed-in caller of a request, after the dispatcher's checks.
struct Caller {
  std::int64_t user_id = 0;
  std::string name;
  Role role = Role::kViewer;
  store::SessionRow session;
  std::string team;  // the account's patrol team ("" = none): an officer's tasking shows only it
};

// Request bodies: small everywhere but an upload (POST /api/jobs/ingest), refused beyond with 413.
inline constexpr std::size_t kMaxBodyBytes = 64 * 1024;
inline constexpr std::size_t kMaxUploadBytes = 32 * 1024 * 1024;

struct ApiContext {
  store::Store& store;
  std::string openapi_file;  // docs/openapi.json
  std::string time_zone;     // the plan's local times are civil times in this zone
  std::string db;            // the store locator, for jobs that open their own connection
  JobRunner* jobs = nullptr;
};

// supervisor, analyst and admin may see personal data (officer pseudonyms); viewer and officer not.
[[nodiscard]] bool sees_personal_data(Role role) noexcept;

[[nodiscard]] long long now_seconds();
[[nodiscard]] std::string iso_at(long long seconds);  // YYYY-MM-DDTHH:MM:SSZ

// JSON with <, > and & escaped as \u003c, \u003e, \u0026.
[[nodiscard]] std::string safe_dump(const json& value);
[[nodiscard]] ApiResponse json_response(int status, const json& body);
[[nodiscard]] ApiResponse error_response(int status, const std::string& message);

// A JSON object body whose keys are all in `fields`; UsageError naming the first problem.
[[nodiscard]] json body_object(const std::string& body, const std::vector<std::string>& fields);
// A string field of a body_object ("" when absent); UsageError when present and not a string or
// longer than max_length.
[[nodiscard]] std::string text_field(const json& body, const std::string& key, std::size_t max_length = 2000);
// An integer field (absent: nullopt); UsageError when not a whole number in [low, high].
[[nodiscard]] std::optional<std::int64_t> integer_field(const json& body, const std::string& key,
                                                        std::int64_t low, std::int64_t high);

// A query parameter ("" when absent); UsageError when given twice or longer than max_length.
[[nodiscard]] std::string param(const ApiRequest& request, const std::string& name,
                                std::size_t max_length = 200);
// An integer parameter with its default; UsageError naming it when not a whole number in range.
[[nodiscard]] std::int64_t integer_param(const ApiRequest& request, const std::string& name,
                                         std::int64_t fallback, std::int64_t low, std::int64_t high);
[[nodiscard]] bool valid_month(const std::string& text);  // YYYY-MM
[[nodiscard]] bool valid_date(const std::string& text);   // YYYY-MM-DD, a real calendar day

// One audit row at the current time, inside the caller's WriteTransaction.
void audit_write(store::Store& store, const std::string& user, const std::string& action,
                 const std::string& target, const std::string& detail);

}  // namespace grip::server

#include "grip/server/api_support.hpp"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <ctime>

#include "grip/core/errors.hpp"

namespace grip::server {

bool sees_personal_data(Role role) noexcept {
  return role == Role::kSupervisor || role == Role::kAnalyst || role == Role::kAdmin;
}

long long now_seconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string iso_at(long long seconds) {
  const std::time_t t = static_cast<std::time_t>(seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return text;
}

// Outside strings JSON has none of the three characters, so escaping every one is safe.
std::string safe_dump(const json& value) {
  const std::string text = value.dump(-1, ' ', false, json::error_handler_t::replace);
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    if (c == '<') {
      out += "\\u003c";
    } else if (c == '>') {
      out += "\\u003e";
    } else if (c == '&') {
      out += "\\u0026";
    } else {
      out += c;
    }
  }
  return out;
}

ApiResponse json_response(int status, const json& body) { return {status, safe_dump(body)}; }

ApiResponse error_response(int status, const std::string& message) {
  return json_response(status, {{"error", message}});
}

json body_object(const std::string& body, const std::vector<std::string>& fields) {
  json parsed = json::parse(body, nullptr, false);
  if (parsed.is_discarded() || !parsed.is_object()) throw UsageError("the body must be a JSON object");
  for (const auto& [key, value] : parsed.items()) {
    if (std::find(fields.begin(), fields.end(), key) == fields.end()) {
      throw UsageError("unknown field '" + key.substr(0, 40) + "'");
    }
  }
  return parsed;
}

std::string text_field(const json& body, const std::string& key, std::size_t max_length) {
  const auto found = body.find(key);
  if (found == body.end() || found->is_null()) return {};
  if (!found->is_string()) throw UsageError("field '" + key + "' must be a string");
  std::string text = found->get<std::string>();
  if (text.size() > max_length) {
    throw UsageError("field '" + key + "' is longer than " + std::to_string(max_length) + " characters");
  }
  return text;
}

std::optional<std::int64_t> integer_field(const json& body, const std::string& key, std::int64_t low,
                                          std::int64_t high) {
  const auto found = body.find(key);
  if (found == body.end() || found->is_null()) return std::nullopt;
  std::int64_t value = 0;
  if (found->is_number_integer()) {
    value = found->get<std::int64_t>();
  } else if (found->is_string() && !found->get<std::string>().empty()) {
    const std::string text = found->get<std::string>();
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc() || end != text.data() + text.size()) {
      throw UsageError("field '" + key + "' must be a whole number");
    }
  } else if (found->is_string()) {
    return std::nullopt;
  } else {
    throw UsageError("field '" + key + "' must be a whole number");
  }
  if (value < low || value > high) {
    throw UsageError("field '" + key + "' must be " + std::to_string(low) + " to " + std::to_string(high));
  }
  return value;
}

std::string param(const ApiRequest& request, const std::string& name, std::size_t max_length) {
  if (request.params.count(name) > 1) throw UsageError("parameter '" + name + "' is given more than once");
  const auto found = request.params.find(name);
  if (found == request.params.end()) return {};
  if (found->second.size() > max_length) {
    throw UsageError("parameter '" + name + "' is longer than " + std::to_string(max_length) + " characters");
  }
  return found->second;
}

std::int64_t integer_param(const ApiRequest& request, const std::string& name, std::int64_t fallback,
                           std::int64_t low, std::int64_t high) {
  const std::string text = param(request, name, 20);
  if (text.empty()) return fallback;
  std::int64_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || value < low || value > high) {
    throw UsageError("parameter '" + name + "' must be a whole number from " + std::to_string(low) + " to " +
                     std::to_string(high));
  }
  return value;
}

namespace {
bool digits(const std::string& text, std::size_t from, std::size_t count) {
  for (std::size_t i = from; i < from + count; ++i) {
    if (text[i] < '0' || text[i] > '9') return false;
  }
  return true;
}
}  // namespace

bool valid_month(const std::string& text) {
  if (text.size() != 7 || text[4] != '-' || !digits(text, 0, 4) || !digits(text, 5, 2)) return false;
  const int month = std::stoi(text.substr(5, 2));
  return month >= 1 && month <= 12;
}

bool valid_date(const std::string& text) {
  if (text.size() != 10 || text[7] != '-' || !valid_month(text.substr(0, 7)) || !digits(text, 8, 2))
    return false;
  const std::chrono::year_month_day day{
      std::chrono::year(std::stoi(text.substr(0, 4))),
      std::chrono::month(static_cast<unsigned>(std::stoi(text.substr(5, 2)))),
      std::chrono::day(static_cast<unsigned>(std::stoi(text.substr(8, 2))))};
  return day.ok();
}

void audit_write(store::Store& store, const std::string& user, const std::string& action,
                 const std::string& target, const std::string& detail) {
  store::add_audit(store, {0, iso_at(now_seconds()), user, action, target, detail});
}

}  // namespace grip::server

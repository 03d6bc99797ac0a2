#include "grip/server/server.hpp"

#include <httplib.h>
#include <pthread.h>
#include <signal.h>

#include <atomic>
#include <chrono>
#include <ctime>
#include <fstream>
#include <iostream>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>
#include <thread>

#include "grip/core/errors.hpp"
#include "grip/patrol/problem_solving_log.hpp"
#include "grip/server/access.hpp"
#include "grip/server/hotspot_geojson.hpp"
#include "grip/server/password.hpp"
#include "grip/server/tokens.hpp"
#include "grip/store/web_tables.hpp"

namespace grip::server {
namespace {

using json = nlohmann::json;
constexpr const char* kCookie = "grip_session";

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

// JSON with <, > and & escaped as \u003c, \u003e, \u0026: a response body read as HTML by a
// confused client cannot open a tag. Outside strings JSON has none of the three characters.
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

void send_json(httplib::Response& res, int status, const json& body) {
  res.status = status;
  res.set_content(safe_dump(body), "application/json; charset=utf-8");
}

void send_error(httplib::Response& res, int status, const std::string& message) {
  send_json(res, status, {{"error", message}});
}

// The signed-in caller of a request, after the dispatcher's checks.
struct Caller {
  std::int64_t user_id = 0;
  std::string name;
  Role role = Role::kViewer;
  store::SessionRow session;
};

// The user named in this thread's current request, for the access log line.
thread_local std::string t_log_user;

bool valid_user_name(const std::string& name) {
  if (name.empty() || name.size() > 64) return false;
  for (const char c : name) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
                    c == '_' || c == '-';
    if (!ok) return false;
  }
  return true;
}

// A JSON object body whose fields are all strings and all among `fields`; nullopt otherwise.
std::optional<std::map<std::string, std::string>> string_fields(const std::string& body,
                                                                const std::vector<std::string>& fields,
                                                                std::string& why) {
  const json parsed = json::parse(body, nullptr, false);
  if (parsed.is_discarded() || !parsed.is_object()) {
    why = "the body must be a JSON object";
    return std::nullopt;
  }
  std::map<std::string, std::string> out;
  for (const auto& [key, value] : parsed.items()) {
    if (std::find(fields.begin(), fields.end(), key) == fields.end()) {
      why = "unknown field '" + key.substr(0, 40) + "'";
      return std::nullopt;
    }
    if (!value.is_string()) {
      why = "field '" + key + "' must be a string";
      return std::nullopt;
    }
    out[key] = value.get<std::string>();
  }
  return out;
}

std::string cookie_value(const httplib::Request& req, const std::string& name) {
  const std::string header = req.get_header_value("Cookie");
  std::size_t at = 0;
  while (at < header.size()) {
    std::size_t end = header.find(';', at);
    if (end == std::string::npos) end = header.size();
    std::string part = header.substr(at, end - at);
    const auto first = part.find_first_not_of(' ');
    part = first == std::string::npos ? "" : part.substr(first);
    if (part.rfind(name + "=", 0) == 0) return part.substr(name.size() + 1);
    at = end + 1;
  }
  return {};
}

std::string content_type_for(const std::filesystem::path& path) {
  const std::string ext = path.extension().string();
  if (ext == ".html") return "text/html; charset=utf-8";
  if (ext == ".js") return "text/javascript; charset=utf-8";
  if (ext == ".css") return "text/css; charset=utf-8";
  if (ext == ".json") return "application/json";
  if (ext == ".svg") return "image/svg+xml";
  if (ext == ".png") return "image/png";
  if (ext == ".ico") return "image/x-icon";
  return "application/octet-stream";
}

class App {
 public:
  App(const ServerOptions& options, bool tls)
      : options_(options), tls_(tls), store_(options.db), dummy_hash_(hash_password(random_token(16))) {}

  void dispatch(const httplib::Request& req, httplib::Response& res) {
    t_log_user.clear();
    try {
      dispatch_checked(req, res);
    } catch (const UsageError& error) {
      send_error(res, 400, error.what());
    } catch (const std::exception& error) {
      std::cerr << json{{"level", "error"}, {"path", req.path}, {"error", error.what()}}.dump() << "\n";
      send_error(res, 500, "internal error (logged on the server)");
    }
  }

 private:
  void dispatch_checked(const httplib::Request& req, httplib::Response& res) {
    const Route* route = find_route(req.method, req.path);
    if (route == nullptr) {
      if (path_known(req.path)) return send_error(res, 405, "method not allowed");
      if (req.method == "GET" && req.path.rfind("/api/", 0) != 0) return serve_static(req, res);
      return send_error(res, 404, "not found");
    }
    if (req.method == "POST" && req.get_header_value("Content-Type").rfind("application/json", 0) != 0) {
      return send_error(res, 415, "POST bodies must be application/json");
    }
    if (!route->needs_session) return login(req, res);
    std::optional<Caller> caller = authenticate(req);
    if (!caller) return send_error(res, 401, "sign in first");
    t_log_user = caller->name;
    if (!allowed(*route, caller->role)) return send_error(res, 403, "your role may not do this");
    if (req.method != "GET" &&
        !constant_time_equal(req.get_header_value("X-CSRF-Token"), caller->session.csrf_token)) {
      return send_error(res, 403, "missing or wrong X-CSRF-Token");
    }
    if (route->path == "/logout") return logout(*caller, res);
    if (route->path == "/api/me") return me(*caller, res);
    if (route->path == "/api/hotspots") return hotspots(res);
    if (route->path == "/api/actions")
      return req.method == "GET" ? list_actions(res) : add_action(*caller, req, res);
    if (route->path == "/api/gps-visits") return gps_visits(*caller, res);
    if (route->path == "/api/audit") return audit(res);
    send_error(res, 404, "not found");
  }

  std::optional<Caller> authenticate(const httplib::Request& req) {
    const std::string token = cookie_value(req, kCookie);
    if (token.size() != 64) return std::nullopt;
    const std::string hash = sha256_hex(token);
    std::lock_guard lock(mutex_);
    store::ReadTransaction read(store_);
    auto session = store::find_session(store_, hash);
    if (!session || session->expires <= iso_at(now_seconds())) return std::nullopt;
    auto user = store::find_user_by_id(store_, session->user_id);
    if (!user || user->disabled) return std::nullopt;
    const auto role = parse_role(user->role);
    if (!role) return std::nullopt;
    return Caller{user->user_id, user->name, *role, *session};
  }

  void audit_write(const std::string& user, const std::string& action, const std::string& target,
                   const std::string& detail) {
    store::add_audit(store_, {0, iso_at(now_seconds()), user, action, target, detail});
  }

  // Failed logins per client address in the last 15 minutes (any account): a brute force across
  // accounts is slowed down even though each account's own lock only counts its own failures.
  bool address_throttled(const std::string& address) {
    std::lock_guard lock(throttle_mutex_);
    auto& times = failures_[address];
    const long long cutoff = now_seconds() - 15 * 60;
    std::erase_if(times, [&](long long t) { return t < cutoff; });
    return static_cast<int>(times.size()) >= options_.max_failures_per_address;
  }
  void note_address_failure(const std::string& address) {
    std::lock_guard lock(throttle_mutex_);
    failures_[address].push_back(now_seconds());
  }

  void login(const httplib::Request& req, httplib::Response& res) {
    std::string why;
    const auto fields = string_fields(req.body, {"name", "password"}, why);
    if (!fields) return send_error(res, 400, why);
    const std::string name = fields->count("name") ? fields->at("name") : "";
    const std::string password = fields->count("password") ? fields->at("password") : "";
    if (!valid_user_name(name) || password.empty() || password.size() > 1024) {
      return send_error(res, 400, "name (letters, digits, . _ -; up to 64) and password are required");
    }
    if (address_throttled(req.remote_addr)) {
      res.set_header("Retry-After", "900");
      return send_error(res, 429, "too many failed sign-ins from this address; try again later");
    }
    std::optional<store::UserRow> user;
    {
      std::lock_guard lock(mutex_);
      store::ReadTransaction read(store_);
      user = store::find_user(store_, name);
    }
    const std::string now = iso_at(now_seconds());
    const bool usable = user && !user->disabled && (user->locked_until.empty() || user->locked_until <= now);
    // Always one Argon2id verification, so the time taken does not tell whether the name exists.
    const bool good = verify_password(usable ? user->password_hash : dummy_hash_, password) && usable;
    std::lock_guard lock(mutex_);
    store::WriteTransaction write(store_);
    if (!good) {
      if (user && usable) {
        const std::int64_t failures = user->failed_logins + 1;
        const bool lock_now = failures >= options_.max_failed_logins;
        store::record_failed_login(store_, user->user_id, lock_now ? 0 : failures,
                                   lock_now ? iso_at(now_seconds() + 60LL * options_.lockout_minutes) : "");
        if (lock_now)
          audit_write(name, "account_locked", "user:" + name, std::to_string(failures) + " failures");
      }
      audit_write(name, "login_failed", "user:" + name, req.remote_addr);
      write.commit();
      note_address_failure(req.remote_addr);
      return send_error(res, 401, "wrong name or password, or the account is locked or disabled");
    }
    store::clear_failed_logins(store_, user->user_id);
    store::delete_expired_sessions(store_, now);
    const std::string token = random_token();
    const long long expires_at = now_seconds() + 60LL * options_.session_minutes;
    store::SessionRow session{sha256_hex(token), user->user_id, random_token(), now, iso_at(expires_at)};
    store::add_session(store_, session);
    audit_write(name, "login", "user:" + name, req.remote_addr);
    write.commit();
    res.set_header("Set-Cookie",
                   std::string(kCookie) + "=" + token + "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" +
                       std::to_string(60LL * options_.session_minutes) + (tls_ ? "; Secure" : ""));
    t_log_user = name;
    send_json(res, 200,
              {{"name", user->name},
               {"role", user->role},
               {"csrf_token", session.csrf_token},
               {"expires", session.expires}});
  }

  void logout(const Caller& caller, httplib::Response& res) {
    {
      std::lock_guard lock(mutex_);
      store::WriteTransaction write(store_);
      store::delete_session(store_, caller.session.token_hash);
      audit_write(caller.name, "logout", "user:" + caller.name, "");
      write.commit();
    }
    res.set_header("Set-Cookie", std::string(kCookie) + "=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0" +
                                     (tls_ ? "; Secure" : ""));
    send_json(res, 200, {{"signed_out", true}});
  }

  static void me(const Caller& caller, httplib::Response& res) {
    send_json(res, 200,
              {{"name", caller.name},
               {"role", to_string(caller.role)},
               {"csrf_token", caller.session.csrf_token},
               {"expires", caller.session.expires}});
  }

  void hotspots(httplib::Response& res) {
    json body;
    {
      std::lock_guard lock(mutex_);
      store::ReadTransaction read(store_);
      body = hotspots_geojson(store_);
    }
    res.status = 200;
    res.set_content(safe_dump(body), "application/geo+json");
  }

  void list_actions(httplib::Response& res) {
    std::vector<store::ActionRow> rows;
    {
      std::lock_guard lock(mutex_);
      store::ReadTransaction read(store_);
      rows = store::list_actions(store_);
    }
    json out = json::array();
    for (const auto& a : rows) {
      out.push_back({{"action_id", a.action_id},
                     {"hotspot_id", a.hotspot_id},
                     {"kind", a.kind},
                     {"owner", a.owner},
                     {"status", a.status},
                     {"opened", a.opened},
                     {"closed", a.closed},
                     {"partner", a.partner},
                     {"notes", a.notes},
                     {"updated_at", a.updated_at}});
    }
    send_json(res, 200, out);
  }

  void add_action(const Caller& caller, const httplib::Request& req, httplib::Response& res) {
    std::string why;
    const auto fields = string_fields(
        req.body, {"hotspot_id", "kind", "owner", "status", "opened", "closed", "partner", "notes"}, why);
    if (!fields) return send_error(res, 400, why);
    auto field = [&](const char* key) { return fields->count(key) ? fields->at(key) : std::string(); };
    store::ActionRow row;
    row.hotspot_id = field("hotspot_id");
    row.kind = field("kind");
    row.owner = field("owner");
    row.status = field("status");
    row.opened = field("opened");
    row.closed = field("closed");
    row.partner = field("partner");
    row.notes = field("notes");
    std::lock_guard lock(mutex_);
    // record_action checks every field (UsageError: 400) and commits its own transaction; the
    // audit row follows in a second one.
    const std::int64_t id = patrol::record_action(store_, row);
    store::WriteTransaction write(store_);
    audit_write(caller.name, "action_add", "action:" + std::to_string(id), row.hotspot_id + " " + row.kind);
    write.commit();
    send_json(res, 201, {{"action_id", id}});
  }

  void gps_visits(const Caller& caller, httplib::Response& res) {
    std::vector<store::GpsVisitView> rows;
    {
      std::lock_guard lock(mutex_);
      store::WriteTransaction write(store_);
      rows = store::list_gps_visits(store_, 5000);
      // The view is recorded before the data leaves: no audit row, no data.
      audit_write(caller.name, "view_personal", "gps_visits", std::to_string(rows.size()) + " rows");
      write.commit();
    }
    json out = json::array();
    for (const auto& v : rows) {
      out.push_back({{"id", v.fid},
                     {"hotspot_id", v.hotspot_id},
                     {"officer", v.officer},
                     {"first_in", v.first_in},
                     {"last_in", v.last_in},
                     {"minutes", v.minutes},
                     {"minutes_low", v.minutes_low},
                     {"minutes_high", v.minutes_high},
                     {"verified", v.verified}});
    }
    send_json(res, 200, out);
  }

  void audit(httplib::Response& res) {
    std::vector<store::AuditRow> rows;
    {
      std::lock_guard lock(mutex_);
      store::ReadTransaction read(store_);
      rows = store::list_audit(store_, 1000);
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
    send_json(res, 200, out);
  }

  // Files under the web root only: no "..", no hidden names, no backslashes or NUL, and the
  // resolved path (symlinks followed) must still lie inside the root.
  void serve_static(const httplib::Request& req, httplib::Response& res) {
    if (options_.web_root.empty()) return send_error(res, 404, "not found");
    std::string relative = req.path == "/" ? "index.html" : req.path.substr(1);
    if (relative.empty() || relative.size() > 256 || relative.find('\\') != std::string::npos ||
        relative.find('\0') != std::string::npos) {
      return send_error(res, 404, "not found");
    }
    std::stringstream parts(relative);
    for (std::string part; std::getline(parts, part, '/');) {
      if (part.empty() || part[0] == '.') return send_error(res, 404, "not found");
    }
    std::error_code error;
    const auto root = std::filesystem::canonical(options_.web_root, error);
    if (error) return send_error(res, 404, "not found");
    const auto file = std::filesystem::weakly_canonical(root / relative, error);
    if (error || !std::filesystem::is_regular_file(file, error)) return send_error(res, 404, "not found");
    const auto [end, _] = std::mismatch(root.begin(), root.end(), file.begin(), file.end());
    if (end != root.end()) return send_error(res, 404, "not found");
    std::ifstream in(file, std::ios::binary);
    std::ostringstream bytes;
    bytes << in.rdbuf();
    res.status = 200;
    res.set_content(bytes.str(), content_type_for(file).c_str());
  }

  const ServerOptions& options_;
  bool tls_;
  store::Store store_;
  std::mutex mutex_;  // one store connection, used by one request at a time
  std::string dummy_hash_;
  std::mutex throttle_mutex_;
  std::map<std::string, std::vector<long long>> failures_;
};

}  // namespace

bool is_loopback(const std::string& host) {
  return host == "localhost" || host == "::1" || host.rfind("127.", 0) == 0;
}

int run_server(const ServerOptions& options,
               const std::function<void(int, const std::string&)>& on_listening) {
  const bool tls = !options.tls_cert.empty() || !options.tls_key.empty();
  if (tls && (options.tls_cert.empty() || options.tls_key.empty())) {
    throw UsageError("--tls-cert and --tls-key go together");
  }
  if (!tls && !is_loopback(options.host) && !options.allow_plain_http) {
    throw UsageError(
        "plain HTTP on " + options.host +
        " would send passwords and session cookies in clear: give --tls-cert and --tls-key, listen "
        "on 127.0.0.1, or force it with --allow-plain-http");
  }
  if (options.port < 0 || options.port > 65535) throw UsageError("--listen: port must be 0 to 65535");
  if (options.session_minutes < 1 || options.session_minutes > 7 * 24 * 60) {
    throw UsageError("--session-minutes must be 1 to 10080");
  }
  for (const auto& path : {options.tls_cert, options.tls_key}) {
    if (!path.empty() && !std::filesystem::is_regular_file(path)) throw InputError(path, 0, "no such file");
  }

  // SIGINT and SIGTERM are taken by one thread that stops the server; block them before the
  // server's worker threads exist so that they inherit the mask.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  App app(options, tls);
  std::unique_ptr<httplib::Server> server;
  if (tls) {
    server = std::make_unique<httplib::SSLServer>(options.tls_cert.c_str(), options.tls_key.c_str());
    if (!server->is_valid())
      throw InputError(options.tls_cert, 0, "cannot load it with --tls-key as a PEM certificate and key");
  } else {
    server = std::make_unique<httplib::Server>();
  }
  httplib::Headers headers = {
      {"Content-Security-Policy",
       "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
       "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"},
      {"X-Frame-Options", "DENY"},
      {"X-Content-Type-Options", "nosniff"},
      {"Referrer-Policy", "no-referrer"},
      {"Cache-Control", "no-store"},
      {"Cross-Origin-Opener-Policy", "same-origin"},
  };
  if (tls) headers.emplace("Strict-Transport-Security", "max-age=31536000");
  server->set_default_headers(headers);
  server->set_payload_max_length(64 * 1024);
  server->set_read_timeout(10, 0);
  server->set_write_timeout(10, 0);
  auto handler = [&app](const httplib::Request& req, httplib::Response& res) { app.dispatch(req, res); };
  server->Get(".*", handler);
  server->Post(".*", handler);
  auto refused = [](const httplib::Request&, httplib::Response& res) {
    send_error(res, 405, "method not allowed");
  };
  server->Put(".*", refused);
  server->Patch(".*", refused);
  server->Delete(".*", refused);
  server->Options(".*", refused);
  server->set_logger([](const httplib::Request& req, const httplib::Response& res) {
    std::cerr << json{{"time", iso_at(now_seconds())}, {"remote", req.remote_addr},
                      {"method", req.method},          {"path", req.path},
                      {"status", res.status},          {"user", t_log_user}}
                     .dump(-1, ' ', false, json::error_handler_t::replace)
              << "\n";
  });

  int port = options.port;
  if (port == 0) {
    port = server->bind_to_any_port(options.host);
    if (port < 0) throw UsageError("cannot listen on " + options.host);
  } else if (!server->bind_to_port(options.host, port)) {
    throw UsageError("cannot listen on " + options.host + ":" + std::to_string(port) + " (in use?)");
  }

  std::atomic<bool> done{false};
  std::thread stopper([&] {
    const timespec wait{0, 200'000'000};
    while (!done.load()) {
      if (sigtimedwait(&signals, nullptr, &wait) > 0) {
        server->stop();
        return;
      }
    }
  });
  const std::string host =
      options.host.find(':') != std::string::npos ? "[" + options.host + "]" : options.host;
  on_listening(port, std::string(tls ? "https" : "http") + "://" + host + ":" + std::to_string(port));
  server->listen_after_bind();
  done = true;
  stopper.join();
  return 0;
}

}  // namespace grip::server

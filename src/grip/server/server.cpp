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
#include "grip/core/time_text.hpp"
#include "grip/server/access.hpp"
#include "grip/server/api_handlers.hpp"
#include "grip/server/password.hpp"
#include "grip/server/tokens.hpp"
#include "grip/store/web_tables.hpp"

namespace grip::server {
namespace {

constexpr const char* kCookie = "grip_session";

void send(httplib::Response& res, const ApiResponse& response) {
  res.status = response.status;
  res.set_content(response.body, response.content_type.c_str());
}

void send_json(httplib::Response& res, int status, const json& body) {
  send(res, json_response(status, body));
}

void send_error(httplib::Response& res, int status, const std::string& message) {
  send(res, error_response(status, message));
}

// Every /api/ route but login, logout and me, by "METHOD path"; the route table (access.cpp) says
// who may call each, and a route missing from here answers 404.
const std::map<std::string, ApiHandler>& api_handlers() {
  static const std::map<std::string, ApiHandler> handlers = {
      {"POST /api/me/password", api_change_password},
      {"GET /api/openapi.json", api_openapi},
      {"GET /api/hotspots", api_hotspots},
      {"GET /api/gi-bins", api_gi_bins},
      {"GET /api/forecast", api_forecast},
      {"GET /api/areas", api_areas},
      {"GET /api/hotspot", api_hotspot},
      {"GET /api/plan", api_plan},
      {"GET /api/tasking", api_tasking},
      {"GET /api/actions", api_list_actions},
      {"POST /api/actions", api_add_action},
      {"POST /api/outcomes", api_add_outcome},
      {"GET /api/gps-visits", api_gps_visits},
      {"GET /api/dosage", api_dosage},
      {"GET /api/return", api_return},
      {"POST /api/return/sign-off", api_return_sign_off},
      {"GET /api/evaluation", api_evaluation},
      {"GET /api/users", api_users},
      {"POST /api/users", api_add_user},
      {"POST /api/users/role", api_set_role},
      {"POST /api/users/disable", api_disable_user},
      {"POST /api/users/team", api_set_team},
      {"POST /api/hotspots/selection", api_edit_selection},
      {"GET /api/audit", api_audit},
      {"POST /api/jobs/ingest", api_start_ingest},
      {"POST /api/jobs/hotspots", api_start_hotspots},
      {"GET /api/jobs", api_jobs},
      {"GET /api/job", api_job},
  };
  return handlers;
}

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
    if (req.body.size() > (route->path == "/api/jobs/ingest" ? kMaxUploadBytes : kMaxBodyBytes))
      return send_error(res, 413, "request body too large");
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
    const auto handler = api_handlers().find(req.method + " " + route->path);
    if (handler == api_handlers().end()) return send_error(res, 404, "not found");
    ApiRequest request{req.method, req.path, req.body, req.remote_addr, {}};
    for (const auto& [key, value] : req.params) request.params.emplace(key, value);
    std::lock_guard lock(mutex_);
    ApiContext context{store_, options_.openapi_file.string(), options_.time_zone, options_.db, &jobs_};
    send(res, handler->second(context, *caller, request));
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
    return Caller{user->user_id, user->name, *role, *session, user->team};
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

  void me(const Caller& caller, httplib::Response& res) const {
    send_json(res, 200,
              {{"name", caller.name},
               {"role", to_string(caller.role)},
               {"csrf_token", caller.session.csrf_token},
               {"expires", caller.session.expires},
               {"sees_personal_data", sees_personal_data(caller.role)},
               {"team", caller.team.empty() ? json(nullptr) : json(caller.team)},
               {"basemap_url", options_.basemap_url},
               {"basemap_attribution", options_.basemap_attribution}});
  }

  // Files under the web root, and /vendor/<package>/<file> from <vendor root>/<package>/dist/ for
  // the packages the pages use only: no "..", no hidden names, no backslashes or NUL, and the
  // resolved path (symlinks followed) must still lie inside its root.
  void serve_static(const httplib::Request& req, httplib::Response& res) {
    static const std::vector<std::string> packages = {"leaflet", "chart.js"};
    for (const auto& package : packages) {
      const std::string prefix = "/vendor/" + package + "/";
      if (req.path.rfind(prefix, 0) == 0) {
        if (options_.vendor_root.empty()) return send_error(res, 404, "not found");
        return serve_file(options_.vendor_root / package / "dist", req.path.substr(prefix.size()), res);
      }
    }
    if (options_.web_root.empty()) return send_error(res, 404, "not found");
    serve_file(options_.web_root, req.path == "/" ? "index.html" : req.path.substr(1), res);
  }

  static void serve_file(const std::filesystem::path& root_folder, const std::string& relative,
                         httplib::Response& res) {
    if (relative.empty() || relative.size() > 256 || relative.find('\\') != std::string::npos ||
        relative.find('\0') != std::string::npos || relative.back() == '/') {
      return send_error(res, 404, "not found");
    }
    std::stringstream parts(relative);
    for (std::string part; std::getline(parts, part, '/');) {
      if (part.empty() || part[0] == '.') return send_error(res, 404, "not found");
    }
    std::error_code error;
    const auto root = std::filesystem::canonical(root_folder, error);
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
  // Declared last, so it is destroyed first: the running job finishes before the rest goes.
  JobRunner jobs_;
};

}  // namespace

std::string basemap_origin(const std::string& url) {
  const auto scheme_end = url.find("://");
  const std::string scheme = scheme_end == std::string::npos ? "" : url.substr(0, scheme_end);
  if (scheme != "https" && scheme != "http") {
    throw UsageError("--basemap-url '" + url + "' must start with https:// (or http://)");
  }
  const auto host_end = url.find('/', scheme_end + 3);
  if (host_end == std::string::npos || host_end == scheme_end + 3) {
    throw UsageError("--basemap-url '" + url +
                     "' needs a host and a path, e.g. https://tiles.example/{z}/{x}/{y}.png");
  }
  const std::string origin = url.substr(0, host_end);
  for (const char c : origin.substr(scheme_end + 3)) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
                    c == '-' || c == ':' || c == '[' || c == ']';
    if (!ok)
      throw UsageError("--basemap-url '" + url + "': the host may not hold '" + std::string(1, c) + "'");
  }
  for (const char* part : {"{z}", "{x}", "{y}"}) {
    if (url.find(part) == std::string::npos) throw UsageError("--basemap-url '" + url + "' lacks " + part);
  }
  for (const char c : url) {
    if (c == ' ' || c == ';' || c == ',' || c == '\'' || c == '"' || static_cast<unsigned char>(c) < 0x20) {
      throw UsageError("--basemap-url '" + url + "' holds a character a URL may not");
    }
  }
  return origin;
}

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
  if (!is_known_time_zone(options.time_zone)) {
    throw UsageError("--time-zone '" + options.time_zone + "' is not a time zone this machine knows");
  }
  if (!options.basemap_url.empty()) (void)basemap_origin(options.basemap_url);
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
  const std::string tiles = options.basemap_url.empty() ? "" : " " + basemap_origin(options.basemap_url);
  httplib::Headers headers = {
      {"Content-Security-Policy",
       "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:" + tiles +
           "; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors "
           "'none'"},
      {"X-Frame-Options", "DENY"},
      {"X-Content-Type-Options", "nosniff"},
      {"Referrer-Policy", "no-referrer"},
      {"Cache-Control", "no-store"},
      {"Cross-Origin-Opener-Policy", "same-origin"},
  };
  if (tls) headers.emplace("Strict-Transport-Security", "max-age=31536000");
  server->set_default_headers(headers);
  server->set_payload_max_length(kMaxUploadBytes + 64 * 1024);  // per route: dispatch_checked
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

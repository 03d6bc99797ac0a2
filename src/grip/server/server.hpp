// `grip serve`: the web dashboard's HTTP(S) server on cpp-httplib. One dispatcher takes every
// request: it finds the route in the table (access.hpp), checks the session cookie, the role and,
// for a state change, the CSRF token, before a handler runs. Every response carries the security
// headers (CSP without inline script, X-Frame-Options, nosniff). Access logs are one JSON line per
// request on stderr; SIGINT/SIGTERM stop the server after the requests in flight.
#pragma once

#include <filesystem>
#include <functional>
#include <string>

namespace grip::server {

struct ServerOptions {
  std::string db;  // store locator
  std::string host = "127.0.0.1";
  int port = 8080;                 // 0: any free port
  std::string tls_cert, tls_key;   // both or neither
  bool allow_plain_http = false;   // plain HTTP on a non-loopback address
  std::filesystem::path web_root;  // static files; empty: none
  // npm packages (leaflet, chart.js): their dist/ folders are served under /vendor/<package>/.
  std::filesystem::path vendor_root;
  std::filesystem::path openapi_file;  // served at GET /api/openapi.json
  // A tile URL template (https://tiles.example/{z}/{x}/{y}.png); empty: no basemap. The CSP then
  // allows that origin for images only.
  std::string basemap_url, basemap_attribution;
  std::string time_zone = "Europe/London";  // the zone of the plan's local visit times
  int session_minutes = 480;
  int max_failed_logins = 5;
  int lockout_minutes = 15;
  int max_failures_per_address = 20;  // per 15 minutes, any account
};

// The origin (scheme://host[:port]) of an http(s) URL template; UsageError for anything else.
[[nodiscard]] std::string basemap_origin(const std::string& url);

// True for 127.0.0.0/8, ::1 and "localhost".
[[nodiscard]] bool is_loopback(const std::string& host);

// Checks the options (UsageError), opens the store, binds, calls on_listening with the port and
// the base URL, then serves until SIGINT or SIGTERM. Returns 0 after a clean shutdown.
int run_server(const ServerOptions& options,
               const std::function<void(int, const std::string&)>& on_listening);

}  // namespace grip::server

// `grip serve`: the web dashboard's server (src/grip/server/server.hpp).
#include <fmt/format.h>

#include <iostream>

#include "commands.hpp"
#include "grip/core/errors.hpp"
#include "grip/server/server.hpp"

namespace grip::cli {

Action add_serve_command(CLI::App& app, const GlobalOptions& global) {
  auto* serve = app.add_subcommand(
      "serve",
      "Serve the web dashboard and its JSON API (/api/...) to accounts made with grip users. Plain HTTP "
      "only on loopback unless forced; TLS with --tls-cert/--tls-key. Stops cleanly on Ctrl-C or SIGTERM.");
  auto options = std::make_shared<server::ServerOptions>();
  auto listen = std::make_shared<std::string>("127.0.0.1:8080");
  options->web_root = GRIP_WEB_ROOT;
  serve->add_option("--listen", *listen, "HOST:PORT to listen on (port 0: any free port)")
      ->capture_default_str();
  serve->add_option("--tls-cert", options->tls_cert, "PEM certificate: serve HTTPS (with --tls-key)");
  serve->add_option("--tls-key", options->tls_key, "PEM private key of --tls-cert");
  serve->add_flag("--allow-plain-http", options->allow_plain_http,
                  "Allow plain HTTP on a non-loopback address (passwords travel in clear)");
  serve->add_option("--web-root", options->web_root, "Folder of static files")->capture_default_str();
  options->vendor_root = GRIP_VENDOR_ROOT;
  options->openapi_file = GRIP_OPENAPI_FILE;
  serve
      ->add_option(
          "--vendor-root", options->vendor_root,
          "npm packages folder: leaflet/dist and chart.js/dist are served under /vendor/ (default: the "
          "build's web/node_modules)")
      ->capture_default_str();
  serve->add_option("--openapi", options->openapi_file, "The API description served at /api/openapi.json")
      ->capture_default_str();
  serve->add_option(
      "--basemap-url", options->basemap_url,
      "Tile URL template for the map's basemap, e.g. https://tiles.example/{z}/{x}/{y}.png (default: "
      "none; the CSP then allows that origin for images only)");
  serve->add_option("--basemap-attribution", options->basemap_attribution,
                    "Attribution text shown with the basemap");
  serve->add_option("--time-zone", options->time_zone, "Time zone of the plan's local visit times (dosage)")
      ->capture_default_str();
  serve->add_option("--session-minutes", options->session_minutes, "Session lifetime")
      ->capture_default_str()
      ->check(CLI::Range(1, 7 * 24 * 60));
  serve
      ->add_option("--max-failed-logins", options->max_failed_logins,
                   "Consecutive failed sign-ins that lock an account")
      ->capture_default_str()
      ->check(CLI::Range(1, 100));
  serve->add_option("--lockout-minutes", options->lockout_minutes, "How long a locked account stays locked")
      ->capture_default_str()
      ->check(CLI::Range(1, 24 * 60));

  return [=, &global] {
    const auto colon = listen->rfind(':');
    if (colon == std::string::npos || colon == 0 || colon + 1 == listen->size()) {
      throw UsageError("--listen '" + *listen + "': HOST:PORT, e.g. 127.0.0.1:8080");
    }
    std::string host = listen->substr(0, colon);
    if (host.size() > 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
    int port = -1;
    try {
      std::size_t used = 0;
      port = std::stoi(listen->substr(colon + 1), &used);
      if (used != listen->size() - colon - 1) port = -1;
    } catch (const std::exception&) {
      port = -1;
    }
    if (port < 0 || port > 65535) throw UsageError("--listen '" + *listen + "': port must be 0 to 65535");
    options->db = global.db;
    options->host = host;
    options->port = port;
    return server::run_server(*options, [&](int, const std::string& url) {
      std::cout << "grip serve: listening on " << url << std::endl;
    });
  };
}

}  // namespace grip::cli

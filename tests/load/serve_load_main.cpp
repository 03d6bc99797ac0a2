// grip_serve_load: the issue-14 load check on a running `grip serve` over loopback. Target: 50
// concurrent clients for 60 s mixing map reads (GET /api/hotspots) and action writes (POST
// /api/actions): read p99 under 200 ms, 0 errors, every acknowledged write listed by GET
// /api/actions afterwards. Exit status 0 when there were no errors and no write is missing (the
// p99 target is printed, not enforced: it depends on the machine). Recipe: docs/testing-browser.md.
#include <CLI/CLI.hpp>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>

#include "load/load_driver.hpp"

namespace {

void print_latencies(const char* what, const std::vector<double>& ms, double seconds) {
  std::cout << what << ": " << ms.size() << " ok (" << static_cast<double>(ms.size()) / seconds
            << "/s), ms p50 " << grip::load::percentile(ms, 50) << " p95 " << grip::load::percentile(ms, 95)
            << " p99 " << grip::load::percentile(ms, 99) << " max " << grip::load::percentile(ms, 100)
            << "\n";
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Bounded load on a running grip serve: map reads and action writes from N signed-in clients"};
  grip::load::LoadSettings settings;
  std::string password_file;
  std::string json_out;
  app.add_option("--host", settings.host, "Server address (loopback)")->capture_default_str();
  app.add_option("--port", settings.port, "Server port")->required();
  app.add_option("--user", settings.user, "Account to sign in as (officer or above: it writes actions)")
      ->required();
  app.add_option("--password-file", password_file, "File whose first line is the password")->required();
  app.add_option("--clients", settings.clients, "Concurrent clients, each with its own session")
      ->capture_default_str();
  app.add_option("--seconds", settings.seconds, "Length of the timed phase")->capture_default_str();
  app.add_option("--write-share", settings.write_share, "Share of requests that are writes")
      ->capture_default_str();
  app.add_flag("--keep-alive", settings.keep_alive,
               "Reuse each client's connection (default: one per request)");
  app.add_option("--json", json_out, "Also write the figures as JSON to this file");
  CLI11_PARSE(app, argc, argv);

  std::ifstream in(password_file);
  if (!std::getline(in, settings.password)) {
    std::cerr << password_file << ": cannot read a password line\n";
    return 2;
  }
  try {
    settings.hotspot_ids = grip::load::hotspot_ids(settings);
    if (settings.hotspot_ids.empty() && settings.write_share > 0) {
      std::cerr << "the store has no selected hotspots to write actions for\n";
      return 2;
    }
    std::cout << "grip_serve_load: " << settings.clients << " clients, " << settings.seconds
              << " s, write share " << settings.write_share << ", "
              << (settings.keep_alive ? "keep-alive" : "a connection per request") << ", "
              << settings.hotspot_ids.size() << " hotspots\n"
              << std::flush;
    const auto result = grip::load::run_load(settings);
    std::cout << "sign-ins: " << settings.clients << " in " << result.login_seconds
              << " s (before the clock)\n";
    print_latencies("reads  GET /api/hotspots", result.read_ms, result.wall_seconds);
    print_latencies("writes POST /api/actions", result.write_ms, result.wall_seconds);
    std::cout << "errors: " << result.errors << "\n";
    for (const auto& sample : result.error_samples) std::cout << "  " << sample << "\n";
    const auto missing = grip::load::missing_writes(settings, result.acknowledged);
    std::cout << "acknowledged writes: " << result.acknowledged.size()
              << ", missing from GET /api/actions: " << missing.size() << "\n";
    const double read_p99 = grip::load::percentile(result.read_ms, 99);
    std::cout << "target read p99 < 200 ms: " << (read_p99 < 200.0 ? "met" : "NOT met") << " (" << read_p99
              << " ms)\n";
    if (!json_out.empty()) {
      const nlohmann::json figures = {{"clients", settings.clients},
                                      {"seconds", result.wall_seconds},
                                      {"keep_alive", settings.keep_alive},
                                      {"write_share", settings.write_share},
                                      {"reads", result.read_ms.size()},
                                      {"writes", result.write_ms.size()},
                                      {"read_p50_ms", grip::load::percentile(result.read_ms, 50)},
                                      {"read_p95_ms", grip::load::percentile(result.read_ms, 95)},
                                      {"read_p99_ms", read_p99},
                                      {"write_p50_ms", grip::load::percentile(result.write_ms, 50)},
                                      {"write_p95_ms", grip::load::percentile(result.write_ms, 95)},
                                      {"write_p99_ms", grip::load::percentile(result.write_ms, 99)},
                                      {"errors", result.errors},
                                      {"acknowledged", result.acknowledged.size()},
                                      {"missing", missing.size()}};
      std::ofstream(json_out) << figures.dump(2) << "\n";
    }
    return result.errors == 0 && missing.empty() ? 0 : 1;
  } catch (const std::exception& e) {
    std::cerr << "grip_serve_load: " << e.what() << "\n";
    return 3;
  }
}

// grip: the command-line front end. Maps the library's errors to documented exit codes in one place.
#include <malloc.h>

#include <iostream>
#include <map>
#include <new>

#include "commands.hpp"
#include "grip/core/errors.hpp"

namespace {
constexpr const char* kExitCodes = R"(Exit codes:
  0  success
  1  usage error (unknown option, impossible setting)
  2  input or data error: a file was refused (message gives file:line: reason); other files were stored
  3  store error (cannot open, migrate or write the store; nothing of the command was kept)
  4  output error: an output file could not be written; the store is unchanged

Run 'grip demo' for a self-contained tour on a synthetic county; 'grip <command> --help' for details.)";
}  // namespace

int main(int argc, char** argv) {
  // A hotspot grid over a whole country allocates and frees per-cell arrays of 100+ MB many times.
  // glibc serves each from a fresh mmap and unmaps it on free, so every reuse faults its pages in
  // again (3.8 M page faults, 13 s of kernel time at 100 m over England and Wales). One command is
  // one short process: keep freed memory in the heap for reuse instead (measured: 1.0 M faults).
  mallopt(M_MMAP_MAX, 0);
  mallopt(M_TRIM_THRESHOLD, 1 << 30);
  CLI::App app{"Grip: find serious-violence hotspots, forecast them, plan and evidence hotspot patrols.",
               "grip"};
  app.set_version_flag("--version", std::string("grip ") + GRIP_VERSION);
  app.footer(kExitCodes);
  app.require_subcommand(1);
  app.fallthrough();  // global options may also follow the command: grip ingest --db x.gpkg ...
  grip::cli::GlobalOptions global;
  app.add_option("--db", global.db,
                 "Project store: a GeoPackage file (QGIS opens it), or PostgreSQL/PostGIS as "
                 "postgresql://user@host:port/db, service=NAME or PG:\"conninfo\"")
      ->capture_default_str()
      ->each([&global](const std::string&) { global.db_given = true; });
  app.add_flag("--json", global.json, "Print the result as JSON on stdout");
  app.add_flag("-q,--quiet", global.quiet, "No progress output");

  std::map<CLI::App*, grip::cli::Action> actions;
  const auto add = [&](auto adder, const char* name) {
    auto action = adder(app, global);
    actions[app.get_subcommand(name)] = std::move(action);
  };
  add(grip::cli::add_ingest_command, "ingest");
  add(grip::cli::add_demo_command, "demo");
  add(grip::cli::add_export_command, "export");
  add(grip::cli::add_hotspots_command, "hotspots");
  add(grip::cli::add_backtest_command, "backtest");
  add(grip::cli::add_forecast_command, "forecast");
  add(grip::cli::add_actions_command, "actions");
  add(grip::cli::add_outcomes_command, "outcomes");
  add(grip::cli::add_return_command, "return");
  add(grip::cli::add_dosage_command, "dosage");
  add(grip::cli::add_evaluate_command, "evaluate");
  add(grip::cli::add_profile_command, "profile");
  add(grip::cli::add_plan_command, "plan");
  add(grip::cli::add_store_command, "store");
  add(grip::cli::add_users_command, "users");
  add(grip::cli::add_serve_command, "serve");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    const int code = app.exit(error);
    return code == 0 ? 0 : static_cast<int>(grip::ExitCode::kUsage);
  }
  // Every error of every command is mapped to its exit code here, and only here.
  grip::cli::NewStoreGuard new_store(global.db);
  int code = 0;
  try {
    for (auto* command : app.get_subcommands()) code = actions.at(command)();
  } catch (const grip::Error& error) {
    std::cerr << "grip: " << error.what() << "\n";
    code = static_cast<int>(error.exit_code());
  } catch (const std::bad_alloc&) {
    // Memory checks stop the known large runs with advice first; this is the backstop.
    std::cerr
        << "grip: out of memory: the command needs more memory than this machine has free. Use a larger "
           "--cell-size, a shorter period (--from/--to) or fewer crime types, or free memory and retry\n";
    code = static_cast<int>(grip::ExitCode::kUsage);
  } catch (const std::exception& error) {
    std::cerr << "grip: internal error: " << error.what() << "\n";
    code = static_cast<int>(grip::ExitCode::kStore);
  }
  if (code != 0) new_store.command_failed();
  return code;
}

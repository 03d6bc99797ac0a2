// Each subcommand registers itself on the CLI11 app and returns the action to run once parsing
// succeeds. Subcommands stay thin: parse options, call the library, print.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>
#include <map>
#include <string>

namespace grip::cli {

struct GlobalOptions {
  std::string db = "grip.gpkg";
  bool db_given = false;  // --db was on the command line (the demo otherwise uses its own store)
  bool json = false;
  bool quiet = false;
};

using Action = std::function<int()>;

Action add_ingest_command(CLI::App& app, const GlobalOptions& global);
Action add_demo_command(CLI::App& app, const GlobalOptions& global);
Action add_export_command(CLI::App& app, const GlobalOptions& global);
Action add_hotspots_command(CLI::App& app, const GlobalOptions& global);
// `grip hotspots edit` (hotspots_edit_command.cpp): its action returns -1 when `edit` was not given.
Action add_hotspots_edit_command(CLI::App& hotspots, const GlobalOptions& global);
Action add_backtest_command(CLI::App& app, const GlobalOptions& global);
Action add_forecast_command(CLI::App& app, const GlobalOptions& global);
// `grip actions add|list|status` (actions_command.cpp): the problem-solving log.
Action add_actions_command(CLI::App& app, const GlobalOptions& global);
// `grip outcomes` and `grip return` (outcomes_command.cpp, return_command.cpp): issue 12.
Action add_outcomes_command(CLI::App& app, const GlobalOptions& global);
Action add_return_command(CLI::App& app, const GlobalOptions& global);
// `grip dosage` (dosage_command.cpp): compliance against the plan per hotspot, day, shift and team.
Action add_dosage_command(CLI::App& app, const GlobalOptions& global);
Action add_evaluate_command(CLI::App& app, const GlobalOptions& global);
Action add_profile_command(CLI::App& app, const GlobalOptions& global);
Action add_plan_command(CLI::App& app, const GlobalOptions& global);
// `grip users add|list|disable` (users_command.cpp) and `grip serve` (serve_command.cpp): web accounts.
Action add_users_command(CLI::App& app, const GlobalOptions& global);
Action add_serve_command(CLI::App& app, const GlobalOptions& global);
// The `grip store` group (store_command.cpp): copy, and room for more.
Action add_store_command(CLI::App& app, const GlobalOptions& global);
// `grip store vacuum` (store_vacuum_command.cpp): registers its action under its subcommand.
void add_store_vacuum_command(CLI::App& store_group, const GlobalOptions& global,
                              std::map<CLI::App*, Action>& actions);
// `grip store purge` (store_purge_command.cpp): deletes kept GPS pings past their retention.
void add_store_purge_command(CLI::App& store_group, const GlobalOptions& global,
                             std::map<CLI::App*, Action>& actions);

// Removes a store file that this process created when the command fails and the file holds no
// data (new_store_guard.cpp). Construct before the command runs.
class NewStoreGuard {
 public:
  explicit NewStoreGuard(std::string locator);
  void command_failed() noexcept;

 private:
  std::string locator_;
  bool watching_ = false;  // the locator is a file that did not exist when the guard was made
};

// Progress for long work: a one-line counter on a terminal's stderr, nothing when redirected.
void show_progress(std::size_t index, std::size_t count, const std::string& label, bool quiet);

}  // namespace grip::cli

// `grip store ...`: work on a store as a whole rather than on its data. One group, one function per
// subcommand below; a new subcommand (e.g. `vacuum`) adds its own add_*_subcommand and one line in
// add_store_command.
#include <fmt/format.h>

#include <iostream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>

#include "commands.hpp"
#include "grip/core/errors.hpp"
#include "grip/store/store_copy.hpp"

namespace grip::cli {
namespace {

// The subcommands of the group: each registers itself and returns its action.
using StoreSubcommands = std::map<CLI::App*, Action>;

void print_copy_report(const store::CopyReport& report, bool json) {
  if (json) {
    nlohmann::json tables = nlohmann::json::array();
    for (const auto& table : report.tables) {
      tables.push_back({{"table", table.table},
                        {"source_rows", table.source_rows},
                        {"target_rows", table.target_rows},
                        {"source_checksum", table.source_checksum},
                        {"target_checksum", table.target_checksum},
                        {"match", table.matches()}});
    }
    std::cout << nlohmann::json{{"from", report.source},
                                {"from_engine", store::to_string(report.source_engine)},
                                {"to", report.target},
                                {"to_engine", store::to_string(report.target_engine)},
                                {"tables", tables},
                                {"verified", report.committed},
                                {"seconds", report.seconds}}
                     .dump(2)
              << "\n";
    return;
  }
  std::cout << fmt::format("{} ({}) → {} ({})\n", report.source, store::to_string(report.source_engine),
                           report.target, store::to_string(report.target_engine));
  std::cout << fmt::format("{:<20} {:>10} {:>10}  {:<16}  {}\n", "table", "rows", "copied", "checksum",
                           "match");
  for (const auto& table : report.tables) {
    std::cout << fmt::format("{:<20} {:>10} {:>10}  {:<16}  {}\n", table.table, table.source_rows,
                             table.target_rows, table.source_checksum,
                             table.matches() ? "yes" : "NO (target " + table.target_checksum + ")");
  }
  if (report.committed) {
    std::cout << fmt::format("Copied and verified {} tables in {:.1f} s.\n", report.tables.size(),
                             report.seconds);
  } else {
    std::cout << "Tables differ after the copy: the target was rolled back and holds nothing.\n";
  }
}

Action add_copy_subcommand(CLI::App& group, const GlobalOptions& global) {
  auto* command = group.add_subcommand(
      "copy",
      "Copy a whole project to a new store, between engines or within one: GeoPackage → PostGIS, "
      "PostGIS → GeoPackage. The target must be a new file or an empty database. Every table is "
      "copied with its keys in one transaction and verified (row counts and a checksum per table) "
      "before it is kept; exit 3 when anything differs (the target is then left empty).");
  struct Options {
    std::string from, to;
  };
  auto options = std::make_shared<Options>();
  command->fallthrough();
  command->add_option("--from", options->from, "The store to copy: a GeoPackage file or a PostgreSQL locator")
      ->required();
  command
      ->add_option("--to", options->to,
                   "The new store: a GeoPackage path that does not exist yet (or an empty file), or an "
                   "empty PostgreSQL database (createdb first)")
      ->required();
  return [options, &global] {
    // A new target file that a failed copy leaves without data is removed again.
    NewStoreGuard new_target(options->to);
    try {
      const auto report = store::copy_store(
          options->from, options->to, [&global](const std::string& table, std::int64_t rows) {
            if (!global.quiet && !global.json) std::cerr << fmt::format("copied {} ({} rows)\n", table, rows);
          });
      print_copy_report(report, global.json);
      if (report.committed) return 0;
      new_target.command_failed();
      return static_cast<int>(ExitCode::kStore);
    } catch (...) {
      new_target.command_failed();
      throw;
    }
  };
}

}  // namespace

Action add_store_command(CLI::App& app, const GlobalOptions& global) {
  auto* group = app.add_subcommand(
      "store",
      "Work on a store as a whole: copy it between engines, vacuum replaced rows, purge expired pings");
  group->require_subcommand(1);
  group->fallthrough();  // global options may follow: grip store copy --json ...
  auto subcommands = std::make_shared<StoreSubcommands>();
  const auto add = [&](auto adder, const char* name) {
    auto action = adder(*group, global);
    (*subcommands)[group->get_subcommand(name)] = std::move(action);
  };
  add(add_copy_subcommand, "copy");
  add_store_vacuum_command(*group, global, *subcommands);
  add_store_purge_command(*group, global, *subcommands);
  // Further `grip store` subcommands go here, one line each.

  return [group, subcommands] {
    int code = 0;
    for (auto* subcommand : group->get_subcommands()) code = subcommands->at(subcommand)();
    return code;
  };
}

}  // namespace grip::cli

// `grip hotspots edit --drop H03 --reason "..."` / `--add H17 --reason "..."`: an analyst's edit of
// the latest hotspot run's selection without the dashboard, under the same rules as POST
// /api/hotspots/selection (src/grip/hotspot/selection_edit.hpp) and audited the same way. Without
// --drop or --add it lists the run's edits.
#include <fmt/format.h>

#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>

#include "commands.hpp"
#include "grip/core/errors.hpp"
#include "grip/hotspot/selection_edit.hpp"
#include "grip/store/selection_edit_tables.hpp"
#include "grip/store/web_tables.hpp"

namespace grip::cli {

Action add_hotspots_edit_command(CLI::App& hotspots, const GlobalOptions& global) {
  struct Options {
    std::string drop, add, reason, by = "(cli)";
  };
  auto options = std::make_shared<Options>();
  auto* edit = hotspots.add_subcommand(
      "edit",
      "Edit the latest run's selection: drop a selected hotspot or add a runner-up, with a reason (kept with "
      "who and when; the plan, map and return then use the edited selection). Without --drop or --add: list "
      "the edits");
  auto* drop = edit->add_option("--drop", options->drop, "Selected hotspot to drop, e.g. H03");
  auto* add =
      edit->add_option("--add", options->add, "Runner-up to add, e.g. H17 (the run's spacing rules apply)");
  drop->excludes(add);
  edit->add_option("--reason", options->reason,
                   "Why (required with --drop or --add; at most 500 characters)");
  edit->add_option("--by", options->by, "Name recorded as the editor")->capture_default_str();

  return [options, edit, &global]() -> int {
    if (!edit->parsed()) return -1;
    store::Store store(global.db);
    if (options->drop.empty() && options->add.empty()) {
      if (!options->reason.empty()) throw UsageError("--reason goes with --drop or --add");
      std::vector<store::SelectionEditRow> edits;
      {
        store::ReadTransaction read(store);
        const auto latest = store::read_latest_selection(store);
        if (latest.run_id == 0) throw UsageError("no hotspot run is stored: run 'grip hotspots' first");
        edits = store::list_selection_edits(store, latest.run_id);
      }
      if (global.json) {
        nlohmann::json out = nlohmann::json::array();
        for (const auto& e : edits) {
          out.push_back({{"edit_id", e.edit_id},
                         {"run_id", e.run_id},
                         {"hotspot_id", e.hotspot_id},
                         {"change", store::to_string(e.change)},
                         {"reason", e.reason},
                         {"by", e.user_name},
                         {"at", e.at}});
        }
        std::cout << out.dump(2) << "\n";
        return 0;
      }
      if (edits.empty()) std::cout << "No edits of the latest run's selection.\n";
      for (const auto& e : edits) {
        std::cout << fmt::format("{} {:<5} {:<6} by {}: {}\n", e.at, store::to_string(e.change), e.hotspot_id,
                                 e.user_name, e.reason);
      }
      return 0;
    }
    hotspot::SelectionEditRequest request;
    request.change = options->add.empty() ? store::SelectionChange::kDrop : store::SelectionChange::kAdd;
    request.hotspot_id = options->add.empty() ? options->drop : options->add;
    request.reason = options->reason;
    request.user_name = options->by;
    if (request.reason.find_first_not_of(" \t\r\n") == std::string::npos) {
      throw UsageError("--reason is required: say why the selection changes");
    }
    const auto result = hotspot::edit_selection(store, request, [&](const store::SelectionEditRow& row) {
      store::add_audit(store, {0, row.at, options->by, "hotspot_selection", "hotspot:" + row.hotspot_id,
                               std::string(store::to_string(row.change)) + " (run " +
                                   std::to_string(row.run_id) + "): " + row.reason});
    });
    if (global.json) {
      std::cout << nlohmann::json{{"edit_id", result.edit.edit_id},
                                  {"run_id", result.edit.run_id},
                                  {"hotspot_id", result.edit.hotspot_id},
                                  {"change", store::to_string(result.edit.change)},
                                  {"selected_after", result.selected_after}}
                       .dump(2)
                << "\n";
    } else if (!global.quiet) {
      std::cout << fmt::format("{} {} the selection of run {}; {} hotspots now selected.\n",
                               result.edit.hotspot_id,
                               request.change == store::SelectionChange::kAdd ? "added to" : "dropped from",
                               result.edit.run_id, result.selected_after);
    }
    return 0;
  };
}

}  // namespace grip::cli

// `grip store ...`: commands that look after the project store itself.
#include "commands.hpp"

namespace grip::cli {

void add_store_command(CLI::App& app, const GlobalOptions& global, std::map<CLI::App*, Action>& actions) {
  auto* group = app.add_subcommand("store", "Look after the project store: 'grip store vacuum'");
  group->require_subcommand(1);
  add_store_vacuum_command(*group, global, actions);
  actions[group] = [group, &actions] {
    int code = 0;
    for (auto* command : group->get_subcommands()) code = actions.at(command)();
    return code;
  };
}

}  // namespace grip::cli

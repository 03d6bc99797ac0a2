#include <iostream>

#include "commands.hpp"

namespace grip::cli {

Action add_demo_command(CLI::App& app, const GlobalOptions& global) {
  auto* command = app.add_subcommand("demo", "Generate a SYNTHETIC county, ingest it and run the analysis end to end");
  (void)command;
  return [&global] {
    std::cout << "demo: store " << global.db << "\n";
    return 0;
  };
}

}  // namespace grip::cli

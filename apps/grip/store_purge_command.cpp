// `grip store purge`: deletes kept GPS pings past their retention (`grip ingest --keep-pings-days N`);
// every ingest does the same first.
#include <iostream>
#include <nlohmann/json.hpp>

#include "commands.hpp"
#include "grip/core/time_text.hpp"
#include "grip/patrol/gps_ingest.hpp"

namespace grip::cli {

void add_store_purge_command(CLI::App& store_group, const GlobalOptions& global,
                             std::map<CLI::App*, Action>& actions) {
  auto* command = store_group.add_subcommand(
      "purge",
      "Delete kept GPS pings whose retention period has ended (pings are kept only with 'grip ingest "
      "--keep-pings-days N'; every ingest purges too).");
  actions[command] = [&global] {
    store::Store store(global.db);
    const auto now = parse_utc_instant(utc_now_iso());
    const std::int64_t purged = patrol::purge_expired_pings(store, now.value_or(0));
    if (global.json) {
      std::cout << nlohmann::json{{"store", store.path()}, {"pings_purged", purged}}.dump(2) << "\n";
    } else {
      std::cout << "Store " << store.path() << ": purged " << purged << " expired GPS pings\n";
    }
    return 0;
  };
}

}  // namespace grip::cli

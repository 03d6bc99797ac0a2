// `grip store vacuum`: removes for good the rows newer copies replaced, kept until now so that
// `grip ingest --undo BATCH` could bring them back.
#include <iostream>
#include <nlohmann/json.hpp>

#include "commands.hpp"
#include "grip/ingest/ingest_summary.hpp"
#include "grip/store/batch_undo.hpp"

namespace grip::cli {

void add_store_vacuum_command(CLI::App& store_group, const GlobalOptions& global,
                              std::map<CLI::App*, Action>& actions) {
  auto* command = store_group.add_subcommand(
      "vacuum",
      "Remove for good the rows (and rejects) that newer copies replaced. Until then they are kept, and "
      "'grip ingest --undo BATCH' restores them; afterwards the batches that replaced them cannot be "
      "undone.");
  actions[command] = [&global] {
    store::Store store(global.db);
    store::WriteTransaction transaction(store);
    const auto removed = store::vacuum_superseded(store);
    transaction.commit();
    if (global.json) {
      std::cout << nlohmann::json{{"store", store.path()},
                                  {"incidents_removed", removed.incidents},
                                  {"stop_searches_removed", removed.stop_searches},
                                  {"rejects_removed", removed.rejects}}
                       .dump(2)
                << "\n";
    } else {
      std::cout << "Store " << store.path() << ": removed for good " << ingest::thousands(removed.incidents)
                << " replaced incidents, " << ingest::thousands(removed.stop_searches)
                << " replaced stop searches and " << ingest::thousands(removed.rejects)
                << " rejects of replaced batches\n";
    }
    return 0;
  };
}

}  // namespace grip::cli

// Step 9 of `grip demo`: what the plan's patrols achieved, as officers would log it. SYNTHETIC
// outcomes during the GPS visits the demo ingested (step 7) are recorded through the same code as
// `grip outcomes add` (arrests, stop searches, knives seized, knife-arch deployments, each linked to
// the visit it fell in) and problem-solving actions through `grip actions add`'s; then the month's
// return is computed and its opening sentence printed as a DRAFT: issuing it (`grip return`) stores
// a snapshot, which is a supervisor's sign-off, so the demo leaves that to them.
// Rates per visit (stated, not tuned to anything): stop search 12 %, arrest 4 %, knife seized 1.5 %.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

#include "grip/store/store.hpp"

namespace grip::cli {

struct DemoOutcomes {
  std::string month;  // the plan's first month, "YYYY-MM"; empty when no GPS visit is stored
  std::int64_t visits = 0, arrests = 0, stop_searches = 0, weapons = 0, arch_deployments = 0;
  std::int64_t linked_to_visit = 0, actions = 0, actions_closed = 0;
  std::string figures_json, summary;  // the draft return
};

[[nodiscard]] DemoOutcomes run_demo_outcomes(store::Store& store, std::uint64_t seed);
[[nodiscard]] nlohmann::json demo_outcomes_json(const DemoOutcomes& outcomes);
[[nodiscard]] std::string demo_outcomes_text(const DemoOutcomes& outcomes);

}  // namespace grip::cli

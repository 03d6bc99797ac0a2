// Patrol outcomes (issue 12, `grip outcomes`): arrests, stop searches, weapons seized (with type)
// and arch deployments (people through, detections), each linked to a hotspot of the latest
// selected run (by id, or by the buffered polygon that holds its point, patrol_zones.hpp, 25 m)
// and to a GPS visit of that hotspot whose [entry_earliest, exit_latest] holds its time (the
// earliest such visit when several do). Times with Z or an offset are converted to UTC; without
// one they are read as UTC. A file is one transaction: any bad row refuses it whole.
#pragma once

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "grip/patrol/hotspot_zones.hpp"
#include "grip/patrol/patrol_zones.hpp"
#include "grip/store/hotspot_tables.hpp"
#include "grip/store/outcome_tables.hpp"

namespace grip::patrol {

[[nodiscard]] const std::vector<std::string>& outcome_kinds();

struct OutcomeInput {
  std::string kind, at, hotspot_id, weapon_type, notes;
  std::optional<std::int64_t> people_through, detections;
};

struct OutcomeSummary {
  std::int64_t recorded = 0, linked_to_visit = 0;
  std::vector<std::int64_t> ids;
};

// One outcome at a named hotspot. UsageError naming the field when a value is bad. before_commit,
// if given, runs inside the same transaction with the new outcome's id (the server's audit row:
// an outcome is never stored without it, nor the row without the outcome).
OutcomeSummary record_outcome(store::Store& store, const OutcomeInput& input,
                              const std::function<void(std::int64_t id)>& before_commit = {});

// A CSV with columns kind,occurred_at,longitude,latitude and optional weapon_type,people_through,
// detections,notes. InputError naming file, line and reason for the first bad row (with the count
// of bad rows); nothing is stored then.
OutcomeSummary import_outcomes_csv(store::Store& store, const std::filesystem::path& file);

}  // namespace grip::patrol

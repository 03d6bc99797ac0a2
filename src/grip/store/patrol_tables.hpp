// What `grip plan` stores about randomised designs: patrol_designs (one row per design, with its
// seed and hash) and patrol_assignments (one row per hotspot-day: treated or control). Written
// before any patrol of the plan happens; read back for evaluation, where the caller recomputes the
// hash (patrol/design_store.hpp) and refuses a design whose rows were edited.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "grip/store/store.hpp"

namespace grip::store {

struct PatrolDesignRow {
  std::string created, kind, seed, first_day, hash;
  std::int64_t days = 0, hotspot_run_id = 0;
  double treated_share = 0;
};
struct PatrolAssignmentRow {
  std::string hotspot_id;
  std::int64_t day = 0;
  bool treated = false;
};

// Inside the caller's WriteTransaction; returns the new design's id.
std::int64_t write_patrol_design(Store& store, const PatrolDesignRow& design,
                                 const std::vector<PatrolAssignmentRow>& assignments);

struct StoredPatrolDesign {
  PatrolDesignRow design;
  std::vector<PatrolAssignmentRow> assignments;  // in fid order
};
// Throws StoreError when there is no such design.
[[nodiscard]] StoredPatrolDesign read_patrol_design(Store& store, std::int64_t design_id);

// patrol_plans / patrol_visits (migration 7): a plan's head row and its visits.
struct PatrolPlanRow {
  std::string created, first_day, seed, design_kind, risk_source, profile_source, solver_status,
      settings_json;
  std::int64_t days = 0, hotspot_run_id = 0, design_id = 0, visits = 0;  // design_id 0 = NULL
  double objective = 0, bound = 0, gap = 0;
};
struct PatrolVisitRow {
  std::string hotspot_id, team, shift, starts_at, ends_at;
  std::int64_t day = 0;
  double risk = 0;
};
// Inside the caller's WriteTransaction; returns the new plan's id.
std::int64_t write_patrol_plan(Store& store, const PatrolPlanRow& plan,
                               const std::vector<PatrolVisitRow>& visits);
struct StoredPatrolPlan {
  std::int64_t plan_id = 0;
  PatrolPlanRow plan;
  std::vector<PatrolVisitRow> visits;  // in fid order
};
// plan_id 0 = the latest plan; StoreError when there is none.
[[nodiscard]] StoredPatrolPlan read_patrol_plan(Store& store, std::int64_t plan_id = 0);

// What a plan needs of the latest hotspot run's selected areas (hotspot_tables writes them).
struct PlanHotspotRow {
  std::string id, name, district, counts_by_type_json;
  double harm = 0;
  std::int64_t incidents = 0;
  std::vector<std::uint8_t> wkb;
};
struct PlanHotspotRows {
  std::int64_t run_id = 0;               // 0: no run has selected hotspots
  std::vector<PlanHotspotRow> hotspots;  // in rank order
};
[[nodiscard]] PlanHotspotRows read_plan_hotspots(Store& store);

// Expected harm per hotspot id of the latest forecast run made for hotspot run `hotspot_run_id`
// (forecast_hotspots); empty when there is none. `forecast_run` is set to its run id (0 = none),
// `target_window` to its window.
struct ForecastHarm {
  std::int64_t forecast_run = 0;
  std::string model, target_window;
  std::vector<std::pair<std::string, double>> expected_harm;
};
[[nodiscard]] ForecastHarm read_forecast_harm(Store& store, std::int64_t hotspot_run_id);

}  // namespace grip::store

// `grip profile` and `grip plan` from the store: the latest hotspot run's selected hotspots, their
// hour-of-week profiles (hotspot_profiles.hpp), the risk per hotspot (the latest forecast's expected
// harm for that hotspot run when one is stored, else the hotspot's own harm), the resources file,
// then the plan (plan.hpp) stored with its design in one transaction: the design (with seed and
// hash) is written before the plan's visits, so it exists before any patrol happens.
// Travel: --mode walk (resources' walking speed, default 5 km/h) or drive (default 30 km/h), or
// --speed-kmh; straight line × the resources' road factor (default 1.3).
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "grip/geo/polygon_raster.hpp"
#include "grip/patrol/hotspot_profiles.hpp"
#include "grip/patrol/plan.hpp"
#include "grip/store/store.hpp"

namespace grip::patrol {

inline constexpr double kDefaultDrivingKmh = 30.0;

// The solver settings grip plan uses: branch and bound stops at a 1 % relative gap or 300 nodes per
// independent part (a team-day), which keeps a 15-hotspot, 28-day plan well under a second; the
// gap reached is reported with every plan (bench/plan_bench.cpp: 0.8 % on 15 x 28, 1.2 % on 200 x 28).
[[nodiscard]] inline GlpkSettings plan_solver_settings() {
  GlpkSettings settings;
  settings.node_limit = 300;
  settings.mip_gap = 0.01;
  return settings;
}

struct ProfileOptions {
  std::string dataset;                                // incidents counted (empty = every dataset)
  std::optional<std::filesystem::path> profile_file;  // a supplied force profile
  std::string profile_dataset;                        // or one learned from this dataset
  double shrinkage_k = kDefaultShrinkageIncidents;
  int smoothing_half_width = kDefaultSmoothingHalfWidth;
};

struct StoreHotspots {
  std::int64_t run_id = 0;
  std::vector<PlanHotspot> hotspots;  // harm = the hotspot run's harm; profile unset
  std::vector<ProfileHotspotInput> outlines;
  std::vector<geo::RingSet> shapes;
  std::vector<std::string> look_for;  // "Violence and sexual offences (41), Robbery (9)" per hotspot
};
// The latest hotspot run's selected hotspots; UsageError when none (run grip hotspots).
[[nodiscard]] StoreHotspots load_store_hotspots(store::Store& store);

// Profiles of the hotspots (may be empty: force-wide only).
[[nodiscard]] ProfileSet load_profiles(store::Store& store, const std::vector<ProfileHotspotInput>& hotspots,
                                       const ProfileOptions& options);

struct PlanRunOptions {
  PlanSettings settings;
  ProfileOptions profile;
  std::filesystem::path resources_file;
  std::string mode = "walk";  // walk | drive
  double speed_kmh = 0;       // 0 = the mode's default
};

struct PlanRun {
  Plan plan;
  ProfileSet profiles;
  Resources resources;
  std::int64_t hotspot_run_id = 0;
  std::vector<geo::RingSet> shapes;   // per plan hotspot, for the tasking sheets' maps
  std::vector<std::string> look_for;  // per plan hotspot
  std::string risk_source;            // "forecast run N (model, window)" or "hotspot run N harm x profile"
  double speed_kmh = 0;
};
[[nodiscard]] PlanRun run_plan(store::Store& store, const PlanRunOptions& options, AllocationSolver& solver);

struct StoredPlanIds {
  std::int64_t plan_id = 0, design_id = 0;  // design_id 0: no design
};
// Writes the design (if any) and the plan with its visits in one WriteTransaction.
StoredPlanIds store_plan(store::Store& store, const PlanRun& run);

// "Fri 22:00-23:00, Sat 00:00-01:00": the n highest hours of a profile, for "why this place now".
[[nodiscard]] std::string top_hours_text(const HourOfWeek& shares, int n = 3);

}  // namespace grip::patrol

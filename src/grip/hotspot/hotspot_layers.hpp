// Writing a hotspot run to the store and to JSON. Three layers, all in one transaction:
// hotspot_runs (attributes: one row per run, settings and selection as JSON, kept as history),
// hotspot_cells (POLYGON per cell of the latest run, only cells with any incident or a non-zero Gi*
// bin, so a county at 100 m writes tens of thousands of rows rather than 600,000) and hotspots
// (MULTIPOLYGON of the selected and runner-up candidates of the latest run). Each run replaces the
// previous run's cells and hotspots, so QGIS shows one consistent picture.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <span>
#include <string>
#include <vector>

#include "grip/hotspot/hotspot_run.hpp"
#include "grip/store/store.hpp"

namespace grip::hotspot {

struct WriteSummary {
  std::int64_t run_id = 0;
  std::int64_t cells_written = 0;
  std::int64_t hotspots_written = 0;
  std::int64_t previous_rows_replaced = 0;
};

// Sets run.run_id. Throws grip::StoreError; on failure nothing is kept.
WriteSummary write_hotspot_run(store::Store& store, HotspotRun& run);

[[nodiscard]] nlohmann::json settings_json(const HotspotRun& run);
// Settings, study area, concentration, notes and the hotspots (without cell lists or geometry).
[[nodiscard]] nlohmann::json run_json(const HotspotRun& run);

// Demo hook: how many planted hotspots the selection recovered, matched one to one. A planted
// hotspot and a selected hotspot can be paired when the selected polygon lies within tolerance_m of
// the planted centre (0 when the centre is inside it); each selected hotspot counts for at most one
// planted one and vice versa (a maximum matching, nearest pairs preferred), so a polygon covering
// two planted hotspots recovers one. Recall = recovered / planted, precision = recovered / selected.
struct PlantedCentre {
  std::string name;
  double x = 0.0, y = 0.0;  // store CRS
  double radius_m = 0.0;
};
struct PlantedRecovery {
  std::size_t planted = 0;
  std::size_t selected = 0;
  std::size_t recovered = 0;                    // one-to-one matches
  std::vector<bool> found;                      // per planted hotspot
  std::vector<std::string> matched_id;          // the selected hotspot matched to it, "" when none
  std::vector<double> distance_m;               // centre to the matched (else the nearest) selected hotspot
  std::vector<std::string> unmatched_selected;  // selected hotspots matched to no planted one
  double tolerance_m = 250.0;
  [[nodiscard]] double recall() const {
    return planted ? static_cast<double>(recovered) / static_cast<double>(planted) : 0.0;
  }
  [[nodiscard]] double precision() const {
    return selected ? static_cast<double>(recovered) / static_cast<double>(selected) : 0.0;
  }
};
[[nodiscard]] PlantedRecovery recover_planted(const HotspotRun& run, std::span<const PlantedCentre> planted,
                                              double tolerance_m = 250.0);

}  // namespace grip::hotspot

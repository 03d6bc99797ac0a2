// `grip hotspots` as a library call: reads the store (incidents, harm weights, boundaries), builds
// the study area and grid, computes every per-cell measure (counts, harm, KDE, Gi* with correction,
// monthly Gi* and emerging categories), the concentration of harm, the candidate hotspot areas and
// the selection. Nothing is written here (see hotspot_layers.hpp), so tests and the stability check
// can run it twice. Methods, defaults and rules: docs/hotspots.md.
#pragma once

#include "grip/hotspot/hotspot_run.hpp"
#include "grip/store/store.hpp"

namespace grip::hotspot {

// Throws grip::UsageError for settings that make no sense (bad month, unknown crime type, cell
// size ≤ 0, a grid over 50 million cells, a store in degrees, a store with no incidents in the
// period) and grip::StoreError when the store cannot be read.
[[nodiscard]] HotspotRun run_hotspots(store::Store& store, const HotspotSettings& settings);

// The concentration curve and shares of a set of non-negative values (cells or street locations).
[[nodiscard]] ConcentrationSummary summarise_concentration(std::vector<double> values);

}  // namespace grip::hotspot

// The small map of one hotspot for its detail section (and its printed A4 page): the hotspot's
// polygon with the Gi* bin cells around it drawn cell by cell, the other hotspots near it, the
// recorded incident locations and a scale bar, as inline SVG in the store's grid coordinates (no
// script, so it prints as it shows).
#pragma once

#include <string>
#include <vector>

#include "grip/hotspot/hotspot_run.hpp"
#include "grip/report/cell_outlines.hpp"
#include "grip/report/report_layers.hpp"

namespace grip::report {

// bins: the run's Gi* bin outlines (gi_bin_outlines). The view is the hotspot's box padded by
// kDetailMapPadM on each side.
inline constexpr double kDetailMapPadM = 300.0;
[[nodiscard]] std::string hotspot_detail_svg(const hotspot::HotspotRun& run, const hotspot::HotspotArea& area,
                                             const ReportLayers& layers,
                                             const std::vector<ClassOutline>& bins);

}  // namespace grip::report

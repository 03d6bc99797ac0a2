// The concentration curve as an inline SVG chart: the share of harm (y) held by the top share of
// units (x), units sorted by descending harm, for grid cells and for street locations, with the
// line of equal spread and the top 1 %, 5 % and 10 % of cells marked. Plain SVG, no script, so it
// shows in any browser and in print.
#pragma once

#include <string>

#include "grip/hotspot/hotspot_run.hpp"

namespace grip::report {

// `streets` may have no curve (street locations unknown); it is then left out of the chart.
[[nodiscard]] std::string concentration_curve_svg(const hotspot::ConcentrationSummary& cells,
                                                  const hotspot::ConcentrationSummary& streets);

}  // namespace grip::report

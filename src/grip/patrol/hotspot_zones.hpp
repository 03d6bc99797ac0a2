// The selected hotspots of a run as PatrolZones polygons: the one conversion from the stored
// polygon blobs that GPS visit detection, outcome linking and the monthly return all share, so a
// ping, an arrest and a returned figure are placed in a hotspot by the same geometry.
#pragma once

#include <vector>

#include "grip/patrol/patrol_zones.hpp"
#include "grip/store/hotspot_tables.hpp"

namespace grip::patrol {

// The selected hotspots' polygons as zones, in the same order.
[[nodiscard]] std::vector<ZonePolygon> hotspot_zone_polygons(const store::SelectedHotspots& selected);

}  // namespace grip::patrol

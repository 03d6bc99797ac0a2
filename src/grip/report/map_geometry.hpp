// Hotspot polygons for the report's maps: the ISO WKB a HotspotArea carries, read into rings, and
// moved from the store's CRS to WGS84 longitude/latitude (Leaflet's coordinates) through PROJ.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "grip/geo/grid.hpp"
#include "grip/geo/projection.hpp"

namespace grip::report {

using Ring = std::vector<geo::Point>;
using Polygon = std::vector<Ring>;  // outer ring first, then holes
using MultiPolygon = std::vector<Polygon>;

// Reads a WKB POLYGON or MULTIPOLYGON (either byte order). Empty input gives no polygons; anything
// else that is not one of those throws grip::UsageError.
[[nodiscard]] MultiPolygon polygons_from_wkb(std::span<const std::uint8_t> wkb);

// In place, store CRS → longitude (x) / latitude (y). `to_store` is the store's projector (WGS84 →
// store CRS), used backwards.
void to_longitude_latitude(MultiPolygon& polygons, const geo::Projector& to_store);

}  // namespace grip::report

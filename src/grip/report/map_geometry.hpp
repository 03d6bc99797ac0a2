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
// simplify_m > 0 first simplifies each polygon (GEOS, topology preserved) to that tolerance in
// the store's units: for boundaries drawn at county zoom, never for cells.
[[nodiscard]] MultiPolygon polygons_from_wkb(std::span<const std::uint8_t> wkb, double simplify_m = 0.0);

// In place, store CRS → longitude (x) / latitude (y). `to_store` is the store's projector (WGS84 →
// store CRS), used backwards.
void to_longitude_latitude(MultiPolygon& polygons, const geo::Projector& to_store);

}  // namespace grip::report

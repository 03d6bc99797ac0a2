// Whether a boundary layer belongs in a store at all: its WGS84 extent must lie inside the store
// CRS's area of use (the same area, margins included, that incident positions are checked
// against), and, when the store already holds incidents, within `max_gap_m` (default 50 km) of
// their extent. Boundaries for another city projected into a store's CRS land thousands of
// kilometres off (Essex districts in a Memphis UTM 16N store sit at x ≈ 5.1e6), after which every
// analysis clips to nothing or flags nothing; they are refused with the reason instead.
#pragma once

#include <optional>
#include <string>

#include "grip/geo/projection.hpp"
#include "grip/ingest/placement.hpp"

namespace grip::ingest {

struct LonLatBox {
  double west = 0, south = 0, east = 0, north = 0;
};

struct BoundaryPlacement {
  std::string store_crs;             // named in the reason, e.g. "EPSG:32616 (WGS 84 / UTM zone 16N)"
  geo::AreaOfUse store_area_of_use;  // degrees
  LonLatBox boundaries_lon_lat;      // the layer's extent in WGS84
  Extent boundaries{};               // the same in the store CRS
  std::optional<Extent> incidents;   // the stored incidents' extent, when there are any
  double max_gap_m = 50'000;
};

// The reason these boundaries must not be stored, or nullopt when they fit. Pure: no I/O.
[[nodiscard]] std::optional<std::string> boundary_placement_problem(const BoundaryPlacement& placement);

// Distance in metres between two extents, 0 when they overlap.
[[nodiscard]] double gap_between(const Extent& a, const Extent& b);

}  // namespace grip::ingest

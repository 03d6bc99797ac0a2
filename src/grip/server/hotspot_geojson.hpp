// The selected hotspots of the latest run as an RFC 7946 GeoJSON FeatureCollection: polygons
// reprojected from the store's CRS to WGS84 longitude/latitude, properties id, name and rank.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <vector>

#include "grip/geo/projection.hpp"
#include "grip/store/store.hpp"

namespace grip::server {

// A polygon or multipolygon WKB in the store's CRS as a GeoJSON MultiPolygon geometry in WGS84,
// coordinates rounded to 1e-6 degrees (about 0.1 m).
[[nodiscard]] nlohmann::json multipolygon_wgs84(const std::vector<std::uint8_t>& wkb,
                                                const geo::Projector& projector);
// The mean of a geometry's outer-ring vertices in WGS84 as [longitude, latitude] (a label point).
[[nodiscard]] nlohmann::json label_point_wgs84(const std::vector<std::uint8_t>& wkb,
                                               const geo::Projector& projector);

// Inside the caller's read transaction.
[[nodiscard]] nlohmann::json hotspots_geojson(store::Store& store);

}  // namespace grip::server

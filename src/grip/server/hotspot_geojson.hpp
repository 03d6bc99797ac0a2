// The selected hotspots of the latest run as an RFC 7946 GeoJSON FeatureCollection: polygons
// reprojected from the store's CRS to WGS84 longitude/latitude, properties id, name and rank.
#pragma once

#include <nlohmann/json.hpp>

#include "grip/store/store.hpp"

namespace grip::server {

// Inside the caller's read transaction.
[[nodiscard]] nlohmann::json hotspots_geojson(store::Store& store);

}  // namespace grip::server

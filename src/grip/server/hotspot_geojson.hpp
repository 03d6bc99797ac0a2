// The selected hotspots of the latest run as an RFC 7946 GeoJSON FeatureCollection: polygons
// reprojected from the store's CRS to WGS84 longitude/latitude, properties id, name and rank.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
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

// The store-CRS → WGS84 projector for a CRS code, made once and kept for the life of the process:
// PROJ's set-up (reading its database) costs tens of milliseconds, which every map request paid
// under the store lock (the load test's read p99 was 3.1 s). Handlers run one at a time under that
// lock, so sharing one projector per CRS between them is safe.
[[nodiscard]] const geo::Projector& wgs84_projector(const std::string& crs_code);

// Inside the caller's read transaction.
[[nodiscard]] nlohmann::json hotspots_geojson(store::Store& store);

}  // namespace grip::server

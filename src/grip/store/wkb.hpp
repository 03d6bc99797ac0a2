// Reading 2D ISO WKB (OGC 06-103r4 §8) without a geometry library: the envelope a GeoPackage
// header needs, and one canonical byte order, so a geometry's bytes can be compared between
// engines that keep it differently (GeoPackage blob, PostGIS EWKB in the server's byte order).
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "grip/store/geometry_blob.hpp"

namespace grip::store {

struct WkbSummary {
  std::vector<std::uint8_t> little_endian;  // the same geometry, every part little-endian (NDR)
  std::optional<Envelope> envelope;         // none for an empty geometry
  std::optional<DecodedPoint> point;        // set when the geometry is one non-empty point
};

// Walks points, line strings, polygons, their multi forms and collections; throws
// std::invalid_argument for WKB that is truncated, has trailing bytes, or is not 2D.
[[nodiscard]] WkbSummary summarize_wkb(std::span<const std::uint8_t> wkb);

}  // namespace grip::store

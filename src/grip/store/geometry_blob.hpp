// GeoPackage geometry encoding (OGC 12-128r18 §2.1.3): an 8-byte header ('GP', version, flags,
// srs_id) and an optional envelope, followed by ISO WKB. Points carry no envelope (the spec allows
// it and readers take the bounds from the point), which keeps the ingest hot path to 29 bytes a row.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <vector>

namespace grip::store {

inline constexpr std::size_t kPointBlobSize = 8 + 21;

// Writes a little-endian GeoPackage point blob into `out`.
void encode_point(std::int32_t srs_id, double x, double y, std::array<std::uint8_t, kPointBlobSize>& out);

struct Envelope {
  double min_x, max_x, min_y, max_y;
};

// Wraps ready-made little- or big-endian WKB (e.g. from GDAL) with a header and its envelope.
[[nodiscard]] std::vector<std::uint8_t> wrap_wkb(std::int32_t srs_id, const Envelope& envelope,
                                                 std::span<const std::uint8_t> wkb);

// The ISO WKB inside a GeoPackage blob (the header and envelope skipped); throws
// std::invalid_argument when the blob is not a GeoPackage geometry.
[[nodiscard]] std::span<const std::uint8_t> wkb_of_blob(std::span<const std::uint8_t> blob);

struct DecodedPoint {
  double x, y;
};
// Reads back a point blob written by any GeoPackage writer; throws std::invalid_argument otherwise.
[[nodiscard]] DecodedPoint decode_point(std::span<const std::uint8_t> blob);

}  // namespace grip::store

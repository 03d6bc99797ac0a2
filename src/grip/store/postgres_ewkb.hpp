// Geometry as PostGIS exchanges it: EWKB (hex-encoded in text), ISO WKB whose type word carries a
// flag (0x20000000) and is followed by a 4-byte SRID (PostGIS doc, "Well-Known Binary" / EWKB).
// Grip's interface speaks plain 2D ISO WKB; these convert at the boundary.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace grip::store {

// Appends 2D ISO WKB (either byte order) as EWKB bytes carrying `srid` (what a binary COPY sends
// for a geometry); throws std::invalid_argument for WKB that is too short or not 2D.
void append_ewkb(std::string& out, std::span<const std::uint8_t> wkb, std::int32_t srid);

// Appends a little-endian EWKB point as bytes.
void append_ewkb_point(std::string& out, double x, double y, std::int32_t srid);

// Appends 2D ISO WKB (either byte order) as hex EWKB carrying `srid`; throws std::invalid_argument
// for WKB that is too short or not 2D.
void append_hex_ewkb(std::string& out, std::span<const std::uint8_t> wkb, std::int32_t srid);

// Appends a little-endian EWKB point (`0101000020` + srid + x + y) as hex.
void append_hex_ewkb_point(std::string& out, double x, double y, std::int32_t srid);

// Hex EWKB (as PostGIS prints a geometry) to 2D ISO WKB in the same byte order, without the SRID;
// throws std::invalid_argument for text that is not hex EWKB of a 2D geometry.
[[nodiscard]] std::vector<std::uint8_t> iso_wkb_from_hex_ewkb(std::string_view hex);

// EWKB bytes (a geometry in binary results) to 2D ISO WKB, as iso_wkb_from_hex_ewkb.
[[nodiscard]] std::vector<std::uint8_t> iso_wkb_from_ewkb(std::vector<std::uint8_t> bytes);

// Appends bytes as upper-case hex, as PostGIS prints a geometry.
void append_hex_bytes(std::string& out, std::span<const std::uint8_t> bytes);

}  // namespace grip::store

// Polygons read from GeoPackage geometry blobs and rasterised onto a Grid by cell centre: a cell
// belongs to a polygon when its centre lies inside it by the even-odd (crossing number) rule, the
// rule of GDAL's rasteriser without ALL_TOUCHED and of the classic PNPOLY test. Scanline fill:
// each edge adds its crossing x to every cell-centre row it spans, each row's crossings are
// sorted and the cells between pairs filled, O(edges × rows spanned + cells filled).
// A centre exactly on a crossing counts as inside on the west side of a span, outside on the east.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "grip/geo/grid.hpp"

namespace grip::geo {

using Ring = std::vector<Point>;
// One polygon or multipolygon as a bag of rings: outer rings and holes alike, since the even-odd
// rule needs no orientation (valid multipolygons never overlap, so this is exact for them).
struct RingSet {
  std::vector<Ring> rings;
  double min_x = 0, min_y = 0, max_x = 0, max_y = 0;
};

// Reads a GeoPackage geometry blob (or, when it does not start with "GP", bare WKB) holding a
// POLYGON or MULTIPOLYGON, 2D or with Z/M (ignored), either byte order. Throws
// std::invalid_argument naming what is wrong for anything else or a truncated blob.
[[nodiscard]] RingSet decode_polygon_blob(std::span<const std::uint8_t> blob);

// The crossing-number test for one point, the reference the rasteriser is tested against.
[[nodiscard]] bool point_in_rings(const RingSet& shape, double x, double y) noexcept;

// Sets mask[cell] = value for every cell whose centre lies inside the shape; mask must be
// grid.cell_count() long (checked: throws grip::UsageError otherwise). Returns cells set.
std::size_t rasterise(const Grid& grid, const RingSet& shape, std::span<std::uint8_t> mask,
                      std::uint8_t value = 1);

// The same, writing `label` into an int32 raster (e.g. which district holds each cell).
std::size_t rasterise_label(const Grid& grid, const RingSet& shape, std::span<std::int32_t> labels,
                            std::int32_t label);

}  // namespace grip::geo

// Grid cells as polygons for GeoPackage layers: one cell as a POLYGON (hand-written ISO WKB, the
// hot path of writing a run's cells) and a set of cells as the MULTIPOLYGON of their union (the
// squares' shared edges dissolved by GDAL/GEOS, so the outline is valid OGC geometry).
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "grip/geo/grid.hpp"

namespace grip::geo {

struct Bounds {
  double min_x = 0, min_y = 0, max_x = 0, max_y = 0;
};

inline constexpr std::size_t kCellPolygonWkbSize = 1 + 4 + 4 + 4 + 5 * 16;

// Little-endian ISO WKB POLYGON of the cell's square, counter-clockwise from its south-west corner.
void cell_polygon_wkb(const Grid& grid, std::size_t cell, std::span<std::uint8_t, kCellPolygonWkbSize> out);

// Little-endian ISO WKB MULTIPOLYGON of the union of the cells (which need not touch). Throws
// grip::UsageError for no cells, std::runtime_error when GDAL cannot form the union.
[[nodiscard]] std::vector<std::uint8_t> cells_multipolygon_wkb(const Grid& grid,
                                                               std::span<const std::size_t> cells,
                                                               Bounds* bounds = nullptr);

}  // namespace grip::geo

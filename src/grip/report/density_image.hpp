// The density surface as a picture for the report's map: cells coloured by quantile class of
// their kernel density (7 classes, the upper ones the top 10/5/2/1 % of cells with any density;
// ColorBrewer YlOrRd, more opaque as density rises), empty and out-of-area cells transparent, and
// encoded as PNG through GDAL. Either in the grid's own CRS (a static map drawn in metres) or
// warped to Web Mercator, the CRS of a Leaflet map, with its bounds in longitude/latitude.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "grip/geo/grid.hpp"

namespace grip::report {

struct Rgba {
  std::uint8_t r = 0, g = 0, b = 0, a = 0;
};

struct DensityClass {
  double lower = 0.0;  // density per m² at which the class starts
  Rgba colour;
  std::string label;  // "top 5 %"
};

struct DensityScale {
  std::vector<DensityClass> classes;  // ascending lower bounds; below the first: transparent
  [[nodiscard]] Rgba colour_of(double density) const noexcept;
};

// Quantile classes over the positive densities of the cells in the area (in_area may be empty:
// every cell). No classes when no cell has density.
[[nodiscard]] DensityScale density_scale(std::span<const double> density,
                                         std::span<const std::uint8_t> in_area);

struct DensityImage {
  std::vector<std::uint8_t> png;
  std::size_t width = 0;
  std::size_t height = 0;
  // Where the picture lies: metres in the grid's CRS (grid image) or degrees (Web Mercator image).
  double west = 0, south = 0, east = 0, north = 0;
};

// RGBA rows, top row first, 4 bytes a pixel. Throws grip::UsageError when the sizes disagree.
[[nodiscard]] std::vector<std::uint8_t> encode_png(std::size_t width, std::size_t height,
                                                   std::span<const std::uint8_t> rgba);

// One pixel per cell (north up in grid coordinates). Throws grip::UsageError when density (or a
// non-empty in_area) is not grid.cell_count() long.
[[nodiscard]] DensityImage density_image_on_grid(const geo::Grid& grid, std::span<const double> density,
                                                 std::span<const std::uint8_t> in_area,
                                                 const DensityScale& scale);

// Warped (nearest cell) from the grid's CRS (e.g. "EPSG:27700") to EPSG:3857 at about the cell
// size, at most max_side pixels a side. Throws grip::UsageError as above and for an unknown CRS.
[[nodiscard]] DensityImage density_image_web_mercator(const geo::Grid& grid, std::span<const double> density,
                                                      std::span<const std::uint8_t> in_area,
                                                      const std::string& grid_crs, const DensityScale& scale,
                                                      std::size_t max_side = 2500);

}  // namespace grip::report

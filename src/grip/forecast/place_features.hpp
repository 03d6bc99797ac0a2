// Place features for the learned count models (poisson-glm, nb-glm, xgboost). The models compute
// them once per origin from the windows before their first training target, so no training row
// (and no forecast) sees its own window:
// - distance from each cell to the nearest of the k densest all-crime places, a derived proxy for
//   town centres and the night-time economy: all-crime counts summed over a (2r+1)² box
//   (default r = 3: 7×7 cells, 1,050 m at 150 m cells), the k = 10 highest box sums taken greedily at
//   least 2 km apart (kPeakCount, kPeakSeparationM);
// - an area's mean target count per cell and window (target encoding of the district or LSOA: the
//   area's events over windows [0, w) / (cells in the area × w)); a cell outside every area gets the
//   study area's mean.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "grip/geo/grid.hpp"

namespace grip::forecast {

inline constexpr std::size_t kPeakCount = 10;
inline constexpr std::size_t kPeakBoxRadiusCells = 3;
inline constexpr double kPeakSeparationM = 2000.0;

// Σ over the (2r+1)² box around each cell of a full-grid raster (cells off the grid count zero).
[[nodiscard]] std::vector<double> box_sum(const geo::Grid& grid, std::span<const double> values,
                                          std::size_t r);

// Grid cells of up to k peaks of the box-summed raster, highest first (ties to the lower index),
// each at least separation_m from every earlier one; cells with a zero sum are never peaks.
[[nodiscard]] std::vector<std::size_t> density_peaks(const geo::Grid& grid,
                                                     std::span<const double> per_grid_cell,
                                                     std::size_t radius_cells, std::size_t k,
                                                     double separation_m);

// Centre-to-centre distance (m) from each listed grid cell to the nearest peak; +inf with no peaks.
[[nodiscard]] std::vector<double> distance_to_nearest(const geo::Grid& grid,
                                                      std::span<const std::uint32_t> cells,
                                                      std::span<const std::size_t> peaks);

// Per cell: Σ counts over the cells of its area / (cells in the area × windows); cells with area −1
// get Σ counts / (all cells × windows).
[[nodiscard]] std::vector<double> area_mean_rate(std::span<const std::int32_t> area_of_cell,
                                                 std::span<const double> counts, double windows);

}  // namespace grip::forecast

#include "grip/forecast/place_features.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include "grip/core/errors.hpp"

namespace grip::forecast {

std::vector<double> box_sum(const geo::Grid& grid, std::span<const double> values, std::size_t r) {
  const std::size_t nx = grid.nx(), ny = grid.ny();
  if (values.size() != nx * ny) throw UsageError("box_sum: the raster does not match the grid");
  std::vector<double> rows(values.size(), 0.0), out(values.size(), 0.0);
  for (std::size_t y = 0; y < ny; ++y) {
    double running = 0.0;
    const double* line = &values[y * nx];
    for (std::size_t x = 0; x < std::min(r, nx); ++x) running += line[x];
    for (std::size_t x = 0; x < nx; ++x) {
      if (x + r < nx) running += line[x + r];
      if (x > r) running -= line[x - r - 1];
      rows[y * nx + x] = running;
    }
  }
  for (std::size_t x = 0; x < nx; ++x) {
    double running = 0.0;
    for (std::size_t y = 0; y < std::min(r, ny); ++y) running += rows[y * nx + x];
    for (std::size_t y = 0; y < ny; ++y) {
      if (y + r < ny) running += rows[(y + r) * nx + x];
      if (y > r) running -= rows[(y - r - 1) * nx + x];
      out[y * nx + x] = running;
    }
  }
  return out;
}

std::vector<std::size_t> density_peaks(const geo::Grid& grid, std::span<const double> per_grid_cell,
                                       std::size_t radius_cells, std::size_t k, double separation_m) {
  const auto density = box_sum(grid, per_grid_cell, radius_cells);
  // A heap of the non-zero cells, popped until k peaks are found: only the cells near the peaks
  // are ever ordered (a full sort of a city's cells per training window was the cost).
  std::vector<std::size_t> heap;
  for (std::size_t c = 0; c < density.size(); ++c) {
    if (density[c] > 0) heap.push_back(c);
  }
  const auto lower = [&](std::size_t a,
                         std::size_t b) {  // a below b: smaller sum, or the same at a larger index
    return density[a] != density[b] ? density[a] < density[b] : a > b;
  };
  std::make_heap(heap.begin(), heap.end(), lower);
  std::vector<std::size_t> peaks;
  const double cs = grid.cell_size(), separation2 = separation_m * separation_m;
  while (!heap.empty() && peaks.size() < k) {
    std::pop_heap(heap.begin(), heap.end(), lower);
    const std::size_t c = heap.back();
    heap.pop_back();
    const double cx = static_cast<double>(c % grid.nx()) * cs, cy = static_cast<double>(c / grid.nx()) * cs;
    const bool apart = std::all_of(peaks.begin(), peaks.end(), [&](std::size_t p) {
      const double dx = static_cast<double>(p % grid.nx()) * cs - cx,
                   dy = static_cast<double>(p / grid.nx()) * cs - cy;
      return dx * dx + dy * dy >= separation2;
    });
    if (apart) peaks.push_back(c);
  }
  return peaks;
}

std::vector<double> distance_to_nearest(const geo::Grid& grid, std::span<const std::uint32_t> cells,
                                        std::span<const std::size_t> peaks) {
  const double cs = grid.cell_size();
  std::vector<double> distance(cells.size(), std::numeric_limits<double>::infinity());
  for (std::size_t i = 0; i < cells.size(); ++i) {
    const double cx = static_cast<double>(cells[i] % grid.nx()) * cs,
                 cy = static_cast<double>(cells[i] / grid.nx()) * cs;
    for (const auto p : peaks) {
      const double dx = static_cast<double>(p % grid.nx()) * cs - cx,
                   dy = static_cast<double>(p / grid.nx()) * cs - cy;
      distance[i] = std::min(distance[i], std::sqrt(dx * dx + dy * dy));
    }
  }
  return distance;
}

std::vector<double> area_mean_rate(std::span<const std::int32_t> area_of_cell, std::span<const double> counts,
                                   double windows) {
  if (area_of_cell.size() != counts.size())
    throw UsageError("area_mean_rate: areas and counts differ in length");
  if (!(windows > 0)) throw UsageError("area_mean_rate: no windows");
  std::int32_t areas = 0;
  for (const auto a : area_of_cell) areas = std::max(areas, a + 1);
  std::vector<double> sum(static_cast<std::size_t>(areas), 0.0), cells(static_cast<std::size_t>(areas), 0.0);
  for (std::size_t c = 0; c < counts.size(); ++c) {
    if (area_of_cell[c] < 0) continue;
    sum[static_cast<std::size_t>(area_of_cell[c])] += counts[c];
    cells[static_cast<std::size_t>(area_of_cell[c])] += 1.0;
  }
  const double overall = std::accumulate(counts.begin(), counts.end(), 0.0) /
                         (static_cast<double>(std::max<std::size_t>(1, counts.size())) * windows);
  std::vector<double> rate(counts.size(), overall);
  for (std::size_t c = 0; c < counts.size(); ++c) {
    const auto a = area_of_cell[c];
    if (a >= 0) rate[c] = sum[static_cast<std::size_t>(a)] / (cells[static_cast<std::size_t>(a)] * windows);
  }
  return rate;
}

}  // namespace grip::forecast

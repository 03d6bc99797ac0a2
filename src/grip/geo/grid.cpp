#include "grip/geo/grid.hpp"

#include <fmt/format.h>

#include <cmath>

#include "grip/core/errors.hpp"

namespace grip::geo {

Grid::Grid(double x0, double y0, double cell_size, std::size_t nx, std::size_t ny)
    : x0_(x0), y0_(y0), cell_size_(cell_size), nx_(nx), ny_(ny) {
  if (!(cell_size > 0.0) || !std::isfinite(cell_size)) {
    throw UsageError(fmt::format("grid cell size must be a positive number of metres, got {}", cell_size));
  }
  if (!std::isfinite(x0) || !std::isfinite(y0)) {
    throw UsageError(fmt::format("grid origin must be finite, got ({}, {})", x0, y0));
  }
  if (nx == 0 || ny == 0) {
    throw UsageError(fmt::format("grid must have at least one column and one row, got {} x {}", nx, ny));
  }
  if (nx > kMaxCells / ny) {
    throw UsageError(fmt::format("grid of {} x {} cells exceeds the limit of {} cells; use larger cells", nx,
                                 ny, kMaxCells));
  }
}

Grid Grid::covering(double xmin, double ymin, double xmax, double ymax, double cell_size) {
  if (!std::isfinite(xmin) || !std::isfinite(ymin) || !std::isfinite(xmax) || !std::isfinite(ymax) ||
      xmax < xmin || ymax < ymin) {
    throw UsageError(fmt::format("grid extent ({}, {}) to ({}, {}) is not a box", xmin, ymin, xmax, ymax));
  }
  if (!(cell_size > 0.0) || !std::isfinite(cell_size)) {
    throw UsageError(fmt::format("grid cell size must be a positive number of metres, got {}", cell_size));
  }
  // floor + 1 so that a point on the east or north edge of the box is inside the grid.
  const double cols = std::floor((xmax - xmin) / cell_size) + 1.0;
  const double rows = std::floor((ymax - ymin) / cell_size) + 1.0;
  const auto limit = static_cast<double>(kMaxCells);
  if (cols > limit || rows > limit || cols * rows > limit) {
    throw UsageError(fmt::format("grid of {} x {} cells exceeds the limit of {} cells; use larger cells",
                                 cols, rows, kMaxCells));
  }
  return Grid(xmin, ymin, cell_size, static_cast<std::size_t>(cols), static_cast<std::size_t>(rows));
}

std::optional<std::size_t> Grid::cell_of(double x, double y) const noexcept {
  const double col = std::floor(col_coordinate(x));
  const double row = std::floor(row_coordinate(y));
  // Written so that NaN fails every comparison and lands outside.
  if (!(col >= 0.0 && col < static_cast<double>(nx_) && row >= 0.0 && row < static_cast<double>(ny_))) {
    return std::nullopt;
  }
  return cell(static_cast<std::size_t>(col), static_cast<std::size_t>(row));
}

Point Grid::cell_centre(std::size_t cell) const noexcept {
  return {x0_ + (static_cast<double>(col_of(cell)) + 0.5) * cell_size_,
          y0_ + (static_cast<double>(row_of(cell)) + 0.5) * cell_size_};
}

void check_weighted_points(std::span<const double> xs, std::span<const double> ys,
                           std::span<const double> weights, const char* what) {
  if (xs.size() != ys.size()) {
    throw UsageError(fmt::format("{}: {} x coordinates but {} y coordinates", what, xs.size(), ys.size()));
  }
  if (!weights.empty() && weights.size() != xs.size()) {
    throw UsageError(fmt::format("{}: {} points but {} weights", what, xs.size(), weights.size()));
  }
  for (std::size_t i = 0; i < weights.size(); ++i) {
    if (!(weights[i] >= 0.0) || !std::isfinite(weights[i])) {
      throw UsageError(
          fmt::format("{}: weight of point {} is {}; weights must be finite and >= 0", what, i, weights[i]));
    }
  }
}

BinnedPoints bin_points(const Grid& grid, std::span<const double> xs, std::span<const double> ys,
                        std::span<const double> weights) {
  check_weighted_points(xs, ys, weights, "bin_points");
  BinnedPoints binned;
  binned.per_cell.assign(grid.cell_count(), 0.0);
  for (std::size_t i = 0; i < xs.size(); ++i) {
    const double weight = weights.empty() ? 1.0 : weights[i];
    if (const auto cell = grid.cell_of(xs[i], ys[i])) {
      binned.per_cell[*cell] += weight;
    } else {
      binned.weight_outside += weight;
      ++binned.points_outside;
    }
  }
  return binned;
}

}  // namespace grip::geo

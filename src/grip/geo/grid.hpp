// A square raster over projected coordinates (metres): origin (x0, y0) at the lower-left corner,
// nx columns by ny rows of cell_size-metre cells. Cells are numbered row-major from the south-west
// corner: cell = row * nx + col, row 0 the southernmost row, col 0 the westernmost column. A cell
// is half-open, [x0 + col·s, x0 + (col+1)·s) × [y0 + row·s, y0 + (row+1)·s), so a point on the
// east or north edge of the grid lies outside it. Grids above kMaxCells cells are refused.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

namespace grip::geo {

struct Point {
  double x = 0.0;
  double y = 0.0;
};

class Grid {
 public:
  // 50 million cells is a whole English force at 10 m; anything bigger is a mistake in the cell
  // size or the extent, not a real request.
  static constexpr std::size_t kMaxCells = 50'000'000;

  // Throws grip::UsageError when cell_size is not a positive finite number, the origin is not
  // finite, nx or ny is zero, or nx·ny exceeds kMaxCells.
  Grid(double x0, double y0, double cell_size, std::size_t nx, std::size_t ny);

  // The smallest grid of cell_size cells with its origin at (xmin, ymin) that covers the box up to
  // and including (xmax, ymax). Throws grip::UsageError as the constructor does, and for a box with
  // xmax < xmin or ymax < ymin.
  [[nodiscard]] static Grid covering(double xmin, double ymin, double xmax, double ymax, double cell_size);

  [[nodiscard]] double x0() const noexcept { return x0_; }
  [[nodiscard]] double y0() const noexcept { return y0_; }
  [[nodiscard]] double cell_size() const noexcept { return cell_size_; }
  [[nodiscard]] double cell_area() const noexcept { return cell_size_ * cell_size_; }
  [[nodiscard]] std::size_t nx() const noexcept { return nx_; }
  [[nodiscard]] std::size_t ny() const noexcept { return ny_; }
  [[nodiscard]] std::size_t cell_count() const noexcept { return nx_ * ny_; }
  [[nodiscard]] double x_max() const noexcept { return x0_ + cell_size_ * static_cast<double>(nx_); }
  [[nodiscard]] double y_max() const noexcept { return y0_ + cell_size_ * static_cast<double>(ny_); }

  [[nodiscard]] std::size_t cell(std::size_t col, std::size_t row) const noexcept { return row * nx_ + col; }
  [[nodiscard]] std::size_t col_of(std::size_t cell) const noexcept { return cell % nx_; }
  [[nodiscard]] std::size_t row_of(std::size_t cell) const noexcept { return cell / nx_; }

  // The cell holding (x, y), or nothing when the point is outside the grid or not finite.
  [[nodiscard]] std::optional<std::size_t> cell_of(double x, double y) const noexcept;
  [[nodiscard]] Point cell_centre(std::size_t cell) const noexcept;

  // Continuous column/row coordinates in cell units, 0 at the origin (may be out of range).
  [[nodiscard]] double col_coordinate(double x) const noexcept { return (x - x0_) / cell_size_; }
  [[nodiscard]] double row_coordinate(double y) const noexcept { return (y - y0_) / cell_size_; }

 private:
  double x0_;
  double y0_;
  double cell_size_;
  std::size_t nx_;
  std::size_t ny_;
};

// Weighted points summed into the cells that hold them.
struct BinnedPoints {
  std::vector<double> per_cell;    // Σ weight of the points in each cell, row-major, cell_count long
  double weight_outside = 0.0;     // Σ weight of the points outside the grid
  std::size_t points_outside = 0;  // how many points fell outside the grid
};

// Sums the weights of the points (xs[i], ys[i]) into their cells. weights may be empty (every point
// weighs 1); otherwise it must be as long as xs. Throws grip::UsageError when the spans differ in
// length or a weight is negative or not finite. Points with non-finite coordinates count as outside.
[[nodiscard]] BinnedPoints bin_points(const Grid& grid, std::span<const double> xs,
                                      std::span<const double> ys, std::span<const double> weights = {});

// Checks the point spans a kernel takes (equal lengths; weights empty or finite and >= 0) and
// throws grip::UsageError naming `what` and the first bad value otherwise.
void check_weighted_points(std::span<const double> xs, std::span<const double> ys,
                           std::span<const double> weights, const char* what);

}  // namespace grip::geo

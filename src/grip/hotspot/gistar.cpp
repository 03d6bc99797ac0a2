#include "grip/hotspot/gistar.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>

#include "grip/core/errors.hpp"

namespace grip::hotspot {
namespace {

// Window sums over a square band: a horizontal pass per row, then a vertical pass per column, each
// from prefix sums, so the cost does not grow with the band. T is double for values and
// std::int32_t for neighbour counts (exact).
template <typename T>
std::vector<T> square_window_sums(std::span<const T> cell_values, std::size_t nx, std::size_t ny,
                                  std::size_t band) {
  std::vector<T> across(nx * ny);
  std::vector<T> prefix(nx + 1);
  for (std::size_t r = 0; r < ny; ++r) {
    const T* in = cell_values.data() + r * nx;
    prefix[0] = T{0};
    for (std::size_t c = 0; c < nx; ++c) {
      prefix[c + 1] = prefix[c] + in[c];
    }
    T* out = across.data() + r * nx;
    for (std::size_t c = 0; c < nx; ++c) {
      out[c] = prefix[std::min(c + band + 1, nx)] - prefix[c > band ? c - band : 0];
    }
  }
  // column_prefix row r holds Σ of `across` over rows 0..r−1 for every column.
  std::vector<T> column_prefix((ny + 1) * nx, T{0});
  for (std::size_t r = 0; r < ny; ++r) {
    const T* above = column_prefix.data() + r * nx;
    const T* in = across.data() + r * nx;
    T* out = column_prefix.data() + (r + 1) * nx;
    for (std::size_t c = 0; c < nx; ++c) {
      out[c] = above[c] + in[c];
    }
  }
  for (std::size_t r = 0; r < ny; ++r) {
    const T* upper = column_prefix.data() + std::min(r + band + 1, ny) * nx;
    const T* lower = column_prefix.data() + (r > band ? r - band : 0) * nx;
    T* out = across.data() + r * nx;
    for (std::size_t c = 0; c < nx; ++c) {
      out[c] = upper[c] - lower[c];
    }
  }
  return across;
}

// Window sums over a round band: for each row offset dy the band is a run of columns of
// half-width floor(sqrt(band² − dy²)), read from that row's prefix sums. O(cells × (2·band + 1)).
template <typename T>
std::vector<T> disc_window_sums(std::span<const T> cell_values, std::size_t nx, std::size_t ny, double band) {
  const auto reach = static_cast<std::size_t>(std::floor(band + 1e-9));
  std::vector<std::size_t> half_width(reach + 1);
  for (std::size_t dy = 0; dy <= reach; ++dy) {
    const double dy_d = static_cast<double>(dy);
    // The 1e-9 keeps a centre exactly on the band (e.g. band √2 typed to 16 digits) inside it.
    half_width[dy] =
        static_cast<std::size_t>(std::floor(std::sqrt(std::max(0.0, band * band - dy_d * dy_d)) + 1e-9));
  }
  std::vector<T> row_prefix((nx + 1) * ny);
  for (std::size_t r = 0; r < ny; ++r) {
    T* prefix = row_prefix.data() + r * (nx + 1);
    const T* in = cell_values.data() + r * nx;
    prefix[0] = T{0};
    for (std::size_t c = 0; c < nx; ++c) {
      prefix[c + 1] = prefix[c] + in[c];
    }
  }
  std::vector<T> sums(nx * ny, T{0});
  for (std::size_t r = 0; r < ny; ++r) {
    T* out = sums.data() + r * nx;
    const std::size_t r_lo = r > reach ? r - reach : 0;
    const std::size_t r_hi = std::min(r + reach, ny - 1);
    for (std::size_t rr = r_lo; rr <= r_hi; ++rr) {
      const std::size_t k = half_width[rr > r ? rr - r : r - rr];
      const T* prefix = row_prefix.data() + rr * (nx + 1);
      for (std::size_t c = 0; c < nx; ++c) {
        out[c] += prefix[std::min(c + k + 1, nx)] - prefix[c > k ? c - k : 0];
      }
    }
  }
  return sums;
}

template <typename T>
std::vector<T> window_sums(std::span<const T> cell_values, const geo::Grid& grid,
                           const GiStarOptions& options) {
  if (options.shape == BandShape::kSquare) {
    return square_window_sums(cell_values, grid.nx(), grid.ny(),
                              static_cast<std::size_t>(std::floor(options.band_cells + 1e-9)));
  }
  return disc_window_sums(cell_values, grid.nx(), grid.ny(), options.band_cells);
}

}  // namespace

double two_sided_p(double z) noexcept { return std::erfc(std::abs(z) / std::numbers::sqrt2); }

GiStarResult gi_star(const geo::Grid& grid, std::span<const double> values,
                     std::span<const std::uint8_t> in_study_area, const GiStarOptions& options) {
  const std::size_t cells = grid.cell_count();
  if (values.size() != cells) {
    throw UsageError(fmt::format("Gi*: {} values for a grid of {} cells", values.size(), cells));
  }
  if (!in_study_area.empty() && in_study_area.size() != cells) {
    throw UsageError(
        fmt::format("Gi*: study-area mask of {} flags for a grid of {} cells", in_study_area.size(), cells));
  }
  if (!(options.band_cells >= 1.0) || !std::isfinite(options.band_cells) ||
      options.band_cells > static_cast<double>(std::max(grid.nx(), grid.ny()))) {
    throw UsageError(fmt::format(
        "Gi*: distance band must be between 1 cell and the grid's size, got {} cells", options.band_cells));
  }
  auto inside = [&](std::size_t cell) { return in_study_area.empty() || in_study_area[cell] != 0; };

  GiStarResult result;
  double sum = 0.0;
  for (std::size_t cell = 0; cell < cells; ++cell) {
    if (inside(cell)) {
      if (!std::isfinite(values[cell])) {
        throw UsageError(fmt::format("Gi*: value of cell {} is {}; values in the study area must be finite",
                                     cell, values[cell]));
      }
      sum += values[cell];
      ++result.n;
    }
  }
  if (result.n < 2) {
    throw UsageError(fmt::format("Gi*: the study area has {} cells; it needs at least two", result.n));
  }
  const auto n = static_cast<double>(result.n);
  result.mean = sum / n;

  // Centred values: the window sum of (x − x̄) is the numerator Σ w x − x̄ W directly, without the
  // cancellation of two large terms.
  std::vector<double> centred(cells, 0.0);
  std::vector<std::int32_t> member(cells, 0);
  double sum_sq = 0.0;
  for (std::size_t cell = 0; cell < cells; ++cell) {
    if (inside(cell)) {
      centred[cell] = values[cell] - result.mean;
      member[cell] = 1;
      sum_sq += centred[cell] * centred[cell];
    }
  }
  result.sd = std::sqrt(sum_sq / n);

  const std::vector<double> numerator = window_sums<double>(centred, grid, options);
  const std::vector<std::int32_t> neighbours = window_sums<std::int32_t>(member, grid, options);

  constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
  result.z.assign(cells, kNaN);
  result.p.assign(cells, kNaN);
  for (std::size_t cell = 0; cell < cells; ++cell) {
    if (member[cell] == 0) {
      continue;
    }
    const auto w = static_cast<double>(neighbours[cell]);
    const double spread = n * w - w * w;
    if (result.sd > 0.0 && spread > 0.0) {
      const double z = numerator[cell] / (result.sd * std::sqrt(spread / (n - 1.0)));
      result.z[cell] = z;
      result.p[cell] = two_sided_p(z);
    }
  }
  return result;
}

}  // namespace grip::hotspot

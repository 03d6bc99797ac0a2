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
// std::int32_t for neighbour counts (exact). Writes `out`; `scratch` holds the column prefixes.
// Both are resized, and their memory is reused from call to call.
template <typename T>
void square_window_sums(std::span<const T> cell_values, std::size_t nx, std::size_t ny, std::size_t band,
                        std::vector<T>& out, std::vector<T>& scratch) {
  std::vector<T>& across = out;
  across.resize(nx * ny);
  std::vector<T> prefix(nx + 1);
  for (std::size_t r = 0; r < ny; ++r) {
    const T* in = cell_values.data() + r * nx;
    prefix[0] = T{0};
    for (std::size_t c = 0; c < nx; ++c) {
      prefix[c + 1] = prefix[c] + in[c];
    }
    T* row_out = across.data() + r * nx;
    for (std::size_t c = 0; c < nx; ++c) {
      row_out[c] = prefix[std::min(c + band + 1, nx)] - prefix[c > band ? c - band : 0];
    }
  }
  // column_prefix row r holds Σ of `across` over rows 0..r−1 for every column.
  std::vector<T>& column_prefix = scratch;
  column_prefix.resize((ny + 1) * nx);
  std::fill(column_prefix.begin(), column_prefix.begin() + static_cast<std::ptrdiff_t>(nx), T{0});
  for (std::size_t r = 0; r < ny; ++r) {
    const T* above = column_prefix.data() + r * nx;
    const T* in = across.data() + r * nx;
    T* row_out = column_prefix.data() + (r + 1) * nx;
    for (std::size_t c = 0; c < nx; ++c) {
      row_out[c] = above[c] + in[c];
    }
  }
  for (std::size_t r = 0; r < ny; ++r) {
    const T* upper = column_prefix.data() + std::min(r + band + 1, ny) * nx;
    const T* lower = column_prefix.data() + (r > band ? r - band : 0) * nx;
    T* row_out = across.data() + r * nx;
    for (std::size_t c = 0; c < nx; ++c) {
      row_out[c] = upper[c] - lower[c];
    }
  }
}

// Window sums over a round band: for each row offset dy the band is a run of columns of
// half-width floor(sqrt(band² − dy²)), read from that row's prefix sums. O(cells × (2·band + 1)).
// Writes `out`; `scratch` holds the row prefixes.
template <typename T>
void disc_window_sums(std::span<const T> cell_values, std::size_t nx, std::size_t ny, double band,
                      std::vector<T>& out, std::vector<T>& scratch) {
  const auto reach = static_cast<std::size_t>(std::floor(band + 1e-9));
  std::vector<std::size_t> half_width(reach + 1);
  for (std::size_t dy = 0; dy <= reach; ++dy) {
    const double dy_d = static_cast<double>(dy);
    // The 1e-9 keeps a centre exactly on the band (e.g. band √2 typed to 16 digits) inside it.
    half_width[dy] =
        static_cast<std::size_t>(std::floor(std::sqrt(std::max(0.0, band * band - dy_d * dy_d)) + 1e-9));
  }
  std::vector<T>& row_prefix = scratch;
  row_prefix.resize((nx + 1) * ny);
  for (std::size_t r = 0; r < ny; ++r) {
    T* prefix = row_prefix.data() + r * (nx + 1);
    const T* in = cell_values.data() + r * nx;
    prefix[0] = T{0};
    for (std::size_t c = 0; c < nx; ++c) {
      prefix[c + 1] = prefix[c] + in[c];
    }
  }
  std::vector<T>& sums = out;
  sums.assign(nx * ny, T{0});
  for (std::size_t r = 0; r < ny; ++r) {
    T* row_out = sums.data() + r * nx;
    const std::size_t r_lo = r > reach ? r - reach : 0;
    const std::size_t r_hi = std::min(r + reach, ny - 1);
    for (std::size_t rr = r_lo; rr <= r_hi; ++rr) {
      const std::size_t k = half_width[rr > r ? rr - r : r - rr];
      const T* prefix = row_prefix.data() + rr * (nx + 1);
      for (std::size_t c = 0; c < nx; ++c) {
        row_out[c] += prefix[std::min(c + k + 1, nx)] - prefix[c > k ? c - k : 0];
      }
    }
  }
}

template <typename T>
void window_sums(std::span<const T> cell_values, const geo::Grid& grid, const GiStarOptions& options,
                 std::vector<T>& out, std::vector<T>& scratch) {
  if (options.shape == BandShape::kSquare) {
    square_window_sums(cell_values, grid.nx(), grid.ny(),
                       static_cast<std::size_t>(std::floor(options.band_cells + 1e-9)), out, scratch);
  } else {
    disc_window_sums(cell_values, grid.nx(), grid.ny(), options.band_cells, out, scratch);
  }
}

}  // namespace

double two_sided_p(double z) noexcept { return std::erfc(std::abs(z) / std::numbers::sqrt2); }

GiStarLayers::GiStarLayers(const geo::Grid& grid, std::span<const std::uint8_t> in_study_area,
                           const GiStarOptions& options)
    : grid_(grid), options_(options) {
  const std::size_t cells = grid.cell_count();
  if (!in_study_area.empty() && in_study_area.size() != cells) {
    throw UsageError(
        fmt::format("Gi*: study-area mask of {} flags for a grid of {} cells", in_study_area.size(), cells));
  }
  if (!(options.band_cells >= 1.0) || !std::isfinite(options.band_cells) ||
      options.band_cells > static_cast<double>(std::max(grid.nx(), grid.ny()))) {
    throw UsageError(fmt::format(
        "Gi*: distance band must be between 1 cell and the grid's size, got {} cells", options.band_cells));
  }
  member_.assign(cells, 0);
  for (std::size_t cell = 0; cell < cells; ++cell) {
    if (in_study_area.empty() || in_study_area[cell] != 0) {
      member_[cell] = 1;
      ++n_;
    }
  }
  std::vector<std::int32_t> scratch;
  window_sums<std::int32_t>(member_, grid, options, neighbours_, scratch);
}

GiStarResult GiStarLayers::compute(std::span<const double> values, bool with_p) const {
  GiStarWorkspace workspace;
  GiStarResult result;
  compute(values, with_p, workspace, result);
  return result;
}

void GiStarLayers::compute(std::span<const double> values, bool with_p, GiStarWorkspace& workspace,
                           GiStarResult& result) const {
  const std::size_t cells = grid_.cell_count();
  if (values.size() != cells) {
    throw UsageError(fmt::format("Gi*: {} values for a grid of {} cells", values.size(), cells));
  }
  double sum = 0.0;
  for (std::size_t cell = 0; cell < cells; ++cell) {
    if (member_[cell] != 0) {
      if (!std::isfinite(values[cell])) {
        throw UsageError(fmt::format("Gi*: value of cell {} is {}; values in the study area must be finite",
                                     cell, values[cell]));
      }
      sum += values[cell];
    }
  }
  result.n = n_;
  if (result.n < 2) {
    throw UsageError(fmt::format("Gi*: the study area has {} cells; it needs at least two", result.n));
  }
  const auto n = static_cast<double>(result.n);
  result.mean = sum / n;

  // Centred values: the window sum of (x − x̄) is the numerator Σ w x − x̄ W directly, without the
  // cancellation of two large terms.
  auto& centred = workspace.centred;
  centred.assign(cells, 0.0);
  double sum_sq = 0.0;
  for (std::size_t cell = 0; cell < cells; ++cell) {
    if (member_[cell] != 0) {
      centred[cell] = values[cell] - result.mean;
      sum_sq += centred[cell] * centred[cell];
    }
  }
  result.sd = std::sqrt(sum_sq / n);

  auto& numerator = workspace.numerator;
  window_sums<double>(centred, grid_, options_, numerator, workspace.scratch);

  constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
  result.z.assign(cells, kNaN);
  if (with_p) {
    result.p.assign(cells, kNaN);
  } else {
    result.p.clear();
  }
  for (std::size_t cell = 0; cell < cells; ++cell) {
    if (member_[cell] == 0) {
      continue;
    }
    const auto w = static_cast<double>(neighbours_[cell]);
    const double spread = n * w - w * w;
    if (result.sd > 0.0 && spread > 0.0) {
      const double z = numerator[cell] / (result.sd * std::sqrt(spread / (n - 1.0)));
      result.z[cell] = z;
      if (with_p) result.p[cell] = two_sided_p(z);
    }
  }
}

GiStarResult gi_star(const geo::Grid& grid, std::span<const double> values,
                     std::span<const std::uint8_t> in_study_area, const GiStarOptions& options) {
  const std::size_t cells = grid.cell_count();
  if (values.size() != cells) {
    throw UsageError(fmt::format("Gi*: {} values for a grid of {} cells", values.size(), cells));
  }
  return GiStarLayers(grid, in_study_area, options).compute(values);
}

}  // namespace grip::hotspot

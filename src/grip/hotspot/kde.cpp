#include "grip/hotspot/kde.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <numbers>

#include "grip/core/errors.hpp"

namespace grip::hotspot {
namespace {

struct WeightedPoint {
  double x;
  double y;
  double weight;
};

void check_bandwidth(double bandwidth_m) {
  if (!(bandwidth_m > 0.0) || !std::isfinite(bandwidth_m)) {
    throw UsageError(
        fmt::format("kernel bandwidth must be a positive number of metres, got {}", bandwidth_m));
  }
}

// Distance beyond which the kernel is zero.
double support_radius(KernelShape kernel, double bandwidth_m) {
  return kernel == KernelShape::kQuartic ? bandwidth_m : kGaussianTruncation * bandwidth_m;
}

// Police data snap incidents to a few thousand street points, so merging identical locations
// first usually divides the work several times over; sorting also walks the grid in order.
std::vector<WeightedPoint> merge_identical_locations(std::span<const double> xs, std::span<const double> ys,
                                                     std::span<const double> weights) {
  std::vector<WeightedPoint> points;
  points.reserve(xs.size());
  for (std::size_t i = 0; i < xs.size(); ++i) {
    const double weight = weights.empty() ? 1.0 : weights[i];
    if (weight > 0.0 && std::isfinite(xs[i]) && std::isfinite(ys[i])) {
      points.push_back({xs[i], ys[i], weight});
    }
  }
  std::sort(points.begin(), points.end(), [](const WeightedPoint& a, const WeightedPoint& b) {
    return a.y < b.y || (a.y == b.y && a.x < b.x);
  });
  std::size_t kept = 0;
  for (std::size_t i = 0; i < points.size(); ++i) {
    if (kept > 0 && points[kept - 1].x == points[i].x && points[kept - 1].y == points[i].y) {
      points[kept - 1].weight += points[i].weight;
    } else {
      points[kept++] = points[i];
    }
  }
  points.resize(kept);
  return points;
}

// Adds weight·K(distance to each cell centre) for one point at its exact position. The kernel is
// evaluated over the bounding box of its support and is zero outside the disc.
class ExactSpreader {
 public:
  ExactSpreader(const geo::Grid& grid, KernelShape kernel, double bandwidth_m, std::vector<double>& density)
      : grid_(grid),
        kernel_(kernel),
        radius_cells_(support_radius(kernel, bandwidth_m) / grid.cell_size()),
        support_sq_(support_radius(kernel, bandwidth_m) * support_radius(kernel, bandwidth_m)),
        density_(density) {
    if (kernel == KernelShape::kQuartic) {
      scale_ = 3.0 / (std::numbers::pi * bandwidth_m * bandwidth_m);
      inv_sq_ = 1.0 / (bandwidth_m * bandwidth_m);
    } else {
      scale_ = 1.0 / (2.0 * std::numbers::pi * bandwidth_m * bandwidth_m);
      inv_sq_ = 1.0 / (2.0 * bandwidth_m * bandwidth_m);
    }
    const auto width = static_cast<std::size_t>(2.0 * radius_cells_) + 2;
    dx_sq_.resize(width);
    gx_.resize(width);
  }

  void spread(const WeightedPoint& point) {
    const double cs = grid_.cell_size();
    // Centre of column c sits at column coordinate c + 0.5.
    const double cx = grid_.col_coordinate(point.x) - 0.5;
    const double cy = grid_.row_coordinate(point.y) - 0.5;
    const double col_lo = std::max(0.0, std::ceil(cx - radius_cells_));
    const double col_hi = std::min(static_cast<double>(grid_.nx()) - 1.0, std::floor(cx + radius_cells_));
    const double row_lo = std::max(0.0, std::ceil(cy - radius_cells_));
    const double row_hi = std::min(static_cast<double>(grid_.ny()) - 1.0, std::floor(cy + radius_cells_));
    if (col_lo > col_hi || row_lo > row_hi) {
      return;  // support entirely off the grid
    }
    const auto c0 = static_cast<std::size_t>(col_lo);
    const auto r0 = static_cast<std::size_t>(row_lo);
    const std::size_t ncols = static_cast<std::size_t>(col_hi) - c0 + 1;
    const std::size_t nrows = static_cast<std::size_t>(row_hi) - r0 + 1;
    const double weighted_scale = point.weight * scale_;
    for (std::size_t k = 0; k < ncols; ++k) {
      const double dx = (static_cast<double>(c0 + k) - cx) * cs;
      dx_sq_[k] = dx * dx;
    }
    if (kernel_ == KernelShape::kQuartic) {
      for (std::size_t j = 0; j < nrows; ++j) {
        const double dy = (static_cast<double>(r0 + j) - cy) * cs;
        const double dy_sq = dy * dy;
        double* out = density_.data() + grid_.cell(c0, r0 + j);
        for (std::size_t k = 0; k < ncols; ++k) {
          const double v = std::max(0.0, 1.0 - (dx_sq_[k] + dy_sq) * inv_sq_);
          out[k] += weighted_scale * v * v;
        }
      }
    } else {
      // Separable: exp(−(dx² + dy²)/2σ²) = exp(−dx²/2σ²)·exp(−dy²/2σ²).
      for (std::size_t k = 0; k < ncols; ++k) {
        gx_[k] = std::exp(-dx_sq_[k] * inv_sq_);
      }
      for (std::size_t j = 0; j < nrows; ++j) {
        const double dy = (static_cast<double>(r0 + j) - cy) * cs;
        const double dy_sq = dy * dy;
        const double row_scale = weighted_scale * std::exp(-dy_sq * inv_sq_);
        double* out = density_.data() + grid_.cell(c0, r0 + j);
        for (std::size_t k = 0; k < ncols; ++k) {
          out[k] += (dx_sq_[k] + dy_sq < support_sq_) ? row_scale * gx_[k] : 0.0;
        }
      }
    }
  }

 private:
  const geo::Grid& grid_;
  KernelShape kernel_;
  double radius_cells_;
  double support_sq_;
  double scale_ = 0.0;
  double inv_sq_ = 0.0;
  std::vector<double>& density_;
  std::vector<double> dx_sq_;
  std::vector<double> gx_;
};

// Snaps points to cell centres, sums them per cell and spreads one precomputed stencil per
// occupied cell. Points just outside the grid still reach it through their (virtual) cell.
void spread_from_cell_centres(const geo::Grid& grid, KernelShape kernel, double bandwidth_m,
                              std::span<const double> xs, std::span<const double> ys,
                              std::span<const double> weights, std::vector<double>& density) {
  const double cs = grid.cell_size();
  const auto reach = static_cast<std::int64_t>(std::floor(support_radius(kernel, bandwidth_m) / cs));
  const std::int64_t width = 2 * reach + 1;
  std::vector<double> stencil(static_cast<std::size_t>(width * width));
  for (std::int64_t dj = -reach; dj <= reach; ++dj) {
    for (std::int64_t di = -reach; di <= reach; ++di) {
      const double distance = std::hypot(static_cast<double>(di), static_cast<double>(dj)) * cs;
      stencil[static_cast<std::size_t>((dj + reach) * width + (di + reach))] =
          kernel_value(kernel, bandwidth_m, distance);
    }
  }
  const auto nx = static_cast<std::int64_t>(grid.nx());
  const auto ny = static_cast<std::int64_t>(grid.ny());
  auto spread = [&](std::int64_t col, std::int64_t row, double weight) {
    const std::int64_t row_lo = std::max<std::int64_t>(0, row - reach);
    const std::int64_t row_hi = std::min<std::int64_t>(ny - 1, row + reach);
    const std::int64_t col_lo = std::max<std::int64_t>(0, col - reach);
    const std::int64_t col_hi = std::min<std::int64_t>(nx - 1, col + reach);
    for (std::int64_t r = row_lo; r <= row_hi; ++r) {
      const double* st = stencil.data() + (r - row + reach) * width + (col_lo - col + reach);
      double* out = density.data() + r * nx + col_lo;
      for (std::int64_t k = 0; k <= col_hi - col_lo; ++k) {
        out[k] += weight * st[k];
      }
    }
  };

  std::vector<double> per_cell(grid.cell_count(), 0.0);
  for (std::size_t i = 0; i < xs.size(); ++i) {
    const double weight = weights.empty() ? 1.0 : weights[i];
    if (weight == 0.0 || !std::isfinite(xs[i]) || !std::isfinite(ys[i])) {
      continue;
    }
    if (const auto cell = grid.cell_of(xs[i], ys[i])) {
      per_cell[*cell] += weight;
      continue;
    }
    const double col = std::floor(grid.col_coordinate(xs[i]));
    const double row = std::floor(grid.row_coordinate(ys[i]));
    const auto far = static_cast<double>(reach);
    if (col >= -far && col < static_cast<double>(nx) + far && row >= -far &&
        row < static_cast<double>(ny) + far) {
      spread(static_cast<std::int64_t>(col), static_cast<std::int64_t>(row), weight);
    }
  }
  for (std::size_t cell = 0; cell < per_cell.size(); ++cell) {
    if (per_cell[cell] != 0.0) {
      spread(static_cast<std::int64_t>(grid.col_of(cell)), static_cast<std::int64_t>(grid.row_of(cell)),
             per_cell[cell]);
    }
  }
}

}  // namespace

double kernel_value(KernelShape kernel, double bandwidth_m, double distance_m) {
  check_bandwidth(bandwidth_m);
  const double h_sq = bandwidth_m * bandwidth_m;
  const double d_sq = distance_m * distance_m;
  if (kernel == KernelShape::kQuartic) {
    if (d_sq >= h_sq) {
      return 0.0;
    }
    const double v = 1.0 - d_sq / h_sq;
    return 3.0 / (std::numbers::pi * h_sq) * v * v;
  }
  if (d_sq >= kGaussianTruncation * kGaussianTruncation * h_sq) {
    return 0.0;
  }
  return std::exp(-d_sq / (2.0 * h_sq)) / (2.0 * std::numbers::pi * h_sq);
}

KdeSurface kernel_density(const geo::Grid& grid, std::span<const double> xs, std::span<const double> ys,
                          std::span<const double> weights, const KdeOptions& options) {
  geo::check_weighted_points(xs, ys, weights, "kernel density");
  check_bandwidth(options.bandwidth_m);
  const double reach_cells = support_radius(options.kernel, options.bandwidth_m) / grid.cell_size();
  if (reach_cells > kMaxBandwidthCells) {
    throw UsageError(fmt::format("kernel bandwidth {} m reaches {} cells of {} m; the limit is {} cells",
                                 options.bandwidth_m, reach_cells, grid.cell_size(), kMaxBandwidthCells));
  }

  KdeSurface surface;
  surface.density.assign(grid.cell_count(), 0.0);
  for (std::size_t i = 0; i < xs.size(); ++i) {
    surface.total_weight += weights.empty() ? 1.0 : weights[i];
  }
  if (options.placement == KdePlacement::kExact) {
    ExactSpreader spreader(grid, options.kernel, options.bandwidth_m, surface.density);
    for (const WeightedPoint& point : merge_identical_locations(xs, ys, weights)) {
      spreader.spread(point);
    }
  } else {
    spread_from_cell_centres(grid, options.kernel, options.bandwidth_m, xs, ys, weights, surface.density);
  }
  double density_sum = 0.0;
  for (const double value : surface.density) {
    density_sum += value;
  }
  surface.weight_in_grid = density_sum * grid.cell_area();
  surface.edge_loss = surface.total_weight - surface.weight_in_grid;
  return surface;
}

BandwidthRule rule_of_thumb_bandwidth(std::span<const double> xs, std::span<const double> ys,
                                      std::span<const double> weights) {
  geo::check_weighted_points(xs, ys, weights, "bandwidth rule");
  // Two passes (mean, then squared deviations) to avoid the cancellation of Σx² − n·x̄² at
  // British National Grid magnitudes (x ≈ 4e5 m).
  double sum_w = 0.0;
  double sum_w_sq = 0.0;
  double mean_x = 0.0;
  double mean_y = 0.0;
  std::size_t positive = 0;
  for (std::size_t i = 0; i < xs.size(); ++i) {
    const double w = weights.empty() ? 1.0 : weights[i];
    if (w > 0.0 && std::isfinite(xs[i]) && std::isfinite(ys[i])) {
      sum_w += w;
      sum_w_sq += w * w;
      mean_x += w * xs[i];
      mean_y += w * ys[i];
      ++positive;
    }
  }
  if (positive < 2) {
    throw UsageError(
        fmt::format("bandwidth rule needs at least two points of positive weight, got {}", positive));
  }
  mean_x /= sum_w;
  mean_y /= sum_w;
  double var_x = 0.0;
  double var_y = 0.0;
  for (std::size_t i = 0; i < xs.size(); ++i) {
    const double w = weights.empty() ? 1.0 : weights[i];
    if (w > 0.0 && std::isfinite(xs[i]) && std::isfinite(ys[i])) {
      var_x += w * (xs[i] - mean_x) * (xs[i] - mean_x);
      var_y += w * (ys[i] - mean_y) * (ys[i] - mean_y);
    }
  }
  var_x /= sum_w;
  var_y /= sum_w;
  BandwidthRule rule;
  rule.standard_distance_m = std::sqrt((var_x + var_y) / 2.0);
  if (!(rule.standard_distance_m > 0.0)) {
    throw UsageError(
        "bandwidth rule: every point is at the same location, so there is no spread to scale by");
  }
  rule.effective_n = sum_w * sum_w / sum_w_sq;
  rule.gaussian_sigma_m = rule.standard_distance_m * std::pow(rule.effective_n, -1.0 / 6.0);
  rule.quartic_radius_m = kQuarticPerGaussianBandwidth * rule.gaussian_sigma_m;
  return rule;
}

}  // namespace grip::hotspot

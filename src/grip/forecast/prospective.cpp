#include "grip/forecast/prospective.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string>

#include "grip/core/errors.hpp"

namespace grip::forecast {
namespace {

constexpr double kDaysPerWeek = 7.0;
constexpr double kDistanceSlack = 1e-9;  // a cell exactly at the bandwidth is inside

// (2R+1)² weights 1/(1+d), zero beyond the bandwidth, row-major with (R, R) the event's own cell.
std::vector<double> distance_stencil(std::int64_t radius, double bandwidth_cells, CellDistance metric) {
  const std::int64_t side = 2 * radius + 1;
  std::vector<double> stencil(static_cast<std::size_t>(side * side), 0.0);
  for (std::int64_t dr = -radius; dr <= radius; ++dr) {
    for (std::int64_t dc = -radius; dc <= radius; ++dc) {
      const double fr = static_cast<double>(dr);
      const double fc = static_cast<double>(dc);
      const double d = metric == CellDistance::kEuclidean ? std::sqrt(fr * fr + fc * fc)
                                                          : std::max(std::abs(fr), std::abs(fc));
      if (d <= bandwidth_cells * (1.0 + kDistanceSlack)) {
        stencil[static_cast<std::size_t>((dr + radius) * side + (dc + radius))] = 1.0 / (1.0 + d);
      }
    }
  }
  return stencil;
}

}  // namespace

ProspectiveSurface prospective_risk(const geo::Grid& grid, std::span<const Event> events, double now_days,
                                    const ProspectiveOptions& options, std::span<const double> weights) {
  check_events(events, "prospective_risk");
  if (!std::isfinite(now_days))
    throw UsageError("prospective_risk: now_days is not finite (" + fmt::format("{}", now_days) + ")");
  if (!std::isfinite(options.distance_bandwidth_m) || options.distance_bandwidth_m <= 0.0) {
    throw UsageError("prospective_risk: distance bandwidth must be positive and finite, got " +
                     fmt::format("{}", options.distance_bandwidth_m) + " m");
  }
  if (!std::isfinite(options.time_bandwidth_days) || options.time_bandwidth_days <= 0.0) {
    throw UsageError("prospective_risk: time bandwidth must be positive and finite, got " +
                     fmt::format("{}", options.time_bandwidth_days) + " days");
  }
  if (!weights.empty() && weights.size() != events.size()) {
    throw UsageError("prospective_risk: " + fmt::format("{}", events.size()) + " events but " +
                     fmt::format("{}", weights.size()) + " weights");
  }
  for (std::size_t i = 0; i < weights.size(); ++i) {
    if (!std::isfinite(weights[i]) || weights[i] < 0.0) {
      throw UsageError("prospective_risk: weight[" + fmt::format("{}", i) +
                       "] = " + fmt::format("{}", weights[i]) + " must be finite and >= 0");
    }
  }
  const double bandwidth_cells = options.distance_bandwidth_m / grid.cell_size();
  if (bandwidth_cells > kMaxProspectiveRadiusCells) {
    throw UsageError("prospective_risk: a " + fmt::format("{}", options.distance_bandwidth_m) +
                     " m bandwidth spans " + fmt::format("{}", bandwidth_cells) + " cells of " +
                     fmt::format("{}", grid.cell_size()) + " m, more than " +
                     fmt::format("{}", kMaxProspectiveRadiusCells));
  }
  const auto radius = static_cast<std::int64_t>(std::floor(bandwidth_cells * (1.0 + kDistanceSlack)));
  const std::int64_t side = 2 * radius + 1;
  const std::vector<double> stencil = distance_stencil(radius, bandwidth_cells, options.distance);

  ProspectiveSurface surface;
  surface.risk.assign(grid.cell_count(), 0.0);
  const auto nx = static_cast<std::int64_t>(grid.nx());
  const auto ny = static_cast<std::int64_t>(grid.ny());
  for (std::size_t i = 0; i < events.size(); ++i) {
    const Event& e = events[i];
    const double age = now_days - e.t;
    if (age < 0.0) {
      ++surface.events_in_future;
      continue;
    }
    if (age >= options.time_bandwidth_days) {
      ++surface.events_too_old;
      continue;
    }
    ++surface.events_used;
    const double weeks = options.whole_weeks ? std::floor(age / kDaysPerWeek) : age / kDaysPerWeek;
    const double scale = (weights.empty() ? 1.0 : weights[i]) / (1.0 + weeks);
    const double col_real = std::floor(grid.col_coordinate(e.x));
    const double row_real = std::floor(grid.row_coordinate(e.y));
    const auto reach = static_cast<double>(radius);
    // Far outside the grid: nothing to add (and the cast below stays in range).
    if (col_real < -reach - 1.0 || col_real > static_cast<double>(nx) + reach || row_real < -reach - 1.0 ||
        row_real > static_cast<double>(ny) + reach) {
      continue;
    }
    const auto col = static_cast<std::int64_t>(col_real);
    const auto row = static_cast<std::int64_t>(row_real);
    const std::int64_t c0 = std::max<std::int64_t>(col - radius, 0);
    const std::int64_t c1 = std::min<std::int64_t>(col + radius, nx - 1);
    const std::int64_t r0 = std::max<std::int64_t>(row - radius, 0);
    const std::int64_t r1 = std::min<std::int64_t>(row + radius, ny - 1);
    for (std::int64_t r = r0; r <= r1; ++r) {
      const double* weights_row = stencil.data() + (r - row + radius) * side + (c0 - col + radius);
      double* out = surface.risk.data() + r * nx + c0;
      for (std::int64_t k = 0; k <= c1 - c0; ++k) out[k] += scale * weights_row[k];
    }
  }
  return surface;
}

}  // namespace grip::forecast

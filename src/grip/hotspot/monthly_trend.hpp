// The monthly side of a hotspot run: Gi* of each month's weights over the study area, its hot and
// cold bins, and for every cell hot in some month (bin ≥ kEmergingMinBin) the Mann–Kendall test on
// its monthly z series and its emerging category (emerging.hpp). Months are independent, so they
// run on up to `threads` threads; the result does not depend on the thread count: each month's
// weights are summed in incident order and its Gi* is computed whole by one thread.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "grip/geo/grid.hpp"
#include "grip/hotspot/fdr.hpp"
#include "grip/hotspot/hotspot_run.hpp"

namespace grip::hotspot {

struct MonthlyIncidents {
  std::span<const std::size_t> cell;     // per incident; grid.cell_count() = not in the study area
  std::span<const std::uint16_t> month;  // per incident, 0 = first month
  std::span<const double> weight;        // per incident
  std::size_t months = 0;                // at least 2
};

struct MonthlyTrends {
  std::vector<EmergingCategory> category;  // per cell
  std::vector<double> trend_z, trend_p;    // per cell; NaN where never hot or undefined
};

// Throws grip::UsageError as gi_star does.
[[nodiscard]] MonthlyTrends monthly_trends(const geo::Grid& grid, std::span<const std::uint8_t> in_study_area,
                                           const MonthlyIncidents& incidents, PAdjust correction,
                                           unsigned threads);

// Bytes per cell that each monthly thread holds, beyond the series kept for all months: its
// weights 8, Gi* work arrays (centred values, window sums, prefixes) 24, z 8 and bins 1.
inline constexpr double kMonthlyThreadBytesPerCell = 8 + 24 + 8 + 1;

// Threads for monthly_trends: the hardware's, at most four, and fewer when the memory left
// beyond `committed_bytes` (the run's own estimate, which covers one thread) cannot hold another.
[[nodiscard]] unsigned monthly_trend_threads(std::size_t cells, std::size_t months, double committed_bytes);

}  // namespace grip::hotspot

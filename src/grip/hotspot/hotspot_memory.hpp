// What a hotspot run holds per grid cell at its peak, for the memory check made once the grid is
// known (core/memory_budget.hpp): a run that cannot fit stops with advice before allocating, not
// with std::bad_alloc minutes later. Counted from the code, rounded up rather than down.
#pragma once

#include <cstddef>

namespace grip::hotspot {

[[nodiscard]] constexpr double hotspot_bytes_per_cell(std::size_t months) noexcept {
  // CellMeasures (hotspot_run.hpp), kept to the end: ten double vectors (incidents, harm,
  // ranking_harm, weight, kde_density, gi_z, gi_p, gi_p_adjusted, trend_z, trend_p) = 80;
  // in_study_area, gi_bin, trend_category 1 each; candidate_of_cell 4.
  constexpr double cell_measures = 80 + 3 + 4;
  // Alive beside them in run_hotspots: district_of_cell 4; the KDE surface's own density 8 and its
  // per-cell accumulator 8; the whole-period Gi* result (z, p) 16 and, while it runs, its centred
  // values, members and window sums with their prefix arrays (about 48); the p-value adjustment's
  // order and copy 16; the monthly series' study-area counts 8 and its first thread's arrays
  // (monthly_trend.hpp: weights, Gi* work, z and bins, 41). Further monthly threads run only where
  // the memory left holds them (monthly_trend_threads).
  constexpr double pipeline = 4 + 16 + 16 + 48 + 16 + 8 + 41;
  // The monthly Gi* series kept for the trend test: one bin (1) and one float z (4) per month.
  const double per_month = 5.0 * static_cast<double>(months);
  // A quarter more for vector copies made when results move into the run, and allocator slack.
  return 1.25 * (cell_measures + pipeline + per_month);
}

}  // namespace grip::hotspot

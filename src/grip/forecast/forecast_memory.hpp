// What a forecast or backtest holds per grid cell at its peak, for the memory check made once the
// grid is known (core/memory_budget.hpp). A generous estimate counted from forecast_data.hpp and
// the models: the models work on dense per-study-cell vectors, a few per window of history.
#pragma once

#include <cstddef>

namespace grip::forecast {

[[nodiscard]] constexpr double forecast_bytes_per_cell(std::size_t windows) noexcept {
  // Per grid cell: study_index 4, the study grid's in_study_area 1 and district 4, the KDE
  // model's density and the GLM's neighbourhood box sums (rows, out, recent: 8 each) = 41.
  constexpr double grid = 4 + 1 + 4 + 8 * 4;
  // Per study cell: study_cells 4; each of up to eight models' expected counts, probabilities and
  // harm (3 × 8 × 8 = 192); the GLM's lag features (about 8 × 8) and the backtest's outcome and
  // calibrated and raw probabilities (24).
  constexpr double models = 4 + 192 + 64 + 24;
  // Dense counts summed over the history, and the pooled GLM training rows: a double per window.
  const double per_window = 8.0 * static_cast<double>(windows);
  return 1.25 * (grid + models + per_window);
}

// What one more model running beside the others holds per study cell (the backtest runs up to four
// at once): a GLM's dense counts of the target and five type groups per window it reads, its lag
// features and pooled rows (about a window's worth more), and its forecast's three vectors.
[[nodiscard]] constexpr double forecast_model_bytes_per_cell(std::size_t windows) noexcept {
  return 1.25 * (8.0 * 7.0 * static_cast<double>(windows) + 8.0 * 16 + 3 * 8.0);
}

}  // namespace grip::forecast

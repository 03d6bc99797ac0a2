// Baseline forecasts from each cell's past counts, the yardsticks a model must beat: naive (the
// last window's count), moving average of the last k windows, and an exponentially weighted
// average s_1 = x_1, s_w = α x_w + (1 − α) s_{w−1} (Brown 1956), each read as the expected count
// λ for the next window; with Poisson counts P(at least one) = 1 − e^{−λ}.
#pragma once

#include <cstddef>
#include <span>
#include <vector>

namespace grip::forecast {

// A cells × windows matrix of counts, row-major by cell: counts[cell * windows + window], window 0
// the oldest. Counts must be finite and ≥ 0 (they may be harm-weighted).
struct CellSeries {
  std::span<const double> counts;
  std::size_t cells = 0;
  std::size_t windows = 0;
};

// Each throws grip::UsageError when counts.size() != cells · windows, windows is 0, a count is
// negative or not finite, or the parameter is out of range.
[[nodiscard]] std::vector<double> naive_forecast(const CellSeries& series);
// k in [1, windows].
[[nodiscard]] std::vector<double> moving_average_forecast(const CellSeries& series, std::size_t k);
// alpha in (0, 1].
[[nodiscard]] std::vector<double> exponential_forecast(const CellSeries& series, double alpha);

// 1 − e^{−λ} for each expected count (λ finite and ≥ 0, else grip::UsageError).
[[nodiscard]] std::vector<double> probability_at_least_one(std::span<const double> expected_counts);

}  // namespace grip::forecast

#include "grip/forecast/baselines.hpp"

#include <fmt/format.h>

#include <cmath>
#include <string>

#include "grip/core/errors.hpp"

namespace grip::forecast {
namespace {

void check_series(const CellSeries& series) {
  if (series.windows == 0) throw UsageError("cell series has no windows");
  if (series.counts.size() != series.cells * series.windows) {
    throw UsageError("cell series holds " + fmt::format("{}", series.counts.size()) + " counts but " +
                     fmt::format("{}", series.cells) + " cells x " + fmt::format("{}", series.windows) +
                     " windows need " + fmt::format("{}", series.cells * series.windows));
  }
  for (std::size_t i = 0; i < series.counts.size(); ++i) {
    if (!std::isfinite(series.counts[i]) || series.counts[i] < 0.0) {
      throw UsageError("cell series: count for cell " + fmt::format("{}", i / series.windows) + ", window " +
                       fmt::format("{}", i % series.windows) + " must be finite and >= 0, got " +
                       fmt::format("{}", series.counts[i]));
    }
  }
}

}  // namespace

std::vector<double> naive_forecast(const CellSeries& series) { return moving_average_forecast(series, 1); }

std::vector<double> moving_average_forecast(const CellSeries& series, std::size_t k) {
  check_series(series);
  if (k == 0 || k > series.windows) {
    throw UsageError("moving average needs k in [1, " + fmt::format("{}", series.windows) + "], got " +
                     fmt::format("{}", k));
  }
  std::vector<double> expected(series.cells);
  for (std::size_t c = 0; c < series.cells; ++c) {
    const double* row = series.counts.data() + c * series.windows;
    double sum = 0.0;
    for (std::size_t w = series.windows - k; w < series.windows; ++w) sum += row[w];
    expected[c] = sum / static_cast<double>(k);
  }
  return expected;
}

std::vector<double> exponential_forecast(const CellSeries& series, double alpha) {
  check_series(series);
  if (!std::isfinite(alpha) || alpha <= 0.0 || alpha > 1.0) {
    throw UsageError("exponential smoothing needs alpha in (0, 1], got " + fmt::format("{}", alpha));
  }
  std::vector<double> expected(series.cells);
  for (std::size_t c = 0; c < series.cells; ++c) {
    const double* row = series.counts.data() + c * series.windows;
    double level = row[0];
    for (std::size_t w = 1; w < series.windows; ++w) level = alpha * row[w] + (1.0 - alpha) * level;
    expected[c] = level;
  }
  return expected;
}

std::vector<double> probability_at_least_one(std::span<const double> expected_counts) {
  std::vector<double> p(expected_counts.size());
  for (std::size_t i = 0; i < expected_counts.size(); ++i) {
    const double lambda = expected_counts[i];
    if (!std::isfinite(lambda) || lambda < 0.0) {
      throw UsageError("expected count[" + fmt::format("{}", i) + "] must be finite and >= 0, got " +
                       fmt::format("{}", lambda));
    }
    p[i] = -std::expm1(-lambda);
  }
  return p;
}

}  // namespace grip::forecast

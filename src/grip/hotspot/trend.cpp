#include "grip/hotspot/trend.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "grip/core/errors.hpp"
#include "grip/hotspot/gistar.hpp"

namespace grip::hotspot {

MannKendall mann_kendall(std::span<const double> series) {
  const std::size_t n = series.size();
  if (n < 3) {
    throw UsageError(fmt::format("Mann-Kendall needs at least three values, got {}", n));
  }
  for (std::size_t i = 0; i < n; ++i) {
    if (!std::isfinite(series[i])) {
      throw UsageError(fmt::format("Mann-Kendall: value {} of the series is {}", i, series[i]));
    }
  }
  // S counts concordant minus discordant pairs; O(n²) is right for monthly series of tens of values.
  long long s = 0;
  for (std::size_t i = 0; i + 1 < n; ++i) {
    for (std::size_t j = i + 1; j < n; ++j) {
      s += (series[j] > series[i]) - (series[j] < series[i]);
    }
  }
  std::vector<double> sorted(series.begin(), series.end());
  std::sort(sorted.begin(), sorted.end());
  double ties = 0.0;
  for (std::size_t i = 0; i < n;) {
    std::size_t j = i;
    while (j < n && sorted[j] == sorted[i]) {
      ++j;
    }
    const auto t = static_cast<double>(j - i);
    ties += t * (t - 1.0) * (2.0 * t + 5.0);
    i = j;
  }
  const auto n_d = static_cast<double>(n);
  MannKendall result;
  result.s = static_cast<double>(s);
  result.variance = (n_d * (n_d - 1.0) * (2.0 * n_d + 5.0) - ties) / 18.0;
  if (result.variance > 0.0 && s != 0) {
    const double corrected = s > 0 ? result.s - 1.0 : result.s + 1.0;
    result.z = corrected / std::sqrt(result.variance);
    result.p = two_sided_p(result.z);
  }
  return result;
}

std::vector<MannKendall> mann_kendall_each(std::span<const double> values, std::size_t periods) {
  if (periods == 0 || values.size() % periods != 0) {
    throw UsageError(fmt::format("Mann-Kendall: {} values do not split into series of {} periods",
                                 values.size(), periods));
  }
  std::vector<MannKendall> results;
  results.reserve(values.size() / periods);
  constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
  for (std::size_t start = 0; start < values.size(); start += periods) {
    const auto series = values.subspan(start, periods);
    // A cell outside the study area has NaN Gi* in every period; its trend is undefined, not an error.
    if (std::any_of(series.begin(), series.end(), [](double value) { return std::isnan(value); })) {
      results.push_back({kNaN, kNaN, kNaN, kNaN});
    } else {
      results.push_back(mann_kendall(series));
    }
  }
  return results;
}

}  // namespace grip::hotspot

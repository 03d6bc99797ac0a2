#include "grip/forecast/level.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <vector>

#include "grip/core/errors.hpp"

namespace grip::forecast {
namespace {

int year_of(double days) {
  const std::chrono::sys_days day{std::chrono::days{static_cast<long>(std::floor(days))}};
  return static_cast<int>(std::chrono::year_month_day{day}.year());
}

}  // namespace

std::string SeasonalIndex::describe() const {
  if (years == 0) return "no seasonal index: no earlier year in the data";
  if (first_year == last_year) return fmt::format("seasonal index {:.3f} from {}", index, first_year);
  return fmt::format("seasonal index {:.3f} from {}-{}", index, first_year, last_year);
}

SeasonalIndex seasonal_index(std::span<const double> window_start, std::span<const double> window_length,
                             std::span<const double> window_count, double target_start, double target_length,
                             std::span<const std::size_t> calibration_windows) {
  const std::size_t n = window_start.size();
  if (window_length.size() != n || window_count.size() != n) {
    throw UsageError(fmt::format("seasonal index: {} window starts, {} lengths and {} counts", n,
                                 window_length.size(), window_count.size()));
  }
  for (const std::size_t w : calibration_windows) {
    if (w >= n) throw UsageError(fmt::format("seasonal index: calibration window {} of {} windows", w, n));
  }
  SeasonalIndex result;
  if (n == 0 || calibration_windows.empty()) return result;
  std::vector<double> middle(n);
  for (std::size_t w = 0; w < n; ++w) middle[w] = window_start[w] + window_length[w] / 2.0;
  // Σ count and windows whose midpoint lies in [from, to): midpoints ascend with the starts.
  const auto sum_in = [&](double from, double to, double& count, double& windows) {
    const auto begin = std::lower_bound(middle.begin(), middle.end(), from);
    const auto end = std::lower_bound(begin, middle.end(), to);
    for (auto it = begin; it != end; ++it) {
      count += window_count[static_cast<std::size_t>(it - middle.begin())];
      windows += 1.0;
    }
  };
  const double target_span = std::max(kSeasonTargetSpanDays, target_length);
  double earliest = window_start[calibration_windows.front()];
  for (const std::size_t w : calibration_windows) earliest = std::min(earliest, window_start[w]);
  double target_count = 0.0, target_windows = 0.0, calibration_count = 0.0, calibration_windows_seen = 0.0;
  for (int year = 1;; ++year) {
    const double shift = kSeasonYearDays * year;
    if (std::min(earliest, target_start) - shift < window_start.front()) break;  // not covered
    double t_count = 0.0, t_windows = 0.0, c_count = 0.0, c_windows = 0.0;
    sum_in(target_start - shift, target_start + target_span - shift, t_count, t_windows);
    for (const std::size_t w : calibration_windows)
      sum_in(window_start[w] - shift, window_start[w] + window_length[w] - shift, c_count, c_windows);
    if (t_windows == 0.0 || c_windows == 0.0) continue;  // a gap in the data that year
    target_count += t_count, target_windows += t_windows;
    calibration_count += c_count, calibration_windows_seen += c_windows;
    const int y = year_of(target_start - shift);
    result.first_year = result.years == 0 ? y : std::min(result.first_year, y);
    result.last_year = std::max(result.last_year, y);
    ++result.years;
  }
  if (result.years == 0 || calibration_count <= 0.0 || target_count <= 0.0) {
    result = SeasonalIndex{};
    return result;
  }
  result.index = (target_count / target_windows) / (calibration_count / calibration_windows_seen);
  return result;
}

SeasonalIndex seasonal_index(const History& history, std::span<const std::size_t> calibration_windows) {
  const std::size_t n = history.origin();
  std::vector<double> start(n), length(n), count(n, 0.0);
  for (std::size_t w = 0; w < n; ++w) {
    const auto& info = history.window(w);
    start[w] = info.start_days, length[w] = info.length_days;
    for (const auto& event : history.window_events(w)) count[w] += event.target ? 1.0 : 0.0;
  }
  const auto& target = history.target_window();
  return seasonal_index(start, length, count, target.start_days, target.length_days, calibration_windows);
}

}  // namespace grip::forecast

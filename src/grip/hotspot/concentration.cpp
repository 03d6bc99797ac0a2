#include "grip/hotspot/concentration.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <vector>

#include "grip/core/errors.hpp"

namespace grip::hotspot {
namespace {

// The values sorted descending, after checking them.
std::vector<double> sorted_descending(std::span<const double> values, const char* what) {
  if (values.empty()) {
    throw UsageError(fmt::format("{}: no units given", what));
  }
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (!(values[i] >= 0.0) || !std::isfinite(values[i])) {
      throw UsageError(
          fmt::format("{}: value of unit {} is {}; values must be finite and >= 0", what, i, values[i]));
    }
  }
  std::vector<double> sorted(values.begin(), values.end());
  std::sort(sorted.begin(), sorted.end(), std::greater<>());
  return sorted;
}

double total_of(const std::vector<double>& sorted) {
  double total = 0.0;
  for (const double value : sorted) {
    total += value;
  }
  return total;
}

double share_of_sorted(const std::vector<double>& sorted, double total, double fraction) {
  if (!(fraction > 0.0 && fraction <= 1.0)) {
    throw UsageError(fmt::format("concentration: fraction of units must be in (0, 1], got {}", fraction));
  }
  if (total == 0.0) {
    return std::numeric_limits<double>::quiet_NaN();
  }
  const double units = fraction * static_cast<double>(sorted.size());
  const auto whole = std::min(static_cast<std::size_t>(std::floor(units)), sorted.size());
  double held = 0.0;
  for (std::size_t i = 0; i < whole; ++i) {
    held += sorted[i];
  }
  if (whole < sorted.size()) {
    held += (units - static_cast<double>(whole)) * sorted[whole];
  }
  return held / total;
}

double gini_of_sorted(const std::vector<double>& sorted, double total) {
  if (total == 0.0) {
    return std::numeric_limits<double>::quiet_NaN();
  }
  // sorted is descending: the unit of ascending rank i (1-based) sits at position n − i.
  const auto n = static_cast<double>(sorted.size());
  double weighted = 0.0;
  for (std::size_t k = 0; k < sorted.size(); ++k) {
    const double rank = n - static_cast<double>(k);
    weighted += (2.0 * rank - n - 1.0) * sorted[k];
  }
  return weighted / (n * total);
}

}  // namespace

double share_in_top(std::span<const double> values, double fraction) {
  const std::vector<double> sorted = sorted_descending(values, "share in top");
  return share_of_sorted(sorted, total_of(sorted), fraction);
}

double gini(std::span<const double> values) {
  const std::vector<double> sorted = sorted_descending(values, "Gini");
  return gini_of_sorted(sorted, total_of(sorted));
}

Concentration concentration(std::span<const double> values) {
  const std::vector<double> sorted = sorted_descending(values, "concentration");
  Concentration result;
  result.units = sorted.size();
  result.total = total_of(sorted);
  result.top_1_percent = share_of_sorted(sorted, result.total, 0.01);
  result.top_5_percent = share_of_sorted(sorted, result.total, 0.05);
  result.top_10_percent = share_of_sorted(sorted, result.total, 0.10);
  result.gini = gini_of_sorted(sorted, result.total);
  return result;
}

}  // namespace grip::hotspot

#include "grip/hotspot/fdr.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <thread>
#include <utility>

#include "grip/core/errors.hpp"
#include "grip/hotspot/gistar.hpp"

namespace grip::hotspot {
namespace {

using RankedP = std::pair<double, std::size_t>;  // p-value, cell

// Checks every p-value and returns m, the number that are not NaN.
std::size_t count_tests(std::span<const double> p) {
  std::size_t m = 0;
  for (std::size_t i = 0; i < p.size(); ++i) {
    if (std::isnan(p[i])) {
      continue;
    }
    if (!(p[i] >= 0.0 && p[i] <= 1.0)) {
      throw UsageError(fmt::format("p-value {} at position {} is outside [0, 1]", p[i], i));
    }
    ++m;
  }
  return m;
}

// Ascending by p, ties by position. A national grid ranks 15 M cells, so a large ranking is sorted
// in two halves on two threads and merged: the same order, since no two entries compare equal.
void sort_ranking(std::vector<RankedP>& ranked) {
  constexpr std::size_t kParallelFrom = 1 << 20;
  if (ranked.size() < kParallelFrom || std::thread::hardware_concurrency() < 2) {
    std::sort(ranked.begin(), ranked.end());
    return;
  }
  const auto middle = ranked.begin() + static_cast<std::ptrdiff_t>(ranked.size() / 2);
  {
    std::jthread first_half([&] { std::sort(ranked.begin(), middle); });
    std::sort(middle, ranked.end());
  }
  std::inplace_merge(ranked.begin(), middle, ranked.end());
}

// The p-values ≤ ceiling, ascending (ties by position, so results are reproducible).
std::vector<RankedP> sorted_up_to(std::span<const double> p, double ceiling) {
  std::vector<RankedP> ranked;
  for (std::size_t i = 0; i < p.size(); ++i) {
    if (p[i] <= ceiling) {  // false for NaN
      ranked.emplace_back(p[i], i);
    }
  }
  sort_ranking(ranked);
  return ranked;
}

// How many of the smallest p-values are rejected at alpha; ranked holds (at least) every p ≤ alpha.
std::size_t rejected_count(const std::vector<RankedP>& ranked, std::size_t m, double alpha, PAdjust method) {
  const auto m_d = static_cast<double>(m);
  switch (method) {
    case PAdjust::kBenjaminiHochberg: {
      std::size_t k = 0;
      for (std::size_t i = 0; i < ranked.size(); ++i) {
        if (ranked[i].first <= static_cast<double>(i + 1) * alpha / m_d) {
          k = i + 1;
        }
      }
      return k;
    }
    case PAdjust::kHolm: {
      std::size_t k = 0;
      while (k < ranked.size() && ranked[k].first <= alpha / (m_d - static_cast<double>(k))) {
        ++k;
      }
      return k;
    }
    case PAdjust::kNone: {
      std::size_t k = 0;
      while (k < ranked.size() && ranked[k].first <= alpha) {
        ++k;
      }
      return k;
    }
  }
  return 0;
}

// Bins from the ranking of every p ≤ 0.10 (ascending, ties by position) among m tests. Each level's
// rejections are a prefix of the ranking; a stricter level's prefix is shorter for every method
// here, so the widest level is written first and overwritten by stricter ones.
std::vector<std::int8_t> bins_from_ranking(std::span<const double> z, const std::vector<RankedP>& ranked,
                                           std::size_t m, PAdjust method) {
  std::vector<std::int8_t> bins(z.size(), 0);
  constexpr std::pair<double, std::int8_t> kLevels[] = {{0.10, 1}, {0.05, 2}, {0.01, 3}};
  for (const auto& [alpha, level] : kLevels) {
    const std::size_t k = rejected_count(ranked, m, alpha, method);
    for (std::size_t i = 0; i < k; ++i) {
      const std::size_t cell = ranked[i].second;
      bins[cell] = static_cast<std::int8_t>(z[cell] > 0.0 ? level : (z[cell] < 0.0 ? -level : 0));
    }
  }
  return bins;
}

void check_alpha(double alpha) {
  if (!(alpha > 0.0 && alpha < 1.0)) {
    throw UsageError(fmt::format("significance level alpha must be in (0, 1), got {}", alpha));
  }
}

}  // namespace

std::vector<double> adjust_p_values(std::span<const double> p, PAdjust method) {
  const std::size_t m = count_tests(p);
  std::vector<double> adjusted(p.begin(), p.end());
  if (method == PAdjust::kNone || m == 0) {
    return adjusted;
  }
  const std::vector<RankedP> ranked = sorted_up_to(p, 1.0);
  const auto m_d = static_cast<double>(m);
  if (method == PAdjust::kBenjaminiHochberg) {
    // p_(i) · m / i, made monotone from the largest down.
    double running_min = 1.0;
    for (std::size_t i = m; i-- > 0;) {
      running_min = std::min(running_min, ranked[i].first * m_d / static_cast<double>(i + 1));
      adjusted[ranked[i].second] = running_min;
    }
  } else {
    // (m − i + 1) · p_(i), made monotone from the smallest up.
    double running_max = 0.0;
    for (std::size_t i = 0; i < m; ++i) {
      running_max = std::max(running_max, std::min(1.0, (m_d - static_cast<double>(i)) * ranked[i].first));
      adjusted[ranked[i].second] = running_max;
    }
  }
  return adjusted;
}

std::vector<std::uint8_t> significant(std::span<const double> p, double alpha, PAdjust method) {
  check_alpha(alpha);
  const std::size_t m = count_tests(p);
  std::vector<std::uint8_t> flags(p.size(), 0);
  const std::vector<RankedP> ranked = sorted_up_to(p, alpha);
  const std::size_t k = rejected_count(ranked, m, alpha, method);
  for (std::size_t i = 0; i < k; ++i) {
    flags[ranked[i].second] = 1;
  }
  return flags;
}

std::vector<std::int8_t> gi_bins(std::span<const double> z, std::span<const double> p, PAdjust method) {
  if (z.size() != p.size()) {
    throw UsageError(fmt::format("Gi bins: {} z-scores but {} p-values", z.size(), p.size()));
  }
  const std::size_t m = count_tests(p);
  return bins_from_ranking(z, sorted_up_to(p, 0.10), m, method);
}

std::vector<std::int8_t> gi_bins_from_z(std::span<const double> z, PAdjust method) {
  std::size_t m = 0;
  std::vector<RankedP> ranked;
  for (std::size_t i = 0; i < z.size(); ++i) {
    if (std::isnan(z[i])) continue;
    ++m;
    if (std::abs(z[i]) <= kGiBinMinAbsZ) continue;  // p ≥ 0.1096: above every level
    const double p = two_sided_p(z[i]);
    if (p <= 0.10) ranked.emplace_back(p, i);
  }
  sort_ranking(ranked);
  return bins_from_ranking(z, ranked, m, method);
}

}  // namespace grip::hotspot

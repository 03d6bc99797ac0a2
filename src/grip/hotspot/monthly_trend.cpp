#include "grip/hotspot/monthly_trend.hpp"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <exception>
#include <limits>
#include <mutex>
#include <thread>

#include "grip/core/errors.hpp"
#include "grip/core/memory_budget.hpp"
#include "grip/hotspot/emerging.hpp"
#include "grip/hotspot/gistar.hpp"
#include "grip/hotspot/trend.hpp"

namespace grip::hotspot {
namespace {

// Incident indices grouped by month, each group in incident order (a stable counting sort), so a
// month's cell sums add the same values in the same order as a scan of all incidents would.
std::vector<std::vector<std::size_t>> incidents_by_month(const MonthlyIncidents& incidents,
                                                         std::size_t outside) {
  std::vector<std::size_t> counts(incidents.months, 0);
  for (std::size_t i = 0; i < incidents.month.size(); ++i) {
    if (incidents.cell[i] != outside) ++counts[incidents.month[i]];
  }
  std::vector<std::vector<std::size_t>> by_month(incidents.months);
  for (std::size_t m = 0; m < incidents.months; ++m) by_month[m].reserve(counts[m]);
  for (std::size_t i = 0; i < incidents.month.size(); ++i) {
    if (incidents.cell[i] != outside) by_month[incidents.month[i]].push_back(i);
  }
  return by_month;
}

}  // namespace

unsigned monthly_trend_threads(std::size_t cells, std::size_t months, double committed_bytes) {
  unsigned threads = std::clamp(std::thread::hardware_concurrency(), 1U, 4U);
  threads = static_cast<unsigned>(std::min<std::size_t>(threads, std::max<std::size_t>(months, 1)));
  if (const auto budget = available_memory()) {
    const double per_thread = kMonthlyThreadBytesPerCell * static_cast<double>(cells);
    while (threads > 1 && committed_bytes + (threads - 1) * per_thread > static_cast<double>(budget->bytes)) {
      --threads;
    }
  }
  return threads;
}

MonthlyTrends monthly_trends(const geo::Grid& grid, std::span<const std::uint8_t> in_study_area,
                             const MonthlyIncidents& incidents, PAdjust correction, unsigned threads) {
  const std::size_t cells = grid.cell_count();
  const std::size_t months = incidents.months;
  if (incidents.cell.size() != incidents.month.size() || incidents.cell.size() != incidents.weight.size()) {
    throw UsageError("monthly trends: incident cells, months and weights differ in length");
  }
  if (months < 2) throw UsageError("monthly trends need at least two months");
  for (std::size_t i = 0; i < incidents.month.size(); ++i) {
    if (incidents.month[i] >= months)
      throw UsageError("monthly trends: an incident's month is beyond the months given");
    if (incidents.cell[i] > cells) throw UsageError("monthly trends: an incident's cell is beyond the grid");
  }
  const GiStarLayers layers(grid, in_study_area);
  const auto by_month = incidents_by_month(incidents, cells);

  // Month-major series: each month's thread writes its own contiguous rows.
  std::vector<std::int8_t> month_bins(months * cells);
  std::vector<float> month_z(months * cells);
  std::atomic<std::size_t> next_month{0};
  std::exception_ptr failure;
  std::mutex failure_mutex;
  const auto work = [&] {
    try {
      std::vector<double> weight(cells);
      GiStarWorkspace workspace;
      GiStarResult gi;
      for (std::size_t m = next_month++; m < months; m = next_month++) {
        std::fill(weight.begin(), weight.end(), 0.0);
        for (const auto i : by_month[m]) weight[incidents.cell[i]] += incidents.weight[i];
        layers.compute(weight, /*with_p=*/false, workspace, gi);
        const auto bins = gi_bins_from_z(gi.z, correction);
        std::copy(bins.begin(), bins.end(), month_bins.begin() + static_cast<std::ptrdiff_t>(m * cells));
        float* z_out = month_z.data() + m * cells;
        for (std::size_t c = 0; c < cells; ++c) z_out[c] = static_cast<float>(gi.z[c]);
      }
    } catch (...) {
      const std::lock_guard lock(failure_mutex);
      if (!failure) failure = std::current_exception();
      next_month = months;
    }
  };
  const unsigned workers = std::clamp<unsigned>(threads, 1, static_cast<unsigned>(months));
  {
    std::vector<std::jthread> pool;
    for (unsigned t = 1; t < workers; ++t) pool.emplace_back(work);
    work();
  }
  if (failure) std::rethrow_exception(failure);

  MonthlyTrends result;
  result.category.assign(cells, EmergingCategory::kNoPattern);
  result.trend_z.assign(cells, std::numeric_limits<double>::quiet_NaN());
  result.trend_p.assign(cells, std::numeric_limits<double>::quiet_NaN());
  std::vector<std::int8_t> bins(months);
  std::vector<double> series(months);
  for (std::size_t c = 0; c < cells; ++c) {
    bool ever_hot = false;
    for (std::size_t m = 0; m < months && !ever_hot; ++m)
      ever_hot = month_bins[m * cells + c] >= kEmergingMinBin;
    if (!ever_hot) continue;
    for (std::size_t m = 0; m < months; ++m) {
      bins[m] = month_bins[m * cells + c];
      series[m] = month_z[m * cells + c];
    }
    MannKendall trend;
    trend.z = trend.p = std::numeric_limits<double>::quiet_NaN();
    if (months >= 3 && std::none_of(series.begin(), series.end(), [](double v) { return std::isnan(v); })) {
      trend = mann_kendall(series);
    }
    result.trend_z[c] = trend.z;
    result.trend_p[c] = trend.p;
    result.category[c] = classify_emerging(bins, trend);
  }
  return result;
}

}  // namespace grip::hotspot

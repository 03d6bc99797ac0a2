// Hot kernels at a whole county's scale: a 100 km x 60 km study area at 100 m (600,000 cells)
// and 150,000 incidents (a large force's year of violence and disorder), clustered around town
// centres and snapped, as police.uk data are, to 40,000 shared street points. Fixed seeds.
// Run: ./build-hot/hotspot_bench --benchmark_min_time=1
#include <benchmark/benchmark.h>

#include <cmath>
#include <cstdint>
#include <random>
#include <vector>

#include "grip/geo/grid.hpp"
#include "grip/hotspot/delineate.hpp"
#include "grip/hotspot/fdr.hpp"
#include "grip/hotspot/gistar.hpp"
#include "grip/hotspot/kde.hpp"
#include "grip/hotspot/monthly_trend.hpp"

namespace {

using grip::geo::Grid;
using namespace grip::hotspot;

constexpr std::size_t kColumns = 1000;
constexpr std::size_t kRows = 600;
constexpr double kCellSize = 100.0;
constexpr std::size_t kIncidents = 150'000;
constexpr std::size_t kStreetPoints = 40'000;

const Grid& county_grid() {
  static const Grid grid(400'000.0, 100'000.0, kCellSize, kColumns, kRows);
  return grid;
}

struct Incidents {
  std::vector<double> xs;
  std::vector<double> ys;
};

// Street points: 70 % around 40 town centres (σ 600 m), 30 % spread over the county. Incidents
// pick street points with a heavy tail (a few places see most of the harm).
Incidents make_incidents(bool snapped) {
  const Grid& grid = county_grid();
  std::mt19937_64 random(20240601);
  std::uniform_real_distribution<double> across(grid.x0(), grid.x_max());
  std::uniform_real_distribution<double> up(grid.y0(), grid.y_max());
  std::normal_distribution<double> around(0.0, 600.0);
  std::vector<double> town_x(40);
  std::vector<double> town_y(40);
  for (std::size_t t = 0; t < town_x.size(); ++t) {
    town_x[t] = across(random);
    town_y[t] = up(random);
  }
  auto place = [&](double& x, double& y) {
    if (random() % 10 < 7) {
      const std::size_t town = random() % town_x.size();
      x = town_x[town] + around(random);
      y = town_y[town] + around(random);
    } else {
      x = across(random);
      y = up(random);
    }
  };
  Incidents incidents;
  incidents.xs.resize(kIncidents);
  incidents.ys.resize(kIncidents);
  if (!snapped) {
    for (std::size_t i = 0; i < kIncidents; ++i) {
      place(incidents.xs[i], incidents.ys[i]);
    }
    return incidents;
  }
  std::vector<double> street_x(kStreetPoints);
  std::vector<double> street_y(kStreetPoints);
  for (std::size_t s = 0; s < kStreetPoints; ++s) {
    place(street_x[s], street_y[s]);
  }
  std::exponential_distribution<double> popularity(8.0);
  for (std::size_t i = 0; i < kIncidents; ++i) {
    const double u = std::min(popularity(random), 1.0 - 1e-12);
    const auto s = static_cast<std::size_t>(u * static_cast<double>(kStreetPoints));
    incidents.xs[i] = street_x[s];
    incidents.ys[i] = street_y[s];
  }
  return incidents;
}

const Incidents& snapped_incidents() {
  static const Incidents incidents = make_incidents(true);
  return incidents;
}

const Incidents& unique_incidents() {
  static const Incidents incidents = make_incidents(false);
  return incidents;
}

const std::vector<double>& counts_per_cell() {
  static const std::vector<double> counts =
      grip::geo::bin_points(county_grid(), snapped_incidents().xs, snapped_incidents().ys).per_cell;
  return counts;
}

// Incidents come through a function so the data are built once, outside the timed region.
void run_kde(benchmark::State& state, const Incidents& (*incidents)(), KdeOptions options) {
  const Incidents& points = incidents();
  for (auto _ : state) {
    auto surface = kernel_density(county_grid(), points.xs, points.ys, {}, options);
    benchmark::DoNotOptimize(surface.density.data());
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * kIncidents));
}

void run_gi_star(benchmark::State& state, GiStarOptions options) {
  const std::vector<double>& counts = counts_per_cell();
  for (auto _ : state) {
    auto result = gi_star(county_grid(), counts, {}, options);
    benchmark::DoNotOptimize(result.z.data());
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * counts.size()));
}

const GiStarResult& queen_result() {
  static const GiStarResult result = gi_star(county_grid(), counts_per_cell());
  return result;
}

void BM_BenjaminiHochbergSignificant(benchmark::State& state) {
  const auto& p = queen_result().p;
  for (auto _ : state) {
    auto flags = significant(p, 0.05);
    benchmark::DoNotOptimize(flags.data());
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * p.size()));
}

void BM_BenjaminiHochbergAdjustAll(benchmark::State& state) {
  const auto& p = queen_result().p;
  for (auto _ : state) {
    auto adjusted = adjust_p_values(p, PAdjust::kBenjaminiHochberg);
    benchmark::DoNotOptimize(adjusted.data());
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * p.size()));
}

// Uniform p-values: the worst case for `significant`, which sorts only those ≤ α.
void BM_BenjaminiHochbergUniformP(benchmark::State& state) {
  std::mt19937_64 random(11);
  std::uniform_real_distribution<double> uniform(0.0, 1.0);
  std::vector<double> p(kColumns * kRows);
  for (double& value : p) {
    value = uniform(random);
  }
  for (auto _ : state) {
    auto flags = significant(p, 0.05);
    benchmark::DoNotOptimize(flags.data());
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * p.size()));
}

void BM_GiBins(benchmark::State& state) {
  const auto& result = queen_result();
  for (auto _ : state) {
    auto bins = gi_bins(result.z, result.p);
    benchmark::DoNotOptimize(bins.data());
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * result.z.size()));
}

// The monthly series of a run: the county's incidents spread over 12 months, Gi* and bins for
// each month, Mann–Kendall and categories for the cells hot in any month, on Arg threads.
// Target: 12 months over 600,000 cells under 250 ms on one thread, and about half on two.
void BM_MonthlyTrends(benchmark::State& state) {
  const auto& grid = county_grid();
  const auto& points = snapped_incidents();
  std::vector<std::size_t> cell(kIncidents);
  std::vector<std::uint16_t> month(kIncidents);
  std::vector<double> weight(kIncidents, 1.0);
  for (std::size_t i = 0; i < kIncidents; ++i) {
    cell[i] = grid.cell_of(points.xs[i], points.ys[i]).value_or(grid.cell_count());
    month[i] = static_cast<std::uint16_t>(i % 12);
  }
  const auto threads = static_cast<unsigned>(state.range(0));
  for (auto _ : state) {
    auto trends = monthly_trends(grid, {}, {cell, month, weight, 12}, PAdjust::kBenjaminiHochberg, threads);
    benchmark::DoNotOptimize(trends.category.data());
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * 12 * grid.cell_count()));
}

void BM_ConnectedHotCells(benchmark::State& state) {
  const auto bins = gi_bins(queen_result().z, queen_result().p);
  std::vector<std::uint8_t> hot(bins.size());
  for (std::size_t i = 0; i < bins.size(); ++i) {
    hot[i] = bins[i] >= 2 ? 1 : 0;
  }
  for (auto _ : state) {
    auto groups = connected_cells(county_grid(), hot);
    benchmark::DoNotOptimize(groups.groups.data());
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * hot.size()));
}

}  // namespace

BENCHMARK_CAPTURE(run_kde, quartic_300m_exact_street_points, &snapped_incidents,
                  KdeOptions{KernelShape::kQuartic, 300.0, KdePlacement::kExact})
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(run_kde, quartic_300m_exact_distinct, &unique_incidents,
                  KdeOptions{KernelShape::kQuartic, 300.0, KdePlacement::kExact})
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(run_kde, quartic_300m_cell_centres, &unique_incidents,
                  KdeOptions{KernelShape::kQuartic, 300.0, KdePlacement::kCellCentres})
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(run_kde, quartic_1km_exact_distinct, &unique_incidents,
                  KdeOptions{KernelShape::kQuartic, 1000.0, KdePlacement::kExact})
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(run_kde, quartic_1km_cell_centres, &unique_incidents,
                  KdeOptions{KernelShape::kQuartic, 1000.0, KdePlacement::kCellCentres})
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(run_kde, gaussian_100m_exact_distinct, &unique_incidents,
                  KdeOptions{KernelShape::kGaussian, 100.0, KdePlacement::kExact})
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(run_gi_star, queen, GiStarOptions{})->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(run_gi_star, square_band_5, GiStarOptions{BandShape::kSquare, 5.0})
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(run_gi_star, disc_band_5, GiStarOptions{BandShape::kDisc, 5.0})
    ->Unit(benchmark::kMillisecond);
BENCHMARK(BM_BenjaminiHochbergSignificant)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_BenjaminiHochbergAdjustAll)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_BenjaminiHochbergUniformP)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_GiBins)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ConnectedHotCells)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_MonthlyTrends)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

BENCHMARK_MAIN();

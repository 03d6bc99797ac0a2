// Forecast kernels at a county's scale: a 40 km × 30 km study area over 365 days with 20,000
// events (a large force's year of violence), clustered around 30 town centres and self-exciting
// (θ 0.25, mean delay 3 days, σ 150 m), simulated with a fixed seed; a 1000 × 600 grid of 50 m
// cells (600,000 cells, 50 km × 30 km). Single-threaded kernels.
// Run: ./build-fc/forecast_bench --benchmark_min_time=1s
#include <benchmark/benchmark.h>

#include <cmath>
#include <cstdint>
#include <numbers>
#include <random>
#include <vector>

#include "grip/forecast/metrics.hpp"
#include "grip/forecast/prospective.hpp"
#include "grip/forecast/sepp.hpp"
#include "grip/geo/grid.hpp"

namespace {

using grip::geo::Grid;
using namespace grip::forecast;

constexpr double kWidth = 40'000.0;
constexpr double kHeight = 30'000.0;
constexpr double kDays = 365.0;

const Grid& county_grid() {
  static const Grid grid(-5'000.0, 0.0, 50.0, 1000, 600);
  return grid;
}

class Draws {
 public:
  explicit Draws(std::uint64_t seed) : engine_(seed) {}
  double uniform() { return (static_cast<double>(engine_() >> 11) + 0.5) * 0x1.0p-53; }
  double normal() {
    return std::sqrt(-2.0 * std::log(uniform())) * std::cos(2.0 * std::numbers::pi * uniform());
  }
  std::size_t poisson(double mean) {
    const double u = uniform();
    std::size_t k = 0;
    double term = std::exp(-mean);
    double cdf = term;
    while (u > cdf) {
      ++k;
      term *= mean / static_cast<double>(k);
      cdf += term;
    }
    return k;
  }

 private:
  std::mt19937_64 engine_;
};

// 15,000 background events (70 % around town centres, σ 700 m; 30 % anywhere) and their
// offspring, kept inside the box and the year, cut to exactly 20,000.
const std::vector<Event>& county_events() {
  static const std::vector<Event> events = [] {
    Draws draw(20240611);
    std::vector<double> town_x(30);
    std::vector<double> town_y(30);
    for (std::size_t t = 0; t < town_x.size(); ++t) {
      town_x[t] = 2'000.0 + (kWidth - 4'000.0) * draw.uniform();
      town_y[t] = 2'000.0 + (kHeight - 4'000.0) * draw.uniform();
    }
    std::vector<Event> out;
    while (out.size() < 15'000) {
      double x = kWidth * draw.uniform();
      double y = kHeight * draw.uniform();
      if (draw.uniform() < 0.7) {
        const auto t = static_cast<std::size_t>(draw.uniform() * 30.0) % 30;
        x = town_x[t] + 700.0 * draw.normal();
        y = town_y[t] + 700.0 * draw.normal();
      }
      if (x >= 0 && x <= kWidth && y >= 0 && y <= kHeight) out.push_back({x, y, kDays * draw.uniform()});
    }
    for (std::size_t parent = 0; parent < out.size() && out.size() < 20'000; ++parent) {
      const std::size_t children = draw.poisson(0.25);
      for (std::size_t c = 0; c < children && out.size() < 20'000; ++c) {
        const Event p = out[parent];
        const Event child{p.x + 150.0 * draw.normal(), p.y + 150.0 * draw.normal(),
                          p.t - 3.0 * std::log(draw.uniform())};
        if (child.t <= kDays && child.x >= 0 && child.x <= kWidth && child.y >= 0 && child.y <= kHeight) {
          out.push_back(child);
        }
      }
    }
    while (out.size() < 20'000)
      out.push_back({kWidth * draw.uniform(), kHeight * draw.uniform(), kDays * draw.uniform()});
    return out;
  }();
  return events;
}

void BM_SeppFit20Iterations(benchmark::State& state) {
  const auto& events = county_events();
  SeppOptions options;
  options.max_iterations = 20;
  options.tolerance = 0.0;
  options.period_start_days = 0.0;
  options.period_end_days = kDays;
  options.study_box = StudyBox{0.0, 0.0, kWidth, kHeight};
  SeppModel model;
  for (auto _ : state) {
    model = fit_sepp(events, options);
    benchmark::DoNotOptimize(model.log_likelihood.data());
  }
  state.counters["events"] = static_cast<double>(events.size());
  state.counters["pairs"] = static_cast<double>(model.candidate_pairs);
  state.counters["theta"] = model.parameters.theta;
  state.counters["omega"] = model.parameters.omega;
  state.counters["sigma_m"] = model.parameters.sigma_m;
}
BENCHMARK(BM_SeppFit20Iterations)->Unit(benchmark::kMillisecond);

void BM_SeppIntensityOnGrid(benchmark::State& state) {
  const auto& events = county_events();
  SeppOptions options;
  options.max_iterations = 20;
  options.study_box = StudyBox{0.0, 0.0, kWidth, kHeight};
  const SeppModel model = fit_sepp(events, options);
  for (auto _ : state) {
    auto forecast = intensity_on_grid(model, events, county_grid(), kDays, 7.0);
    benchmark::DoNotOptimize(forecast.expected.data());
  }
}
BENCHMARK(BM_SeppIntensityOnGrid)->Unit(benchmark::kMillisecond);

// All 20,000 events inside the 8-week bandwidth (the worst case; a year's events use ~1/6 of them).
void BM_ProspectiveAllEventsLive(benchmark::State& state) {
  std::vector<Event> events = county_events();
  for (auto& e : events) e.t = e.t * 55.0 / kDays;
  for (auto _ : state) {
    auto surface = prospective_risk(county_grid(), events, 56.0);
    benchmark::DoNotOptimize(surface.risk.data());
  }
}
BENCHMARK(BM_ProspectiveAllEventsLive)->Unit(benchmark::kMillisecond);

void BM_ProspectiveYearOfEvents(benchmark::State& state) {
  for (auto _ : state) {
    auto surface = prospective_risk(county_grid(), county_events(), kDays);
    benchmark::DoNotOptimize(surface.risk.data());
  }
}
BENCHMARK(BM_ProspectiveYearOfEvents)->Unit(benchmark::kMillisecond);

struct CellData {
  std::vector<double> scores;
  std::vector<double> observed;
  std::vector<double> previous;
  std::vector<double> hit;
  std::vector<double> probability;
};

const CellData& cell_data() {
  static const CellData data = [] {
    const Grid& grid = county_grid();
    CellData d;
    d.scores = prospective_risk(grid, county_events(), 300.0).risk;
    d.observed.assign(grid.cell_count(), 0.0);
    d.previous.assign(grid.cell_count(), 0.0);
    for (const Event& e : county_events()) {
      const auto cell = grid.cell_of(e.x, e.y);
      if (!cell) continue;
      if (e.t >= 300.0 && e.t < 330.0) d.observed[*cell] += 1.0;
      if (e.t >= 270.0 && e.t < 300.0) d.previous[*cell] += 1.0;
    }
    d.hit.resize(grid.cell_count());
    d.probability.resize(grid.cell_count());
    for (std::size_t c = 0; c < d.hit.size(); ++c) {
      d.hit[c] = d.observed[c] > 0.0 ? 1.0 : 0.0;
      d.probability[c] = 1.0 - std::exp(-0.01 * d.scores[c]);
    }
    return d;
  }();
  return data;
}

void BM_CoverageMetrics600kCells(benchmark::State& state) {
  const CellData& d = cell_data();
  for (auto _ : state) {
    auto m = coverage_metrics(d.scores, 2500.0, d.observed, kDefaultCoverages, d.previous);
    benchmark::DoNotOptimize(m.data());
  }
}
BENCHMARK(BM_CoverageMetrics600kCells)->Unit(benchmark::kMillisecond);

void BM_ProbabilisticScores600kCells(benchmark::State& state) {
  const CellData& d = cell_data();
  for (auto _ : state) {
    double total =
        brier_score(d.probability, d.hit) + log_loss(d.probability, d.hit) + roc_auc(d.scores, d.hit);
    benchmark::DoNotOptimize(total);
  }
}
BENCHMARK(BM_ProbabilisticScores600kCells)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();

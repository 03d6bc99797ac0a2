// The evaluation's kernels at the sizes they meet: the E-test and exact test on force-level counts
// (tens of thousands a period), and zone classification of a force's year of incidents against
// 25 hotspot areas with 250 m buffers. Targets: rate_change on 50,000 vs 45,000 under 50 ms;
// classifying 200,000 points under 100 ms (one core).
// Run: ./build/evaluation_bench --benchmark_min_time=0.2
#include <benchmark/benchmark.h>

#include <random>
#include <vector>

#include "grip/evaluation/rate_change.hpp"
#include "grip/evaluation/zones.hpp"

namespace {

using namespace grip::evaluation;

void RateChangeForceLevel(benchmark::State& state) {
  const auto before = static_cast<std::int64_t>(state.range(0));
  for (auto _ : state) benchmark::DoNotOptimize(rate_change(before, before * 9 / 10, 12.0, 12.0));
}
BENCHMARK(RateChangeForceLevel)->Arg(1'000)->Arg(50'000)->Unit(benchmark::kMillisecond);

grip::geo::RingSet square(double x0, double y0, double side) {
  grip::geo::RingSet s;
  s.rings.push_back({{x0, y0}, {x0 + side, y0}, {x0 + side, y0 + side}, {x0, y0 + side}, {x0, y0}});
  s.min_x = x0, s.min_y = y0, s.max_x = x0 + side, s.max_y = y0 + side;
  return s;
}

void ClassifyForceYear(benchmark::State& state) {
  std::vector<grip::geo::RingSet> treated, comparison;
  for (int i = 0; i < 25; ++i)
    (i < 15 ? treated : comparison).push_back(square(2000.0 * i, 1000.0 * (i % 5), 450.0));
  const ZoneClassifier zones(treated, comparison, kDefaultBufferM);
  std::mt19937_64 random(1);
  std::uniform_real_distribution<double> x(-1000, 51000), y(-1000, 6000);
  std::vector<std::pair<double, double>> points(200'000);
  for (auto& p : points) p = {x(random), y(random)};
  for (auto _ : state) {
    std::size_t inside = 0;
    for (const auto& [px, py] : points) inside += zones.classify(px, py).zone != Zone::kOutside;
    benchmark::DoNotOptimize(inside);
  }
}
BENCHMARK(ClassifyForceYear)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();

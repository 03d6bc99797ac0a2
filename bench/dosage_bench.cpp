// Dosage from GPS: ping -> hotspot assignment (PatrolZones) and visit detection.
// Target: >= 10 million pings per second per core for assignment (issue 12), with 15 and 200
// hotspots of 500 m x 500 m cell-unions over a 60 km x 50 km county; a quarter of the pings near a
// hotspot, as officers on hotspot patrol walk, the rest anywhere in the county.
//   build/dosage_bench --benchmark_counters_tabular=true
#include <benchmark/benchmark.h>

#include <random>
#include <vector>

#include "grip/patrol/fix_buckets.hpp"
#include "grip/patrol/gps_cleaning.hpp"
#include "grip/patrol/patrol_zones.hpp"
#include "grip/patrol/visit_detection.hpp"

namespace {

using grip::patrol::ZonePolygon;

// An L-shaped union of 150 m cells, as hotspot delineation gives (eight vertices).
ZonePolygon l_shape(double x, double y) {
  return {{{{x, y}, {x + 450, y}, {x + 450, y + 150}, {x + 150, y + 150}, {x + 150, y + 450}, {x, y + 450}}}};
}

struct Scene {
  std::vector<ZonePolygon> zones;
  std::vector<double> x, y;
};

Scene scene(int hotspots, std::size_t pings) {
  std::mt19937_64 random(2026);
  std::uniform_real_distribution<double> east(0, 60'000), north(0, 50'000), near(-200, 650), unit(0, 1);
  Scene out;
  for (int i = 0; i < hotspots; ++i) out.zones.push_back(l_shape(east(random), north(random)));
  out.x.resize(pings);
  out.y.resize(pings);
  std::uniform_int_distribution<int> pick(0, hotspots - 1);
  for (std::size_t i = 0; i < pings; ++i) {
    if (unit(random) < 0.25) {
      const auto& corner = out.zones[static_cast<std::size_t>(pick(random))].rings[0][0];
      out.x[i] = corner.x + near(random);
      out.y[i] = corner.y + near(random);
    } else {
      out.x[i] = east(random);
      out.y[i] = north(random);
    }
  }
  return out;
}

void BM_AssignPingsToHotspots(benchmark::State& state) {
  const Scene s = scene(static_cast<int>(state.range(0)), 4'000'000);
  const grip::patrol::PatrolZones zones(s.zones);
  std::vector<std::int32_t> out(s.x.size());
  for (auto _ : state) {
    zones.assign(s.x, s.y, out);
    benchmark::DoNotOptimize(out.data());
  }
  std::size_t inside = 0;
  for (std::int32_t z : out) inside += z >= 0;
  state.counters["pings/s"] = benchmark::Counter(
      static_cast<double>(s.x.size()) * static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
  state.counters["in_hotspot_%"] = 100.0 * static_cast<double>(inside) / static_cast<double>(out.size());
}
BENCHMARK(BM_AssignPingsToHotspots)->ArgName("hotspots")->Arg(15)->Arg(200)->Unit(benchmark::kMillisecond);

// A shift of 8 hours for 200 officers at 5 s pings (1.15 M fixes): clean, assign, detect.
void BM_ShiftOfPingsToVisits(benchmark::State& state) {
  const Scene s = scene(15, 0);
  const grip::patrol::PatrolZones zones(s.zones);
  std::mt19937_64 random(7);
  std::normal_distribution<double> noise(0, 8);
  std::vector<grip::patrol::GpsFix> shift;
  for (std::uint32_t officer = 0; officer < 200; ++officer) {
    double x = s.zones[officer % 15].rings[0][0].x - 300, y = s.zones[officer % 15].rings[0][0].y + 75;
    double heading = 0.0;
    for (std::int64_t t = 0; t < 8 * 3600; t += 5) {
      heading += noise(random) / 40;
      x += 7 * std::cos(heading);
      y += 7 * std::sin(heading);
      shift.push_back({officer, t, x + noise(random), y + noise(random), 10});
    }
  }
  for (auto _ : state) {
    std::vector<grip::patrol::GpsFix> fixes = shift;
    (void)grip::patrol::clean_fixes(fixes);
    std::vector<double> xs(fixes.size()), ys(fixes.size());
    for (std::size_t i = 0; i < fixes.size(); ++i) {
      xs[i] = fixes[i].x;
      ys[i] = fixes[i].y;
    }
    std::vector<std::int32_t> ids(fixes.size());
    zones.assign(xs, ys, ids);
    benchmark::DoNotOptimize(grip::patrol::detect_visits(fixes, ids));
  }
  state.counters["pings/s"] =
      benchmark::Counter(static_cast<double>(shift.size()) * static_cast<double>(state.iterations()),
                         benchmark::Counter::kIsRate);
}
BENCHMARK(BM_ShiftOfPingsToVisits)->Unit(benchmark::kMillisecond);

// The same shift the way `grip ingest` streams a file (gps_ingest.cpp): fixes spread over 64 officer
// buckets (fix_buckets.hpp, spilling to temporary files), then cleaned, assigned and cut into visits
// one bucket at a time. Target: within 20 % of the in-memory pipeline above, so that bounded memory
// costs little; the month file end to end (bench/ping_month.sh, 34.6 M pings) in under 2 minutes
// with peak RSS under 500 MB.
void BM_ShiftThroughBuckets(benchmark::State& state) {
  const Scene s = scene(15, 0);
  const grip::patrol::PatrolZones zones(s.zones);
  std::mt19937_64 random(7);
  std::normal_distribution<double> noise(0, 8);
  std::vector<grip::patrol::GpsFix> shift;
  for (std::uint32_t officer = 0; officer < 200; ++officer) {
    double x = s.zones[officer % 15].rings[0][0].x - 300, y = s.zones[officer % 15].rings[0][0].y + 75;
    double heading = 0.0;
    for (std::int64_t t = 0; t < 8 * 3600; t += 5) {
      heading += noise(random) / 40;
      x += 7 * std::cos(heading);
      y += 7 * std::sin(heading);
      shift.push_back({officer, t, x + noise(random), y + noise(random), 10});
    }
  }
  std::size_t visits = 0;
  for (auto _ : state) {
    grip::patrol::FixBuckets buckets(64);
    for (const auto& fix : shift) buckets.add(fix);
    visits = 0;
    for (std::size_t b = 0; b < buckets.buckets(); ++b) {
      std::vector<grip::patrol::GpsFix> fixes = buckets.take(b);
      (void)grip::patrol::clean_fixes(fixes);
      std::vector<double> xs(fixes.size()), ys(fixes.size());
      for (std::size_t i = 0; i < fixes.size(); ++i) {
        xs[i] = fixes[i].x;
        ys[i] = fixes[i].y;
      }
      std::vector<std::int32_t> ids(fixes.size());
      zones.assign(xs, ys, ids);
      visits += grip::patrol::detect_visits(fixes, ids).size();
    }
  }
  state.counters["pings/s"] =
      benchmark::Counter(static_cast<double>(shift.size()) * static_cast<double>(state.iterations()),
                         benchmark::Counter::kIsRate);
  state.counters["visits"] = static_cast<double>(visits);
}
BENCHMARK(BM_ShiftThroughBuckets)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();

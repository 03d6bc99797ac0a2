// grip plan's kernel (patrol/plan.hpp: items, GLPK branch and bound, seeded visit times) at the
// issue's two sizes, on synthetic hotspots with a fixed seed: harm falling as 1/rank, an evening
// and weekend peak in every profile plus a per-hotspot late-night bump, spread over 12 km x 8 km.
//   Plan15x28:  15 hotspots x 28 days x 3 shifts, 2 teams (the demo's size)   target < 1 s
//   Plan200x28: 200 hotspots x 28 days x 3 shifts, 8 teams (strips of the area) target < 10 s
// The counters report the objective, the bound and the optimality gap of the plan solved, with
// grip plan's solver settings (plan_run.hpp: 1 % gap or 300 nodes per team-day).
// Measured 2026-12-01 on the shared 2-core dev machine (4 builds running): Plan15x28 488 ms wall
// (213 ms CPU), gap 0.77 %; Plan200x28 7.2 s wall (3.0 s CPU), gap 1.17 %, 14,237 visits. With the
// library defaults (0.1 %, 2,000 nodes) Plan15x28 took 3.7 s wall (gap 0.16 %).
// Run: build/plan_bench --benchmark_counters_tabular=true
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <numeric>
#include <string>
#include <vector>

#include "grip/patrol/plan.hpp"
#include "grip/patrol/plan_calendar.hpp"
#include "grip/patrol/plan_run.hpp"

namespace {

using namespace grip::patrol;

std::vector<PlanHotspot> synthetic_hotspots(int n, int teams) {
  PlanRandom random(20240401);
  std::vector<PlanHotspot> out;
  for (int h = 0; h < n; ++h) {
    PlanHotspot p;
    p.id = "H" + std::to_string(h + 1);
    p.name = "Place " + std::to_string(h + 1);
    // Teams cover vertical strips of the area, so a team's hotspots are near each other.
    p.x = 12'000.0 * random.uniform();
    p.y = 8'000.0 * random.uniform();
    p.district = "D" + std::to_string(std::min(teams - 1, static_cast<int>(p.x / (12'000.0 / teams))));
    p.harm = 500.0 / (h + 1);
    const int bump = static_cast<int>(random.below(6));
    for (int b = 0; b < kHoursPerWeek; ++b) {
      const int hour = b % 24, day = b / 24;
      p.profile[b] = 1.0 + (hour >= 18 ? 2.0 : 0.0) + (day >= 4 && (hour >= 20 || hour < 3) ? 2.0 : 0.0) +
                     (hour == bump ? 1.5 : 0.0);
    }
    const double sum = std::accumulate(p.profile.begin(), p.profile.end(), 0.0);
    for (auto& v : p.profile) v /= sum;
    out.push_back(p);
  }
  return out;
}

Resources synthetic_resources(int teams) {
  Resources r;
  r.shifts = {{"early", 7, 15}, {"late", 15, 23}, {"night", 23, 7}};
  for (int t = 0; t < teams; ++t) {
    Team team;
    team.name = "Team " + std::to_string(t + 1);
    team.districts = {"D" + std::to_string(t)};
    team.weekday_hours = {{"early", 6}, {"late", 10}, {"night", 5}};
    team.weekend_hours = {{"early", 6}, {"late", 12}, {"night", 8}};
    r.teams.push_back(team);
  }
  r.source = "synthetic";
  return r;
}

void run(benchmark::State& state, int hotspots, int teams) {
  const auto spots = synthetic_hotspots(hotspots, teams);
  const auto resources = synthetic_resources(teams);
  PlanSettings settings;
  settings.first_day = "2024-04-01";
  settings.days = 28;
  settings.seed = 7;
  // grip plan's settings (plan_run.hpp); PLAN_BENCH_NODES / PLAN_BENCH_GAP try others.
  GlpkSettings glpk = plan_solver_settings();
  if (const char* nodes = std::getenv("PLAN_BENCH_NODES")) glpk.node_limit = std::atoi(nodes);
  if (const char* gap = std::getenv("PLAN_BENCH_GAP")) glpk.mip_gap = std::atof(gap);
  auto solver = make_glpk_solver(glpk);
  Plan plan;
  for (auto _ : state) {
    plan = make_plan(spots, resources, settings, *solver);
    benchmark::DoNotOptimize(plan.visits.data());
  }
  state.counters["visits"] = static_cast<double>(plan.visits.size());
  state.counters["objective"] = plan.solution.objective;
  state.counters["bound"] = plan.solution.bound;
  state.counters["gap_pct"] = 100 * plan.solution.gap;
}

void Plan15x28(benchmark::State& state) { run(state, 15, 2); }
void Plan200x28(benchmark::State& state) { run(state, 200, 8); }

}  // namespace

BENCHMARK(Plan15x28)->Unit(benchmark::kMillisecond);
BENCHMARK(Plan200x28)->Unit(benchmark::kMillisecond);
BENCHMARK_MAIN();

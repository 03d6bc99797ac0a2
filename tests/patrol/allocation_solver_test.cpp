// The GLPK allocation against brute-force enumeration on small problems.
#include "grip/patrol/allocation_solver.hpp"

#include <gtest/gtest.h>

#include <functional>

#include "grip/core/errors.hpp"
#include "grip/patrol/plan_calendar.hpp"

namespace {
using namespace grip::patrol;

double brute_force_optimum(const AllocationProblem& p, std::vector<int>* best_visits = nullptr) {
  std::vector<int> visits(p.items.size(), 0);
  double best = -1;
  std::function<void(std::size_t)> walk = [&](std::size_t i) {
    if (i == p.items.size()) {
      if (allocation_feasible(p, visits)) {
        const double value = allocation_objective(p, visits);
        if (value > best) {
          best = value;
          if (best_visits) *best_visits = visits;
        }
      }
      return;
    }
    for (int x = 0; x <= p.items[i].max_visits; ++x) {
      visits[i] = x;
      walk(i + 1);
    }
    visits[i] = 0;
  };
  walk(0);
  return best;
}

TEST(AllocationSolver, HandWorkedTwoHotspotsOneShift) {
  // Capacity 60 min, visits of 15 min: 4 visits. Risks 10 and 6, decay 0.5:
  // worths A: 10, 5, 2.5, 1.25; B: 6, 3, 1.5. Best four: 10, 6, 5, 3 = 24.
  AllocationProblem p;
  p.decay = 0.5;
  p.capacity_minutes = {60};
  p.items = {{10, 15, 4, 0, -1, -1}, {6, 15, 3, 0, -1, -1}};
  const auto solution = make_glpk_solver()->solve(p);
  EXPECT_DOUBLE_EQ(solution.objective, 24.0);
  EXPECT_EQ(solution.visits, (std::vector<int>{2, 2}));
  EXPECT_TRUE(solution.optimal);
  EXPECT_LE(solution.gap, 1e-4);
}

TEST(AllocationSolver, MatchesBruteForceOnRandomSmallProblems) {
  PlanRandom random(7);
  for (int trial = 0; trial < 40; ++trial) {
    AllocationProblem p;
    p.decay = 0.6 + 0.4 * random.uniform();
    const int hotspots = 2 + static_cast<int>(random.below(2)), shifts = 2;
    p.capacity_minutes = {20 + 80 * random.uniform(), 20 + 80 * random.uniform()};
    p.cap_minutes = {40 + 60 * random.uniform()};
    for (int h = 0; h < hotspots; ++h) {
      p.group_min.push_back(static_cast<int>(random.below(2)));
      p.group_max.push_back(2 + static_cast<int>(random.below(2)));
      for (int s = 0; s < shifts; ++s) {
        p.items.push_back({10 * random.uniform(), 10 + 15 * random.uniform(),
                           static_cast<int>(random.below(4)), s, h, h == 0 ? 0 : -1});
      }
    }
    const double brute = brute_force_optimum(p);
    if (brute < 0) {
      EXPECT_THROW((void)make_glpk_solver()->solve(p), grip::UsageError) << trial;
      continue;
    }
    const auto solution = make_glpk_solver()->solve(p);
    EXPECT_TRUE(allocation_feasible(p, solution.visits)) << trial;
    EXPECT_NEAR(solution.objective, brute, 1e-6 * std::max(1.0, brute)) << trial;
    EXPECT_GE(solution.bound + 1e-9, solution.objective);
  }
}

TEST(AllocationSolver, InfeasibleMinimumIsAUsageError) {
  AllocationProblem p;
  p.capacity_minutes = {15};
  p.group_min = {2};
  p.group_max = {3};
  p.items = {{1, 15, 3, 0, 0, -1}};
  EXPECT_THROW((void)make_glpk_solver()->solve(p), grip::UsageError);
}

}  // namespace
namespace {
TEST(AllocationSolver, GreedyIsFeasibleAndNeverBeatsTheOptimum) {
  grip::patrol::PlanRandom random(21);
  for (int trial = 0; trial < 30; ++trial) {
    grip::patrol::AllocationProblem p;
    p.decay = 0.7;
    p.capacity_minutes = {30 + 90 * random.uniform()};
    p.group_min = {1, 0};
    p.group_max = {3, 3};
    for (int h = 0; h < 2; ++h)
      for (int s = 0; s < 2; ++s)
        p.items.push_back({10 * random.uniform(), 12 + 10 * random.uniform(), 2, 0, h, -1});
    const auto greedy = grip::patrol::greedy_allocation(p);
    const double brute = brute_force_optimum(p);
    if (greedy.empty()) continue;
    EXPECT_TRUE(grip::patrol::allocation_feasible(p, greedy)) << trial;
    EXPECT_LE(grip::patrol::allocation_objective(p, greedy), brute + 1e-9) << trial;
  }
}

// A clock that runs out before branch and bound takes the greedy start (a loaded CI machine) must
// still give a feasible allocation, with a bound at least its objective, never an error.
TEST(AllocationSolver, AnExhaustedClockStillGivesAFeasibleAllocation) {
  grip::patrol::PlanRandom random(5);
  grip::patrol::AllocationProblem p;
  p.decay = 0.7;
  const int hotspots = 120, pools = 3;
  p.capacity_minutes.assign(pools, 600);
  for (int h = 0; h < hotspots; ++h) {
    p.group_min.push_back(0);
    p.group_max.push_back(4);
    for (int s = 0; s < pools; ++s)
      p.items.push_back({10 * random.uniform(), 15 + 20 * random.uniform(), 3, s, h, -1});
  }
  grip::patrol::GlpkSettings settings;
  settings.time_limit_s = 1e-6;  // a millisecond for the whole solve
  const auto solution = grip::patrol::make_glpk_solver(settings)->solve(p);
  EXPECT_TRUE(grip::patrol::allocation_feasible(p, solution.visits)) << solution.status;
  EXPECT_GT(solution.objective, 0.0) << solution.status;
  EXPECT_GE(solution.bound, solution.objective - 1e-9);
}
}  // namespace

// The patrol allocation as a plain integer programme, behind an interface so a second solver
// (CBC, HiGHS, a heuristic) can replace GLPK without touching the planner.
//
//   maximise   Σ_i risk_i · Σ_{k=1..x_i} decay^(k−1)        (diminishing returns per extra visit)
//   subject to Σ_{i in pool p} minutes_i · x_i ≤ capacity_p  (officer-minutes of a team's shift)
//              min_g ≤ Σ_{i in group g} x_i ≤ max_g           (visits per hotspot per day)
//              Σ_{i in cap c} minutes_i · x_i ≤ cap_c          (dosage cap per hotspot over the plan)
//              0 ≤ x_i ≤ max_visits_i, integer
// An item is one hotspot in one shift of one day; minutes_i is the visit plus travel to it. The
// decay (default 0.7) is why a second visit to the riskiest place is worth less than a first visit
// to the next one: Koper's short, frequent visits spread over places, not one place saturated.
#pragma once

#include <memory>
#include <string>
#include <vector>

namespace grip::patrol {

inline constexpr double kDefaultVisitDecay = 0.7;

struct AllocationItem {
  double risk = 0;     // expected harm in the item's shift (any consistent unit)
  double minutes = 0;  // officer-minutes one visit costs (visit + travel)
  int max_visits = 0;  // 0 = the item may get no visit (a control day)
  int pool = 0;        // capacity row: index into capacity_minutes
  int group = -1;      // visits-per-day row: index into group_min/group_max, or -1
  int cap = -1;        // dosage-cap row: index into cap_minutes, or -1
};

struct AllocationProblem {
  std::vector<AllocationItem> items;
  std::vector<double> capacity_minutes;
  std::vector<int> group_min, group_max;
  std::vector<double> cap_minutes;
  double decay = kDefaultVisitDecay;
};

struct AllocationSolution {
  std::vector<int> visits;  // per item
  double objective = 0;     // of the integer solution
  double bound = 0;         // an upper bound on the optimum (LP relaxation or better)
  double gap = 0;           // (bound − objective) / max(|objective|, 1e-9)
  bool optimal = false;     // proven optimal within the solver's tolerance
  std::string status;       // "optimal", "feasible (time limit)", ...
  std::string solver;
};

// The objective of a given allocation (for tests, brute force and reports).
[[nodiscard]] double allocation_objective(const AllocationProblem& problem, const std::vector<int>& visits);
// True when visits satisfies every constraint.
[[nodiscard]] bool allocation_feasible(const AllocationProblem& problem, const std::vector<int>& visits);
// A greedy allocation: the minimum visits first (best marginal worth that fits), then visits by
// marginal worth per minute while any fits. Empty when the minimum cannot be met this way. The
// GLPK solver starts branch and bound from it.
[[nodiscard]] std::vector<int> greedy_allocation(const AllocationProblem& problem);
// Checks the problem's indices and numbers; throws grip::UsageError naming the bad value.
void validate(const AllocationProblem& problem);

class AllocationSolver {
 public:
  virtual ~AllocationSolver() = default;
  // Throws grip::UsageError when the problem has no feasible allocation (say why).
  [[nodiscard]] virtual AllocationSolution solve(const AllocationProblem& problem) = 0;
};

struct GlpkSettings {
  int node_limit = 2000;  // branch-and-bound nodes per independent part (deterministic)
  // A backstop for the whole solve, shared out among the parts; the node limit is what normally
  // stops the search. Generous, so a loaded machine (CI running tests in parallel) still finishes.
  double time_limit_s = 60.0;
  double mip_gap = 1e-3;  // relative gap at which branch and bound stops
};
// GNU Linear Programming Kit: simplex for the relaxation, then branch and cut.
[[nodiscard]] std::unique_ptr<AllocationSolver> make_glpk_solver(GlpkSettings settings = {});

}  // namespace grip::patrol

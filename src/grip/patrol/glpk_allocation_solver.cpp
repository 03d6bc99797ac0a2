// The allocation (allocation_solver.hpp) on GLPK: one binary column per possible visit k of an
// item, worth risk·decay^(k−1). Because a visit's cost does not depend on k and its worth falls
// with k, an optimum never takes visit k+1 without visit k, so x_i = Σ_k y_ik needs no ordering
// rows. The LP relaxation (simplex) gives the first bound; branch and cut then runs to the gap
// tolerance or the time limit, and the best node bound seen is reported with the gap.
#include <fmt/format.h>
#include <glpk.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <map>
#include <memory>
#include <numeric>

#include "grip/core/errors.hpp"
#include "grip/patrol/allocation_solver.hpp"

namespace grip::patrol {
namespace {

struct GlpkProblem {
  glp_prob* handle = glp_create_prob();
  GlpkProblem() = default;
  GlpkProblem(const GlpkProblem&) = delete;
  GlpkProblem& operator=(const GlpkProblem&) = delete;
  ~GlpkProblem() { glp_delete_prob(handle); }
};

struct TreeWatch {
  double best_bound = std::numeric_limits<double>::infinity();
  int node_limit = 0;
  bool stopped = false;
  std::vector<double> start;  // 1-based column values of the greedy allocation; empty = none
  bool start_given = false;
};

void watch_tree(glp_tree* tree, void* info) {
  auto* watch = static_cast<TreeWatch*>(info);
  if (glp_ios_reason(tree) == GLP_IHEUR && !watch->start_given && !watch->start.empty()) {
    watch->start_given = true;
    (void)glp_ios_heur_sol(tree, watch->start.data());
    return;
  }
  if (glp_ios_reason(tree) != GLP_ISELECT && glp_ios_reason(tree) != GLP_IBINGO) return;
  const int best = glp_ios_best_node(tree);
  if (best != 0) watch->best_bound = glp_ios_node_bound(tree, best);
  // A node limit, not only a clock, so that one seed gives one plan on any machine.
  int active = 0, current = 0, total = 0;
  glp_ios_tree_size(tree, &active, &current, &total);
  if (total > watch->node_limit && glp_mip_obj_val(glp_ios_get_prob(tree)) > 0) {
    watch->stopped = true;
    glp_ios_terminate(tree);
  }
}

// Items grouped by the rows they share (union-find over pool, group and cap rows).
std::vector<std::vector<std::size_t>> connected_components(const AllocationProblem& p) {
  const std::size_t pools = p.capacity_minutes.size(), groups = p.group_min.size();
  std::vector<std::size_t> parent(pools + groups + p.cap_minutes.size());
  std::iota(parent.begin(), parent.end(), 0);
  const auto find = [&](std::size_t a) {
    while (parent[a] != a) a = parent[a] = parent[parent[a]];
    return a;
  };
  const auto unite = [&](std::size_t a, std::size_t b) { parent[find(a)] = find(b); };
  for (const auto& item : p.items) {
    if (item.group >= 0)
      unite(static_cast<std::size_t>(item.pool), pools + static_cast<std::size_t>(item.group));
    if (item.cap >= 0)
      unite(static_cast<std::size_t>(item.pool), pools + groups + static_cast<std::size_t>(item.cap));
  }
  std::map<std::size_t, std::vector<std::size_t>> by_root;
  for (std::size_t i = 0; i < p.items.size(); ++i)
    by_root[find(static_cast<std::size_t>(p.items[i].pool))].push_back(i);
  // Groups without items still need their minimum checked: they belong to no component.
  for (std::size_t g = 0; g < groups; ++g) {
    bool used = false;
    for (const auto& item : p.items) used = used || item.group == static_cast<int>(g);
    if (!used && p.group_min[g] > 0)
      throw UsageError("a hotspot-day needs visits but has no shift to take them");
  }
  std::vector<std::vector<std::size_t>> components;
  for (auto& [root, items] : by_root) components.push_back(std::move(items));
  return components;
}

// The sub-problem of some items, with their rows renumbered.
AllocationProblem restrict_to(const AllocationProblem& p, const std::vector<std::size_t>& items) {
  AllocationProblem sub;
  sub.decay = p.decay;
  std::map<int, int> pools, groups, caps;
  const auto renumber = [](std::map<int, int>& map, int index) {
    return index < 0 ? -1 : map.emplace(index, static_cast<int>(map.size())).first->second;
  };
  for (const auto i : items) {
    auto item = p.items[i];
    item.pool = renumber(pools, item.pool);
    item.group = renumber(groups, item.group);
    item.cap = renumber(caps, item.cap);
    sub.items.push_back(item);
  }
  sub.capacity_minutes.resize(pools.size());
  for (const auto& [old, now] : pools) sub.capacity_minutes[now] = p.capacity_minutes[old];
  sub.group_min.resize(groups.size());
  sub.group_max.resize(groups.size());
  for (const auto& [old, now] : groups)
    sub.group_min[now] = p.group_min[old], sub.group_max[now] = p.group_max[old];
  sub.cap_minutes.resize(caps.size());
  for (const auto& [old, now] : caps) sub.cap_minutes[now] = p.cap_minutes[old];
  return sub;
}

class GlpkAllocationSolver final : public AllocationSolver {
 public:
  explicit GlpkAllocationSolver(GlpkSettings settings) : settings_(settings) {}

  // Pools, groups and caps shared by items tie them together; items that share none are
  // independent, so each connected component (typically one team's day) is its own small MIP.
  AllocationSolution solve(const AllocationProblem& p) override {
    validate(p);
    const auto components = connected_components(p);
    AllocationSolution total;
    total.solver = fmt::format("GLPK {}", glp_version());
    total.visits.assign(p.items.size(), 0);
    total.optimal = true;
    const auto started = std::chrono::steady_clock::now();
    std::size_t greedy_parts = 0;
    for (std::size_t c = 0; c < components.size(); ++c) {
      const double spent = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
      const double left = std::max(0.05, settings_.time_limit_s - spent);
      const auto sub = restrict_to(p, components[c]);
      const auto part = solve_component(sub, left / static_cast<double>(components.size() - c));
      for (std::size_t k = 0; k < components[c].size(); ++k) total.visits[components[c][k]] = part.visits[k];
      total.bound += part.bound;
      total.optimal = total.optimal && part.optimal;
      greedy_parts += part.status.rfind("greedy", 0) == 0 ? 1 : 0;
    }
    total.objective = allocation_objective(p, total.visits);
    total.bound = std::max(total.bound, total.objective);
    total.gap = (total.bound - total.objective) / std::max(std::abs(total.objective), 1e-9);
    total.status =
        fmt::format("{} ({} independent part{})",
                    total.optimal ? (total.gap <= 1e-9 ? "optimal" : "optimal within the gap tolerance")
                                  : "feasible (node or time limit reached)",
                    components.size(), components.size() == 1 ? "" : "s");
    if (greedy_parts > 0) {
      total.status += fmt::format("; {} part{} from the greedy start: the time limit ran out first",
                                  greedy_parts, greedy_parts == 1 ? "" : "s");
    }
    return total;
  }

 private:
  AllocationSolution solve_component(const AllocationProblem& p, double time_limit_s) {
    AllocationSolution solution;
    solution.solver = fmt::format("GLPK {}", glp_version());
    solution.visits.assign(p.items.size(), 0);
    GlpkProblem lp;
    glp_prob* prob = lp.handle;
    glp_set_obj_dir(prob, GLP_MAX);
    glp_term_out(GLP_OFF);

    // Rows: pools, then groups, then caps.
    const int pools = static_cast<int>(p.capacity_minutes.size());
    const int groups = static_cast<int>(p.group_min.size());
    const int caps = static_cast<int>(p.cap_minutes.size());
    if (pools + groups + caps > 0) glp_add_rows(prob, pools + groups + caps);
    for (int q = 0; q < pools; ++q)
      glp_set_row_bnds(prob, q + 1, GLP_UP, 0.0, std::max(0.0, p.capacity_minutes[q]));
    for (int g = 0; g < groups; ++g) {
      const int row = pools + g + 1;
      if (p.group_min[g] == p.group_max[g]) {
        glp_set_row_bnds(prob, row, GLP_FX, p.group_min[g], p.group_max[g]);
      } else {
        glp_set_row_bnds(prob, row, GLP_DB, p.group_min[g], p.group_max[g]);
      }
    }
    for (int c = 0; c < caps; ++c)
      glp_set_row_bnds(prob, pools + groups + c + 1, GLP_UP, 0.0, std::max(0.0, p.cap_minutes[c]));

    // Columns: one binary per possible visit.
    std::vector<int> column_item;
    std::vector<int> ia{0}, ja{0};
    std::vector<double> ar{0.0};
    for (std::size_t i = 0; i < p.items.size(); ++i) {
      const auto& item = p.items[i];
      double worth = 1;
      for (int k = 0; k < item.max_visits; ++k, worth *= p.decay) {
        const int column = glp_add_cols(prob, 1);
        column_item.push_back(static_cast<int>(i));
        glp_set_col_kind(prob, column, GLP_BV);
        glp_set_obj_coef(prob, column, item.risk * worth);
        const auto put = [&](int row, double value) {
          ia.push_back(row), ja.push_back(column), ar.push_back(value);
        };
        put(item.pool + 1, item.minutes);
        if (item.group >= 0) put(pools + item.group + 1, 1.0);
        if (item.cap >= 0) put(pools + groups + item.cap + 1, item.minutes);
      }
    }
    if (column_item.empty()) {
      // Nothing may be visited: feasible only when no group needs a visit.
      if (!allocation_feasible(p, solution.visits))
        throw UsageError("no visit is allowed, yet a hotspot needs a minimum number of visits");
      solution.optimal = true;
      solution.status = "optimal (nothing to allocate)";
      return solution;
    }
    glp_load_matrix(prob, static_cast<int>(ia.size()) - 1, ia.data(), ja.data(), ar.data());

    glp_smcp simplex;
    glp_init_smcp(&simplex);
    simplex.msg_lev = GLP_MSG_OFF;
    simplex.presolve = GLP_ON;
    const int lp_code = glp_simplex(prob, &simplex);
    if (lp_code == GLP_ENOPFS || (lp_code == 0 && glp_get_status(prob) == GLP_NOFEAS))
      throw UsageError(
          "the resources cannot give every hotspot its minimum visits per day: lower --min-visits, or add "
          "officer-hours to the resources file (each visit costs its minutes plus travel from the team's "
          "nearest other hotspot; --mode drive or teams of nearby hotspots cut the travel)");
    if (lp_code != 0 || glp_get_status(prob) != GLP_OPT)
      throw UsageError(fmt::format("GLPK could not solve the relaxation (code {})", lp_code));
    const double lp_bound = glp_get_obj_val(prob);

    TreeWatch watch;
    watch.node_limit = settings_.node_limit;
    const auto greedy = greedy_allocation(p);
    if (!greedy.empty()) {
      watch.start.assign(column_item.size() + 1, 0.0);
      std::vector<int> taken(p.items.size(), 0);
      for (std::size_t column = 0; column < column_item.size(); ++column) {
        const auto item = static_cast<std::size_t>(column_item[column]);
        if (taken[item] < greedy[item]) watch.start[column + 1] = 1.0, ++taken[item];
      }
    }
    glp_iocp mip;
    glp_init_iocp(&mip);
    mip.msg_lev = GLP_MSG_OFF;
    mip.presolve = GLP_OFF;  // the relaxation is solved: branch and cut starts from its basis
    mip.tm_lim = std::max(1, static_cast<int>(time_limit_s * 1000));
    mip.mip_gap = settings_.mip_gap;
    mip.fp_heur = GLP_ON;
    mip.cov_cuts = GLP_ON;
    mip.cb_func = watch_tree;
    mip.cb_info = &watch;
    const int mip_code = glp_intopt(prob, &mip);
    const int status = glp_mip_status(prob);
    if (status == GLP_NOFEAS)
      throw UsageError(
          "no whole-visit allocation fits the resources and the minimum visits per day: lower --min-visits "
          "or add officer-hours");
    if (status != GLP_OPT && status != GLP_FEAS && mip_code == GLP_ETMLIM && !greedy.empty()) {
      // The clock ran out (a loaded machine) before GLPK took the greedy start: that start is a
      // feasible allocation, so it is the answer, with the relaxation's bound and an honest status.
      for (std::size_t item = 0; item < greedy.size(); ++item) solution.visits[item] = greedy[item];
      solution.objective = allocation_objective(p, solution.visits);
      solution.optimal = false;
      solution.bound = std::max(lp_bound, solution.objective);
      solution.gap = (solution.bound - solution.objective) / std::max(std::abs(solution.objective), 1e-9);
      solution.status = "greedy start (time limit reached before branch and bound)";
      return solution;
    }
    if (status != GLP_OPT && status != GLP_FEAS)
      throw UsageError(fmt::format("GLPK found no allocation within {:g} s (code {}); raise the time limit",
                                   time_limit_s, mip_code));
    for (std::size_t column = 0; column < column_item.size(); ++column) {
      if (glp_mip_col_val(prob, static_cast<int>(column) + 1) > 0.5) ++solution.visits[column_item[column]];
    }
    solution.objective = allocation_objective(p, solution.visits);
    solution.optimal = status == GLP_OPT && mip_code == 0 && !watch.stopped;
    double bound = std::min(lp_bound, watch.best_bound);
    // Stopped at the gap tolerance (or with the tree exhausted): the optimum lies within it.
    if (solution.optimal)
      bound = std::min(bound, solution.objective + settings_.mip_gap * std::abs(solution.objective));
    solution.bound = std::max(bound, solution.objective);
    solution.gap = (solution.bound - solution.objective) / std::max(std::abs(solution.objective), 1e-9);
    solution.status = solution.optimal
                          ? (solution.gap <= 1e-9 ? "optimal" : "optimal within the gap tolerance")
                      : mip_code == GLP_ETMLIM ? "feasible (time limit reached)"
                      : watch.stopped          ? "feasible (node limit reached)"
                                               : "feasible";
    return solution;
  }

  GlpkSettings settings_;
};

}  // namespace

std::unique_ptr<AllocationSolver> make_glpk_solver(GlpkSettings settings) {
  return std::make_unique<GlpkAllocationSolver>(settings);
}

}  // namespace grip::patrol

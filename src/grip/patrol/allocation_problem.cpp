#include <fmt/format.h>

#include <cmath>
#include <queue>
#include <utility>

#include "grip/core/errors.hpp"
#include "grip/patrol/allocation_solver.hpp"

namespace grip::patrol {

void validate(const AllocationProblem& p) {
  if (!(p.decay > 0 && p.decay <= 1))
    throw UsageError(fmt::format("visit decay must be in (0, 1], not {}", p.decay));
  if (p.group_min.size() != p.group_max.size())
    throw UsageError("allocation: group_min and group_max differ in size");
  for (std::size_t g = 0; g < p.group_min.size(); ++g) {
    if (p.group_min[g] < 0 || p.group_min[g] > p.group_max[g])
      throw UsageError(
          fmt::format("allocation: group {} has min {} > max {}", g, p.group_min[g], p.group_max[g]));
  }
  for (std::size_t i = 0; i < p.items.size(); ++i) {
    const auto& item = p.items[i];
    if (!(std::isfinite(item.risk) && item.risk >= 0))
      throw UsageError(fmt::format("allocation: item {} has risk {}", i, item.risk));
    if (!(std::isfinite(item.minutes) && item.minutes > 0))
      throw UsageError(fmt::format("allocation: item {} has {} minutes per visit", i, item.minutes));
    if (item.max_visits < 0)
      throw UsageError(fmt::format("allocation: item {} has max visits {}", i, item.max_visits));
    if (item.pool < 0 || static_cast<std::size_t>(item.pool) >= p.capacity_minutes.size())
      throw UsageError(fmt::format("allocation: item {} names capacity pool {}", i, item.pool));
    if (item.group >= static_cast<int>(p.group_min.size()))
      throw UsageError(fmt::format("allocation: item {} names group {}", i, item.group));
    if (item.cap >= static_cast<int>(p.cap_minutes.size()))
      throw UsageError(fmt::format("allocation: item {} names cap {}", i, item.cap));
  }
}

double allocation_objective(const AllocationProblem& p, const std::vector<int>& visits) {
  double sum = 0;
  for (std::size_t i = 0; i < p.items.size(); ++i) {
    double worth = 1;
    for (int k = 0; k < visits[i]; ++k, worth *= p.decay) sum += p.items[i].risk * worth;
  }
  return sum;
}

bool allocation_feasible(const AllocationProblem& p, const std::vector<int>& visits) {
  if (visits.size() != p.items.size()) return false;
  std::vector<double> used(p.capacity_minutes.size(), 0.0), capped(p.cap_minutes.size(), 0.0);
  std::vector<int> per_group(p.group_min.size(), 0);
  for (std::size_t i = 0; i < p.items.size(); ++i) {
    const auto& item = p.items[i];
    if (visits[i] < 0 || visits[i] > item.max_visits) return false;
    used[item.pool] += item.minutes * visits[i];
    if (item.group >= 0) per_group[item.group] += visits[i];
    if (item.cap >= 0) capped[item.cap] += item.minutes * visits[i];
  }
  constexpr double kSlack = 1e-6;
  for (std::size_t q = 0; q < used.size(); ++q)
    if (used[q] > p.capacity_minutes[q] + kSlack) return false;
  for (std::size_t c = 0; c < capped.size(); ++c)
    if (capped[c] > p.cap_minutes[c] + kSlack) return false;
  for (std::size_t g = 0; g < per_group.size(); ++g)
    if (per_group[g] < p.group_min[g] || per_group[g] > p.group_max[g]) return false;
  return true;
}

std::vector<int> greedy_allocation(const AllocationProblem& p) {
  std::vector<int> visits(p.items.size(), 0), per_group(p.group_min.size(), 0);
  auto pool_left = p.capacity_minutes;
  auto cap_left = p.cap_minutes;
  constexpr double kSlack = 1e-9;
  const auto fits = [&](std::size_t i) {
    const auto& item = p.items[i];
    return visits[i] < item.max_visits && pool_left[item.pool] + kSlack >= item.minutes &&
           (item.cap < 0 || cap_left[item.cap] + kSlack >= item.minutes) &&
           (item.group < 0 || per_group[item.group] < p.group_max[item.group]);
  };
  const auto worth = [&](std::size_t i) { return p.items[i].risk * std::pow(p.decay, visits[i]); };
  const auto take = [&](std::size_t i) {
    const auto& item = p.items[i];
    ++visits[i];
    pool_left[item.pool] -= item.minutes;
    if (item.cap >= 0) cap_left[item.cap] -= item.minutes;
    if (item.group >= 0) ++per_group[item.group];
  };
  std::vector<std::vector<std::size_t>> items_of_group(p.group_min.size());
  for (std::size_t i = 0; i < p.items.size(); ++i)
    if (p.items[i].group >= 0) items_of_group[p.items[i].group].push_back(i);
  for (std::size_t g = 0; g < p.group_min.size(); ++g) {
    while (per_group[g] < p.group_min[g]) {
      std::size_t best = p.items.size();
      for (const auto i : items_of_group[g]) {
        if (fits(i) && (best == p.items.size() || worth(i) > worth(best))) best = i;
      }
      if (best == p.items.size()) return {};
      take(best);
    }
  }
  // Capacity only shrinks, so an item that does not fit now never will: drop it from the heap.
  std::priority_queue<std::pair<double, std::size_t>> heap;
  for (std::size_t i = 0; i < p.items.size(); ++i)
    if (fits(i)) heap.emplace(worth(i) / p.items[i].minutes, i);
  while (!heap.empty()) {
    const auto i = heap.top().second;
    heap.pop();
    if (!fits(i)) continue;
    take(i);
    if (fits(i)) heap.emplace(worth(i) / p.items[i].minutes, i);
  }
  return visits;
}

}  // namespace grip::patrol

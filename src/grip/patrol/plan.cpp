#include "grip/patrol/plan.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <tuple>

#include "grip/core/errors.hpp"
#include "grip/patrol/plan_calendar.hpp"

namespace grip::patrol {
namespace {

void require_settings(const PlanSettings& s, std::size_t hotspots) {
  if (hotspots == 0) throw UsageError("no hotspots to plan for: run grip hotspots first");
  if (s.days < 1 || s.days > 366) throw UsageError(fmt::format("--days must be 1..366, not {}", s.days));
  if (!(s.visit_minutes >= 1 && s.visit_minutes <= 60))
    throw UsageError(fmt::format("visit length must be 1..60 minutes, not {}", s.visit_minutes));
  if (s.min_visits_per_day < 0 || s.max_visits_per_day < s.min_visits_per_day || s.max_visits_per_day > 24)
    throw UsageError(fmt::format("visits per day must satisfy 0 <= min ({}) <= max ({}) <= 24",
                                 s.min_visits_per_day, s.max_visits_per_day));
  if (!(s.cap_minutes >= 0))
    throw UsageError(fmt::format("dosage cap must be >= 0 minutes, not {}", s.cap_minutes));
}

// Minutes to walk to each hotspot from the nearest other hotspot of its team (0 when alone).
std::vector<double> travel_minutes(const std::vector<PlanHotspot>& hotspots, const std::vector<int>& team_of,
                                   const Resources& resources) {
  const double metres_per_minute = resources.walking_kmh * 1000.0 / 60.0;
  std::vector<double> minutes(hotspots.size(), 0.0);
  for (std::size_t a = 0; a < hotspots.size(); ++a) {
    double nearest = std::numeric_limits<double>::infinity();
    for (std::size_t b = 0; b < hotspots.size(); ++b) {
      if (a == b || team_of[a] != team_of[b]) continue;
      nearest = std::min(nearest, std::hypot(hotspots[a].x - hotspots[b].x, hotspots[a].y - hotspots[b].y));
    }
    if (std::isfinite(nearest)) minutes[a] = nearest * resources.road_factor / metres_per_minute;
  }
  return minutes;
}

// Visit start hours (0..23 of the shift's clock hours, as offsets from its start) for `count`
// visits: high-risk hours first, without replacement, weighted by share.
std::vector<int> draw_hours(const HourOfWeek& profile, const Shift& shift, int weekday, int count,
                            PlanRandom& random) {
  std::vector<double> share(shift.hours());
  for (int k = 0; k < shift.hours(); ++k) {
    const int clock = shift.start_hour + k;
    share[k] = profile[((weekday * 24 + clock) % kHoursPerWeek)];
  }
  auto sorted = share;
  std::sort(sorted.begin(), sorted.end());
  const double median = sorted[(sorted.size() - 1) / 2];
  std::vector<int> high, low;
  for (int k = 0; k < shift.hours(); ++k) (share[k] >= median ? high : low).push_back(k);
  std::vector<int> chosen;
  const auto take_from = [&](std::vector<int>& pool) {
    while (static_cast<int>(chosen.size()) < count && !pool.empty()) {
      double sum = 0;
      for (int k : pool) sum += share[k] + 1e-12;
      double u = random.uniform() * sum;
      std::size_t pick = 0;
      for (; pick + 1 < pool.size(); ++pick) {
        u -= share[pool[pick]] + 1e-12;
        if (u < 0) break;
      }
      chosen.push_back(pool[pick]);
      pool.erase(pool.begin() + static_cast<long>(pick));
    }
  };
  take_from(high);
  take_from(low);
  while (static_cast<int>(chosen.size()) < count)
    chosen.push_back(static_cast<int>(random.below(share.size())));
  std::sort(chosen.begin(), chosen.end());
  return chosen;
}

std::string clock_text(std::chrono::sys_days day, int minute_of_day) {
  day += std::chrono::days{minute_of_day / 1440};
  minute_of_day %= 1440;
  return fmt::format("{}T{:02d}:{:02d}", day_text(day), minute_of_day / 60, minute_of_day % 60);
}

}  // namespace

double shift_share(const HourOfWeek& profile, const Shift& shift, int weekday) {
  double sum = 0;
  for (int k = 0; k < shift.hours(); ++k)
    sum += profile[(weekday * 24 + shift.start_hour + k) % kHoursPerWeek];
  return sum;
}

std::vector<int> assign_teams(const std::vector<PlanHotspot>& hotspots, const Resources& resources) {
  std::vector<int> team_of(hotspots.size(), -1);
  int catch_all = -1;
  for (std::size_t t = 0; t < resources.teams.size(); ++t)
    if (resources.teams[t].districts.empty() && resources.teams[t].hotspot_ids.empty())
      catch_all = static_cast<int>(t);
  for (std::size_t h = 0; h < hotspots.size(); ++h) {
    for (std::size_t t = 0; t < resources.teams.size() && team_of[h] < 0; ++t) {
      const auto& ids = resources.teams[t].hotspot_ids;
      if (std::find(ids.begin(), ids.end(), hotspots[h].id) != ids.end()) team_of[h] = static_cast<int>(t);
    }
    for (std::size_t t = 0; t < resources.teams.size() && team_of[h] < 0; ++t) {
      const auto& districts = resources.teams[t].districts;
      if (std::find(districts.begin(), districts.end(), hotspots[h].district) != districts.end())
        team_of[h] = static_cast<int>(t);
    }
    if (team_of[h] < 0) team_of[h] = catch_all;
    if (team_of[h] < 0)
      throw UsageError(
          fmt::format("no team in {} covers hotspot {} ({}, district '{}'): add it to a team or add a "
                      "team without districts",
                      resources.source, hotspots[h].id, hotspots[h].name, hotspots[h].district));
  }
  return team_of;
}

Plan make_plan(const std::vector<PlanHotspot>& hotspots, const Resources& resources,
               const PlanSettings& settings, AllocationSolver& solver) {
  require_settings(settings, hotspots.size());
  Plan plan;
  plan.settings = settings;
  plan.hotspots = hotspots;
  plan.shifts = resources.shifts;
  for (const auto& team : resources.teams) plan.teams.push_back(team.name);
  plan.team_of = assign_teams(hotspots, resources);
  const auto first = parse_plan_day(settings.first_day);

  DesignInput design_input;
  for (const auto& h : hotspots)
    design_input.hotspot_ids.push_back(h.id), design_input.pre_period_harm.push_back(h.harm);
  design_input.first_day = settings.first_day;
  design_input.days = settings.days;
  design_input.seed = settings.seed;
  design_input.treated_share = settings.treated_share;
  plan.design = make_design(settings.design, design_input);

  // The allocation problem: items by hotspot, day, shift; pools by team, day, shift.
  const auto travel = travel_minutes(hotspots, plan.team_of, resources);
  const int shifts = static_cast<int>(resources.shifts.size());
  const int teams = static_cast<int>(resources.teams.size());
  const auto pool_of = [&](int team, int day, int shift) { return (day * teams + team) * shifts + shift; };
  AllocationProblem problem;
  problem.decay = settings.decay;
  problem.capacity_minutes.resize(static_cast<std::size_t>(teams * settings.days * shifts));
  for (int d = 0; d < settings.days; ++d) {
    const bool weekend = weekday_index(first + std::chrono::days{d}) >= 5;
    for (int t = 0; t < teams; ++t) {
      const auto& hours = weekend ? resources.teams[t].weekend_hours : resources.teams[t].weekday_hours;
      for (int s = 0; s < shifts; ++s) {
        const auto found = hours.find(resources.shifts[s].name);
        problem.capacity_minutes[pool_of(t, d, s)] = found == hours.end() ? 0.0 : 60.0 * found->second;
      }
    }
  }
  const int per_visit_cap = settings.max_visits_per_day;
  plan.dosage.assign(hotspots.size(), {});
  for (std::size_t h = 0; h < hotspots.size(); ++h) {
    plan.dosage[h].travel_minutes_per_visit = travel[h];
    const int cap = settings.cap_minutes > 0 ? static_cast<int>(problem.cap_minutes.size()) : -1;
    if (cap >= 0) problem.cap_minutes.push_back(settings.cap_minutes);
    for (int d = 0; d < settings.days; ++d) {
      const bool treated = plan.design.treated[h][d];
      const int group = static_cast<int>(problem.group_min.size());
      problem.group_min.push_back(treated ? settings.min_visits_per_day : 0);
      problem.group_max.push_back(treated ? settings.max_visits_per_day : 0);
      if (treated) ++plan.dosage[h].treated_days;
      const int weekday = weekday_index(first + std::chrono::days{d});
      for (int s = 0; s < shifts; ++s) {
        AllocationItem item;
        item.risk = hotspots[h].harm * shift_share(hotspots[h].profile, resources.shifts[s], weekday);
        item.minutes = settings.visit_minutes + travel[h];
        item.max_visits = treated ? std::min(per_visit_cap, resources.shifts[s].hours()) : 0;
        item.pool = pool_of(plan.team_of[h], d, s);
        item.group = group;
        item.cap = cap;
        problem.items.push_back(item);
      }
    }
  }
  plan.solution = solver.solve(problem);
  plan.capacity_minutes = problem.capacity_minutes;
  plan.capacity_minutes_used.assign(problem.capacity_minutes.size(), 0.0);

  // Times: in a fixed order (hotspot, day, shift) from the seed, so a seed gives one plan.
  PlanRandom random(settings.seed ^ 0x9e3779b97f4a7c15ULL);
  const int latest_start = 60 - static_cast<int>(std::ceil(settings.visit_minutes));
  for (std::size_t i = 0; i < problem.items.size(); ++i) {
    const int h = static_cast<int>(i) / (settings.days * shifts);
    const int d = static_cast<int>(i) / shifts % settings.days;
    const int s = static_cast<int>(i) % shifts;
    const int count = plan.solution.visits[i];
    if (count == 0) continue;
    plan.capacity_minutes_used[problem.items[i].pool] += count * problem.items[i].minutes;
    auto& dose = plan.dosage[h];
    dose.visits += count;
    dose.minutes += count * settings.visit_minutes;
    const auto day = first + std::chrono::days{d};
    const auto& shift = resources.shifts[s];
    for (const int offset : draw_hours(hotspots[h].profile, shift, weekday_index(day), count, random)) {
      const int start = (shift.start_hour + offset) * 60 +
                        static_cast<int>(random.below(static_cast<std::size_t>(latest_start + 1)));
      plan.visits.push_back({h, plan.team_of[h], d, s, clock_text(day, start),
                             clock_text(day, start + static_cast<int>(std::lround(settings.visit_minutes))),
                             problem.items[i].risk});
    }
  }
  for (std::size_t i = 0; i < problem.items.size(); ++i) {
    const int h = static_cast<int>(i) / (settings.days * shifts);
    if (problem.items[i].max_visits > 0) plan.dosage[h].risk += problem.items[i].risk;
  }
  std::sort(plan.visits.begin(), plan.visits.end(), [&](const PlannedVisit& a, const PlannedVisit& b) {
    return std::tie(a.start, a.team, a.hotspot) < std::tie(b.start, b.team, b.hotspot);
  });
  if (settings.design != DesignKind::kNone)
    plan.notes.push_back(
        fmt::format("{} design (seed {}, hash {}): control hotspot-days get no planned visit",
                    to_string(settings.design), settings.seed, plan.design.hash));
  if (std::any_of(travel.begin(), travel.end(), [](double t) { return t == 0; }))
    plan.notes.push_back("a hotspot alone in its team has no travel time counted (no team base is known)");
  return plan;
}

}  // namespace grip::patrol

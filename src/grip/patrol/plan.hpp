// A patrol plan from plain data: hotspots with a harm weight and an hour-of-week profile, a
// team's officer-hours per shift, a design (which hotspot-days may be patrolled). Risk of hotspot h
// in shift s of day d = harm_h · Σ_{hours of s on d} profile_h(hour of week): the hotspot's share
// of harm times the share of its week in that shift. The allocation (allocation_solver.hpp) puts
// whole visits where risk is highest within the officer-minutes; each visit costs the visit
// (default 15 min, Koper 1995) plus travel from the team's nearest other hotspot (straight line ×
// road factor 1.3 at 5 km/h walking). Visit times are then drawn at random (seeded) among the
// shift's high-risk hours for that hotspot (share at or above the shift's median), weighted by
// risk, one visit per hour where possible, at a random minute, so patrols are unpredictable.
// Defaults: 1..6 visits per hotspot per treated day, no dosage cap, decay 0.7.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "grip/patrol/allocation_solver.hpp"
#include "grip/patrol/design.hpp"
#include "grip/patrol/hour_of_week.hpp"
#include "grip/patrol/resources.hpp"

namespace grip::patrol {

inline constexpr double kDefaultVisitMinutes = 15.0;
inline constexpr int kDefaultMinVisitsPerDay = 1;
inline constexpr int kDefaultMaxVisitsPerDay = 6;

struct PlanHotspot {
  std::string id, name, district;
  double x = 0, y = 0;   // a representative point in the store CRS (metres)
  double harm = 0;       // harm weight (expected harm when forecast, else the hotspot's harm)
  HourOfWeek profile{};  // shares summing to 1
};

struct PlanSettings {
  std::string first_day;  // "YYYY-MM-DD"
  int days = 28;
  std::uint64_t seed = 1;
  double visit_minutes = kDefaultVisitMinutes;
  int min_visits_per_day = kDefaultMinVisitsPerDay;
  int max_visits_per_day = kDefaultMaxVisitsPerDay;
  double cap_minutes = 0;  // dosage cap per hotspot over the plan; 0 = none
  double decay = kDefaultVisitDecay;
  DesignKind design = DesignKind::kNone;
  double treated_share = kDefaultTreatedShare;
};

struct PlannedVisit {
  int hotspot = 0, team = 0, day = 0, shift = 0;
  std::string start, end;  // local "YYYY-MM-DDTHH:MM"
  double risk = 0;         // of the visit's shift
};

struct HotspotDosage {
  int visits = 0, treated_days = 0;
  double minutes = 0, risk = 0;  // risk: Σ over the plan's treated shifts
  double travel_minutes_per_visit = 0;
};

struct Plan {
  PlanSettings settings;
  std::vector<PlanHotspot> hotspots;
  std::vector<Shift> shifts;
  std::vector<std::string> teams;
  std::vector<int> team_of;  // per hotspot
  Design design;
  AllocationSolution solution;
  std::vector<PlannedVisit> visits;  // by day, shift, team, start
  std::vector<HotspotDosage> dosage;
  std::vector<double> capacity_minutes_used, capacity_minutes;  // per team·day·shift pool
  std::vector<std::string> notes;
};

// Throws grip::UsageError for impossible settings or resources that cannot meet the minimum.
[[nodiscard]] Plan make_plan(const std::vector<PlanHotspot>& hotspots, const Resources& resources,
                             const PlanSettings& settings, AllocationSolver& solver);

// Which team covers each hotspot: by id, then district, then the catch-all; UsageError if none.
[[nodiscard]] std::vector<int> assign_teams(const std::vector<PlanHotspot>& hotspots,
                                            const Resources& resources);
// The risk shares of one hotspot in shift s of day d (day given by its weekday, 0 = Monday).
[[nodiscard]] double shift_share(const HourOfWeek& profile, const Shift& shift, int weekday);

}  // namespace grip::patrol

#include "grip/patrol/compliance.hpp"

#include <algorithm>
#include <map>
#include <tuple>

#include "grip/core/errors.hpp"

namespace grip::patrol {

bool is_pass_through(const DetectedSlot& visit, const ComplianceRules& rules) {
  return visit.minutes_high < rules.min_dwell_minutes;
}

VisitMatching match_visits_to_plan(std::span<const PlannedSlot> planned,
                                   std::span<const DetectedSlot> detected, const ComplianceRules& rules) {
  if (!(rules.min_dwell_minutes >= 0))
    throw UsageError("the minimum dwell must be 0 minutes or more, not " +
                     std::to_string(rules.min_dwell_minutes));
  if (rules.tolerance_s < 0)
    throw UsageError("the match tolerance must be 0 s or more, not " + std::to_string(rules.tolerance_s));
  VisitMatching m;
  m.planned_to_detected.assign(planned.size(), -1);
  m.detected_to_planned.assign(detected.size(), -1);
  m.kinds.assign(detected.size(), DetectedKind::kUnplanned);

  std::map<std::string, std::vector<std::size_t>> planned_by_hotspot;
  for (std::size_t p = 0; p < planned.size(); ++p) planned_by_hotspot[planned[p].hotspot_id].push_back(p);
  // (overlap, planned, detected): sorted by overlap descending, then indices ascending.
  std::vector<std::tuple<std::int64_t, std::size_t, std::size_t>> pairs;
  for (std::size_t d = 0; d < detected.size(); ++d) {
    const DetectedSlot& v = detected[d];
    if (is_pass_through(v, rules)) {
      m.kinds[d] = DetectedKind::kPassThrough;
      continue;
    }
    const auto it = planned_by_hotspot.find(v.hotspot_id);
    if (it == planned_by_hotspot.end()) continue;
    for (const std::size_t p : it->second) {
      const std::int64_t from = std::max(planned[p].start_s - rules.tolerance_s, v.entry_earliest_s);
      const std::int64_t to = std::min(planned[p].end_s + rules.tolerance_s, v.exit_latest_s);
      if (to > from) pairs.emplace_back(to - from, p, d);
    }
  }
  std::sort(pairs.begin(), pairs.end(), [](const auto& a, const auto& b) {
    if (std::get<0>(a) != std::get<0>(b)) return std::get<0>(a) > std::get<0>(b);
    return std::tie(std::get<1>(a), std::get<2>(a)) < std::tie(std::get<1>(b), std::get<2>(b));
  });
  for (const auto& [overlap, p, d] : pairs) {
    if (m.planned_to_detected[p] >= 0 || m.detected_to_planned[d] >= 0) continue;
    m.planned_to_detected[p] = static_cast<std::int64_t>(d);
    m.detected_to_planned[d] = static_cast<std::int64_t>(p);
    m.kinds[d] = DetectedKind::kDelivered;
  }
  return m;
}

}  // namespace grip::patrol

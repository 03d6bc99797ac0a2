#include "grip/patrol/visit_detection.hpp"

#include <algorithm>
#include <string>

#include "grip/core/errors.hpp"
#include "grip/patrol/patrol_zones.hpp"

namespace grip::patrol {
namespace {

// Seconds an accuracy radius is worth at walking pace: a fix 20 m off may put the edge 14 s early.
std::int64_t accuracy_seconds(double accuracy_m, const VisitRules& rules) {
  return static_cast<std::int64_t>(accuracy_m / rules.walking_speed_m_s + 0.5);
}

}  // namespace

std::vector<Visit> detect_visits(std::span<const GpsFix> fixes, std::span<const std::int32_t> zones,
                                 const VisitRules& rules) {
  if (fixes.size() != zones.size()) throw UsageError("detect_visits: one zone per fix is needed");
  if (rules.bridge_s < 0 || rules.max_gap_s < 0 || rules.min_fixes < 1 || !(rules.walking_speed_m_s > 0)) {
    throw UsageError("detect_visits: bridge, gap, fix count and walking speed must be positive");
  }
  std::vector<Visit> visits;
  const std::size_t n = fixes.size();
  std::size_t i = 0;
  while (i < n) {
    if (zones[i] == PatrolZones::kOutside) {
      ++i;
      continue;
    }
    const std::uint32_t officer = fixes[i].officer;
    const std::int32_t zone = zones[i];
    const std::size_t first = i;
    std::size_t last = i;
    int count = 1;
    // Extend while the next in-zone fix of this officer and zone is within the bridge, or follows
    // the last one with no fix between them (an unobserved gap, e.g. a camera buffering) of at
    // most max_gap_s: nothing says the officer left.
    std::int64_t unobserved_s = 0;  // in-visit gaps longer than the bridge: maybe present, maybe not
    for (std::size_t j = i + 1; j < n && fixes[j].officer == officer; ++j) {
      const std::int64_t gap = fixes[j].time_s - fixes[last].time_s;
      const bool adjacent = j == last + 1;
      // A minute over the buffering interval: a camera's next fix lands just after it.
      if (gap > (adjacent ? std::max(rules.bridge_s, rules.max_gap_s + 60) : rules.bridge_s)) break;
      if (zones[j] != zone && zones[j] != PatrolZones::kOutside) break;  // another hotspot: a new visit
      if (zones[j] == zone) {
        if (gap > rules.bridge_s) unobserved_s += gap;
        last = j;
        ++count;
      }
    }
    const GpsFix& in_first = fixes[first];
    const GpsFix& in_last = fixes[last];
    const bool has_before = first > 0 && fixes[first - 1].officer == officer;
    const bool has_after = last + 1 < n && fixes[last + 1].officer == officer;
    const std::int64_t before = has_before
                                    ? std::max(fixes[first - 1].time_s, in_first.time_s - rules.max_gap_s)
                                    : in_first.time_s - rules.max_gap_s;
    const std::int64_t after = has_after ? std::min(fixes[last + 1].time_s, in_last.time_s + rules.max_gap_s)
                                         : in_last.time_s + rules.max_gap_s;
    const std::int64_t slack_first = accuracy_seconds(in_first.accuracy_m, rules);
    const std::int64_t slack_last = accuracy_seconds(in_last.accuracy_m, rules);

    Visit visit;
    visit.officer = officer;
    visit.zone = zone;
    visit.first_in_s = in_first.time_s;
    visit.last_in_s = in_last.time_s;
    visit.entry_earliest_s = before - slack_first;
    visit.exit_latest_s = after + slack_last;
    visit.fixes = count;
    const double low_s =
        static_cast<double>(in_last.time_s - in_first.time_s - unobserved_s - slack_first - slack_last);
    const double entry_mid = 0.5 * static_cast<double>(before + in_first.time_s);
    const double exit_mid = 0.5 * static_cast<double>(in_last.time_s + after);
    visit.minutes_low = std::max(0.0, low_s) / 60.0;
    visit.minutes_high = static_cast<double>(visit.exit_latest_s - visit.entry_earliest_s) / 60.0;
    visit.minutes = (exit_mid - entry_mid - 0.5 * static_cast<double>(unobserved_s)) / 60.0;
    visit.verified =
        count >= rules.min_fixes && visit.minutes_high - visit.minutes_low <= rules.max_uncertainty_min;
    visits.push_back(visit);
    i = last + 1;
  }
  return visits;
}

}  // namespace grip::patrol

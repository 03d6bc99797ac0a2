// Visits from GPS: when an officer was in a hotspot, and for how long, with honest uncertainty.
//   A visit is a run of an officer's fixes in one zone (patrol_zones.hpp) in which consecutive
//   in-zone fixes are at most bridge_s apart (default 300 s), with only fixes outside every
//   hotspot between them (a step out of the buffer; a fix in another hotspot ends the visit), or
//   follow each other with no fix between at most max_gap_s + 60 s apart (a camera buffering: nothing
//   says the officer left). Such an unobserved gap counts in minutes_high, not in minutes_low,
//   and half of it in the midpoint.
//   Entry lies between the fix before the first in-zone fix and that fix; exit between the last
//   in-zone fix and the fix after it. Each bound is capped at max_gap_s (default 900 s, the
//   15-minute buffering interval of body-worn cameras) from the observed fix, and widened by
//   the fix's accuracy walked at 1.4 m/s. So
//     minutes_low  = (last_in − first_in − unobserved gaps − accuracy terms) / 60, at least 0
//     minutes_high = (exit_latest − entry_earliest) / 60
//     minutes      = the midpoint estimate (exit_mid − entry_mid − unobserved gaps / 2) / 60
//   A visit is verified when at least min_fixes (default 2) fixes are in the zone and the
//   interval is no wider than max_uncertainty_min (default 5 min); a lone fix 15 minutes from
//   its neighbours says someone passed, not that they stayed 15 minutes.
// Koper band: 10–15 minutes (Koper 1995). `in_koper_band` uses the midpoint; `surely_koper` needs
// the whole interval inside the band.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "grip/patrol/gps_cleaning.hpp"

namespace grip::patrol {

struct VisitRules {
  std::int64_t bridge_s = 300;
  std::int64_t max_gap_s = 900;
  int min_fixes = 2;
  double max_uncertainty_min = 5;
  double walking_speed_m_s = 1.4;
};

struct Visit {
  std::uint32_t officer = 0;
  std::int32_t zone = 0;
  std::int64_t first_in_s = 0, last_in_s = 0;            // observed in-zone fixes
  std::int64_t entry_earliest_s = 0, exit_latest_s = 0;  // the widest the visit can have been
  double minutes = 0, minutes_low = 0, minutes_high = 0;
  int fixes = 0;
  bool verified = false;
  [[nodiscard]] bool in_koper_band() const { return minutes >= 10 && minutes <= 15; }
  [[nodiscard]] bool surely_koper() const { return minutes_low >= 10 && minutes_high <= 15; }
};

// `fixes` sorted by (officer, time) as clean_fixes leaves them; `zones[i]` is fixes[i]'s zone
// (PatrolZones::kOutside for none). Visits come out in (officer, time) order.
[[nodiscard]] std::vector<Visit> detect_visits(std::span<const GpsFix> fixes,
                                               std::span<const std::int32_t> zones,
                                               const VisitRules& rules = {});

}  // namespace grip::patrol

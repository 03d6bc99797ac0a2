#include "grip/patrol/gps_cleaning.hpp"

#include <algorithm>
#include <cmath>

namespace grip::patrol {

CleaningCounts clean_fixes(std::vector<GpsFix>& fixes, const CleaningRules& rules) {
  std::stable_sort(fixes.begin(), fixes.end(), [](const GpsFix& a, const GpsFix& b) {
    return a.officer != b.officer ? a.officer < b.officer : a.time_s < b.time_s;
  });
  constexpr double kAreaMarginM = 5'000;
  CleaningCounts counts;
  std::size_t kept = 0;
  for (std::size_t i = 0; i < fixes.size(); ++i) {
    const GpsFix& fix = fixes[i];
    if (!std::isfinite(fix.x) || !std::isfinite(fix.y) || fix.accuracy_m > rules.max_accuracy_m) {
      ++counts.imprecise;
      continue;
    }
    if (rules.force_area) {
      const auto& box = *rules.force_area;
      if (fix.x < box.min_x - kAreaMarginM || fix.x > box.max_x + kAreaMarginM ||
          fix.y < box.min_y - kAreaMarginM || fix.y > box.max_y + kAreaMarginM) {
        ++counts.outside;
        continue;
      }
    }
    if (kept > 0 && fixes[kept - 1].officer == fix.officer) {
      const GpsFix& last = fixes[kept - 1];
      if (last.time_s == fix.time_s) {
        ++counts.duplicate;
        continue;
      }
      const auto too_fast = [&](const GpsFix& from, const GpsFix& to) {
        return std::hypot(to.x - from.x, to.y - from.y) >
               rules.max_speed_m_s * static_cast<double>(std::abs(to.time_s - from.time_s));
      };
      // A spike is out of reach of both neighbours. A fix that only the last kept one cannot
      // reach, but the next one agrees with, is a real move (or the last kept fix was the spike).
      const bool has_next = i + 1 < fixes.size() && fixes[i + 1].officer == fix.officer;
      if (too_fast(last, fix) && (!has_next || too_fast(fix, fixes[i + 1]))) {
        ++counts.jump;
        continue;
      }
    }
    fixes[kept++] = fix;
  }
  fixes.resize(kept);
  counts.kept = static_cast<std::int64_t>(kept);
  return counts;
}

}  // namespace grip::patrol

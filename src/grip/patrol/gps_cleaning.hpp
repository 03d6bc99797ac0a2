// Cleaning officer GPS fixes before dosage is measured. A fix is dropped, and counted by reason,
// when it is
//   - imprecise:   its reported accuracy is worse than max_accuracy_m (default 100 m: body-worn
//                  cameras report up to 400 m, which cannot place anyone in a 150 m hotspot);
//   - a duplicate: the same officer and second as the fix kept before it;
//   - a jump:      a spike that neither the officer's last kept fix nor the next fix could reach
//                  below max_speed_m_s (default 50 m/s = 180 km/h: a glitch, not a pursuit);
//   - outside:     beyond the force area's box grown by 5 km, when a box is given.
// Fixes are sorted by officer then time first, so the input order does not matter.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

namespace grip::patrol {

struct GpsFix {
  std::uint32_t officer = 0;  // index of a pseudonymous officer (never a raw id)
  std::int64_t time_s = 0;    // seconds since the Unix epoch, UTC
  double x = 0, y = 0;        // metres, in the store's CRS
  double accuracy_m = 0;      // 0 = not reported
};

struct CleaningRules {
  double max_accuracy_m = 100;
  double max_speed_m_s = 50;
  struct Box {
    double min_x, min_y, max_x, max_y;
  };
  std::optional<Box> force_area;  // grown by 5 km before use
};

struct CleaningCounts {
  std::int64_t kept = 0, imprecise = 0, duplicate = 0, jump = 0, outside = 0;
};

// Sorts `fixes` by (officer, time) and removes the dropped ones in place; returns the counts.
CleaningCounts clean_fixes(std::vector<GpsFix>& fixes, const CleaningRules& rules = {});

}  // namespace grip::patrol

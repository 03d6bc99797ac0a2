// What the dosage report and the compliance figures of the monthly return read (issue 12): a
// month's planned visits with their team and shift, and a month's GPS visits with their
// pseudonymous officer and widest extent.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "grip/store/store.hpp"

namespace grip::store {

// A planned visit of the latest plan that has visits starting in the month; times are the plan's
// local "YYYY-MM-DDTHH:MM".
struct PlannedVisitSlot {
  std::string hotspot_id, team, shift, starts_at, ends_at;
};
[[nodiscard]] std::vector<PlannedVisitSlot> read_planned_slots_in_month(Store& store,
                                                                        const std::string& month);

// A GPS visit whose first fix in the hotspot (UTC) falls in the month, in fid order.
struct GpsVisitDetail {
  std::int64_t fid = 0;
  std::string hotspot_id, officer, first_in, entry_earliest, exit_latest;  // ISO 8601 UTC
  double minutes = 0, minutes_low = 0, minutes_high = 0;
  bool verified = false;
};
[[nodiscard]] std::vector<GpsVisitDetail> read_gps_visits_in_month(Store& store, const std::string& month);

}  // namespace grip::store

// Officers' self-reported patrol hours (issue 12, migration 11): one row per officer, day and
// hotspot or team, the officer a pseudonym made with the store's key (never the raw id).
#pragma once

#include <string>
#include <vector>

#include "grip/store/store.hpp"

namespace grip::store {

struct SelfReportedHoursRow {
  std::string officer, day, hotspot_id, team;  // day "YYYY-MM-DD" (local); hotspot_id or team may be ""
  double hours = 0;
  std::string source;  // the imported file's name
};

// Inside the caller's WriteTransaction.
void add_self_reported_hours(Store& store, const std::vector<SelfReportedHoursRow>& rows,
                             const std::string& recorded_at);
// The rows whose day falls in month "YYYY-MM", by officer then day.
[[nodiscard]] std::vector<SelfReportedHoursRow> read_self_reported_hours_in_month(Store& store,
                                                                                  const std::string& month);

}  // namespace grip::store

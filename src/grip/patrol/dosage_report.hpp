// The dosage report (issue 12, `grip dosage --month YYYY-MM`): per hotspot, day, shift and team,
// the planned visits and minutes of the latest plan against the GPS visits that delivered them
// (compliance.hpp: one-to-one match within a tolerance), missed planned visits, unplanned visits,
// pass-throughs (upper bound under the minimum dwell, never counted as delivered), the share of
// visits in the 10–15 minute Koper band (by the midpoint), and officers' self-reported hours against
// GPS hours (self_reported_hours.hpp).
// Planned times are the plan's local clock, read in `time_zone` (default Europe/London, the clock of
// data.police.uk forces); GPS times are UTC. A day is the local date of the planned start or, for a
// visit matched to no plan, of its first fix; such a visit takes the shift of the planned visit
// (any hotspot) starting nearest to it that day ("" when that day has none) and the team that the
// plan gives its hotspot ("" when the plan gives it none or several).
// Minutes delivered are the GPS visit's own (midpoint, low and high), not clipped to the plan.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "grip/patrol/compliance.hpp"
#include "grip/patrol/self_reported_hours.hpp"
#include "grip/store/store.hpp"

namespace grip::patrol {

inline constexpr const char* kDefaultPlanTimeZone = "Europe/London";

struct DosageOptions {
  ComplianceRules rules;
  std::string time_zone = kDefaultPlanTimeZone;
};

struct DosageRow {
  std::string hotspot_id, date, shift, team;
  std::int64_t planned_visits = 0, delivered_visits = 0, missed_visits = 0, unplanned_visits = 0;
  std::int64_t pass_throughs = 0, koper_band_visits = 0;
  double planned_minutes = 0, delivered_minutes = 0, delivered_minutes_low = 0, delivered_minutes_high = 0;
  double unplanned_minutes = 0, pass_through_minutes = 0;
  // Visits counted (delivered + unplanned) and the Koper share among them; -1 when there are none.
  [[nodiscard]] std::int64_t visits() const { return delivered_visits + unplanned_visits; }
  [[nodiscard]] double koper_share() const {
    return visits() == 0 ? -1 : static_cast<double>(koper_band_visits) / static_cast<double>(visits());
  }
  void add(const DosageRow& other);
};

struct DosageReport {
  std::string month;
  DosageOptions options;
  std::vector<DosageRow> rows;  // by hotspot, date, shift, team
  DosageRow totals;
  std::vector<HoursCheck> hours_checks;  // self-reported hours against GPS, per officer pseudonym and day
};

// UsageError for a month that is not YYYY-MM, an unknown time zone or bad rules.
[[nodiscard]] DosageReport compute_dosage(store::Store& store, const std::string& month,
                                          const DosageOptions& options = {});
// Rows summed per hotspot (date, shift and team left empty), by hotspot id.
[[nodiscard]] std::vector<DosageRow> dosage_by_hotspot(const DosageReport& report);

// UTC seconds of a local "YYYY-MM-DDTHH:MM[:SS]" in `zone`; nullopt when unreadable.
[[nodiscard]] std::optional<std::int64_t> local_time_to_utc(const std::string& local,
                                                            const std::string& zone);

[[nodiscard]] std::string dosage_json(const DosageReport& report);
[[nodiscard]] std::string dosage_csv(const DosageReport& report);
[[nodiscard]] std::string dosage_text(const DosageReport& report);

}  // namespace grip::patrol

// Officers' self-reported patrol hours against GPS (issue 12). `grip outcomes import-hours FILE`
// reads a CSV with an officer id (officer_id, officer, collar, badge, callsign), a local date (date
// or day, YYYY-MM-DD), hours (0 < h <= 24) and a hotspot_id or team (at least one per row). The id is
// replaced by the store's keyed-hash pseudonym as the row is read (core/officer_pseudonym.hpp),
// exactly as GPS ingest does, so both sides meet on the pseudonym; the raw id is never stored nor
// printed. Any bad row refuses the file (file, first bad line, reason, how many more).
// The check, per officer pseudonym and local day of the month (time zone as the dosage report):
// self-reported hours against the hours GPS places the officer in hotspots (all their visits that
// day, pass-throughs included, by local date of the first fix): midpoint, low and high sums. A
// self-report above the GPS upper bound is flagged: it claims more hotspot time than the GPS can
// account for. A self-report with no GPS at all that day has an upper bound of 0, so it is flagged.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "grip/store/store.hpp"

namespace grip::patrol {

struct HoursImportSummary {
  std::int64_t rows = 0, officers = 0;
  double hours = 0;
};

HoursImportSummary import_self_reported_hours(store::Store& store, const std::filesystem::path& file);

struct HoursCheck {
  std::string officer, day;  // pseudonym, local "YYYY-MM-DD"
  double self_reported_hours = 0, gps_hours = 0, gps_hours_low = 0, gps_hours_high = 0;
  [[nodiscard]] double difference() const { return self_reported_hours - gps_hours; }
  [[nodiscard]] bool exceeds_gps() const { return self_reported_hours > gps_hours_high + 1e-9; }
};

// By officer then day. UsageError for a month that is not YYYY-MM or an unknown zone.
[[nodiscard]] std::vector<HoursCheck> check_self_reported_hours(store::Store& store, const std::string& month,
                                                                const std::string& time_zone);

}  // namespace grip::patrol

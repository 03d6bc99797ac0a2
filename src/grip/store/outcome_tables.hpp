// Patrol outcomes (issue 12): arrests, stop searches, weapons seized and arch deployments, each
// linked to a hotspot and, where place and time allow, to the GPS visit it happened during; and
// the plain readers the monthly return counts from (GPS visits, stop searches of a month).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "grip/store/store.hpp"

namespace grip::store {

struct OutcomeRow {
  std::int64_t outcome_id = 0;
  std::string kind, occurred_at, hotspot_id;  // occurred_at "YYYY-MM-DDTHH:MM:SSZ"
  std::int64_t gps_visit_fid = 0;             // 0 = not linked to a visit
  std::string weapon_type;
  std::optional<std::int64_t> people_through, detections;  // arch deployments only
  std::string notes, source;                               // source: "cli" or the imported file name
};

// Inside the caller's WriteTransaction; returns the new ids in order.
std::vector<std::int64_t> add_outcomes(Store& store, const std::vector<OutcomeRow>& outcomes,
                                       const std::string& recorded_at);
// In id order.
[[nodiscard]] std::vector<OutcomeRow> list_outcomes(Store& store);

// A GPS visit's place and the widest time it may cover, for linking and for the return.
struct GpsVisitWindow {
  std::int64_t fid = 0;
  std::string hotspot_id, first_in, entry_earliest, exit_latest;
  double minutes = 0, minutes_low = 0, minutes_high = 0;
};
// In fid order.
[[nodiscard]] std::vector<GpsVisitWindow> read_gps_visit_windows(Store& store);

// A stored stop search, its time as stored ("YYYY-MM-DDTHH:MM:SS", UTC) and the store-CRS point.
struct StopSearchPoint {
  double x = 0, y = 0;
  std::string occurred_at, object_of_search, outcome, outcome_linked_to_object;
  std::string ethnicity_group;  // self-defined, top-level group; "" when not recorded
  std::int64_t fid = 0;
};
// The stop searches whose own time falls in month "YYYY-MM", in fid order.
[[nodiscard]] std::vector<StopSearchPoint> read_stop_searches_in_month(Store& store,
                                                                       const std::string& month);

// A planned visit (patrol_visits) of the latest plan that has visits starting in month "YYYY-MM".
struct PlannedVisitWindow {
  std::string hotspot_id, starts_at, ends_at;
};
[[nodiscard]] std::vector<PlannedVisitWindow> read_planned_visits_in_month(Store& store,
                                                                           const std::string& month);

}  // namespace grip::store

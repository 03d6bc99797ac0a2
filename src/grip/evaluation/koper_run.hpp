// The local Koper curve for `grip evaluate` (koper_curve.hpp): after each patrol visit to a treated
// hotspot in the after period, how long until the hotspot's next headline incident, by visit length.
// Needs GPS visits (gps_visits) and incidents with a time of day: data.police.uk months cannot be
// used, so the incidents come from the evaluated dataset when it is time-stamped, else from the
// first stored dataset that has time-stamped incidents in the treated hotspots in the after period
// (or the one named by --koper-dataset). Stated choices:
// - an incident counts when its recorded time is a point or a window of at most 60 minutes (its
//   start is used); wider windows are left out and counted;
// - visits by several officers that overlap are merged into one presence (its length is the
//   merged span), since the follow-up of one would be censored by the other at once;
// - a visit runs from its first fix inside to the midpoint of its last fix inside and its latest
//   possible exit (the same midpoint rule as the visit minutes, docs/dosage.md);
// - GPS times are UTC and incident times are local: both are put on the data's local clock in
//   --time-zone (default Europe/London); an hour near a clock change may be off by one hour;
// - observation ends at the latest time-stamped incident of the dataset in the after period.
// OBSERVATIONAL: visit lengths were not randomised.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "grip/evaluation/koper_curve.hpp"
#include "grip/evaluation/periods.hpp"
#include "grip/geo/polygon_raster.hpp"
#include "grip/store/store.hpp"

namespace grip::evaluation {

inline constexpr const char* kDefaultKoperTimeZone = "Europe/London";
inline constexpr double kKoperMaxWindowMinutes = 60.0;

struct KoperSummary {
  std::string dataset, dataset_reason, time_zone;
  std::int64_t visits = 0;            // GPS visits read
  std::int64_t presences = 0;         // after merging overlapping visits
  std::int64_t followed = 0;          // presences ending before observation ended
  std::int64_t incidents = 0;         // time-stamped headline incidents in the treated hotspots
  std::int64_t incidents_window = 0;  // left out: recorded window over 60 minutes
  std::string observed_until;         // local time
  std::vector<KoperBand> bands;
  std::string note;
};

struct KoperRequest {
  std::int64_t hotspot_run_id = 0;
  MonthPeriod after;
  std::vector<std::string> headline_types;
  std::string evaluated_dataset;  // empty = every dataset
  std::string dataset;            // --koper-dataset; empty = choose as above
  std::string time_zone = kDefaultKoperTimeZone;
};

// Refuses (UsageError naming --time-zone) a zone the machine's tz database does not have.
void require_known_time_zone(const std::string& zone);

// nullopt when no GPS visit of the treated hotspots started in the after period. Otherwise a
// summary whose bands are empty, with a note saying why, when no time-stamped incident is stored.
// Throws grip::UsageError for an unknown --time-zone or --koper-dataset.
// treated_shapes[i] is the polygon of the hotspot treated_ids[i].
[[nodiscard]] std::optional<KoperSummary> koper_of(store::Store& store,
                                                   const std::vector<geo::RingSet>& treated_shapes,
                                                   const std::vector<std::string>& treated_ids,
                                                   const KoperRequest& request);

}  // namespace grip::evaluation

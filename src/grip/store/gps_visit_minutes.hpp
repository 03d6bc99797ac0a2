// Patrol dosage per hotspot from gps_visits, for the evaluation's dose-response: the minutes
// (midpoint, low, high) and visits of one hotspot run's hotspots whose visit started (first_in,
// ISO 8601 UTC) in [from, to).
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "grip/store/store.hpp"

namespace grip::store {

struct HotspotDosage {
  double minutes = 0, minutes_low = 0, minutes_high = 0;
  std::int64_t visits = 0;
};

[[nodiscard]] std::map<std::string, HotspotDosage> read_hotspot_dosage(Store& store,
                                                                       std::int64_t hotspot_run_id,
                                                                       const std::string& from,
                                                                       const std::string& to);

// One GPS visit's observed span, for the Koper curve: first and last fix inside and the latest
// possible exit (ISO 8601 UTC), its midpoint minutes; ordered by hotspot then first_in.
struct VisitSpanRow {
  std::string hotspot_id, first_in, last_in, exit_latest;
  double minutes = 0;
};

[[nodiscard]] std::vector<VisitSpanRow> read_hotspot_visit_spans(Store& store, std::int64_t hotspot_run_id,
                                                                 const std::string& from,
                                                                 const std::string& to);

}  // namespace grip::store

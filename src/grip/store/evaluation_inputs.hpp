// What `grip evaluate` reads besides incidents: every hotspot area of the latest hotspot run
// (selected and runners-up, the candidates for comparison areas), the months an incident dataset
// covers, and the latest stored patrol design (its programme period).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "grip/store/store.hpp"

namespace grip::store {

struct HotspotAreaShape {
  std::string id, name, district;
  std::int64_t rank = 0;
  bool selected = false;
  double harm = 0.0;
  std::vector<std::uint8_t> wkb;
};
struct HotspotAreaSet {
  std::int64_t run_id = 0;              // 0 when no hotspot run is stored
  std::vector<HotspotAreaShape> areas;  // in rank order
};
[[nodiscard]] HotspotAreaSet read_latest_hotspot_areas(Store& store);

struct MonthRange {
  std::string first, last;  // "YYYY-MM"; empty when no incident is stored
};
// dataset empty = every dataset.
[[nodiscard]] MonthRange incident_month_range(Store& store, const std::string& dataset);

struct LatestPatrolDesign {
  std::int64_t design_id = 0, hotspot_run_id = 0, days = 0;
  std::string kind, first_day;
};
[[nodiscard]] std::optional<LatestPatrolDesign> latest_patrol_design(Store& store);

}  // namespace grip::store

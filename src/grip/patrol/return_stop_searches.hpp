// The stop-search part of the monthly return (monthly_return.hpp): data.police.uk searches of the
// month inside the buffered hotspots, by object of search, by outcome and by self-defined ethnicity
// (top-level group, ingest/police_uk_stop_search.hpp) with each group's share of the searches, the
// share with an outcome linked to the object (HMICFRS's measure) and the share with no further
// action; and the searches also recorded with `grip outcomes` (stop_search_matching.hpp), so that
// a search recorded twice is counted once. Rates per head of population are not given: the store
// holds no population by ethnic group.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "grip/patrol/patrol_zones.hpp"
#include "grip/store/hotspot_tables.hpp"
#include "grip/store/outcome_tables.hpp"

namespace grip::patrol {

struct StopSearchSection {
  std::vector<std::int64_t> published_per_hotspot, matched_per_hotspot;  // by selected hotspot
  std::int64_t published = 0, matched = 0;
  nlohmann::json figures;  // in_hotspots, by_object_of_search, by_outcome, ..., matched pairs
};

// `recorded`: the month's outcomes (any kind; only stop_search ones are matched). Plan local times
// of data.police.uk are read in `time_zone` (they are stored as UK local time).
[[nodiscard]] StopSearchSection stop_search_section(store::Store& store, const std::string& month,
                                                    const store::SelectedHotspots& selected,
                                                    const PatrolZones& zones,
                                                    const std::vector<store::OutcomeRow>& recorded,
                                                    const std::string& time_zone);

}  // namespace grip::patrol

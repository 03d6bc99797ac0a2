// The incidents a hotspot run analyses, read once from the store into columns: coordinates, and
// month, crime type, street location and town as small ids into name tables. Rows come in the
// engine's fastest order and are put back into fid order here, with every id numbered by first
// appearance in that order, so a run gives the same sums and names on every engine and whatever
// the physical order of the table (PostGIS after a replaced month or an UPDATE).
#pragma once

#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "grip/store/incident_tables.hpp"
#include "grip/store/store.hpp"

namespace grip::hotspot {

struct Incidents {
  std::vector<double> x, y;
  std::vector<std::uint16_t> month, type;  // month ids in calendar order
  std::vector<std::uint32_t> location, town;
  std::vector<std::string> occurred_from;  // per incident, "" when only the month is known
  std::vector<std::string> months, types, locations, towns;
  std::int64_t outliers = 0;
  // Every recorded location of the dataset over its whole history and all crime types (outliers
  // excepted): what a study area without boundaries is derived from.
  std::vector<double> history_x, history_y;
};

// The filter's months are applied here rather than in the store so that one pass also collects
// the whole history's locations (only when want_history).
[[nodiscard]] Incidents read_incidents(store::Store& store, store::IncidentFilter filter,
                                       const std::set<std::string>& types, bool want_history);

// Puts incidents read in another order into ascending fid order (fid: one per incident) and
// renumbers type, location and town ids by first appearance, so the result equals a read in fid
// order. Does nothing when fid is already ascending.
void restore_fid_order(Incidents& incidents, std::vector<std::int64_t> fid);

}  // namespace grip::hotspot

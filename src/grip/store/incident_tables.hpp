// What analyses read: incidents of one dataset and period, the crime categories with their harm
// weights, the datasets stored, and the boundary areas. Readers hand back plain values; the
// caller decides what to keep (the national year is 6.5 million rows, so incidents stream).
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "grip/store/store.hpp"

namespace grip::store {

struct CategoryInfo {
  double harm_weight = 0.0;
  std::string origin;  // "victim-generated", "police-generated", "unknown"
  bool victim_generated = false;
};
// Every stored category by name.
[[nodiscard]] std::map<std::string, CategoryInfo> read_categories(Store& store);

// The datasets of stored incident batches ("police.uk street", a mapping's name...), sorted.
[[nodiscard]] std::vector<std::string> incident_datasets(Store& store);

struct IncidentFilter {
  std::string dataset;                 // empty = every dataset
  std::string from_month = "0000-00";  // "YYYY-MM", inclusive
  std::string to_month = "9999-99";
};

// One stored incident, valid during the callback only. Empty text stands for NULL.
struct IncidentView {
  std::int64_t fid = 0;
  double x = 0.0, y = 0.0;
  std::string_view month, occurred_from, occurred_to, category,
      location;                     // occurred_to: empty = a point time
  std::string_view lsoa_name;       // data.police.uk "LSOA name", e.g. "Maidstone 012A" (empty when none)
  bool outside_force_area = false;  // flagged at ingest as far outside the force area
};
enum class IncidentOrder {
  kFid,      // fid order, so that every engine gives the same sums
  kStorage,  // whatever order the engine reads fastest (on PostGIS a sequential scan, not an index
             // scan: 2 s less server time for the national year); the caller restores fid order
};
// Calls visit for each incident, in the given order.
void for_each_incident(Store& store, const IncidentFilter& filter,
                       const std::function<void(const IncidentView&)>& visit,
                       IncidentOrder order = IncidentOrder::kFid);

struct AreaShape {
  std::string kind, code, name;
  std::vector<std::uint8_t> wkb;  // polygon or multipolygon in the store CRS
};
// Areas of one kind (empty = every kind) ordered by kind then name.
[[nodiscard]] std::vector<AreaShape> read_areas(Store& store, const std::string& kind = "");
[[nodiscard]] std::int64_t count_areas(Store& store, const std::string& kind);

}  // namespace grip::store

// What the report's map draws besides the hotspot run itself, read from the store once: the
// boundaries the study area was made of (districts, or every stored area when there are none),
// the analysed incidents as points (for street zoom), and the latest stored forecast per hotspot.
// Plain data, so a test can build it by hand; report_layers_from_store fills it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "grip/hotspot/hotspot_run.hpp"
#include "grip/store/report_read.hpp"
#include "grip/store/store.hpp"

namespace grip::report {

struct BoundaryArea {
  std::string kind, name;
  std::vector<std::uint8_t> wkb;  // polygon or multipolygon, store CRS
};

// Incidents at one recorded location (data.police.uk snap points hold many).
struct IncidentLocation {
  double x = 0, y = 0;  // store CRS
  std::int64_t incidents = 0;
  std::string location;        // "On or near High Street" ("" when the data has none)
  std::string commonest_type;  // the crime type most recorded there
};

// The map keeps at most this many locations (about 40 bytes each in the page: 1.2 MB at the cap).
// Above it, locations inside or within kIncidentKeepNearHotspotM of a hotspot's box come first, then
// the busiest; the legend states how many were left out.
inline constexpr std::size_t kMaxIncidentLocations = 30'000;
inline constexpr double kIncidentKeepNearHotspotM = 500.0;
// Incident points are drawn from this zoom level (street level, about 2.4 m a pixel at 51° N) up.
inline constexpr int kIncidentMinZoom = 15;

struct ReportLayers {
  std::string boundary_kind;  // "district", "precinct", ... ("" when none stored)
  std::vector<BoundaryArea> boundaries;
  std::vector<IncidentLocation> incident_locations;  // at most kMaxIncidentLocations
  std::size_t incident_locations_total = 0;          // before the cap
  std::int64_t incidents_drawn = 0;                  // Σ incidents of the locations kept
  bool incidents_read = false;                       // false: not read (a hand-made run)
  store::StoredForecast forecast;                    // forecast_run = 0: none stored
};

// The run's analysed incidents (its dataset, months and crime types, in its study area) grouped by
// location, capped as above.
[[nodiscard]] std::vector<IncidentLocation> cap_incident_locations(std::vector<IncidentLocation> locations,
                                                                   const hotspot::HotspotRun& run);

// Reads the layers for a run that was made from this store. Throws grip::StoreError.
[[nodiscard]] ReportLayers report_layers_from_store(store::Store& store, const hotspot::HotspotRun& run);

}  // namespace grip::report

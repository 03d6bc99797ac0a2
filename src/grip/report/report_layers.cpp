#include "grip/report/report_layers.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <unordered_map>
#include <utility>

#include "grip/analysis/analysis_scope.hpp"
#include "grip/store/incident_tables.hpp"

namespace grip::report {
namespace {

std::vector<BoundaryArea> read_boundary_areas(store::Store& store, std::string& kind) {
  // The same areas the study area was made of (analysis::read_boundaries): districts when stored.
  const bool have_districts = store::count_areas(store, "district") > 0;
  std::vector<BoundaryArea> areas;
  std::set<std::string> kinds;
  for (auto& area : store::read_areas(store, have_districts ? "district" : "")) {
    kinds.insert(area.kind);
    areas.push_back({std::move(area.kind), std::move(area.name), std::move(area.wkb)});
  }
  kind.clear();
  for (const auto& k : kinds) kind += (kind.empty() ? "" : ", ") + k;
  return areas;
}

struct LocationTally {
  std::size_t index = 0;
  std::map<std::string, std::int64_t> by_type;
};

std::vector<IncidentLocation> read_incident_locations(store::Store& store, const hotspot::HotspotRun& run) {
  std::vector<IncidentLocation> locations;
  if (run.months.empty()) return locations;
  const auto resolved = analysis::resolve_dataset(store, run.settings.dataset);
  store::IncidentFilter filter;
  filter.dataset = resolved.name;
  filter.from_month = run.months.front();
  filter.to_month = run.months.back();
  const std::set<std::string, std::less<>> types(run.crime_types.begin(), run.crime_types.end());
  const auto& in_area = run.cells.in_study_area;
  std::map<std::pair<double, double>, LocationTally> tallies;
  store::for_each_incident(store, filter, [&](const store::IncidentView& incident) {
    if (incident.outside_force_area || !types.contains(incident.category)) return;
    const auto cell = run.grid.cell_of(incident.x, incident.y);
    if (!cell || (!in_area.empty() && in_area[*cell] == 0)) return;
    auto [it, fresh] = tallies.try_emplace({incident.x, incident.y});
    if (fresh) {
      it->second.index = locations.size();
      locations.push_back({incident.x, incident.y, 0, std::string(incident.location), {}});
    }
    ++locations[it->second.index].incidents;
    ++it->second.by_type[std::string(incident.category)];
  });
  for (const auto& [point, tally] : tallies) {
    const auto top = std::max_element(tally.by_type.begin(), tally.by_type.end(),
                                      [](const auto& a, const auto& b) { return a.second < b.second; });
    locations[tally.index].commonest_type = top->first;
  }
  return locations;
}

}  // namespace

std::vector<IncidentLocation> cap_incident_locations(std::vector<IncidentLocation> locations,
                                                     const hotspot::HotspotRun& run) {
  if (locations.size() <= kMaxIncidentLocations) return locations;
  const auto near_hotspot = [&run](const IncidentLocation& at) {
    const double pad = kIncidentKeepNearHotspotM;
    return std::any_of(run.hotspots.begin(), run.hotspots.end(), [&](const hotspot::HotspotArea& area) {
      return at.x >= area.min_x - pad && at.x <= area.max_x + pad && at.y >= area.min_y - pad &&
             at.y <= area.max_y + pad;
    });
  };
  std::vector<std::pair<bool, std::size_t>> order;  // (near a hotspot, index)
  order.reserve(locations.size());
  for (std::size_t i = 0; i < locations.size(); ++i) order.emplace_back(near_hotspot(locations[i]), i);
  std::stable_sort(order.begin(), order.end(), [&locations](const auto& a, const auto& b) {
    if (a.first != b.first) return a.first;
    return locations[a.second].incidents > locations[b.second].incidents;
  });
  order.resize(kMaxIncidentLocations);
  std::sort(order.begin(), order.end(), [](const auto& a, const auto& b) { return a.second < b.second; });
  std::vector<IncidentLocation> kept;
  kept.reserve(order.size());
  for (const auto& [near, index] : order) kept.push_back(std::move(locations[index]));
  return kept;
}

ReportLayers report_layers_from_store(store::Store& store, const hotspot::HotspotRun& run) {
  ReportLayers layers;
  layers.boundaries = read_boundary_areas(store, layers.boundary_kind);
  auto locations = read_incident_locations(store, run);
  layers.incident_locations_total = locations.size();
  layers.incident_locations = cap_incident_locations(std::move(locations), run);
  for (const auto& location : layers.incident_locations) layers.incidents_drawn += location.incidents;
  layers.incidents_read = true;
  layers.forecast = store::read_latest_forecast_hotspots(store);
  return layers;
}

}  // namespace grip::report

#include "grip/evaluation/run_zones.hpp"

#include "grip/core/errors.hpp"
#include "grip/store/evaluation_inputs.hpp"

namespace grip::evaluation {

ZoneClassifier latest_run_zone_classifier(store::Store& store, double buffer_m) {
  const auto areas = store::read_latest_hotspot_areas(store);
  std::vector<geo::RingSet> treated, comparison;
  for (const auto& area : areas.areas)
    (area.selected ? treated : comparison).push_back(geo::decode_polygon_blob(area.wkb));
  if (treated.empty()) throw UsageError(store.path() + " has no selected hotspots: run grip hotspots first");
  return ZoneClassifier(std::move(treated), std::move(comparison), buffer_m);
}

}  // namespace grip::evaluation

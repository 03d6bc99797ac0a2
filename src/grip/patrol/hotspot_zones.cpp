#include "grip/patrol/hotspot_zones.hpp"

#include "grip/geo/polygon_raster.hpp"

namespace grip::patrol {

std::vector<ZonePolygon> hotspot_zone_polygons(const store::SelectedHotspots& selected) {
  std::vector<ZonePolygon> zones;
  zones.reserve(selected.hotspots.size());
  for (const auto& hotspot : selected.hotspots) {
    const geo::RingSet rings = geo::decode_polygon_blob(hotspot.wkb);
    ZonePolygon zone;
    for (const auto& ring : rings.rings) {
      std::vector<ZonePoint> points;
      points.reserve(ring.size());
      for (const auto& p : ring) points.push_back({p.x, p.y});
      zone.rings.push_back(std::move(points));
    }
    zones.push_back(std::move(zone));
  }
  return zones;
}

}  // namespace grip::patrol

#include "grip/report/map_geometry.hpp"

#include <ogr_geometry.h>

#include <memory>
#include <string>

#include "grip/core/errors.hpp"

namespace grip::report {
namespace {

Polygon read_polygon(const OGRPolygon& source) {
  Polygon polygon;
  for (const OGRLinearRing* ring : source) {
    Ring points;
    points.reserve(static_cast<std::size_t>(ring->getNumPoints()));
    for (const OGRPoint& point : *ring) points.push_back({point.getX(), point.getY()});
    polygon.push_back(std::move(points));
  }
  return polygon;
}

}  // namespace

MultiPolygon polygons_from_wkb(std::span<const std::uint8_t> wkb, double simplify_m) {
  MultiPolygon polygons;
  if (wkb.empty()) return polygons;
  OGRGeometry* raw = nullptr;
  if (OGRGeometryFactory::createFromWkb(wkb.data(), nullptr, &raw, wkb.size()) != OGRERR_NONE ||
      raw == nullptr) {
    throw UsageError("hotspot polygon: " + std::to_string(wkb.size()) + " bytes that are not valid WKB");
  }
  std::unique_ptr<OGRGeometry> geometry(raw);
  if (simplify_m > 0) {
    std::unique_ptr<OGRGeometry> simpler(geometry->SimplifyPreserveTopology(simplify_m));
    if (simpler && !simpler->IsEmpty()) geometry = std::move(simpler);
  }
  switch (wkbFlatten(geometry->getGeometryType())) {
    case wkbPolygon:
      polygons.push_back(read_polygon(*geometry->toPolygon()));
      break;
    case wkbMultiPolygon:
      for (const OGRPolygon* polygon : *geometry->toMultiPolygon())
        polygons.push_back(read_polygon(*polygon));
      break;
    default:
      throw UsageError(std::string("hotspot polygon: a WKB ") + geometry->getGeometryName() +
                       ", not a polygon or multipolygon");
  }
  return polygons;
}

void to_longitude_latitude(MultiPolygon& polygons, const geo::Projector& to_store) {
  std::vector<double> xs;
  std::vector<double> ys;
  for (const auto& polygon : polygons) {
    for (const auto& ring : polygon) {
      for (const auto& point : ring) {
        xs.push_back(point.x);
        ys.push_back(point.y);
      }
    }
  }
  to_store.inverse(xs, ys);
  std::size_t next = 0;
  for (auto& polygon : polygons) {
    for (auto& ring : polygon) {
      for (auto& point : ring) {
        point = {xs[next], ys[next]};
        ++next;
      }
    }
  }
}

}  // namespace grip::report

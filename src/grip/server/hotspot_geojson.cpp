#include "grip/server/hotspot_geojson.hpp"

#include <cmath>
#include <cstring>
#include <stdexcept>
#include <string>
#include <vector>

#include "grip/geo/projection.hpp"
#include "grip/store/hotspot_tables.hpp"
#include "grip/store/wkb.hpp"

namespace grip::server {
namespace {

// Reads little-endian 2D WKB polygons and multipolygons (what the hotspots layer holds).
class WkbReader {
 public:
  explicit WkbReader(const std::vector<std::uint8_t>& bytes) : bytes_(bytes) {}
  std::uint32_t u32() {
    need(4);
    std::uint32_t value = 0;
    std::memcpy(&value, bytes_.data() + at_, 4);
    at_ += 4;
    return value;
  }
  double f64() {
    need(8);
    double value = 0;
    std::memcpy(&value, bytes_.data() + at_, 8);
    at_ += 8;
    return value;
  }
  void header(std::uint32_t& type) {
    need(1);
    ++at_;  // byte order: little-endian after summarize_wkb
    type = u32();
  }

 private:
  void need(std::size_t n) const {
    if (at_ + n > bytes_.size()) throw std::invalid_argument("truncated WKB");
  }
  const std::vector<std::uint8_t>& bytes_;
  std::size_t at_ = 0;
};

using Rings = std::vector<std::vector<std::pair<double, double>>>;

Rings read_polygon(WkbReader& reader) {
  Rings rings(reader.u32());
  for (auto& ring : rings) {
    ring.resize(reader.u32());
    for (auto& [x, y] : ring) {
      x = reader.f64();
      y = reader.f64();
    }
  }
  return rings;
}

std::vector<Rings> read_polygons(const std::vector<std::uint8_t>& wkb) {
  const auto little = store::summarize_wkb(wkb).little_endian;
  WkbReader reader(little);
  std::uint32_t type = 0;
  reader.header(type);
  if (type == 3) return {read_polygon(reader)};
  if (type != 6)
    throw std::invalid_argument("hotspot geometry is not a polygon (WKB type " + std::to_string(type) + ")");
  std::vector<Rings> polygons(reader.u32());
  for (auto& polygon : polygons) {
    std::uint32_t part = 0;
    reader.header(part);
    polygon = read_polygon(reader);
  }
  return polygons;
}

double rounded(double degrees) { return std::round(degrees * 1e6) / 1e6; }

}  // namespace

nlohmann::json multipolygon_wgs84(const std::vector<std::uint8_t>& wkb, const geo::Projector& projector) {
  nlohmann::json coordinates = nlohmann::json::array();
  for (auto& polygon : read_polygons(wkb)) {
    nlohmann::json rings = nlohmann::json::array();
    for (auto& ring : polygon) {
      std::vector<double> x, y;
      for (const auto& [px, py] : ring) {
        x.push_back(px);
        y.push_back(py);
      }
      projector.inverse(x, y);
      nlohmann::json points = nlohmann::json::array();
      for (std::size_t i = 0; i < x.size(); ++i) points.push_back({rounded(x[i]), rounded(y[i])});
      rings.push_back(std::move(points));
    }
    coordinates.push_back(std::move(rings));
  }
  return {{"type", "MultiPolygon"}, {"coordinates", std::move(coordinates)}};
}

nlohmann::json label_point_wgs84(const std::vector<std::uint8_t>& wkb, const geo::Projector& projector) {
  const auto polygons = read_polygons(wkb);
  double sx = 0, sy = 0;
  std::size_t n = 0;
  for (const auto& polygon : polygons) {
    if (polygon.empty()) continue;
    for (const auto& [px, py] : polygon.front()) {
      sx += px;
      sy += py;
      ++n;
    }
  }
  if (n == 0) return nullptr;
  std::vector<double> x = {sx / static_cast<double>(n)}, y = {sy / static_cast<double>(n)};
  projector.inverse(x, y);
  return {rounded(x[0]), rounded(y[0])};
}

nlohmann::json hotspots_geojson(store::Store& store) {
  nlohmann::json collection = {{"type", "FeatureCollection"}, {"features", nlohmann::json::array()}};
  const auto selected = store::read_selected_hotspots(store);
  collection["run_id"] = selected.run_id;
  if (selected.hotspots.empty()) return collection;
  const auto crs = store.crs();
  if (!crs) return collection;
  const geo::Projector projector(crs->code);
  int rank = 0;
  for (const auto& hotspot : selected.hotspots) {
    collection["features"].push_back(
        {{"type", "Feature"},
         {"properties", {{"id", hotspot.id}, {"name", hotspot.name}, {"rank", ++rank}}},
         {"geometry", multipolygon_wgs84(hotspot.wkb, projector)}});
  }
  return collection;
}

}  // namespace grip::server

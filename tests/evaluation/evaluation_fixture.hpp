// Helpers for the evaluation tests: axis-aligned rectangles stored as a hotspot run (MULTIPOLYGON,
// as the hotspots layer declares), so a test knows exactly where its treated and comparison areas are.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "grip/store/hotspot_tables.hpp"
#include "grip/store/store.hpp"

namespace grip::test {

struct TestRect {
  std::string id;
  double x0, y0, x1, y1;
  bool selected;
};

inline std::vector<std::uint8_t> rectangle_multipolygon_wkb(const TestRect& r) {
  std::vector<std::uint8_t> wkb;
  const auto put = [&](const void* bytes, std::size_t n) {
    const auto* b = static_cast<const std::uint8_t*>(bytes);
    wkb.insert(wkb.end(), b, b + n);
  };
  const std::uint8_t little = 1;
  const std::uint32_t multipolygon = 6, polygons = 1, polygon = 3, rings = 1, points = 5;
  put(&little, 1), put(&multipolygon, 4), put(&polygons, 4);
  put(&little, 1), put(&polygon, 4), put(&rings, 4), put(&points, 4);
  const double xy[] = {r.x0, r.y0, r.x1, r.y0, r.x1, r.y1, r.x0, r.y1, r.x0, r.y0};
  put(xy, sizeof xy);
  return wkb;
}

// One hotspot run holding the rectangles, ranked in the order given.
inline void store_rectangles_as_hotspots(store::Store& store, const std::vector<TestRect>& rects) {
  store::WriteTransaction transaction(store);
  store::HotspotLayerWriter writer(store);
  store::HotspotRunRow run;
  run.created = "2019-01-01T00:00:00";
  run.settings_json = run.result_json = "{}";
  writer.add_run(run);
  std::int64_t rank = 0;
  store::Envelope bounds{1e300, -1e300, 1e300, -1e300};
  for (const auto& r : rects) {
    const auto wkb = rectangle_multipolygon_wkb(r);
    store::HotspotAreaRow area;
    area.wkb = wkb;
    area.envelope = {r.x0, r.x1, r.y0, r.y1};
    area.hotspot_id = area.name = r.id;
    area.district = area.street_label = area.review = area.review_reason = area.explanation = "";
    area.counts_by_type_json = area.trend_cells_json = "{}";
    area.rank = ++rank;
    area.selected = r.selected ? 1 : 0;
    writer.add_area(area);
    bounds = {std::min(bounds.min_x, r.x0), std::max(bounds.max_x, r.x1), std::min(bounds.min_y, r.y0),
              std::max(bounds.max_y, r.y1)};
  }
  writer.finish(bounds);
  transaction.commit();
}

}  // namespace grip::test

// What the dashboard's map and hotspot pages read besides the selected hotspots: the latest run's
// cells with a non-zero Gi* bin, the latest forecast's figures per hotspot, and one hotspot area's
// attributes (any hotspot of the latest run, selected or runner-up). Geometry stays in the store's
// CRS; the server reprojects it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "grip/store/store.hpp"

namespace grip::store {

struct GiBinCell {
  std::vector<std::uint8_t> wkb;  // POLYGON
  std::int64_t gi_bin = 0, incidents = 0;
  double gi_z = 0;  // 0 when NULL
  std::string hotspot_id;
};
// Cells of the latest hotspot run whose Gi* bin is not 0, in fid order, at most `limit`.
[[nodiscard]] std::vector<GiBinCell> read_gi_bin_cells(Store& store, std::int64_t limit);

struct ForecastHotspotFigures {
  std::string hotspot_id, name;
  std::int64_t rank = 0, cells = 0;
  double probability = 0, expected = 0, expected_harm = 0;
};
struct LatestForecastHotspots {
  std::int64_t run_id = 0;  // 0 when no forecast is stored
  std::string created, model, window_kind, target_window;
  std::vector<ForecastHotspotFigures> hotspots;  // in rank order
};
[[nodiscard]] LatestForecastHotspots read_latest_forecast_hotspots(Store& store);

struct HotspotDetailRow {
  std::int64_t run_id = 0, rank = 0, cells = 0, incidents = 0;
  bool selected = false;
  std::string hotspot_id, name, district, street_label, counts_by_type_json, trend_cells_json, review,
      explanation, first_month, last_month;
  double area_m2 = 0, harm = 0, share_of_force_harm = 0, peak_gi_z = 0;
  std::vector<std::uint8_t> wkb;  // MULTIPOLYGON
};
// The hotspot of the latest run with this id; nullopt when there is none.
[[nodiscard]] std::optional<HotspotDetailRow> read_hotspot_detail(Store& store,
                                                                  const std::string& hotspot_id);

}  // namespace grip::store

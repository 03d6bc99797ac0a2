// What the HTML hotspot report reads besides the hotspot run itself: the latest stored forecast's
// hotspots (forecast_hotspots with their forecast_runs row), so the map can draw the next window's
// forecast per hotspot and the detail sections can quote it.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "grip/store/store.hpp"

namespace grip::store {

struct StoredForecastHotspot {
  std::string hotspot_id, name, explanation;
  std::int64_t cells = 0, rank = 0;
  double probability = 0, expected = 0, expected_harm = 0;
  std::vector<std::uint8_t> wkb;  // MULTIPOLYGON in the store CRS
};

struct StoredForecast {
  std::int64_t forecast_run = 0;    // 0 when no forecast_hotspots are stored
  std::int64_t hotspot_run_id = 0;  // the hotspot run whose selected hotspots were forecast
  std::string created, model, window_kind, target_window, target_types;
  std::vector<StoredForecastHotspot> hotspots;  // in the order written (the hotspot run's order)
};

// The forecast run that wrote the stored forecast_hotspots (a new forecast replaces them), with
// its hotspots. forecast_run = 0 when none is stored.
[[nodiscard]] StoredForecast read_latest_forecast_hotspots(Store& store);

}  // namespace grip::store

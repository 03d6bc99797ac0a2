// Forecast data built in memory for the forecast tests: a grid of 100 m cells, all in the study
// area, windows of a fixed length, two crime types (the target and burglary).
#pragma once

#include <string>

#include "grip/forecast/forecast_data.hpp"

namespace grip::test {

using grip::forecast::ForecastData;
using grip::forecast::ForecastEvent;
using grip::forecast::WindowInfo;
using grip::forecast::WindowKind;

// A grid of nx × ny cells of 100 m, every cell in the study area, windows of length_days.
inline ForecastData make_data(std::size_t nx, std::size_t ny, std::size_t windows, double length_days,
                              bool time_stamped) {
  ForecastData data;
  data.grid = grip::geo::Grid(0.0, 0.0, 100.0, nx, ny);
  data.study_index.resize(nx * ny);
  for (std::size_t c = 0; c < nx * ny; ++c) {
    data.study_index[c] = static_cast<std::int32_t>(c);
    data.study_cells.push_back(static_cast<std::uint32_t>(c));
  }
  data.study_area.cells_in_area = nx * ny;
  data.study_area.area_m2 = static_cast<double>(nx * ny) * 1e4;
  data.window = length_days == 1.0 ? WindowKind::kDay : WindowKind::kMonth;
  data.time_stamped = time_stamped;
  for (std::size_t w = 0; w <= windows; ++w) {
    WindowInfo info;
    info.label = "w" + std::to_string(w);
    info.start_days = static_cast<double>(w) * length_days;
    info.length_days = length_days;
    (w < windows ? data.windows.emplace_back(info) : data.next_window) = info;
  }
  data.types = {"Violence and sexual offences", "Burglary"};
  data.type_harm = {1.0, 1.0};
  data.target_types = {"Violence and sexual offences"};
  return data;
}

inline void add_event(ForecastData& data, std::size_t cell, std::uint32_t window, double offset_days = 0.5,
                      bool target = true) {
  const auto centre = data.grid.cell_centre(cell);
  ForecastEvent event;
  event.x = centre.x, event.y = centre.y;
  event.t_days = data.windows[window].start_days + offset_days;
  event.cell = static_cast<std::uint32_t>(cell);
  event.window = window;
  event.type = target ? 0 : 1;
  event.target = target;
  event.harm = 1.0;
  data.events.push_back(event);
}

}  // namespace grip::test

#include "grip/report/map_labels.hpp"

#include <cmath>
#include <numbers>

namespace grip::report {

PixelPoint web_mercator_pixel(double longitude, double latitude, double zoom) {
  const double size = 256.0 * std::pow(2.0, zoom);
  const double phi = latitude * std::numbers::pi / 180.0;
  return {size * (longitude + 180.0) / 360.0,
          size * (1.0 - std::log(std::tan(phi) + 1.0 / std::cos(phi)) / std::numbers::pi) / 2.0};
}

std::vector<int> label_min_zooms(std::span<const MapLabel> labels, int min_zoom, int max_zoom) {
  const std::size_t n = labels.size();
  std::vector<int> lowest(n, max_zoom + 1);
  std::vector<bool> unbroken(n, true);  // placed at every level from max_zoom down to this one
  struct Box {
    double x0, y0, x1, y1;
  };
  for (int zoom = max_zoom; zoom >= min_zoom; --zoom) {
    std::vector<Box> placed;
    for (std::size_t i = 0; i < n; ++i) {
      const auto& label = labels[i];
      const auto at = web_mercator_pixel(label.longitude, label.latitude, zoom);
      const Box box{at.x - label.width_px / 2, at.y - label.height_px / 2, at.x + label.width_px / 2,
                    at.y + label.height_px / 2};
      bool free = true;
      for (const auto& other : placed) {
        if (box.x0 < other.x1 && other.x0 < box.x1 && box.y0 < other.y1 && other.y0 < box.y1) {
          free = false;
          break;
        }
      }
      // Only labels shown at this level (placed at every level above too) keep others out.
      unbroken[i] = unbroken[i] && free;
      if (unbroken[i]) placed.push_back(box);
      if (unbroken[i]) lowest[i] = zoom;
    }
  }
  return lowest;
}

MapLabel label_box(double longitude, double latitude, std::size_t characters) {
  // About 9 px a bold character at 13 px, plus the label's 3 px padding each side; 18 px high.
  return {longitude, latitude, 9.0 * static_cast<double>(characters) + 6.0, 18.0};
}

}  // namespace grip::report

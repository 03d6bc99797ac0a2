// Hotspot labels that do not overprint at county zoom: for each zoom level of the Leaflet map the
// labels are placed greedily in priority order (selection order), a label only where its box
// (centred on its anchor, in Web Mercator pixels: x = 256·2^z·(λ + 180)/360,
// y = 256·2^z·(1 − ln(tan φ + sec φ)/π)/2) overlaps no label already placed. A label's minimum
// zoom is the lowest level from which it is placed at every level up to the highest; the map hides
// it below that zoom (its hotspot keeps a tooltip on hover).
#pragma once

#include <span>
#include <vector>

namespace grip::report {

struct MapLabel {
  double longitude = 0, latitude = 0;
  double width_px = 0, height_px = 0;
};

inline constexpr int kLabelMinZoom = 6;
inline constexpr int kLabelMaxZoom = 19;

// Web Mercator pixel coordinates of a longitude/latitude at zoom z.
struct PixelPoint {
  double x = 0, y = 0;
};
[[nodiscard]] PixelPoint web_mercator_pixel(double longitude, double latitude, double zoom);

// One minimum zoom per label, in [min_zoom, max_zoom + 1] (max_zoom + 1: never shown permanently).
[[nodiscard]] std::vector<int> label_min_zooms(std::span<const MapLabel> labels, int min_zoom = kLabelMinZoom,
                                               int max_zoom = kLabelMaxZoom);

// The box a label of this many characters takes in the map's label style (bold 15 px system font).
[[nodiscard]] MapLabel label_box(double longitude, double latitude, std::size_t characters);

}  // namespace grip::report

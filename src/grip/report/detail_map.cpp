#include "grip/report/detail_map.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "grip/report/html_text.hpp"
#include "grip/report/map_geometry.hpp"
#include "grip/report/map_layers.hpp"

namespace grip::report {

std::string hotspot_detail_svg(const hotspot::HotspotRun& run, const hotspot::HotspotArea& area,
                               const ReportLayers& layers, const std::vector<ClassOutline>& bins) {
  if (area.wkb.empty()) return {};
  const double min_x = area.min_x - kDetailMapPadM, max_x = area.max_x + kDetailMapPadM;
  const double min_y = area.min_y - kDetailMapPadM, max_y = area.max_y + kDetailMapPadM;
  constexpr double kSide = 340.0;
  const double k = kSide / std::max(max_x - min_x, max_y - min_y);  // pixels a metre
  const double width = (max_x - min_x) * k, height = (max_y - min_y) * k;
  const auto sx = [&](double x) { return (x - min_x) * k; };
  const auto sy = [&](double y) { return (max_y - y) * k; };
  const auto visible = [&](double x0, double y0, double x1, double y1) {
    return x1 >= min_x && x0 <= max_x && y1 >= min_y && y0 <= max_y;
  };
  std::string svg = fmt::format(
      "<svg class=\"detail-map\" viewBox=\"0 0 {0:.0f} {1:.0f}\" width=\"{0:.0f}\" height=\"{1:.0f}\" "
      "role=\"img\">"
      "<title>{2}: map</title>\n<rect class=\"map-background\" width=\"100%\" height=\"100%\"/>\n"
      "<clipPath id=\"clip-{2}\"><rect width=\"{0:.0f}\" height=\"{1:.0f}\"/></clipPath>\n<g "
      "clip-path=\"url(#clip-{2})\">\n",
      width, height, escape_html(area.id));
  const auto& grid = run.grid;
  const double s = grid.cell_size();
  for (const auto& outline : bins) {
    const char* colour = nullptr;
    for (const auto& style : gi_bin_styles()) {
      if (style.value == outline.value) colour = style.colour;
    }
    if (colour == nullptr) continue;
    std::string path;
    for (const auto& ring : outline.rings) {
      std::int64_t c0 = ring[0].col, c1 = c0, r0 = ring[0].row, r1 = r0;
      for (const auto& corner : ring) {
        c0 = std::min(c0, corner.col), c1 = std::max(c1, corner.col);
        r0 = std::min(r0, corner.row), r1 = std::max(r1, corner.row);
      }
      const auto x = [&](std::int64_t col) { return grid.x0() + static_cast<double>(col) * s; };
      const auto y = [&](std::int64_t row) { return grid.y0() + static_cast<double>(row) * s; };
      if (!visible(x(c0), y(r0), x(c1), y(r1))) continue;
      for (std::size_t i = 0; i < ring.size(); ++i)
        path += fmt::format("{}{:.1f} {:.1f}", i == 0 ? "M" : "L", sx(x(ring[i].col)), sy(y(ring[i].row)));
      path += "Z";
    }
    if (!path.empty())
      svg +=
          fmt::format("<path class=\"gi-bin\" fill=\"{}\" fill-rule=\"evenodd\" d=\"{}\"/>\n", colour, path);
  }
  for (const auto& other : run.hotspots) {
    if (other.wkb.empty() || !visible(other.min_x, other.min_y, other.max_x, other.max_y)) continue;
    std::string path;
    for (const auto& polygon : polygons_from_wkb(other.wkb)) {
      for (const auto& ring : polygon) {
        for (std::size_t i = 0; i < ring.size(); ++i)
          path += fmt::format("{}{:.1f} {:.1f}", i == 0 ? "M" : "L", sx(ring[i].x), sy(ring[i].y));
        path += "Z";
      }
    }
    const bool self = &other == &area;
    svg += fmt::format("<path class=\"hotspot {}\" fill-rule=\"evenodd\" d=\"{}\"><title>{}</title></path>\n",
                       self ? "selected" : "runner-up", path, escape_html(other.id + " " + other.name));
  }
  for (const auto& at : layers.incident_locations) {
    if (!visible(at.x, at.y, at.x, at.y)) continue;
    svg += fmt::format(
        "<circle class=\"incident\" cx=\"{:.1f}\" cy=\"{:.1f}\" r=\"{:.1f}\"><title>{} \xC2\xB7 "
        "{}</title></circle>\n",
        sx(at.x), sy(at.y), std::min(1.5 + 0.6 * std::sqrt(static_cast<double>(at.incidents)), 6.0),
        at.incidents, escape_html(at.location));
  }
  svg += "</g>\n";
  // A 100 m or 200 m bar, bottom left.
  const double bar_m = (max_x - min_x) > 1500 ? 500.0 : (max_x - min_x) > 700 ? 200.0 : 100.0;
  svg += fmt::format(
      "<g class=\"scale-bar\"><rect x=\"10\" y=\"{0:.1f}\" width=\"{1:.1f}\" height=\"4\"/><text x=\"10\" "
      "y=\"{2:.1f}\">{3:g} m</text></g>\n",
      height - 12, bar_m * k, height - 16, bar_m);
  return svg + "</svg>\n";
}

}  // namespace grip::report

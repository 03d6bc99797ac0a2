#include "grip/report/report_map.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <nlohmann/json.hpp>
#include <utility>
#include <vector>

#include "grip/core/errors.hpp"
#include "grip/geo/projection.hpp"
#include "grip/report/html_text.hpp"
#include "grip/report/map_geometry.hpp"
#include "grip/report/map_labels.hpp"
#include "grip/report/map_layers.hpp"
#include "grip/report/web_assets.hpp"

namespace grip::report {
namespace {

using hotspot::HotspotArea;
using hotspot::HotspotRun;

// The static map keeps the density picture to this many cells a side (Essex at 40 m).
constexpr std::size_t kMaxStaticImageSide = 2500;

// Runs after leaflet.js. GRIP_MAP_DATA is defined just before it; labels, tooltips and popups
// arrive as HTML the report escaped, because Leaflet inserts those strings as markup. Cells,
// boundaries and incidents are drawn on one canvas; each overlay's legend (data-legend) is shown
// only while the overlay is on.
constexpr const char* kLeafletScript = R"JS(
(function () {
  "use strict";
  var data = GRIP_MAP_DATA;
  var map = L.map("map", {attributionControl: !!data.tiles, zoomSnap: 0.25});
  var canvas = L.canvas({padding: 0.3});
  if (data.tiles) {
    map.attributionControl.setPrefix(false);
    L.tileLayer(data.tiles.url, {attribution: data.tiles.attribution, maxZoom: 19}).addTo(map);
  }
  function latlngs(flat) {
    var out = [];
    for (var i = 0; i + 1 < flat.length; i += 2) { out.push([flat[i + 1], flat[i]]); }
    return out;
  }
  function classLayer(classes, opacity, background) {
    var group = L.layerGroup();
    classes.forEach(function (c) {
      var cells = L.polygon(c.rings.map(latlngs), {renderer: canvas, stroke: false, fillColor: c.colour,
          fillOpacity: opacity, fillRule: "evenodd", smoothFactor: 0.5, interactive: !background});
      if (!background) { cells.bindTooltip(c.label + ": " + c.cells + " cells", {sticky: true}); }
      cells.addTo(group);
    });
    return group;
  }
  var base = {};
  var none = L.layerGroup();
  if (data.density) {
    base["Kernel density"] = classLayer(data.density.classes, 1, true).addTo(map);
    base["No background"] = none;
  }
  var overlays = {};
  overlays["Hotspots"] = L.featureGroup();
  overlays["Gi* bins"] = classLayer(data.bins, 0.7);
  overlays["Emerging classes"] = classLayer(data.emerging, 0.75);
  var boundaries = L.layerGroup();
  data.boundaries.forEach(function (b) {
    L.polygon(b.rings.map(latlngs), {renderer: canvas, color: "#3a3a3a", weight: 1.5, fill: false,
        dashArray: "6 3", interactive: true}).bindTooltip(b.name, {sticky: true}).addTo(boundaries);
  });
  overlays["Boundaries"] = boundaries;
  var incidents = L.layerGroup();
  overlays["Incidents"] = incidents;
  var forecast = L.layerGroup();
  if (data.forecast) {
    data.forecast.hotspots.forEach(function (h) {
      L.polygon(h.rings.map(latlngs), {color: "#3f007d", weight: 1.5, fillColor: h.colour, fillOpacity: 0.6})
        .bindTooltip(h.tooltip_html, {sticky: true}).addTo(forecast);
    });
  }
  overlays["Forecast"] = forecast;

  function style(feature) {
    return feature.properties.selected
        ? {color: "#08306b", weight: 2.5, fillColor: "#2171b5", fillOpacity: 0.12}
        : {color: "#525252", weight: 1.2, dashArray: "4 3", fillOpacity: 0.03};
  }
  var byId = {};
  var labels = [];
  var labelLayer = L.layerGroup();
  function each(feature, layer) {
    var p = feature.properties;
    byId[p.id] = layer;
    layer.bindPopup(p.popup_html);
    layer.bindTooltip(p.tooltip_html, {sticky: true});
    if (p.selected) {
      labels.push({min: p.label_min_zoom, marker: L.marker(p.label_at, {interactive: false, keyboard: false,
          icon: L.divIcon({className: "grip-label", iconSize: [0, 0],
              html: "<span class=\"grip-label-text\">" + p.label_html + "</span>"})})});
    }
  }
  L.geoJSON(data.hotspots, {filter: function (f) { return !f.properties.selected; }, style: style,
      onEachFeature: each}).addTo(overlays["Hotspots"]);
  var selected = L.geoJSON(data.hotspots, {filter: function (f) { return f.properties.selected; },
      style: style, onEachFeature: each}).addTo(overlays["Hotspots"]);
  labelLayer.addTo(overlays["Hotspots"]);
  ["Hotspots", "Boundaries", "Incidents"].forEach(function (name) { overlays[name].addTo(map); });
  L.control.layers(data.density ? base : null, overlays, {collapsed: false}).addTo(map);
  L.control.scale({imperial: false, maxWidth: 180}).addTo(map);

  // Labels: each hotspot's label only from the zoom at which it overprints no better-ranked one.
  function declutter() {
    var zoom = Math.floor(map.getZoom() + 1e-9);
    labels.forEach(function (l) {
      if (zoom >= l.min) { labelLayer.addLayer(l.marker); } else { labelLayer.removeLayer(l.marker); }
    });
  }
  // Incidents at street zoom only, and only those near the view.
  var points = data.incidents.points;
  function drawIncidents() {
    incidents.clearLayers();
    if (!map.hasLayer(incidents) || map.getZoom() < data.incidents.min_zoom) { return; }
    var view = map.getBounds().pad(0.3);
    for (var i = 0; i + 4 < points.length; i += 5) {
      var at = L.latLng(points[i + 1], points[i]);
      if (!view.contains(at)) { continue; }
      var n = points[i + 2];
      L.circleMarker(at, {renderer: canvas, radius: Math.min(3 + Math.sqrt(n), 14), color: "#1d2329",
          weight: 1, fillColor: "#ffd92f", fillOpacity: 0.85})
        .bindTooltip(n + (n === 1 ? " incident" : " incidents") + " \u00b7 " +
            data.incidents.locations[points[i + 3]] + "<br>mostly " + data.incidents.types[points[i + 4]])
        .addTo(incidents);
    }
  }
  function showLegends() {
    document.querySelectorAll("[data-legend]").forEach(function (legend) {
      var name = legend.getAttribute("data-legend");
      var layer = overlays[name] || base[name];
      legend.hidden = !!layer && !map.hasLayer(layer);
    });
  }
  map.on("zoomend", declutter);
  map.on("moveend", drawIncidents);
  map.on("overlayadd overlayremove baselayerchange", function () { drawIncidents(); showLegends(); });

  var bounds = data.density ? L.latLngBounds(data.density.bounds) : selected.getBounds();
  if (bounds.isValid()) { map.fitBounds(bounds); } else { map.setView([0, 0], 2); }
  declutter();
  drawIncidents();
  showLegends();
  document.querySelectorAll("[data-hotspot]").forEach(function (row) {
    row.addEventListener("click", function () {
      var layer = byId[row.getAttribute("data-hotspot")];
      if (!layer) { return; }
      if (!map.hasLayer(overlays["Hotspots"])) { overlays["Hotspots"].addTo(map); }
      map.fitBounds(layer.getBounds(), {maxZoom: 16});
      layer.openPopup();
      document.getElementById("map").scrollIntoView({behavior: "smooth"});
    });
  });
})();
)JS";

void check_tile_url(const std::string& url) {
  const bool http = url.rfind("https://", 0) == 0 || url.rfind("http://", 0) == 0;
  const bool placeholders = url.find("{z}") != std::string::npos && url.find("{x}") != std::string::npos &&
                            url.find("{y}") != std::string::npos;
  if (!http || !placeholders) {
    throw UsageError("basemap tile URL '" + url +
                     "' must start with http:// or https:// and contain {z}, {x} and {y}");
  }
}

bool contains_case_insensitive(std::string_view text, std::string_view needle) {
  const auto found = std::search(text.begin(), text.end(), needle.begin(), needle.end(), [](char a, char b) {
    return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
  });
  return found != text.end();
}

// Leaflet can be inlined only if nothing in it would close its own element early.
bool leaflet_inlinable() {
  return leaflet_available() && !contains_case_insensitive(leaflet_js(), "</script") &&
         !contains_case_insensitive(leaflet_css(), "</style");
}

std::string weight_name(const HotspotRun& run) {
  return run.settings.weighting == hotspot::Weighting::kHarm ? "harm" : "incidents";
}

void check_cells(const HotspotRun& run) {
  const std::size_t n = run.grid.cell_count();
  if (run.cells.kde_density.size() != n ||
      (!run.cells.in_study_area.empty() && run.cells.in_study_area.size() != n)) {
    throw UsageError("hotspot report: the run's cell measures do not match its grid of " + std::to_string(n) +
                     " cells");
  }
}

std::string label_text(const HotspotArea& area) { return area.id + " " + area.name; }

std::string popup_html(const HotspotArea& area) {
  std::string html = "<strong>" + escape_html(area.id) + "</strong> " + escape_html(area.name);
  if (!area.district.empty()) html += "<br>" + escape_html(area.district);
  html += "<br>" + escape_html(format_area(area.area_m2)) + " \xC2\xB7 " +
          escape_html(format_percent(area.share_of_force_harm)) + " of the force's harm \xC2\xB7 " +
          escape_html(format_number(static_cast<double>(area.incidents))) + " incidents";
  html += "<br>" + (area.selected ? std::string("selected, rank ") : std::string("not selected, rank ")) +
          std::to_string(area.rank);
  return html;
}

nlohmann::json ring_json(const Ring& ring) {
  nlohmann::json points = nlohmann::json::array();
  for (const auto& point : ring) {
    // 7 decimals of a degree is about 1 cm: plenty, and keeps the page small.
    points.push_back({std::round(point.x * 1e7) / 1e7, std::round(point.y * 1e7) / 1e7});
  }
  return points;
}

nlohmann::json hotspot_features(const HotspotRun& run) {
  nlohmann::json features = nlohmann::json::array();
  if (run.hotspots.empty()) return {{"type", "FeatureCollection"}, {"features", features}};
  const geo::Projector to_store(run.crs_code);
  // Label anchors: each selected hotspot's centre, and the zoom from which its label overprints none.
  std::vector<double> xs, ys;
  for (const auto& area : run.hotspots) xs.push_back(area.centroid_x), ys.push_back(area.centroid_y);
  to_store.inverse(xs, ys);
  std::vector<MapLabel> labels;
  std::vector<std::size_t> label_of(run.hotspots.size(), 0);
  for (std::size_t i = 0; i < run.hotspots.size(); ++i) {
    if (!run.hotspots[i].selected) continue;
    label_of[i] = labels.size();
    labels.push_back(label_box(xs[i], ys[i], run.hotspots[i].id.size()));
  }
  const auto min_zooms = label_min_zooms(labels);
  for (std::size_t i = 0; i < run.hotspots.size(); ++i) {
    const auto& area = run.hotspots[i];
    MultiPolygon polygons = polygons_from_wkb(area.wkb);
    if (polygons.empty()) continue;
    to_longitude_latitude(polygons, to_store);
    nlohmann::json coordinates = nlohmann::json::array();
    for (const auto& polygon : polygons) {
      nlohmann::json rings = nlohmann::json::array();
      for (const auto& ring : polygon) rings.push_back(ring_json(ring));
      coordinates.push_back(std::move(rings));
    }
    nlohmann::json properties = {{"id", area.id},
                                 {"selected", area.selected},
                                 {"label_html", escape_html(area.id)},
                                 {"tooltip_html", escape_html(label_text(area))},
                                 {"popup_html", popup_html(area)}};
    if (area.selected) {
      properties["label_at"] = {std::round(ys[i] * 1e7) / 1e7, std::round(xs[i] * 1e7) / 1e7};
      properties["label_min_zoom"] = min_zooms[label_of[i]];
    }
    features.push_back({{"type", "Feature"},
                        {"geometry", {{"type", "MultiPolygon"}, {"coordinates", std::move(coordinates)}}},
                        {"properties", std::move(properties)}});
  }
  return {{"type", "FeatureCollection"}, {"features", features}};
}

std::string data_uri(const std::vector<std::uint8_t>& png) { return "data:image/png;base64," + base64(png); }

struct MapOverlays {
  std::vector<ClassOutline> bins, emerging;
};

MapSection leaflet_map(const HotspotRun& run, const MapOptions& options, const DensityScale& scale,
                       const ReportLayers& layers, const MapOverlays& overlays) {
  nlohmann::json data;
  data["hotspots"] = hotspot_features(run);
  data["density"] = nullptr;
  if (!scale.classes.empty()) {
    // Density cells outlined through the grid's own corners, each projected by PROJ (as the Gi* bins),
    // so a class edge lies on the cell edge the hotspots were built from, not on a warped pixel.
    auto classes = density_outlines_json(run, density_outlines(run, scale), scale);
    double west = 180, south = 90, east = -180, north = -90;
    for (const auto& c : classes)
      for (const auto& ring : c["rings"])
        for (std::size_t i = 0; i + 1 < ring.size(); i += 2) {
          const double lon = ring[i].get<double>(), lat = ring[i + 1].get<double>();
          west = std::min(west, lon), east = std::max(east, lon);
          south = std::min(south, lat), north = std::max(north, lat);
        }
    if (west <= east)
      data["density"] = {{"classes", std::move(classes)}, {"bounds", {{south, west}, {north, east}}}};
  }
  data["bins"] = outlines_json(run, overlays.bins, gi_bin_styles());
  data["emerging"] = outlines_json(run, overlays.emerging, emerging_styles());
  data["boundaries"] = boundaries_json(layers, run.crs_code);
  data["incidents"] = incidents_json(layers, run.crs_code);
  data["forecast"] = forecast_json(layers, run.crs_code);
  data["tiles"] = nullptr;
  if (options.tile_url) {
    data["tiles"] = {{"url", *options.tile_url}, {"attribution", escape_html(options.tile_attribution)}};
  }
  MapSection section;
  section.interactive = true;
  section.html = "<div id=\"map\" class=\"map\" role=\"region\" aria-label=\"Map of the hotspots\"></div>\n";
  if (!options.tile_url) {
    section.html +=
        "<p class=\"note\">No basemap: the layers are drawn on a plain background, so the page needs no "
        "network. Switch layers with the control at the top right; click a row of the table to zoom to "
        "it.</p>\n";
  }
  section.script = "var GRIP_MAP_DATA = " + script_json(data) + ";\n" + kLeafletScript;
  return section;
}

struct Extent {
  double min_x = std::numeric_limits<double>::infinity();
  double min_y = std::numeric_limits<double>::infinity();
  double max_x = -std::numeric_limits<double>::infinity();
  double max_y = -std::numeric_limits<double>::infinity();
  void add(double x0, double y0, double x1, double y1) {
    min_x = std::min(min_x, x0);
    min_y = std::min(min_y, y0);
    max_x = std::max(max_x, x1);
    max_y = std::max(max_y, y1);
  }
  [[nodiscard]] bool valid() const { return max_x > min_x && max_y > min_y; }
};

// The study area's cells and every hotspot, so the static map frames the force, not the grid.
Extent map_extent(const HotspotRun& run) {
  Extent extent;
  const auto& grid = run.grid;
  const auto& in_area = run.cells.in_study_area;
  for (std::size_t cell = 0; cell < grid.cell_count(); ++cell) {
    if (!in_area.empty() && in_area[cell] == 0) continue;
    const double x = grid.x0() + grid.cell_size() * static_cast<double>(grid.col_of(cell));
    const double y = grid.y0() + grid.cell_size() * static_cast<double>(grid.row_of(cell));
    extent.add(x, y, x + grid.cell_size(), y + grid.cell_size());
  }
  for (const auto& area : run.hotspots) {
    if (!area.wkb.empty()) extent.add(area.min_x, area.min_y, area.max_x, area.max_y);
  }
  if (!extent.valid()) extent.add(grid.x0(), grid.y0(), grid.x_max(), grid.y_max());
  return extent;
}

// 1, 2 or 5 × a power of ten metres, the longest under a quarter of the map's width.
double scale_bar_metres(double map_width_m) {
  const double target = map_width_m / 4.0;
  double best = 1.0;
  for (double power = 1.0; power <= 1e7; power *= 10.0) {
    for (const double step : {1.0, 2.0, 5.0}) {
      if (step * power <= target) best = step * power;
    }
  }
  return best;
}

std::string svg_map(const HotspotRun& run, const DensityScale& scale, const ReportLayers& layers,
                    const MapOverlays& overlays) {
  const Extent extent = map_extent(run);
  const double pad = 0.02 * std::max(extent.max_x - extent.min_x, extent.max_y - extent.min_y);
  const double min_x = extent.min_x - pad;
  const double max_y = extent.max_y + pad;
  const double width_m = extent.max_x - extent.min_x + 2 * pad;
  const double height_m = extent.max_y - extent.min_y + 2 * pad;
  double k = 960.0 / width_m;  // pixels a metre
  if (height_m * k > 900.0) k = 900.0 / height_m;
  const double width = width_m * k;
  const double height = height_m * k;
  auto sx = [&](double x) { return (x - min_x) * k; };
  auto sy = [&](double y) { return (max_y - y) * k; };

  std::string svg = fmt::format(
      "<svg class=\"static-map\" viewBox=\"0 0 {0:.0f} {1:.0f}\" width=\"{0:.0f}\" height=\"{1:.0f}\" "
      "role=\"img\" "
      "aria-labelledby=\"static-map-title\">\n<title id=\"static-map-title\">Hotspots over the {2} density "
      "surface ({3})</title>\n<rect class=\"map-background\" width=\"100%\" height=\"100%\"/>\n",
      width, height, escape_html(weight_name(run)), escape_html(run.crs_code));
  const auto& grid = run.grid;
  if (!scale.classes.empty() && std::max(grid.nx(), grid.ny()) <= kMaxStaticImageSide) {
    const auto image = density_image_on_grid(grid, run.cells.kde_density, run.cells.in_study_area, scale);
    svg += fmt::format(
        "<image x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"{:.1f}\" "
        "preserveAspectRatio=\"none\" class=\"density\" href=\"{}\"/>\n",
        sx(image.west), sy(image.north), (image.east - image.west) * k, (image.north - image.south) * k,
        data_uri(image.png));
  }
  // Gi* bins cell by cell (exact: this map is drawn in the grid's own coordinates), then boundaries.
  for (const auto& outline : overlays.bins) {
    const ClassStyle* style = nullptr;
    for (const auto& candidate : gi_bin_styles()) {
      if (candidate.value == outline.value) style = &candidate;
    }
    if (style == nullptr) continue;
    std::string path;
    for (const auto& ring : outline.rings) {
      for (std::size_t i = 0; i < ring.size(); ++i) {
        path += fmt::format("{}{:.1f} {:.1f}", i == 0 ? "M" : "L",
                            sx(grid.x0() + static_cast<double>(ring[i].col) * grid.cell_size()),
                            sy(grid.y0() + static_cast<double>(ring[i].row) * grid.cell_size()));
      }
      path += "Z";
    }
    svg += fmt::format(
        "<path class=\"gi-bin\" data-bin=\"{}\" fill=\"{}\" fill-rule=\"evenodd\" d=\"{}\"><title>{}: {} "
        "cells</title></path>\n",
        outline.value, style->colour, path, escape_html(style->label), outline.cells);
  }
  for (const auto& area : layers.boundaries) {
    std::string path;
    for (const auto& polygon : polygons_from_wkb(area.wkb, 0.5 / k)) {
      for (const auto& ring : polygon) {
        for (std::size_t i = 0; i < ring.size(); ++i)
          path += fmt::format("{}{:.1f} {:.1f}", i == 0 ? "M" : "L", sx(ring[i].x), sy(ring[i].y));
        path += "Z";
      }
    }
    if (path.empty()) continue;
    svg += fmt::format("<path class=\"boundary\" d=\"{}\"><title>{}</title></path>\n", path,
                       escape_html(area.name));
  }
  // Labels are placed at the first corner of the hotspot's box (NE, SE, NW, SW) where they overprint
  // no label already placed; when every corner is taken, the least overlapped one.
  struct Box {
    double x0, y0, x1, y1;
  };
  std::vector<Box> placed;
  const auto overlap = [&placed](const Box& b) {
    double total = 0;
    for (const auto& p : placed) {
      const double w = std::min(b.x1, p.x1) - std::max(b.x0, p.x0);
      const double h = std::min(b.y1, p.y1) - std::max(b.y0, p.y0);
      if (w > 0 && h > 0) total += w * h;
    }
    return total;
  };
  const auto place_label = [&](const HotspotArea& area) {
    constexpr double kCharWidth = 7.0, kHeight = 12.0;
    const double w = kCharWidth * static_cast<double>(area.id.size());
    const double left = sx(area.min_x), right = sx(area.max_x), top = sy(area.max_y), bottom = sy(area.min_y);
    // Baseline positions: x of the text's start, y of its baseline.
    const std::array<std::pair<double, double>, 4> corners{{{right + 3, top + 4},
                                                            {right + 3, bottom + kHeight},
                                                            {left - 3 - w, top + 4},
                                                            {left - 3 - w, bottom + kHeight}}};
    Box best{};
    double best_overlap = std::numeric_limits<double>::infinity();
    for (const auto& [x, y] : corners) {
      const Box box{x, y - kHeight + 2, x + w, y + 2};
      const double o = overlap(box);
      if (o < best_overlap) best = box, best_overlap = o;
      if (o == 0) break;
    }
    placed.push_back(best);
    return std::pair{best.x0, best.y1 - 2};
  };
  // Runners-up first so the selected hotspots draw on top.
  for (const bool selected : {false, true}) {
    for (const auto& area : run.hotspots) {
      if (area.selected != selected) continue;
      const MultiPolygon polygons = polygons_from_wkb(area.wkb);
      std::string path;
      for (const auto& polygon : polygons) {
        for (const auto& ring : polygon) {
          for (std::size_t i = 0; i < ring.size(); ++i) {
            path += fmt::format("{}{:.1f} {:.1f}", i == 0 ? "M" : "L", sx(ring[i].x), sy(ring[i].y));
          }
          path += "Z";
        }
      }
      if (path.empty()) continue;
      svg +=
          fmt::format("<path class=\"hotspot {}\" fill-rule=\"evenodd\" d=\"{}\"><title>{}</title></path>\n",
                      selected ? "selected" : "runner-up", path, escape_html(label_text(area)));
      if (selected) {
        const auto [label_x, label_y] = place_label(area);
        svg += fmt::format("<text class=\"hotspot-label\" x=\"{:.1f}\" y=\"{:.1f}\">{}</text>\n", label_x,
                           label_y, escape_html(area.id));
      }
    }
  }
  // Scale bar and grid north, bottom left.
  const double bar_m = scale_bar_metres(width_m);
  const double bar_px = bar_m * k;
  const double x0 = 16;
  const double y0 = height - 18;
  const std::string bar_label =
      bar_m >= 1000 ? fmt::format("{:g} km", bar_m / 1000) : fmt::format("{:g} m", bar_m);
  svg += fmt::format(
      "<g class=\"scale-bar\"><rect x=\"{0:.1f}\" y=\"{1:.1f}\" width=\"{2:.1f}\" height=\"5\"/>"
      "<text x=\"{0:.1f}\" y=\"{3:.1f}\">0</text><text x=\"{4:.1f}\" y=\"{3:.1f}\" "
      "text-anchor=\"end\">{5}</text></g>\n",
      x0, y0, bar_px, y0 - 4, x0 + bar_px, escape_html(bar_label));
  svg += fmt::format(
      "<text class=\"north\" x=\"{:.1f}\" y=\"28\" text-anchor=\"end\">\xE2\x86\x91 N (grid)</text>\n",
      width - 12);
  svg += "</svg>\n";
  return svg;
}

}  // namespace

std::string per_km2(double density_per_m2) {
  const double value = density_per_m2 * 1e6;
  if (!std::isfinite(value) || value <= 0) return "0";
  if (value >= 1000) return format_number(value);
  // Three significant figures written out in full: 11.2, 0.112, 0.00112; never 1.12e-05.
  const int decimals = std::max(0, 2 - static_cast<int>(std::floor(std::log10(value))));
  return fmt::format("{:.{}f}", value, decimals);
}

std::string density_legend_html(const DensityScale& scale, const std::string& weight_name) {
  if (scale.classes.empty()) return "<p class=\"note\">No cell has any density: nothing to shade.</p>\n";
  const std::string unit = weight_name == "harm" ? "CCHI days of harm" : "incidents";
  std::string html =
      "<div class=\"legend\" data-legend=\"Kernel density\"><span class=\"legend-title\">Kernel density: " +
      escape_html(unit) + " per km\xC2\xB2 over the period (classes of the cells with any density)</span>\n";
  for (auto it = scale.classes.rbegin(); it != scale.classes.rend(); ++it) {
    const auto& c = it->colour;
    html += fmt::format(
        "<span class=\"legend-item\"><span class=\"swatch\" style=\"background:rgba({},{},{},{:.2f})\">"
        "</span>{} (\xE2\x89\xA5 {} per km\xC2\xB2)</span>\n",
        c.r, c.g, c.b, c.a / 255.0, escape_html(it->label), escape_html(per_km2(it->lower)));
  }
  return html + "</div>\n";
}

namespace {

std::string hotspots_legend_html() {
  return std::string("<div class=\"legend\" data-legend=\"") + kOverlayHotspots +
         "\"><span class=\"legend-title\">Hotspots</span>\n"
         "<span class=\"legend-item\"><span class=\"swatch outline selected\"></span>selected hotspot (label "
         "shown where it overprints no better-ranked one; hover for every name)</span>\n"
         "<span class=\"legend-item\"><span class=\"swatch outline "
         "runner-up\"></span>runner-up</span>\n</div>\n";
}

}  // namespace

MapSection hotspot_map(const HotspotRun& run, const MapOptions& options) {
  if (options.tile_url) check_tile_url(*options.tile_url);
  check_cells(run);
  static const ReportLayers kNoLayers;
  const ReportLayers& layers = options.layers != nullptr ? *options.layers : kNoLayers;
  const DensityScale scale = density_scale(run.cells.kde_density, run.cells.in_study_area);
  MapOverlays overlays{gi_bin_outlines(run), emerging_outlines(run)};
  MapSection section;
  const bool interactive = options.interactive && leaflet_inlinable();
  if (interactive) {
    section = leaflet_map(run, options, scale, layers, overlays);
  } else {
    section.html = svg_map(run, scale, layers, overlays);
    section.html +=
        options.interactive
            ? "<p class=\"note\">Static map: this Grip was built without Leaflet (npm was not available "
              "when it was compiled), so the map is a picture in the store's grid coordinates: density, Gi* "
              "bins, boundaries and hotspots.</p>\n"
            : "<p class=\"note\">Static map in the store's grid coordinates: density, Gi* bins, boundaries "
              "and hotspots.</p>\n";
    if (options.tile_url) {
      section.html += "<p class=\"note\">The basemap tile URL is not used by the static map.</p>\n";
    }
  }
  section.html += "<div class=\"legends\">\n" + hotspots_legend_html() +
                  density_legend_html(scale, weight_name(run)) + gi_bins_legend_html(run, overlays.bins) +
                  boundaries_legend_html(layers);
  if (interactive) {
    section.html += emerging_legend_html(overlays.emerging) + incidents_legend_html(layers) +
                    forecast_legend_html(layers, run);
  }
  section.html += "</div>\n";
  return section;
}

}  // namespace grip::report

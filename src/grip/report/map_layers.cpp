#include "grip/report/map_layers.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>

#include "grip/geo/projection.hpp"
#include "grip/report/html_text.hpp"
#include "grip/report/map_geometry.hpp"

namespace grip::report {
namespace {

using hotspot::HotspotRun;

double rounded(double degrees, double scale) { return std::round(degrees * scale) / scale; }

// Rings of grid corners as flat [lon, lat, ...] arrays: every corner through PROJ, 7 decimals.
nlohmann::json corner_rings_json(const HotspotRun& run, const std::vector<CornerRing>& rings,
                                 const geo::Projector& to_store) {
  std::vector<double> xs, ys;
  const auto& grid = run.grid;
  for (const auto& ring : rings) {
    for (const auto& corner : ring) {
      xs.push_back(grid.x0() + static_cast<double>(corner.col) * grid.cell_size());
      ys.push_back(grid.y0() + static_cast<double>(corner.row) * grid.cell_size());
    }
  }
  to_store.inverse(xs, ys);
  nlohmann::json out = nlohmann::json::array();
  std::size_t next = 0;
  for (const auto& ring : rings) {
    nlohmann::json flat = nlohmann::json::array();
    for (std::size_t i = 0; i < ring.size(); ++i, ++next) {
      flat.push_back(rounded(xs[next], 1e7));
      flat.push_back(rounded(ys[next], 1e7));
    }
    out.push_back(std::move(flat));
  }
  return out;
}

nlohmann::json polygon_rings_json(MultiPolygon polygons, const geo::Projector& to_store, double scale) {
  to_longitude_latitude(polygons, to_store);
  nlohmann::json out = nlohmann::json::array();
  for (const auto& polygon : polygons) {
    for (const auto& ring : polygon) {
      nlohmann::json flat = nlohmann::json::array();
      // The closing point repeats the first; Leaflet closes rings itself.
      for (std::size_t i = 0; i + 1 < ring.size(); ++i) {
        flat.push_back(rounded(ring[i].x, scale));
        flat.push_back(rounded(ring[i].y, scale));
      }
      out.push_back(std::move(flat));
    }
  }
  return out;
}

const ClassStyle* style_of(const std::vector<ClassStyle>& styles, int value) {
  for (const auto& style : styles) {
    if (style.value == value) return &style;
  }
  return nullptr;
}

std::string legend_open(const char* overlay, const std::string& title) {
  return std::string("<div class=\"legend\" data-legend=\"") + escape_html(overlay) +
         "\"><span class=\"legend-title\">" + escape_html(title) + "</span>\n";
}

std::string swatch(const std::string& colour, const std::string& text, const char* extra_class = "") {
  return "<span class=\"legend-item\"><span class=\"swatch" + std::string(extra_class) +
         "\" style=\"background:" + colour + "\"></span>" + escape_html(text) + "</span>\n";
}

std::vector<ClassOutline> outlines_of(const HotspotRun& run, const std::vector<int>& classes) {
  return class_outlines(run.grid.nx(), run.grid.ny(), classes, 0);
}

}  // namespace

const std::vector<ClassStyle>& gi_bin_styles() {
  static const std::vector<ClassStyle> styles = {
      {3, "#b2182b", "hot spot, 99 % confidence"},   {2, "#ef8a62", "hot spot, 95 % confidence"},
      {1, "#fddbc7", "hot spot, 90 % confidence"},   {-1, "#d1e5f0", "cold spot, 90 % confidence"},
      {-2, "#67a9cf", "cold spot, 95 % confidence"}, {-3, "#2166ac", "cold spot, 99 % confidence"}};
  return styles;
}

const std::vector<ClassStyle>& emerging_styles() {
  using hotspot::EmergingCategory;
  static const std::vector<ClassStyle> styles = [] {
    const std::pair<EmergingCategory, const char*> colours[] = {
        {EmergingCategory::kNew, "#fdae6b"},          {EmergingCategory::kConsecutive, "#fd8d3c"},
        {EmergingCategory::kIntensifying, "#a50f15"}, {EmergingCategory::kPersistent, "#de2d26"},
        {EmergingCategory::kDiminishing, "#fb9a99"},  {EmergingCategory::kSporadic, "#e7ba52"},
        {EmergingCategory::kOscillating, "#c994c7"},  {EmergingCategory::kHistorical, "#9e9ac8"}};
    std::vector<ClassStyle> out;
    for (const auto& [category, colour] : colours)
      out.push_back({static_cast<int>(category), colour, hotspot::to_string(category)});
    return out;
  }();
  return styles;
}

std::vector<ClassOutline> gi_bin_outlines(const HotspotRun& run) {
  const auto& bins = run.cells.gi_bin;
  const auto& in_area = run.cells.in_study_area;
  std::vector<int> classes(run.grid.cell_count(), 0);
  if (bins.size() != classes.size()) return {};
  for (std::size_t cell = 0; cell < classes.size(); ++cell) {
    if (in_area.empty() || in_area[cell] != 0) classes[cell] = bins[cell];
  }
  return outlines_of(run, classes);
}

std::vector<ClassOutline> emerging_outlines(const HotspotRun& run) {
  const auto& trend = run.cells.trend_category;
  const auto& in_area = run.cells.in_study_area;
  std::vector<int> classes(run.grid.cell_count(), 0);
  if (trend.size() != classes.size()) return {};
  for (std::size_t cell = 0; cell < classes.size(); ++cell) {
    if (in_area.empty() || in_area[cell] != 0) classes[cell] = static_cast<int>(trend[cell]);
  }
  return outlines_of(run, classes);
}

std::vector<ClassOutline> density_outlines(const HotspotRun& run, const DensityScale& scale) {
  const auto& density = run.cells.kde_density;
  const auto& in_area = run.cells.in_study_area;
  std::vector<int> classes(run.grid.cell_count(), 0);
  if (density.size() != classes.size() || scale.classes.empty()) return {};
  for (std::size_t cell = 0; cell < classes.size(); ++cell) {
    if (!in_area.empty() && in_area[cell] == 0) continue;
    const double value = density[cell];
    if (!(value > 0.0) || value < scale.classes.front().lower) continue;
    const auto above = std::upper_bound(scale.classes.begin(), scale.classes.end(), value,
                                        [](double v, const DensityClass& c) { return v < c.lower; });
    classes[cell] = static_cast<int>(above - scale.classes.begin());  // 1-based class index
  }
  return outlines_of(run, classes);
}

nlohmann::json density_outlines_json(const HotspotRun& run, const std::vector<ClassOutline>& outlines,
                                     const DensityScale& scale) {
  std::vector<std::string> colours;
  std::vector<ClassStyle> styles;
  colours.reserve(scale.classes.size());
  for (std::size_t i = 0; i < scale.classes.size(); ++i) {
    const Rgba c = scale.classes[i].colour;
    colours.push_back(fmt::format("rgba({},{},{},{:.3f})", c.r, c.g, c.b, c.a / 255.0));
  }
  for (std::size_t i = 0; i < scale.classes.size(); ++i)
    styles.push_back({static_cast<int>(i + 1), colours[i].c_str(), scale.classes[i].label});
  return outlines_json(run, outlines, styles);
}

nlohmann::json outlines_json(const HotspotRun& run, const std::vector<ClassOutline>& outlines,
                             const std::vector<ClassStyle>& styles) {
  nlohmann::json out = nlohmann::json::array();
  if (outlines.empty()) return out;
  const geo::Projector to_store(run.crs_code);
  for (const auto& outline : outlines) {
    const auto* style = style_of(styles, outline.value);
    if (style == nullptr) continue;
    out.push_back({{"value", outline.value},
                   {"cells", outline.cells},
                   {"label", escape_html(style->label)},
                   {"colour", style->colour},
                   {"rings", corner_rings_json(run, outline.rings, to_store)}});
  }
  return out;
}

nlohmann::json boundaries_json(const ReportLayers& layers, const std::string& crs_code) {
  nlohmann::json out = nlohmann::json::array();
  if (layers.boundaries.empty()) return out;
  const geo::Projector to_store(crs_code);
  for (const auto& area : layers.boundaries) {
    // 6 decimals (about 10 cm) after a 5 m simplification: the lines are for orientation.
    out.push_back({{"name", escape_html(area.name)},
                   {"kind", escape_html(area.kind)},
                   {"rings", polygon_rings_json(polygons_from_wkb(area.wkb, 5.0), to_store, 1e6)}});
  }
  return out;
}

nlohmann::json incidents_json(const ReportLayers& layers, const std::string& crs_code) {
  nlohmann::json points = nlohmann::json::array();
  nlohmann::json locations = nlohmann::json::array();
  nlohmann::json types = nlohmann::json::array();
  if (!layers.incident_locations.empty()) {
    std::vector<double> xs, ys;
    for (const auto& at : layers.incident_locations) xs.push_back(at.x), ys.push_back(at.y);
    const geo::Projector to_store(crs_code);
    to_store.inverse(xs, ys);
    std::map<std::string, std::size_t> location_ids, type_ids;
    const auto id = [](std::map<std::string, std::size_t>& ids, nlohmann::json& names,
                       const std::string& text) {
      const auto [it, fresh] = ids.try_emplace(text, ids.size());
      if (fresh) names.push_back(escape_html(text));
      return it->second;
    };
    for (std::size_t i = 0; i < xs.size(); ++i) {
      const auto& at = layers.incident_locations[i];
      // 5 decimals, about 1 m: data.police.uk points are snapped far coarser than that.
      points.push_back(rounded(xs[i], 1e5));
      points.push_back(rounded(ys[i], 1e5));
      points.push_back(at.incidents);
      points.push_back(id(location_ids, locations, at.location));
      points.push_back(id(type_ids, types, at.commonest_type));
    }
  }
  return {{"min_zoom", kIncidentMinZoom}, {"points", points}, {"locations", locations}, {"types", types}};
}

const std::vector<ProbabilityClass>& forecast_probability_classes() {
  static const std::vector<ProbabilityClass> classes = {
      {0.9, "#3f007d"}, {0.75, "#6a51a3"}, {0.5, "#9e9ac8"}, {0.25, "#cbc9e2"}, {0.0, "#f2f0f7"}};
  return classes;
}

std::string forecast_window_text(const store::StoredForecast& forecast) {
  if (forecast.window_kind == "week") return "in the week " + forecast.target_window;
  if (forecast.window_kind == "month") return "in the month " + forecast.target_window;
  if (forecast.window_kind == "day") return "on " + forecast.target_window;
  return "in " + forecast.target_window;
}

nlohmann::json forecast_json(const ReportLayers& layers, const std::string& crs_code) {
  const auto& forecast = layers.forecast;
  if (forecast.forecast_run == 0) return nullptr;
  const geo::Projector to_store(crs_code);
  nlohmann::json hotspots = nlohmann::json::array();
  for (const auto& h : forecast.hotspots) {
    const char* colour = forecast_probability_classes().back().colour;
    for (const auto& c : forecast_probability_classes()) {
      if (h.probability >= c.lower) {
        colour = c.colour;
        break;
      }
    }
    const std::string tooltip = fmt::format(
        "<strong>{}</strong> {}<br>chance of at least one: {} {}<br>expected {} incidents, {} CCHI days of "
        "harm",
        escape_html(h.hotspot_id), escape_html(h.name), escape_html(format_percent(h.probability)),
        escape_html(forecast_window_text(forecast)), escape_html(format_number(h.expected, 2)),
        escape_html(format_number(h.expected_harm, 1)));
    hotspots.push_back({{"id", h.hotspot_id},
                        {"probability", h.probability},
                        {"expected", h.expected},
                        {"expected_harm", h.expected_harm},
                        {"colour", colour},
                        {"tooltip_html", tooltip},
                        {"rings", polygon_rings_json(polygons_from_wkb(h.wkb), to_store, 1e7)}});
  }
  return {{"run", forecast.forecast_run},
          {"hotspot_run", forecast.hotspot_run_id},
          {"model", forecast.model},
          {"window", forecast.target_window},
          {"hotspots", hotspots}};
}

std::string gi_bins_legend_html(const HotspotRun& run, const std::vector<ClassOutline>& bins) {
  std::string html = legend_open(kOverlayGiBins,
                                 "Gi* hot and cold spots (cells by confidence, after the run's "
                                 "multiple-testing correction)");
  std::map<int, std::size_t> cells;
  for (const auto& outline : bins) cells[outline.value] = outline.cells;
  for (const auto& style : gi_bin_styles()) {
    html += swatch(style.colour, fmt::format("{} ({} cells)", style.label, cells[style.value]));
  }
  html += "<span class=\"legend-item note\">" +
          escape_html(fmt::format("{:g} m cells, drawn corner by corner; not significant: not drawn",
                                  run.grid.cell_size())) +
          "</span>\n";
  return html + "</div>\n";
}

std::string emerging_legend_html(const std::vector<ClassOutline>& classes) {
  std::string html =
      legend_open(kOverlayEmerging, "Emerging hot spot categories (cells; Mann-Kendall on monthly Gi*)");
  std::map<int, std::size_t> cells;
  for (const auto& outline : classes) cells[outline.value] = outline.cells;
  for (const auto& style : emerging_styles()) {
    html += swatch(style.colour, fmt::format("{} ({} cells)", style.label, cells[style.value]));
  }
  return html + "</div>\n";
}

std::string boundaries_legend_html(const ReportLayers& layers) {
  std::string html = legend_open(kOverlayBoundaries, "Boundaries");
  if (layers.boundaries.empty()) {
    return html +
           "<span class=\"legend-item note\">none stored: the study area was derived from the "
           "data</span>\n</div>\n";
  }
  html += "<span class=\"legend-item\"><span class=\"swatch outline boundary\"></span>" +
          escape_html(fmt::format("{} {} area{} (the study area)", layers.boundaries.size(),
                                  layers.boundary_kind, layers.boundaries.size() == 1 ? "" : "s")) +
          "</span>\n";
  return html + "</div>\n";
}

std::string incidents_legend_html(const ReportLayers& layers) {
  std::string html = legend_open(kOverlayIncidents, "Incidents (analysed types and months)");
  if (!layers.incidents_read)
    return html + "<span class=\"legend-item note\">not read for this page</span>\n</div>\n";
  html += "<span class=\"legend-item\"><span class=\"swatch dot\"></span>" +
          escape_html(
              fmt::format("a recorded location; size by incidents there. Shown from zoom {} (street level)",
                          kIncidentMinZoom)) +
          "</span>\n";
  std::string note = fmt::format("{} locations, {} incidents",
                                 format_number(static_cast<double>(layers.incident_locations.size())),
                                 format_number(static_cast<double>(layers.incidents_drawn)));
  if (layers.incident_locations_total > layers.incident_locations.size()) {
    note += fmt::format(
        "; {} of {} locations left out to keep the page small (cap {}): those within {:g} m of a hotspot and "
        "the "
        "busiest are kept",
        format_number(
            static_cast<double>(layers.incident_locations_total - layers.incident_locations.size())),
        format_number(static_cast<double>(layers.incident_locations_total)),
        format_number(static_cast<double>(kMaxIncidentLocations)), kIncidentKeepNearHotspotM);
  }
  return html + "<span class=\"legend-item note\">" + escape_html(note) + "</span>\n</div>\n";
}

ForecastFit forecast_fit(const store::StoredForecast& forecast, const HotspotRun& run) {
  if (forecast.forecast_run == 0) return ForecastFit::kNone;
  if (forecast.hotspot_run_id == run.run_id) return ForecastFit::kThisRun;
  std::size_t selected = 0;
  for (const auto& area : run.hotspots) selected += area.selected ? 1 : 0;
  if (selected == 0 || forecast.hotspots.size() != selected) return ForecastFit::kOtherHotspots;
  const auto same = [](const MultiPolygon& a, const MultiPolygon& b) {
    if (a.size() != b.size()) return false;
    for (std::size_t p = 0; p < a.size(); ++p) {
      if (a[p].size() != b[p].size()) return false;
      for (std::size_t r = 0; r < a[p].size(); ++r) {
        if (a[p][r].size() != b[p][r].size()) return false;
        for (std::size_t i = 0; i < a[p][r].size(); ++i) {
          if (std::abs(a[p][r][i].x - b[p][r][i].x) > 1e-3 || std::abs(a[p][r][i].y - b[p][r][i].y) > 1e-3)
            return false;
        }
      }
    }
    return true;
  };
  for (const auto& h : forecast.hotspots) {
    const auto area = std::find_if(run.hotspots.begin(), run.hotspots.end(),
                                   [&h](const auto& a) { return a.selected && a.id == h.hotspot_id; });
    if (area == run.hotspots.end() || !same(polygons_from_wkb(area->wkb), polygons_from_wkb(h.wkb)))
      return ForecastFit::kOtherHotspots;
  }
  return ForecastFit::kSameHotspots;
}

std::string forecast_legend_html(const ReportLayers& layers, const HotspotRun& run) {
  const std::int64_t hotspot_run_id = run.run_id;
  const auto& forecast = layers.forecast;
  std::string html =
      legend_open(kOverlayForecast, "Forecast: chance of at least one incident in the next window");
  if (forecast.forecast_run == 0) {
    return html +
           "<span class=\"legend-item note\">No forecast stored: run grip forecast to add "
           "one.</span>\n</div>\n";
  }
  const auto& classes = forecast_probability_classes();
  for (std::size_t i = 0; i < classes.size(); ++i) {
    const std::string range = i == 0 ? fmt::format("\xE2\x89\xA5 {:.0f} %", 100 * classes[i].lower)
                                     : fmt::format("{:.0f}\xE2\x80\x93{:.0f} %", 100 * classes[i].lower,
                                                   100 * classes[i - 1].lower);
    html += swatch(classes[i].colour, range);
  }
  std::string note = fmt::format("forecast run {} ({}, {}) {}", forecast.forecast_run, forecast.model,
                                 forecast.created, forecast_window_text(forecast));
  const auto fit = forecast_fit(forecast, run);
  if (fit == ForecastFit::kSameHotspots) {
    note += fmt::format("; made for run {}, whose selected hotspots are the same as this run's",
                        forecast.hotspot_run_id);
  } else if (fit == ForecastFit::kOtherHotspots) {
    note += fmt::format(
        "; made for the hotspots of run {}, not this run {}: its polygons are drawn as they were; run grip "
        "forecast again to forecast these hotspots",
        forecast.hotspot_run_id, hotspot_run_id);
  }
  return html + "<span class=\"legend-item note\">" + escape_html(note) + "</span>\n</div>\n";
}

}  // namespace grip::report

// The overlays of the report's map, as data for the Leaflet script and as SVG for the static map,
// with one legend each: "Hotspots", "Gi* bins" (the classic hot spot map: 99/95/90 % hot and cold,
// red and blue), "Emerging classes" (emerging hot spot categories), "Boundaries", "Incidents" (the
// analysed incidents by location, at street zoom) and "Forecast" (the latest stored forecast per
// hotspot). Cells are drawn as they are: outlines through the grid's own corners (cell_outlines.hpp),
// each corner projected to longitude/latitude by PROJ.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "grip/hotspot/hotspot_run.hpp"
#include "grip/report/cell_outlines.hpp"
#include "grip/report/density_image.hpp"
#include "grip/report/report_layers.hpp"

namespace grip::report {

// The overlay names, exactly as the layers control shows them (a browser test asserts them).
inline constexpr const char* kOverlayHotspots = "Hotspots";
inline constexpr const char* kOverlayGiBins = "Gi* bins";
inline constexpr const char* kOverlayEmerging = "Emerging classes";
inline constexpr const char* kOverlayBoundaries = "Boundaries";
inline constexpr const char* kOverlayIncidents = "Incidents";
inline constexpr const char* kOverlayForecast = "Forecast";

struct ClassStyle {
  int value = 0;
  const char* colour = "";
  std::string label;
};
// Gi* bins 3..−3 (0 not drawn) and emerging categories (kNoPattern not drawn), in legend order.
[[nodiscard]] const std::vector<ClassStyle>& gi_bin_styles();
[[nodiscard]] const std::vector<ClassStyle>& emerging_styles();

// The run's cells by Gi* bin and by emerging category, outlined (cells outside the study area
// never count).
[[nodiscard]] std::vector<ClassOutline> gi_bin_outlines(const hotspot::HotspotRun& run);
[[nodiscard]] std::vector<ClassOutline> emerging_outlines(const hotspot::HotspotRun& run);
// The kernel density by class of `scale` (value i + 1 for scale.classes[i]; cells below the first
// class or outside the study area not drawn), so the interactive map shows density cells exactly
// where they lie instead of a raster warped to Web Mercator.
[[nodiscard]] std::vector<ClassOutline> density_outlines(const hotspot::HotspotRun& run,
                                                         const DensityScale& scale);
// Leaflet data for them, as outlines_json, each class's colour an rgba() with its opacity.
[[nodiscard]] nlohmann::json density_outlines_json(const hotspot::HotspotRun& run,
                                                   const std::vector<ClassOutline>& outlines,
                                                   const DensityScale& scale);

// Leaflet data: [{"value", "cells", "label", "colour", "rings": [[lon, lat, lon, lat, ...], ...]}].
[[nodiscard]] nlohmann::json outlines_json(const hotspot::HotspotRun& run,
                                           const std::vector<ClassOutline>& outlines,
                                           const std::vector<ClassStyle>& styles);
// [{"name", "kind", "rings": [...]}], simplified to 5 m (display only).
[[nodiscard]] nlohmann::json boundaries_json(const ReportLayers& layers, const std::string& crs_code);
// {"min_zoom", "points": [lon, lat, incidents, location index, type index, ...], "locations", "types"}.
[[nodiscard]] nlohmann::json incidents_json(const ReportLayers& layers, const std::string& crs_code);
// null when no forecast is stored; else the run's figures and each hotspot with its rings.
[[nodiscard]] nlohmann::json forecast_json(const ReportLayers& layers, const std::string& crs_code);

// One legend per overlay, each a <div class="legend" data-legend="NAME"> (the script hides the
// legends of overlays switched off).
[[nodiscard]] std::string gi_bins_legend_html(const hotspot::HotspotRun& run,
                                              const std::vector<ClassOutline>& bins);
[[nodiscard]] std::string emerging_legend_html(const std::vector<ClassOutline>& classes);
[[nodiscard]] std::string boundaries_legend_html(const ReportLayers& layers);
[[nodiscard]] std::string incidents_legend_html(const ReportLayers& layers);
[[nodiscard]] std::string forecast_legend_html(const ReportLayers& layers, const hotspot::HotspotRun& run);

// Whether the stored forecast speaks for this run's hotspots: made for this run, or for an earlier
// run whose selected hotspots are the same (same ids, same polygons to a millimetre: a rerun with
// the same settings), or for other hotspots (then never quoted as this run's).
enum class ForecastFit { kNone, kThisRun, kSameHotspots, kOtherHotspots };
[[nodiscard]] ForecastFit forecast_fit(const store::StoredForecast& forecast, const hotspot::HotspotRun& run);

// Forecast probability classes (lower bound, colour), for the map and its legend.
struct ProbabilityClass {
  double lower = 0;
  const char* colour = "";
};
[[nodiscard]] const std::vector<ProbabilityClass>& forecast_probability_classes();

// "in week 2019-W02" / "in the month 2018-12" / "on 2019-12-31": the forecast window in words.
[[nodiscard]] std::string forecast_window_text(const store::StoredForecast& forecast);

}  // namespace grip::report

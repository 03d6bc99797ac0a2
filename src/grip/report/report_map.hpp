// The map section of the hotspot report: hotspot polygons over the density surface. With Leaflet
// built in, an interactive map (WGS84 polygons, the density warped to Web Mercator as an image
// overlay, a metric scale, and basemap tiles only when a tile URL is given). Without it, a static
// inline SVG map in the store's CRS with a scale bar. Either way nothing is fetched to view it.
#pragma once

#include <optional>
#include <string>

#include "grip/hotspot/hotspot_run.hpp"
#include "grip/report/density_image.hpp"
#include "grip/report/report_layers.hpp"

namespace grip::report {

struct MapOptions {
  bool interactive = true;               // use Leaflet when built in
  std::optional<std::string> tile_url;   // "https://…/{z}/{x}/{y}.png"; none = plain background
  std::string tile_attribution;          // plain text, shown on the map
  const ReportLayers* layers = nullptr;  // boundaries, incidents, forecast (none when null)
};

struct MapSection {
  std::string html;    // the section's markup (map, legend, and the fallback note when static)
  std::string script;  // JavaScript to run after Leaflet (empty for the static map)
  bool interactive = false;
};

// Throws grip::UsageError for a tile URL that is not http(s) with {z}, {x} and {y}, or for cell
// vectors that do not match the grid.
[[nodiscard]] MapSection hotspot_map(const hotspot::HotspotRun& run, const MapOptions& options);

// The density legend (class swatches and their lower bounds per km²); weight_name "harm" or
// "incidents".
[[nodiscard]] std::string density_legend_html(const DensityScale& scale, const std::string& weight_name);

// A density per m² as a readable number per km²: three significant figures written out
// (1.12e-05 per m² → "11.2"; 1.12e-09 → "0.00112"), grouped from 1,000 ("12,345").
[[nodiscard]] std::string per_km2(double density_per_m2);

}  // namespace grip::report

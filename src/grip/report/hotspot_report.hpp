// The hotspot report: one self-contained HTML file (no network needed to open it, so it can be
// emailed) with the map of hotspot polygons over the density surface, the selection table with
// each hotspot's explanation, the runners-up, the concentration curve, the settings and defaults
// used, and a "SYNTHETIC DATA" banner when the store holds `grip demo` data. Every piece of text
// from the data (street names, districts, crime types) is HTML-escaped.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

#include "grip/hotspot/hotspot_run.hpp"
#include "grip/report/report_layers.hpp"
#include "grip/store/store.hpp"

namespace grip::report {

struct ReportOptions {
  std::string title;            // empty: the run's own title, which says exactly what was ranked
  std::string force_name;       // shown under the title when given, e.g. "Essex Police"
  bool synthetic_data = false;  // show the SYNTHETIC DATA banner
  bool interactive_map = true;  // Leaflet when built in; false = the static SVG map
  // Basemap tiles, off by default (the page then fetches nothing): "https://…/{z}/{x}/{y}.png".
  std::optional<std::string> tile_url;
  std::string tile_attribution;  // plain text, e.g. "© OpenStreetMap contributors"
  // Boundaries, incident points and the stored forecast for the map (empty: none drawn).
  ReportLayers layers;
};

// ReportOptions with what the store says about itself (synthetic_data from its `synthetic`
// setting).
[[nodiscard]] ReportOptions report_options_from_store(store::Store& store);
// The same with the map's layers for a run made from this store (report_layers_from_store).
[[nodiscard]] ReportOptions report_options_from_store(store::Store& store, const hotspot::HotspotRun& run);

// The whole page. Throws grip::UsageError for a bad tile URL or a run whose cell vectors do not
// match its grid.
[[nodiscard]] std::string render_hotspot_report(const hotspot::HotspotRun& run, const ReportOptions& options);

// Renders and writes the page (replacing the file only once the new one is complete). Throws as
// render_hotspot_report does, and grip::OutputError naming the path when it cannot be written.
void write_hotspot_report(const hotspot::HotspotRun& run, const ReportOptions& options,
                          const std::filesystem::path& path);

}  // namespace grip::report

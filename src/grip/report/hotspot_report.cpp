#include "grip/report/hotspot_report.hpp"

#include <fstream>
#include <system_error>
#include <vector>

#include "grip/core/errors.hpp"
#include "grip/core/output_file.hpp"
#include "grip/report/concentration_chart.hpp"
#include "grip/report/hour_of_week_chart.hpp"
#include "grip/report/html_text.hpp"
#include "grip/report/report_map.hpp"
#include "grip/report/report_tables.hpp"
#include "grip/report/web_assets.hpp"

#ifndef GRIP_VERSION
#define GRIP_VERSION "unknown"
#endif

namespace grip::report {
namespace {

using hotspot::HotspotRun;

constexpr const char* kStyle = R"CSS(
:root { --ink: #1d2329; --muted: #5b6670; --rule: #d5dae0; --accent: #08306b; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; color: var(--ink); background: #fff; }
header, main, footer { max-width: 1280px; margin: 0 auto; padding: 0 20px; }
h1 { margin: 18px 0 2px; font-size: 26px; }
h2 { margin: 30px 0 8px; font-size: 20px; border-bottom: 1px solid var(--rule); padding-bottom: 4px; }
h3 { margin: 18px 0 6px; font-size: 16px; }
.subtitle { color: var(--muted); margin: 0 0 12px; }
.synthetic-banner { position: sticky; top: 0; z-index: 2000; background: #b10026; color: #fff; text-align: center;
  font-weight: 700; letter-spacing: 0.04em; padding: 10px 16px; }
.figures { display: flex; flex-wrap: wrap; gap: 12px; margin: 12px 0; }
.figure { border: 1px solid var(--rule); border-radius: 6px; padding: 8px 12px; min-width: 150px; }
.figure .value { display: block; font-size: 22px; font-weight: 600; color: var(--accent); }
.figure .label { color: var(--muted); font-size: 13px; }
.map { height: 640px; border: 1px solid var(--rule); background: #f3f3ef; }
.static-map { max-width: 100%; height: auto; border: 1px solid var(--rule); }
.static-map .map-background { fill: #f3f3ef; }
.static-map .density { image-rendering: pixelated; }
.static-map .hotspot.selected { fill: rgba(33, 113, 181, 0.12); stroke: #08306b; stroke-width: 2; }
.static-map .hotspot.runner-up { fill: none; stroke: #525252; stroke-width: 1; stroke-dasharray: 4 3; }
.static-map .hotspot-label { font-size: 11px; font-weight: 700; fill: #08306b; paint-order: stroke; stroke: #fff; stroke-width: 3px; }
.static-map .scale-bar rect { fill: #1d2329; }
.static-map .scale-bar text, .static-map .north { font-size: 12px; fill: #1d2329; }
.grip-density { image-rendering: pixelated; }
.grip-label { overflow: visible; }
.grip-label-text { position: absolute; transform: translate(-50%, -50%); background: rgba(255, 255, 255, 0.85);
  font: 700 13px/18px system-ui, sans-serif; color: #08306b; padding: 0 3px; white-space: nowrap; }
.legend { display: flex; flex-wrap: wrap; gap: 6px 16px; align-items: center; margin: 8px 0; font-size: 13px; }
.legend-title { font-weight: 600; width: 100%; }
.legend-item { display: inline-flex; align-items: center; gap: 6px; }
.legend[hidden] { display: none; }
.legends { margin: 6px 0; }
.swatch.outline.boundary { border: 2px dashed #3a3a3a; }
.swatch.dot { width: 12px; border-radius: 50%; background: #ffd92f; border-color: #1d2329; }
.static-map .gi-bin, .detail-map .gi-bin { fill-opacity: 0.7; }
.static-map .boundary { fill: none; stroke: #3a3a3a; stroke-width: 1.2; stroke-dasharray: 6 3; }
.detail-map { border: 1px solid var(--rule); flex: none; }
.detail-map .map-background { fill: #f3f3ef; }
.detail-map .hotspot.selected { fill: rgba(33, 113, 181, 0.15); stroke: #08306b; stroke-width: 2.5; }
.detail-map .hotspot.runner-up { fill: none; stroke: #525252; stroke-width: 1; stroke-dasharray: 4 3; }
.detail-map .incident { fill: #ffd92f; stroke: #1d2329; stroke-width: 0.8; }
.detail-map .scale-bar rect { fill: #1d2329; }
.detail-map .scale-bar text { font-size: 11px; fill: #1d2329; }
.detail-body { display: flex; flex-wrap: wrap; gap: 14px; align-items: flex-start; }
.detail-body table { flex: 1 1 320px; }
.swatch { display: inline-block; width: 18px; height: 12px; border: 1px solid #999; }
.swatch.outline { background: transparent; }
.swatch.outline.selected { border: 2px solid #08306b; }
.swatch.outline.runner-up { border: 1px dashed #525252; }
.note { color: var(--muted); font-size: 13px; }
table { border-collapse: collapse; width: 100%; font-size: 13px; margin: 6px 0; }
th, td { border-bottom: 1px solid var(--rule); padding: 5px 6px; text-align: left; vertical-align: top; }
thead th { background: #f2f4f7; position: sticky; top: 0; }
td.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
td.id { font-weight: 700; white-space: nowrap; }
td.explanation { min-width: 260px; }
tr[data-hotspot] { cursor: pointer; }
tr[data-hotspot]:hover { background: #f5f8fc; }
ul.counts { margin: 0; padding: 0; list-style: none; min-width: 200px; }
ul.counts li { display: inline; }
ul.counts li + li::before { content: " \00B7  "; color: var(--muted); }
ul.counts .num { color: var(--muted); }
table.settings { width: auto; min-width: 50%; }
table.settings th { font-weight: 500; color: var(--muted); }
table.concentration { width: auto; }
.concentration-chart { max-width: 100%; height: auto; font-size: 12px; }
.concentration-chart .grid { stroke: #eceff2; }
.concentration-chart .frame { fill: none; stroke: #9aa3ab; }
.concentration-chart .equality { stroke: #9aa3ab; stroke-dasharray: 5 4; }
.concentration-chart .curve { fill: none; stroke-width: 2.5; }
.concentration-chart .curve.cells { stroke: #08519c; }
.concentration-chart .curve.streets { stroke: #e6550d; }
.concentration-chart .mark { fill: #08519c; }
.concentration-chart .leader { stroke: #9aa3ab; stroke-width: 0.8; }
.concentration-chart .tick, .concentration-chart .legend, .concentration-chart .mark-label { fill: #1d2329; }
.concentration-chart .axis-label { fill: #5b6670; font-size: 13px; }
footer { color: var(--muted); font-size: 12px; margin-top: 30px; padding-bottom: 30px; }
pre.licence { white-space: pre-wrap; font-size: 11px; }
.hour-of-week { max-width: 100%; height: auto; font-size: 11px; }
.hour-of-week .tick { fill: #1d2329; }
.flag { color: #8c2d04; font-size: 12px; font-weight: 600; }
article.hotspot-detail { border-top: 1px solid var(--rule); margin-top: 10px; }
@page { size: A4; margin: 14mm 12mm; }
@media print {
  body { font-size: 10pt; }
  header, main, footer { max-width: none; padding: 0; }
  .synthetic-banner { position: static; }
  .map { height: 150mm; }
  thead th { position: static; }
  table { font-size: 8.5pt; }
  tr, article.hotspot-detail, .figure, svg { break-inside: avoid; }
  #hotspot-details { break-before: page; }
  article.hotspot-detail { break-before: page; border-top: 0; }
  #hotspot-details > h2 + article.hotspot-detail { break-before: avoid; }
  a { color: inherit; text-decoration: none; }
  details > summary { list-style: none; }
  footer details { display: none; }
}
)CSS";

std::string subtitle(const HotspotRun& run, const ReportOptions& options) {
  std::string text = options.force_name;
  auto add = [&text](const std::string& part) {
    if (part.empty()) return;
    text += (text.empty() ? "" : " \xC2\xB7 ") + part;
  };
  if (!run.months.empty()) {
    add(run.months.front() == run.months.back() ? run.months.front()
                                                : run.months.front() + " to " + run.months.back());
  }
  add(run.settings.weighting == hotspot::Weighting::kHarm ? "weighted by harm" : "counts of incidents");
  add(std::to_string(static_cast<long long>(run.grid.cell_size())) + " m cells");
  if (!run.created.empty())
    add("run " + (run.run_id > 0 ? std::to_string(run.run_id) + ", " : std::string()) + run.created);
  return text;
}

}  // namespace

ReportOptions report_options_from_store(store::Store& store) {
  ReportOptions options;
  options.synthetic_data = store.setting("synthetic").value_or("") == "true";
  return options;
}

ReportOptions report_options_from_store(store::Store& store, const HotspotRun& run) {
  ReportOptions options = report_options_from_store(store);
  options.layers = report_layers_from_store(store, run);
  return options;
}

std::string render_hotspot_report(const HotspotRun& run, const ReportOptions& options) {
  MapOptions map_options;
  map_options.interactive = options.interactive_map;
  map_options.tile_url = options.tile_url;
  map_options.tile_attribution = options.tile_attribution;
  map_options.layers = &options.layers;
  const MapSection map = hotspot_map(run, map_options);

  std::string page;
  page.reserve(map.interactive ? leaflet_js().size() + 400'000 : 400'000);
  page +=
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  page += "<meta name=\"generator\" content=\"Grip " + escape_html(GRIP_VERSION) + "\">\n";
  const std::string title = !options.title.empty() ? options.title
                            : !run.title.empty()   ? run.title
                                                   : std::string("Hotspots");
  page += "<title>" + escape_html((options.synthetic_data ? "[SYNTHETIC DATA] " : "") + title) + "</title>\n";
  if (map.interactive) page += "<style>\n" + std::string(leaflet_css()) + "\n</style>\n";
  page += std::string("<style>") + kStyle + "</style>\n</head>\n<body>\n";
  if (options.synthetic_data) {
    page +=
        "<div class=\"synthetic-banner\" role=\"alert\">SYNTHETIC DATA \xE2\x80\x94 made by grip demo, not "
        "real "
        "crime. Do not use for operational decisions.</div>\n";
  }
  page += "<header>\n<h1>" + escape_html(title) + "</h1>\n<p class=\"subtitle\">" +
          escape_html(subtitle(run, options)) + "</p>\n</header>\n<main>\n";
  page += "<section id=\"summary\">\n" + key_figures_html(run) + "</section>\n";
  page += "<section id=\"map-section\">\n<h2>Map</h2>\n" + map.html + "</section>\n";
  page += "<section id=\"selection\">\n<h2>Selected hotspots</h2>\n" + hotspot_table_html(run, true);
  const std::string runners_up = hotspot_table_html(run, false);
  if (!runners_up.empty()) {
    page += "<details>\n<summary>Runners-up: the next candidates and why they were not chosen</summary>\n" +
            runners_up + "</details>\n";
  }
  page += "</section>\n";
  {
    std::vector<std::string> times;
    for (const auto& area : run.hotspots) {
      if (area.selected) times.insert(times.end(), area.occurred_from.begin(), area.occurred_from.end());
    }
    const auto chart = hour_of_week_svg(times, "All selected hotspots: incidents by hour of the week");
    page += "<section id=\"hour-of-week\">\n<h2>When: hour of the week in the selected hotspots</h2>\n";
    page += chart.empty() ? "<p class=\"note\">" + escape_html(kNoHourOfWeekNote) + "</p>\n"
                          : chart + "<p class=\"note\">By recorded start time, Monday 00:00 first.</p>\n";
    page += "</section>\n";
  }
  page += "<section id=\"hotspot-details\">\n<h2>Each selected hotspot</h2>\n" +
          hotspot_details_html(run, options.layers) + "</section>\n";
  page += "<section id=\"concentration\">\n<h2>Concentration of harm</h2>\n" +
          concentration_curve_svg(run.cell_concentration, run.street_concentration) +
          concentration_html(run) + "</section>\n";
  page += "<section id=\"settings\">\n<h2>Settings and defaults used</h2>\n" + settings_html(run) +
          "</section>\n";
  page += "</main>\n<footer>\n<p>Made by Grip " + escape_html(GRIP_VERSION) +
          ". This page is self-contained: it loads nothing from the network";
  page += options.tile_url ? " except the basemap tiles it was asked to show.</p>\n" : ".</p>\n";
  if (map.interactive) {
    page += "<details>\n<summary>Map library: Leaflet " + escape_html(leaflet_version()) +
            " (BSD 2-Clause licence)</summary>\n<pre class=\"licence\">" + escape_html(leaflet_license()) +
            "</pre>\n</details>\n";
  }
  page += "</footer>\n";
  if (map.interactive) {
    page += "<script>\n" + std::string(leaflet_js()) + "\n</script>\n";
    page += "<script>\n" + map.script + "</script>\n";
  }
  page += "</body>\n</html>\n";
  return page;
}

void write_hotspot_report(const HotspotRun& run, const ReportOptions& options,
                          const std::filesystem::path& path) {
  // Written beside the target and renamed, so a failed write never leaves half a page.
  write_output_file(path, render_hotspot_report(run, options));
}

}  // namespace grip::report

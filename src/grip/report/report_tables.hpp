// The report's tables and figures as HTML fragments: the key figures, the selection and the
// runners-up (one scannable line each; the selected ones link to a detail section with counts by
// crime type, trend, review and the explanation of each choice), the
// concentration numbers, and the settings and run details. All text escaped.
#pragma once

#include <string>

#include "grip/hotspot/hotspot_run.hpp"
#include "grip/report/report_layers.hpp"

namespace grip::report {

[[nodiscard]] std::string key_figures_html(const hotspot::HotspotRun& run);
// selected = true: the chosen hotspots; false: the runners-up (empty string when there are none).
[[nodiscard]] std::string hotspot_table_html(const hotspot::HotspotRun& run, bool selected);
// One section per selected hotspot (id "detail-H01", one A4 page each in print): its map, counts by
// type, trend, review, the next-window forecast (when the stored forecast is for this run), the
// hour-of-week chart (or why there is none) and why it was chosen.
[[nodiscard]] std::string hotspot_details_html(const hotspot::HotspotRun& run,
                                               const ReportLayers& layers = {});
[[nodiscard]] std::string concentration_html(const hotspot::HotspotRun& run);
[[nodiscard]] std::string settings_html(const hotspot::HotspotRun& run);

}  // namespace grip::report

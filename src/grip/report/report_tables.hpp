// The report's tables and figures as HTML fragments: the key figures, the selection and the
// runners-up (with counts by crime type, trend and the explanation of each choice), the
// concentration numbers, and the settings and run details. All text escaped.
#pragma once

#include <string>

#include "grip/hotspot/hotspot_run.hpp"

namespace grip::report {

[[nodiscard]] std::string key_figures_html(const hotspot::HotspotRun& run);
// selected = true: the chosen hotspots; false: the runners-up (empty string when there are none).
[[nodiscard]] std::string hotspot_table_html(const hotspot::HotspotRun& run, bool selected);
[[nodiscard]] std::string concentration_html(const hotspot::HotspotRun& run);
[[nodiscard]] std::string settings_html(const hotspot::HotspotRun& run);

}  // namespace grip::report

// A stored plan as the files a force uses: JSON (every visit: hotspot, team, start, end), CSV (one
// row per visit), an iCalendar file (one VEVENT per visit in local floating time, written with
// libical, RFC 5545) and self-contained HTML tasking sheets, one printable page per team, day and
// shift: a beat map (inline SVG of the team's hotspot outlines, visits numbered), the visit times,
// what to look for (the hotspot's main crime types) and why this place now (its risk in the shift).
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "grip/patrol/plan_run.hpp"

namespace grip::patrol {

[[nodiscard]] nlohmann::json plan_json(const PlanRun& run, const StoredPlanIds& ids);
// Per-hotspot summary lines for the terminal and the demo.
[[nodiscard]] std::string plan_summary_text(const PlanRun& run, const StoredPlanIds& ids);
[[nodiscard]] std::string plan_csv(const PlanRun& run);
[[nodiscard]] std::string plan_ics(const PlanRun& run, const StoredPlanIds& ids);
[[nodiscard]] std::string plan_tasking_html(const PlanRun& run, const StoredPlanIds& ids);

}  // namespace grip::patrol

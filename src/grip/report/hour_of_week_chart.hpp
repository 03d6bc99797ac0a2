// A 7 × 24 hour-of-week chart as inline SVG: one square per hour of the week (rows Monday to
// Sunday, columns 00 to 23), shaded by how many incidents started in it, with each square's count
// in its tooltip. Times are the recorded start times, a point time each (patrol::hour_of_week);
// month-only data (data.police.uk street crime) has none, and then no chart is drawn.
#pragma once

#include <span>
#include <string>

namespace grip::report {

// Said where the chart would be when the data has months only.
inline constexpr const char* kNoHourOfWeekNote =
    "No hour-of-week chart: the data records only the month of each incident (data.police.uk street crime "
    "is published by month), so the hour and day of the week are unknown.";

// "" when no time parses. `caption` names what is counted (escaped).
[[nodiscard]] std::string hour_of_week_svg(std::span<const std::string> occurred_from,
                                           const std::string& caption);

}  // namespace grip::report

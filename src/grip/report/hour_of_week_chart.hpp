// A 7 × 24 hour-of-week chart as inline SVG: one square per hour of the week (rows Monday to
// Sunday, columns 00 to 23), shaded by how many incidents started in it, with each square's count
// in its tooltip. Times are the recorded start times, a point time each (patrol::hour_of_week);
// month-only data (data.police.uk street crime) has none, and then no chart is drawn.
#pragma once

#include <span>
#include <string>

namespace grip::report {

// "" when no time parses. `caption` names what is counted (escaped).
[[nodiscard]] std::string hour_of_week_svg(std::span<const std::string> occurred_from,
                                           const std::string& caption);

}  // namespace grip::report

#include "grip/report/hour_of_week_chart.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>

#include "grip/patrol/hour_of_week.hpp"
#include "grip/report/html_text.hpp"

namespace grip::report {
namespace {

// Light to dark blue by share of the busiest hour (0 = white).
std::string shade(double share) {
  const auto mix = [share](int from, int to) {
    return static_cast<int>(std::lround(from + (to - from) * std::clamp(share, 0.0, 1.0)));
  };
  return fmt::format("#{:02x}{:02x}{:02x}", mix(0xf7, 0x08), mix(0xfb, 0x30), mix(0xff, 0x6b));
}

}  // namespace

std::string hour_of_week_svg(std::span<const std::string> occurred_from, const std::string& caption) {
  patrol::HourOfWeek counts{};
  std::size_t timed = 0;
  for (const auto& from : occurred_from) {
    if (patrol::add_aoristic_text(counts, from, "")) ++timed;
  }
  if (timed == 0) return {};
  const double busiest = *std::max_element(counts.begin(), counts.end());
  constexpr int kCell = 18, kLeft = 40, kTop = 20;
  constexpr std::array<const char*, 7> kDays{"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
  const int width = kLeft + 24 * kCell + 10, height = kTop + 7 * kCell + 24;
  std::string svg = fmt::format(
      "<svg class=\"hour-of-week\" viewBox=\"0 0 {0} {1}\" width=\"{0}\" height=\"{1}\" role=\"img\" "
      "aria-label=\"{2}\">\n<title>{2}</title>\n",
      width, height, escape_html(caption + fmt::format(" ({} incidents with a start time)", timed)));
  for (int hour = 0; hour < 24; hour += 3) {
    svg += fmt::format("<text class=\"tick\" x=\"{}\" y=\"{}\">{:02d}</text>\n", kLeft + hour * kCell,
                       kTop - 6, hour);
  }
  for (int day = 0; day < 7; ++day) {
    svg +=
        fmt::format("<text class=\"tick\" x=\"0\" y=\"{}\">{}</text>\n", kTop + day * kCell + 13, kDays[day]);
    for (int hour = 0; hour < 24; ++hour) {
      const double n = counts[static_cast<std::size_t>(day * 24 + hour)];
      svg += fmt::format(
          "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\"><title>{} {:02d}:00: "
          "{:g}</title></rect>\n",
          kLeft + hour * kCell, kTop + day * kCell, kCell - 1, kCell - 1,
          shade(busiest > 0 ? n / busiest : 0.0), kDays[day], hour, n);
    }
  }
  svg += fmt::format(
      "<text class=\"tick\" x=\"{}\" y=\"{}\">white 0, darkest {:g} incidents in one hour of the "
      "week</text>\n",
      kLeft, kTop + 7 * kCell + 16, busiest);
  return svg + "</svg>\n";
}

}  // namespace grip::report

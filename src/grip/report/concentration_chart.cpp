#include "grip/report/concentration_chart.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "grip/report/html_text.hpp"

namespace grip::report {
namespace {

constexpr double kWidth = 560;
constexpr double kHeight = 380;
constexpr double kLeft = 62;
constexpr double kRight = 20;
constexpr double kTop = 18;
constexpr double kBottom = 58;
constexpr double kPlotWidth = kWidth - kLeft - kRight;
constexpr double kPlotHeight = kHeight - kTop - kBottom;
constexpr double kMarkLabelLineHeight = 18;

double px(double share) { return kLeft + std::clamp(share, 0.0, 1.0) * kPlotWidth; }
double py(double share) { return kTop + (1.0 - std::clamp(share, 0.0, 1.0)) * kPlotHeight; }

std::string polyline(const std::vector<std::pair<double, double>>& curve, const char* css_class) {
  std::string points;
  for (const auto& [units, total] : curve) {
    if (!std::isfinite(units) || !std::isfinite(total)) continue;
    points += fmt::format("{:.1f},{:.1f} ", px(units), py(total));
  }
  return fmt::format("<polyline class=\"{}\" points=\"{}\"/>\n", css_class, points);
}

}  // namespace

std::string concentration_curve_svg(const hotspot::ConcentrationSummary& cells,
                                    const hotspot::ConcentrationSummary& streets) {
  std::string svg = fmt::format(
      "<svg class=\"concentration-chart\" viewBox=\"0 0 {0} {1}\" width=\"{0}\" height=\"{1}\" role=\"img\" "
      "aria-labelledby=\"concentration-title\">\n"
      "<title id=\"concentration-title\">Concentration curve: share of harm held by the top share of cells"
      "{2}</title>\n",
      kWidth, kHeight, streets.curve.empty() ? "" : " and of street locations");
  // Grid lines and axis labels every 10 %.
  for (int tick = 0; tick <= 10; ++tick) {
    const double share = tick / 10.0;
    svg += fmt::format(
        "<line class=\"grid\" x1=\"{0:.1f}\" y1=\"{1:.1f}\" x2=\"{0:.1f}\" y2=\"{2:.1f}\"/>"
        "<line class=\"grid\" x1=\"{3:.1f}\" y1=\"{4:.1f}\" x2=\"{5:.1f}\" y2=\"{4:.1f}\"/>\n",
        px(share), py(0), py(1), px(0), py(share), px(1));
    if (tick % 2 == 0) {
      svg += fmt::format(
          "<text class=\"tick\" x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"middle\">{} %</text>"
          "<text class=\"tick\" x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"end\">{} %</text>\n",
          px(share), py(0) + 16, tick * 10, px(0) - 6, py(share) + 4, tick * 10);
    }
  }
  svg += fmt::format("<rect class=\"frame\" x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"{:.1f}\"/>\n",
                     kLeft, kTop, kPlotWidth, kPlotHeight);
  svg += fmt::format("<line class=\"equality\" x1=\"{:.1f}\" y1=\"{:.1f}\" x2=\"{:.1f}\" y2=\"{:.1f}\"/>\n",
                     px(0), py(0), px(1), py(1));
  if (!streets.curve.empty()) svg += polyline(streets.curve, "curve streets");
  svg += polyline(cells.curve, "curve cells");

  const std::pair<double, double> marks[] = {
      {0.01, cells.top_1_percent}, {0.05, cells.top_5_percent}, {0.10, cells.top_10_percent}};
  // The marks sit close together near the left edge, so their labels are stacked in the empty
  // lower right of the plot (below the curve, which never falls under the line of equality), one
  // line each, with a leader line from each mark: they never overprint.
  for (std::size_t i = 0; i < std::size(marks); ++i) {
    const auto [units, total] = marks[i];
    if (!std::isfinite(total)) continue;
    const double label_x = px(0.56);
    const double label_y = py(0.34) + kMarkLabelLineHeight * static_cast<double>(i);
    svg += fmt::format(
        "<circle class=\"mark\" cx=\"{:.1f}\" cy=\"{:.1f}\" r=\"3.5\"/>"
        "<line class=\"leader\" x1=\"{:.1f}\" y1=\"{:.1f}\" x2=\"{:.1f}\" y2=\"{:.1f}\"/>"
        "<text class=\"mark-label\" x=\"{:.1f}\" y=\"{:.1f}\">top {:g} %: {}</text>\n",
        px(units), py(total), px(units), py(total), label_x - 4, label_y - 4, label_x, label_y, units * 100,
        escape_html(format_percent(total)));
  }

  svg += fmt::format(
      "<text class=\"axis-label\" x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"middle\">"
      "share of units, those with most harm first</text>\n",
      kLeft + kPlotWidth / 2, kHeight - 22);
  svg += fmt::format(
      "<text class=\"axis-label\" transform=\"translate(16 {:.1f}) rotate(-90)\" "
      "text-anchor=\"middle\">share of harm</text>\n",
      kTop + kPlotHeight / 2);
  // Legend along the bottom.
  const double legend_y = kHeight - 6;
  svg += fmt::format(
      "<line class=\"curve cells\" x1=\"{0:.1f}\" y1=\"{1:.1f}\" x2=\"{2:.1f}\" y2=\"{1:.1f}\"/>"
      "<text class=\"legend\" x=\"{3:.1f}\" y=\"{4:.1f}\">{5} cells (Gini {6:.2f})</text>\n",
      kLeft, legend_y - 4, kLeft + 22, kLeft + 28, legend_y,
      escape_html(format_number(static_cast<double>(cells.units))), cells.gini);
  if (!streets.curve.empty()) {
    const double x = kLeft + kPlotWidth / 2;
    svg += fmt::format(
        "<line class=\"curve streets\" x1=\"{0:.1f}\" y1=\"{1:.1f}\" x2=\"{2:.1f}\" y2=\"{1:.1f}\"/>"
        "<text class=\"legend\" x=\"{3:.1f}\" y=\"{4:.1f}\">{5} street locations (Gini {6:.2f})</text>\n",
        x, legend_y - 4, x + 22, x + 28, legend_y,
        escape_html(format_number(static_cast<double>(streets.units))), streets.gini);
  }
  svg += "</svg>\n";
  return svg;
}

}  // namespace grip::report

#include "grip/evaluation/evaluation_html.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "grip/core/text.hpp"

namespace grip::evaluation {
namespace {

std::string percent(double ratio) {
  return std::isfinite(ratio) ? fmt::format("{:+.1f} %", 100.0 * (ratio - 1.0)) : std::string("n/a");
}

constexpr const char* kZoneColours[kZoneCount] = {"#c0392b", "#2c7fb8", "#e6862e", "#7fb8d8"};

std::string chart(const EvaluationResult& r, const OutcomeResult& o) {
  constexpr double kWidth = 760, kHeight = 280, kLeft = 50, kRight = 150, kTop = 20, kBottom = 40;
  const std::size_t months = r.months.size();
  double top = 1.0;
  for (std::size_t z = 0; z < kZoneCount; ++z)
    for (std::size_t m = 0; m < months; ++m)
      if (r.month_has_data[m]) top = std::max(top, o.series.count[z][m]);
  const double plot_w = kWidth - kLeft - kRight, plot_h = kHeight - kTop - kBottom;
  const auto x_of = [&](std::size_t m) {
    return kLeft +
           (months > 1 ? plot_w * static_cast<double>(m) / static_cast<double>(months - 1) : plot_w / 2);
  };
  const auto y_of = [&](double v) { return kTop + plot_h * (1.0 - v / top); };
  std::string svg = fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{0}\" height=\"{1}\" viewBox=\"0 0 {0} {1}\" "
      "role=\"img\" "
      "aria-label=\"Monthly counts of {2}\">\n",
      kWidth, kHeight, escape_html(o.name));
  svg += fmt::format("<line x1=\"{0}\" y1=\"{1}\" x2=\"{0}\" y2=\"{2}\" stroke=\"#999\"/>\n", kLeft, kTop,
                     kTop + plot_h);
  svg += fmt::format("<line x1=\"{0}\" y1=\"{1}\" x2=\"{2}\" y2=\"{1}\" stroke=\"#999\"/>\n", kLeft,
                     kTop + plot_h, kLeft + plot_w);
  svg += fmt::format("<text x=\"{}\" y=\"{}\" font-size=\"11\" text-anchor=\"end\">{:.0f}</text>\n",
                     kLeft - 4, kTop + 4, top);
  svg += fmt::format("<text x=\"{}\" y=\"{}\" font-size=\"11\" text-anchor=\"end\">0</text>\n", kLeft - 4,
                     kTop + plot_h);
  const auto before_months = static_cast<std::size_t>(r.before.months());
  if (before_months > 0 && before_months < months) {
    const double boundary = (x_of(before_months - 1) + x_of(before_months)) / 2;
    svg += fmt::format(
        "<line x1=\"{0}\" y1=\"{1}\" x2=\"{0}\" y2=\"{2}\" stroke=\"#555\" stroke-dasharray=\"4 3\"/>\n"
        "<text x=\"{3}\" y=\"{4}\" font-size=\"11\" text-anchor=\"end\">before</text>"
        "<text x=\"{5}\" y=\"{4}\" font-size=\"11\">after</text>\n",
        boundary, kTop, kTop + plot_h, boundary - 4, kTop + 10, boundary + 4);
  }
  for (std::size_t m = 0; m < months; m += std::max<std::size_t>(1, months / 8))
    svg += fmt::format("<text x=\"{}\" y=\"{}\" font-size=\"10\" text-anchor=\"middle\">{}</text>\n", x_of(m),
                       kTop + plot_h + 16, r.months[m]);
  for (std::size_t z = 0; z < kZoneCount; ++z) {
    const bool present = z == 0 || (z == 1 && !r.comparison_areas.empty()) ||
                         (z >= 2 && !r.treated_areas.empty() && r.settings.buffer_m > 0 &&
                          (z == 2 || !r.comparison_areas.empty()));
    if (!present) continue;
    // One polyline per run of months with data: a missing month is a gap, not a zero.
    std::string points;
    const auto flush = [&] {
      if (!points.empty())
        svg += fmt::format("<polyline fill=\"none\" stroke=\"{}\" stroke-width=\"2\" points=\"{}\"/>\n",
                           kZoneColours[z], points);
      points.clear();
    };
    for (std::size_t m = 0; m < months; ++m) {
      if (!r.month_has_data[m]) {
        flush();
        continue;
      }
      points += fmt::format("{:.1f},{:.1f} ", x_of(m), y_of(o.series.count[z][m]));
    }
    flush();
    const double ly = kTop + 14.0 + 18.0 * static_cast<double>(z);
    svg += fmt::format(
        "<line x1=\"{0}\" y1=\"{1}\" x2=\"{2}\" y2=\"{1}\" stroke=\"{3}\" stroke-width=\"2\"/>"
        "<text x=\"{4}\" y=\"{5}\" font-size=\"11\">{6}</text>\n",
        kLeft + plot_w + 10, ly, kLeft + plot_w + 30, kZoneColours[z], kLeft + plot_w + 34, ly + 4,
        to_string(static_cast<Zone>(z)));
  }
  svg += "</svg>\n";
  return svg;
}

}  // namespace

std::string evaluation_html_section(const EvaluationResult& r) {
  std::string html = "<section class=\"grip-evaluation\">\n<h2>Evaluation</h2>\n";
  html += fmt::format("<p>{} in {}. Before {} ({} months with data), after {} ({} with data): {}.</p>\n",
                      escape_html(r.areas_description), escape_html(r.dataset), r.before.label(),
                      r.before_months_with_data, r.after.label(), r.after_months_with_data,
                      escape_html(r.period_source));
  html +=
      fmt::format("<p>Comparison: {}. Buffer {:g} m. Intervals {:g} %.</p>\n",
                  escape_html(r.comparison_description), r.settings.buffer_m, 100.0 * r.settings.confidence);
  html +=
      "<table>\n<tr><th>outcome</th><th>before</th><th>after</th><th>change</th><th>verdict</th>"
      "<th>difference in differences</th><th>WDD total (SE)</th><th>Holm p</th></tr>\n";
  for (const auto& o : r.outcomes) {
    const std::string did = o.did && o.did->valid ? percent(o.did->ratio) : "";
    const std::string wdd = o.wdd ? fmt::format("{:.1f} ({:.1f})", o.wdd->total, o.wdd->total_se) : "";
    html += fmt::format(
        "<tr><td>{}</td><td>{:.0f}</td><td>{:.0f}</td><td>{}</td><td>{}{}</td><td>{}</td><td>{}</td>"
        "<td>{:.3g}</td></tr>\n",
        escape_html(o.name), o.counts[0].before, o.counts[0].after, percent(o.change.rate_ratio),
        escape_html(o.verdict), o.note.empty() ? "" : "<br><small>" + escape_html(o.note) + "</small>", did,
        wdd, o.holm_p);
  }
  html += "</table>\n";
  if (!r.outcomes.empty()) {
    html += fmt::format("<h3>Monthly counts: {}</h3>\n", escape_html(r.outcomes[0].name));
    html += chart(r, r.outcomes[0]);
  }
  if (r.itt) {
    html += fmt::format("<p>Randomised design {} ({}): {}</p>\n", r.itt->design_id, escape_html(r.itt->kind),
                        escape_html(r.itt->note));
    if (r.itt->per_patrol_hour)
      html += fmt::format(
          "<p>{}{}</p>\n",
          r.itt->per_patrol_hour->valid
              ? fmt::format("Per {:.0f} minutes of patrol delivered: rate ratio {} (interval {} to "
                            "{}). ",
                            r.itt->per_patrol_hour->per_minutes, percent(r.itt->per_patrol_hour->rate_ratio),
                            percent(r.itt->per_patrol_hour->interval.low),
                            percent(r.itt->per_patrol_hour->interval.high))
              : std::string(),
          escape_html(r.itt->per_patrol_hour->note));
  }
  if (r.dosage && r.dosage->fit)
    html += fmt::format(
        "<h3>Patrol dosage</h3>\n<p>Over {} treated hotspots: rate ratio {} per {:.0f} minutes of "
        "GPS-measured "
        "patrol (interval {} to {}). {}</p>\n",
        r.dosage->hotspot_ids.size(), percent(r.dosage->fit->rate_ratio), r.dosage->fit->per_minutes,
        percent(r.dosage->fit->interval.low), percent(r.dosage->fit->interval.high),
        escape_html(r.dosage->note));
  if (r.koper) {
    html += "<h3>After a visit: the local Koper curve</h3>\n";
    if (!r.koper->bands.empty()) {
      html += fmt::format(
          "<table>\n<tr><th>visit length</th><th>visits</th><th>followed by an incident</th><th>chance of an "
          "incident within {:.0f} minutes (SE)</th></tr>\n",
          kKoperHorizonMinutes);
      for (const auto& band : r.koper->bands)
        html +=
            band.curve.observations == 0
                ? fmt::format("<tr><td>{}</td><td>0</td><td>-</td><td>-</td></tr>\n", escape_html(band.label))
                : fmt::format("<tr><td>{}</td><td>{}</td><td>{}</td><td>{:.1f} % ({:.1f})</td></tr>\n",
                              escape_html(band.label), band.curve.observations, band.curve.events,
                              100.0 * band.incident_within_horizon, 100.0 * band.se);
      html += "</table>\n";
      html += fmt::format("<p>Incidents from {} ({}).</p>\n", escape_html(r.koper->dataset),
                          escape_html(r.koper->dataset_reason));
    }
    html += "<p>" + escape_html(r.koper->note) + "</p>\n";
  }
  if (!r.notes.empty()) {
    html += "<ul>\n";
    for (const auto& note : r.notes) html += "<li>" + escape_html(note) + "</li>\n";
    html += "</ul>\n";
  }
  html += "</section>\n";
  return html;
}

std::string evaluation_html_page(const EvaluationResult& r) {
  return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Grip "
         "evaluation</title>\n"
         "<style>body{font-family:sans-serif;margin:2em;max-width:64em}table{border-collapse:collapse}"
         "td,th{border:1px solid #ccc;padding:4px 8px;text-align:left}</style>\n</head>\n<body>\n" +
         evaluation_html_section(r) + "</body>\n</html>\n";
}

}  // namespace grip::evaluation

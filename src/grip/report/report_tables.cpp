#include "grip/report/report_tables.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "grip/report/detail_map.hpp"
#include "grip/report/hour_of_week_chart.hpp"
#include "grip/report/html_text.hpp"
#include "grip/report/kde_edge.hpp"
#include "grip/report/map_layers.hpp"

namespace grip::report {
namespace {

using hotspot::EmergingCategory;
using hotspot::HotspotArea;
using hotspot::HotspotRun;

std::string cell(const std::string& text, const char* css_class = nullptr) {
  if (css_class == nullptr) return "<td>" + escape_html(text) + "</td>";
  return std::string("<td class=\"") + css_class + "\">" + escape_html(text) + "</td>";
}

// The commonest types by name, the rest summed, so a row stays a few lines high.
std::string counts_by_type(const HotspotArea& area) {
  constexpr std::size_t kShown = 5;
  std::string html = "<ul class=\"counts\">";
  std::int64_t other_count = 0;
  std::size_t other_types = 0;
  for (std::size_t i = 0; i < area.counts_by_type.size(); ++i) {
    const auto& [type, count] = area.counts_by_type[i];
    if (i >= kShown) {
      other_count += count;
      ++other_types;
      continue;
    }
    html += "<li>" + escape_html(type) + " <span class=\"num\">" +
            escape_html(format_number(static_cast<double>(count))) + "</span></li>";
  }
  if (other_types > 0) {
    html += "<li>" + std::to_string(other_types) + " other types <span class=\"num\">" +
            escape_html(format_number(static_cast<double>(other_count))) + "</span></li>";
  }
  return html + "</ul>";
}

// The emerging hot spot categories its cells fall in, largest first ("persistent 6, new 2").
std::string trend_text(const HotspotArea& area) {
  std::vector<std::pair<std::size_t, std::size_t>> categories;  // (cells, category)
  for (std::size_t category = 1; category < hotspot::kEmergingCategoryCount; ++category) {
    if (area.cells_by_trend[category] > 0) categories.emplace_back(area.cells_by_trend[category], category);
  }
  std::stable_sort(categories.begin(), categories.end(),
                   [](const auto& a, const auto& b) { return a.first > b.first; });
  std::string text;
  for (const auto& [cells, category] : categories) {
    if (!text.empty()) text += ", ";
    text += fmt::format("{} {}", hotspot::to_string(static_cast<EmergingCategory>(category)), cells);
  }
  return text.empty()
             ? "no pattern"
             : text + (area.cells.empty() ? "" : " of " + std::to_string(area.cells.size()) + " cells");
}

std::string figure(const std::string& value, const std::string& label) {
  return "<div class=\"figure\"><span class=\"value\">" + escape_html(value) +
         "</span><span class=\"label\">" + escape_html(label) + "</span></div>\n";
}

std::string row(const std::string& name, const std::string& value) {
  return "<tr><th scope=\"row\">" + escape_html(name) + "</th><td>" + escape_html(value) + "</td></tr>\n";
}

std::string joined(const std::vector<std::string>& items, const std::string& empty) {
  if (items.empty()) return empty;
  std::string text;
  for (const auto& item : items) text += (text.empty() ? "" : ", ") + item;
  return text;
}

}  // namespace

std::string key_figures_html(const HotspotRun& run) {
  std::size_t selected = 0;
  double selected_share = 0.0;
  double selected_area = 0.0;
  for (const auto& area : run.hotspots) {
    if (!area.selected) continue;
    ++selected;
    selected_share += area.share_of_force_harm;
    selected_area += area.area_m2;
  }
  std::string html = "<div class=\"figures\">\n";
  html += figure(std::to_string(selected), "hotspots selected");
  html += figure(format_percent(selected_share), "of the force's ranked harm in them");
  html += figure(
      run.study_area.area_m2 > 0 ? format_percent(selected_area / run.study_area.area_m2, 2) : "\xE2\x80\x93",
      "of the study area (" + format_area(selected_area) + ")");
  html += figure(format_number(static_cast<double>(run.incidents_used)), "incidents analysed");
  html += figure(format_percent(run.cell_concentration.top_1_percent), "of harm in the top 1 % of cells");
  html += figure(fmt::format("{:.2f}", run.cell_concentration.gini), "Gini coefficient of harm over cells");
  return html + "</div>\n";
}

namespace {

std::string snap_point_warning(const HotspotArea& area) {
  if (area.snap_point_share < hotspot::kSnapPointFlagShare) return {};
  return fmt::format(
      "\xE2\x9A\xA0 snap point '{}': {:.0f} % of harm may be recorded here, not committed here",
      area.snap_point_label, 100 * area.snap_point_share);
}

}  // namespace

std::string hotspot_table_html(const HotspotRun& run, bool selected) {
  std::size_t rows = 0;
  std::string body;
  for (const auto& area : run.hotspots) {
    if (area.selected != selected) continue;
    ++rows;
    body += "<tr data-hotspot=\"" + escape_html(area.id) + "\">";
    // The selection stays one line a hotspot; its details are in the section below the table.
    body += selected ? "<td class=\"id\"><a href=\"#detail-" + escape_html(area.id) + "\">" +
                           escape_html(area.id) + "</a></td>"
                     : cell(area.id, "id");
    const auto warning = snap_point_warning(area);
    body += cell(std::to_string(area.rank), "num");
    body += "<td>" + escape_html(area.name) +
            (warning.empty() ? "" : "<br><span class=\"flag\">" + escape_html(warning) + "</span>") + "</td>";
    body += cell(area.district);
    body += cell(format_area(area.area_m2), "num") + cell(format_number(area.harm), "num");
    body += cell(format_percent(area.share_of_force_harm, 2), "num");
    body += cell(format_number(static_cast<double>(area.incidents)), "num");
    body += cell(hotspot::to_string(area.review), "review");
    if (!selected) body += cell(area.explanation, "explanation");
    body += "</tr>\n";
  }
  if (rows == 0) {
    return selected ? "<p class=\"note\">No hotspot was selected: no significant hot cells met the "
                      "constraints.</p>\n"
                    : std::string();
  }
  std::string html =
      std::string("<table class=\"hotspots") + (selected ? " selected" : " runners-up") + "\">\n";
  html +=
      "<thead><tr><th>ID</th><th>Rank</th><th>Name</th><th>District</th><th>Area</th><th>Harm (CCHI "
      "days)</th><th>Share of force harm</th><th>Incidents</th><th>Review</th>";
  html += selected ? "</tr></thead>\n<tbody>\n" : "<th>Why</th></tr></thead>\n<tbody>\n";
  return html + body + "</tbody>\n</table>\n";
}

namespace {

std::string forecast_text(const HotspotRun& run, const HotspotArea& area, const ReportLayers& layers) {
  const auto& forecast = layers.forecast;
  if (forecast.forecast_run == 0) return "none stored (run grip forecast for the next window)";
  const auto fit = forecast_fit(forecast, run);
  if (fit == ForecastFit::kOtherHotspots) {
    return fmt::format("none for this run: the stored forecast (run {}) was made for the hotspots of run {}",
                       forecast.forecast_run, forecast.hotspot_run_id);
  }
  const std::string same =
      fit == ForecastFit::kSameHotspots
          ? fmt::format("; made for run {}, whose selected hotspots are these", forecast.hotspot_run_id)
          : std::string();
  for (const auto& h : forecast.hotspots) {
    if (h.hotspot_id != area.id) continue;
    return fmt::format(
        "{} chance of at least one incident {}; expected {} incidents, {} CCHI days of harm ({}, forecast "
        "run {}{})",
        format_percent(h.probability), forecast_window_text(forecast), format_number(h.expected, 2),
        format_number(h.expected_harm, 1), forecast.model, forecast.forecast_run, same);
  }
  return fmt::format("not in the stored forecast (run {})", forecast.forecast_run);
}

}  // namespace

std::string hotspot_details_html(const HotspotRun& run, const ReportLayers& layers) {
  std::string html;
  const auto bins = gi_bin_outlines(run);
  for (const auto& area : run.hotspots) {
    if (!area.selected) continue;
    html += "<article class=\"hotspot-detail\" id=\"detail-" + escape_html(area.id) + "\">\n<h3>" +
            escape_html(area.id + " " + area.name) + "</h3>\n";
    html += "<div class=\"detail-body\">\n" + hotspot_detail_svg(run, area, layers, bins);
    const auto warning = snap_point_warning(area);
    if (!warning.empty()) html += "<p class=\"flag\">" + escape_html(warning) + "</p>\n";
    html += "<table class=\"settings\">\n<tbody>\n";
    html += row("rank", fmt::format("{} (by {})", area.rank, run.ranked.empty() ? "harm" : run.ranked));
    html += row("district / town", area.district.empty() ? area.town : area.district);
    html += row("area", format_area(area.area_m2) + fmt::format(", {} cells", area.cells.size()));
    html += row("harm (CCHI days)", format_number(area.harm) + ", " +
                                        format_percent(area.share_of_force_harm, 2) +
                                        " of the force's ranked harm");
    html += row("incidents", format_number(static_cast<double>(area.incidents)));
    html += "<tr><th scope=\"row\">counts by type</th><td>" + counts_by_type(area) + "</td></tr>\n";
    if (area.weapons_possession >= 0)
      html += row("possession of weapons (context, not ranked)",
                  format_number(static_cast<double>(area.weapons_possession)));
    html += row("peak Gi* z", fmt::format("{:.1f}", area.peak_gi_z));
    html += row("trend (cells)", trend_text(area));
    html += row("review", std::string(hotspot::to_string(area.review)) +
                              (area.review_reason.empty() ? "" : ": " + area.review_reason));
    html += row("next-window forecast", forecast_text(run, area, layers));
    html += row("why", area.explanation);
    html += "</tbody>\n</table>\n</div>\n";
    const auto chart = hour_of_week_svg(area.occurred_from, area.id + ": incidents by hour of the week");
    html += chart.empty() ? "<p class=\"note\">" + escape_html(kNoHourOfWeekNote) + "</p>\n" : chart;
    html += "</article>\n";
  }
  return html;
}

std::string concentration_html(const HotspotRun& run) {
  const auto& cells = run.cell_concentration;
  const auto& streets = run.street_concentration;
  std::string html =
      "<table class=\"concentration\">\n<thead><tr><th></th><th>Units</th><th>Top 1 %</th>"
      "<th>Top 5 %</th><th>Top 10 %</th><th>Gini</th></tr></thead>\n<tbody>\n";
  auto line = [&](const char* name, const hotspot::ConcentrationSummary& summary) {
    html += "<tr><th scope=\"row\">" + escape_html(name) + "</th>" +
            cell(format_number(static_cast<double>(summary.units)), "num") +
            cell(format_percent(summary.top_1_percent), "num") +
            cell(format_percent(summary.top_5_percent), "num") +
            cell(format_percent(summary.top_10_percent), "num") +
            cell(fmt::format("{:.3f}", summary.gini), "num") + "</tr>\n";
  };
  line("Grid cells of the study area", cells);
  if (streets.units > 0) line("Street locations", streets);
  html += "</tbody>\n</table>\n";
  html +=
      "<p class=\"note\">Share of the harm held by the given share of units, those with most harm first. "
      "Weisburd's "
      "law of crime concentration finds about half of crime at 2\xE2\x80\x93"
      "6 % of street segments.</p>\n";
  return html;
}

std::string settings_html(const HotspotRun& run) {
  std::string html = "<table class=\"settings\">\n<tbody>\n";
  for (const auto& [name, value] : run.settings_text) html += row(name, value);
  html += "</tbody>\n</table>\n<h3>This run</h3>\n<table class=\"settings\">\n<tbody>\n";
  if (run.run_id > 0) html += row("run id", std::to_string(run.run_id));
  if (!run.created.empty()) html += row("created (UTC)", run.created);
  html += row("coordinate reference system", run.crs_code);
  const auto& grid = run.grid;
  html += row("grid", fmt::format("{} \xC3\x97 {} cells of {:g} m, origin ({:.1f}, {:.1f})", grid.nx(),
                                  grid.ny(), grid.cell_size(), grid.x0(), grid.y0()));
  html += row("study area", fmt::format("{}: {} cells, {}", run.study_area.source,
                                        run.study_area.cells_in_area, format_area(run.study_area.area_m2)));
  html += row("months", run.months.empty() ? std::string("none")
                                           : fmt::format("{} to {} ({} with data)", run.months.front(),
                                                         run.months.back(), run.months.size()));
  html += row("crime types", joined(run.crime_types, "all"));
  html += row("bandwidth", fmt::format("{:g} m ({})", run.bandwidth_m, run.bandwidth_source));
  html += row("incidents analysed", format_number(static_cast<double>(run.incidents_used)));
  html += row("incidents outside the study area",
              format_number(static_cast<double>(run.incidents_outside_study_area)));
  html += row("outliers excluded (far outside the force area)",
              format_number(static_cast<double>(run.outliers_excluded)));
  html += row("force harm (analysed / ranked)",
              format_number(run.force_harm, 1) + " / " + format_number(run.force_ranking_harm, 1));
  const auto edge = describe_kde_edge(run.kde_edge_loss, run.bandwidth_m, run.grid.cell_size());
  html += row("KDE weight in the grid; edge effect",
              format_number(run.kde_weight_in_grid, 1) + "; " + edge.summary +
                  (edge.warning ? " (warning: " + *edge.warning + ")" : ""));
  html += row("significant hot cells (Gi* bin \xE2\x89\xA5 2)",
              format_number(static_cast<double>(run.significant_hot_cells)));
  html += row("candidate hotspot areas", format_number(static_cast<double>(run.candidates_total)));
  html += "</tbody>\n</table>\n";
  if (!run.notes.empty()) {
    html += "<h3>Notes</h3>\n<ul class=\"notes\">\n";
    for (const auto& note : run.notes) html += "<li>" + escape_html(note) + "</li>\n";
    html += "</ul>\n";
  }
  return html;
}

}  // namespace grip::report

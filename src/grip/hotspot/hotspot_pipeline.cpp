// The hotspot pipeline: store → study area and grid → per-cell measures → monthly trends →
// candidate areas → selection. Kernels (KDE, Gi*, FDR, Mann–Kendall, concentration, components)
// live in their own files; this one only gathers their inputs and assembles the HotspotRun.
#include "grip/hotspot/hotspot_pipeline.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <limits>
#include <map>
#include <memory>
#include <numeric>
#include <optional>
#include <set>
#include <span>
#include <unordered_map>

#include "grip/analysis/analysis_scope.hpp"
#include "grip/core/errors.hpp"
#include "grip/core/memory_budget.hpp"
#include "grip/core/time_text.hpp"
#include "grip/geo/polygon_raster.hpp"
#include "grip/hotspot/bandwidth.hpp"
#include "grip/hotspot/concentration.hpp"
#include "grip/hotspot/delineate.hpp"
#include "grip/hotspot/emerging.hpp"
#include "grip/hotspot/gistar.hpp"
#include "grip/hotspot/hotspot_areas.hpp"
#include "grip/hotspot/hotspot_incidents.hpp"
#include "grip/hotspot/hotspot_memory.hpp"
#include "grip/hotspot/monthly_trend.hpp"
#include "grip/hotspot/select.hpp"
#include "grip/hotspot/trend.hpp"
#include "grip/store/incident_tables.hpp"

namespace grip::hotspot {
namespace {

struct PointHash {
  std::size_t operator()(const std::pair<double, double>& point) const noexcept {
    const auto x = std::hash<double>{}(point.first), y = std::hash<double>{}(point.second);
    return x ^ (y + 0x9e3779b97f4a7c15ULL + (x << 6) + (x >> 2));
  }
};

std::string store_setting_text(double value) { return fmt::format("{:g}", value); }

void describe_settings(HotspotRun& run) {
  const HotspotSettings defaults;
  const auto& s = run.settings;
  auto& out = run.settings_text;
  const auto mark = [](bool is_default) { return is_default ? " (default)" : " (given)"; };
  out.emplace_back(
      "period",
      fmt::format("{} to {}{}", run.months.empty() ? "-" : run.months.front(),
                  run.months.empty() ? "-" : run.months.back(),
                  s.from_month.empty() && s.to_month.empty() ? " (default: all months stored)" : " (given)"));
  out.emplace_back("dataset", (s.dataset.empty() ? "auto: " : "") +
                                  (s.dataset.empty() ? std::string("see notes") : s.dataset));
  out.emplace_back("crime types",
                   fmt::format("{}{}", fmt::join(run.crime_types, ", "),
                               s.crime_types.empty() ? " (default: all victim-generated)" : " (given)"));
  out.emplace_back("weighting", std::string(s.weighting == Weighting::kHarm ? "harm" : "count") +
                                    mark(s.weighting == defaults.weighting));
  out.emplace_back("cell size",
                   store_setting_text(s.cell_size_m) + " m" + mark(s.cell_size_m == defaults.cell_size_m));
  out.emplace_back("kernel", std::string(s.kernel == KernelShape::kQuartic ? "quartic" : "gaussian") +
                                 mark(s.kernel == defaults.kernel));
  out.emplace_back("bandwidth", fmt::format("{:.0f} m ({})", run.bandwidth_m, run.bandwidth_source));
  out.emplace_back("Gi* weights", "queen contiguity with self, binary (default, fixed)");
  const char* correction = s.correction == PAdjust::kBenjaminiHochberg ? "bh"
                           : s.correction == PAdjust::kHolm            ? "holm"
                                                                       : "none";
  out.emplace_back("correction", std::string(correction) + mark(s.correction == defaults.correction));
  out.emplace_back("hot cells",
                   "Gi* bin >= 2 (95 % confidence after the correction), touching cells merged (queen)");
  out.emplace_back("top", fmt::format("{}{}", s.top_n, mark(s.top_n == defaults.top_n)));
  out.emplace_back("max area",
                   fmt::format("{:g} m2{}", s.max_area_m2, mark(s.max_area_m2 == defaults.max_area_m2)));
  out.emplace_back("min distance", fmt::format("{:g} m{}", s.min_distance_m,
                                               mark(s.min_distance_m == defaults.min_distance_m)));
  out.emplace_back("min gap",
                   fmt::format("{:g} m edge to edge between selected polygons; a nearer or touching "
                               "candidate is skipped, not merged{}",
                               s.min_gap_m, mark(s.min_gap_m == defaults.min_gap_m)));
  out.emplace_back("min per district", fmt::format("{}{}", s.min_per_district,
                                                   mark(s.min_per_district == defaults.min_per_district)));
  out.emplace_back(
      "max per district",
      fmt::format("{}{}",
                  s.max_per_district == 0 ? std::string("no limit") : std::to_string(s.max_per_district),
                  mark(s.max_per_district == defaults.max_per_district)));
  out.emplace_back("ranking",
                   run.ranked + mark(s.rank_victim_generated_only == defaults.rank_victim_generated_only &&
                                     !s.rank_serious_violence));
  if (s.grid_shift_x_m != 0 || s.grid_shift_y_m != 0) {
    out.emplace_back("grid shift",
                     fmt::format("{:g} m east, {:g} m north (given)", s.grid_shift_x_m, s.grid_shift_y_m));
  }
}

// What was ranked, exactly, and the title that says so (harm in its unit, CCHI days).
void describe_ranking(HotspotRun& run, const std::set<std::string>& ranked_types, bool rank_all) {
  const std::string unit = "Cambridge Crime Harm Index days";
  if (run.settings.rank_serious_violence) {
    run.ranked = fmt::format("harm ({}) of serious violence: {}", unit, fmt::join(ranked_types, ", "));
    run.title = "Serious violence hotspots, ranked by harm (" + unit + ")";
  } else {
    run.ranked =
        fmt::format("harm ({}) of {}: {}", unit, rank_all ? "all analysed crime" : "victim-generated crime",
                    fmt::join(ranked_types, ", "));
    run.title = fmt::format("Hotspots of {}, ranked by harm ({})",
                            rank_all ? "the analysed crime" : "victim-generated crime", unit);
  }
}

// The given bandwidth, or the patrol-scale nearest-neighbour rule (bandwidth.hpp) with its numbers.
void choose_bandwidth(HotspotRun& run, std::span<const double> xs, std::span<const double> ys) {
  const auto& settings = run.settings;
  if (settings.bandwidth_m) {
    run.bandwidth_m = *settings.bandwidth_m;
    run.bandwidth_source = "given";
    return;
  }
  const auto rule = nearest_neighbour_bandwidth(xs, ys, 2 * settings.cell_size_m);
  run.bandwidth_m = settings.kernel == KernelShape::kQuartic ? rule.quartic_radius_m : rule.gaussian_sigma_m;
  run.bandwidth_source = fmt::format(
      "default: patrol-scale nearest-neighbour rule, median distance from an incident to its {}th nearest "
      "incident at another location {:.0f} m{}{}",
      rule.k, rule.median_kth_distance_m,
      rule.floored ? fmt::format(", raised to the minimum of two cells ({:g} m)", 2 * settings.cell_size_m)
                   : std::string(),
      settings.kernel == KernelShape::kGaussian ? ", as a Gaussian sigma of radius / 2.78" : "");
}

}  // namespace

ConcentrationSummary summarise_concentration(std::vector<double> values) {
  ConcentrationSummary summary;
  summary.units = values.size();
  if (values.empty()) return summary;
  const auto basic = concentration(values);
  summary.total = basic.total;
  summary.top_1_percent = basic.top_1_percent;
  summary.top_5_percent = basic.top_5_percent;
  summary.top_10_percent = basic.top_10_percent;
  summary.gini = basic.gini;
  std::sort(values.begin(), values.end(), std::greater<>());
  std::vector<double> cumulative(values.size() + 1, 0.0);
  for (std::size_t i = 0; i < values.size(); ++i) cumulative[i + 1] = cumulative[i] + values[i];
  constexpr int kPoints = 200;
  for (int k = 0; k <= kPoints; ++k) {
    const double fraction = static_cast<double>(k) / kPoints;
    const double units = fraction * static_cast<double>(values.size());
    const auto whole = static_cast<std::size_t>(std::floor(units));
    double held = cumulative[std::min(whole, values.size())];
    if (whole < values.size()) held += (units - static_cast<double>(whole)) * values[whole];
    summary.curve.emplace_back(fraction, summary.total > 0 ? held / summary.total : 0.0);
  }
  return summary;
}

HotspotRun run_hotspots(store::Store& store, const HotspotSettings& settings) {
  HotspotRun run;
  run.settings = settings;
  run.created = utc_now_iso();
  analysis::require_cell_size(settings.cell_size_m);
  if (settings.bandwidth_m && (!(*settings.bandwidth_m > 0) || !std::isfinite(*settings.bandwidth_m))) {
    throw UsageError(
        fmt::format("--bandwidth must be a positive number of metres, not {}", *settings.bandwidth_m));
  }
  if (settings.top_n == 0) throw UsageError("--top must be at least 1");
  analysis::require_month(settings.from_month);
  analysis::require_month(settings.to_month);
  // One snapshot for everything the run reads; on PostGIS it also lets the incidents stream
  // through a cursor, read ahead while this process works, instead of arriving as one result.
  std::optional<store::ReadTransaction> snapshot(std::in_place, store);
  run.crs_code = analysis::require_metric_crs(store).code;

  // Crime types and weights.
  const auto categories = store::read_categories(store);
  std::set<std::string> types;
  if (settings.crime_types.empty()) {
    for (const auto& [name, info] : categories) {
      if (settings.rank_serious_violence ? is_serious_violence(name) : info.victim_generated)
        types.insert(name);
    }
  } else {
    for (const auto& name : settings.crime_types) {
      if (!categories.count(name)) {
        std::vector<std::string> known;
        for (const auto& entry : categories) known.push_back(entry.first);
        throw UsageError(
            fmt::format("unknown crime type '{}'; the store knows: {}", name, fmt::join(known, ", ")));
      }
      types.insert(name);
    }
  }
  if (types.empty())
    throw UsageError("no crime types to analyse (the store has no categories; ingest crime data first)");
  run.crime_types.assign(types.begin(), types.end());

  const auto resolved = analysis::resolve_dataset(store, settings.dataset);
  const std::string dataset = resolved.name;
  if (!resolved.note.empty()) run.notes.push_back(resolved.note);
  const auto boundaries = analysis::read_boundaries(store);
  // Serious violence: possession of weapons is read as context only (counted per hotspot, never
  // analysed or ranked: it is police-generated and measures searches as much as carrying).
  std::set<std::string> read_types = types;
  std::set<std::string> context_types;
  if (settings.rank_serious_violence) {
    for (const auto& [name, info] : categories) {
      if (!types.count(name) && is_weapons_possession(name))
        context_types.insert(name), read_types.insert(name);
    }
  }
  auto incidents = read_incidents(store, analysis::incident_filter(settings, resolved), read_types,
                                  boundaries.shapes.empty());
  snapshot.reset();
  run.outliers_excluded = incidents.outliers;
  if (incidents.x.empty()) {
    throw UsageError(fmt::format("no incidents of the chosen types{} in the period{}",
                                 dataset.empty() ? "" : " in dataset '" + dataset + "'",
                                 settings.from_month.empty() && settings.to_month.empty()
                                     ? ""
                                     : " " + settings.from_month + ".." + settings.to_month));
  }
  run.months = incidents.months;
  if (incidents.outliers > 0) {
    run.notes.push_back(fmt::format(
        "{} incidents flagged at ingest as far outside the force area were excluded", incidents.outliers));
  }

  // Study area and grid.
  auto study =
      analysis::make_study_grid(boundaries, incidents.history_x, incidents.history_y, settings.cell_size_m,
                                settings.grid_shift_x_m, settings.grid_shift_y_m);
  if (!study.study_area.from_boundaries) {
    run.notes.push_back(fmt::format(
        "No boundaries in the store: the study area ({:.0f} km2) is derived from the data, the cells within "
        "{:g} km of any location where the dataset records a crime. Concentration, PAI and Gi*'s n depend on "
        "it; ingest the force's boundaries for its real area",
        study.study_area.area_m2 / 1e6, analysis::kDataAreaReachM / 1000));
  }
  run.grid = study.grid;
  const auto& grid = run.grid;
  const std::size_t cell_count = grid.cell_count();
  // Stop with advice before the per-cell layers are allocated (hotspot_memory.hpp counts them).
  require_grid_memory(
      cell_count, hotspot_bytes_per_cell(incidents.months.size()), settings.cell_size_m,
      fmt::format("the hotspot analysis of {} cells of {:g} m", cell_count, settings.cell_size_m));
  auto& cells = run.cells;
  cells.in_study_area = std::move(study.in_study_area);
  const std::vector<std::int32_t> district_of_cell = std::move(study.district_of_cell);
  run.study_area = study.study_area;

  // Per-incident weights; incidents outside the study area are reported and left out.
  bool any_victim = false;
  for (const auto& name : run.crime_types) any_victim = any_victim || categories.at(name).victim_generated;
  const bool rank_all = !settings.rank_victim_generated_only || !any_victim;
  if (settings.rank_victim_generated_only && !any_victim) {
    run.notes.push_back(
        "None of the chosen crime types is victim-generated, so candidates are ranked by the harm of all of "
        "them");
  }
  std::vector<double> type_harm(incidents.types.size());
  std::vector<bool> type_ranks(incidents.types.size());
  std::set<std::string> ranked_types;
  for (std::size_t t = 0; t < incidents.types.size(); ++t) {
    type_harm[t] = categories.at(incidents.types[t]).harm_weight;
    type_ranks[t] = settings.rank_serious_violence
                        ? is_serious_violence(incidents.types[t])
                        : rank_all || categories.at(incidents.types[t]).victim_generated;
    if (type_ranks[t]) ranked_types.insert(incidents.types[t]);
  }
  if (ranked_types.empty()) {
    throw UsageError(fmt::format("none of the analysed crime types ({}) is serious violence ({})",
                                 fmt::join(run.crime_types, ", "), fmt::join(kSeriousViolenceTypes, ", ")));
  }
  describe_ranking(run, ranked_types, rank_all);
  const bool by_harm = settings.weighting == Weighting::kHarm;
  cells.incidents.assign(cell_count, 0.0);
  cells.harm.assign(cell_count, 0.0);
  cells.ranking_harm.assign(cell_count, 0.0);
  cells.weight.assign(cell_count, 0.0);
  std::vector<std::size_t> cell_of_incident(incidents.x.size(), cell_count);
  std::vector<double> used_x, used_y, used_w;
  // Weight per street location (x, y), summed in incident order; read out in (x, y) order below.
  std::unordered_map<std::pair<double, double>, double, PointHash> street_weight;
  std::vector<bool> type_is_context(incidents.types.size());
  for (std::size_t t = 0; t < incidents.types.size(); ++t)
    type_is_context[t] = context_types.count(incidents.types[t]) > 0;
  std::vector<std::int32_t> context_per_cell(context_types.empty() ? 0 : cell_count, 0);
  for (std::size_t i = 0; i < incidents.x.size(); ++i) {
    const auto cell = grid.cell_of(incidents.x[i], incidents.y[i]);
    if (type_is_context[incidents.type[i]]) {
      if (cell && cells.in_study_area[*cell]) ++context_per_cell[*cell];
      continue;
    }
    if (!cell || !cells.in_study_area[*cell]) {
      ++run.incidents_outside_study_area;
      continue;
    }
    cell_of_incident[i] = *cell;
    const double harm = type_harm[incidents.type[i]];
    const double weight = by_harm ? harm : 1.0;
    cells.incidents[*cell] += 1;
    cells.harm[*cell] += harm;
    if (type_ranks[incidents.type[i]]) cells.ranking_harm[*cell] += harm;
    cells.weight[*cell] += weight;
    used_x.push_back(incidents.x[i]);
    used_y.push_back(incidents.y[i]);
    used_w.push_back(weight);
    street_weight[{incidents.x[i], incidents.y[i]}] += weight;
    run.force_harm += harm;
    if (type_ranks[incidents.type[i]]) run.force_ranking_harm += harm;
  }
  run.incidents_used = static_cast<std::int64_t>(used_x.size());
  if (run.incidents_outside_study_area > 0) {
    run.notes.push_back(
        fmt::format("{} incidents lie outside the study area's cells (beyond the boundaries or their edge "
                    "cells) and were left out",
                    run.incidents_outside_study_area));
  }
  if (used_x.size() < 2)
    throw UsageError("fewer than two incidents lie in the study area; nothing to analyse");

  // Kernel density.
  choose_bandwidth(run, used_x, used_y);
  const auto surface =
      kernel_density(grid, used_x, used_y, used_w, {settings.kernel, run.bandwidth_m, KdePlacement::kExact});
  cells.kde_density = surface.density;
  run.kde_weight_in_grid = surface.weight_in_grid;
  run.kde_edge_loss = surface.edge_loss;
  const double narrow =
      settings.kernel == KernelShape::kQuartic ? 2 * settings.cell_size_m : settings.cell_size_m;
  if (run.bandwidth_m < narrow) {
    run.notes.push_back(fmt::format(
        "The KDE bandwidth {:g} m is under {} of {:g} m: a kernel that narrow, sampled at cell centres, "
        "misses "
        "or double-counts its peak, so the surface can hold more weight than the input (edge loss {:.1f}{}). "
        "Give --bandwidth {:g} or more, or a smaller --cell-size",
        run.bandwidth_m, settings.kernel == KernelShape::kQuartic ? "two cells" : "one cell",
        settings.cell_size_m, run.kde_edge_loss,
        run.kde_edge_loss < 0 ? ", negative: mass above the input" : "", narrow));
  }

  // Gi* over the whole period.
  const auto gi = gi_star(grid, cells.weight, cells.in_study_area);
  cells.gi_z = gi.z;
  cells.gi_p = gi.p;
  cells.gi_p_adjusted = adjust_p_values(gi.p, settings.correction);
  cells.gi_bin = gi_bins(gi.z, gi.p, settings.correction);
  run.significant_hot_cells = static_cast<std::size_t>(
      std::count_if(cells.gi_bin.begin(), cells.gi_bin.end(), [](auto b) { return b >= 2; }));

  // Concentration over the study area's cells and over street locations.
  std::vector<double> study_values;
  study_values.reserve(run.study_area.cells_in_area);
  for (std::size_t c = 0; c < cell_count; ++c) {
    if (cells.in_study_area[c]) study_values.push_back(cells.weight[c]);
  }
  run.cell_concentration = summarise_concentration(std::move(study_values));
  std::vector<std::pair<std::pair<double, double>, double>> streets(street_weight.begin(),
                                                                    street_weight.end());
  street_weight = {};
  std::sort(streets.begin(), streets.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<double> street_values;
  street_values.reserve(streets.size());
  for (const auto& entry : streets) street_values.push_back(entry.second);
  run.street_concentration = summarise_concentration(std::move(street_values));

  // Monthly Gi* and emerging categories.
  const std::size_t months = incidents.months.size();
  if (months >= 2) {
    std::vector<double> incident_weight(incidents.x.size());
    for (std::size_t i = 0; i < incidents.x.size(); ++i)
      incident_weight[i] = by_harm ? type_harm[incidents.type[i]] : 1.0;
    const double committed = hotspot_bytes_per_cell(months) * static_cast<double>(cell_count);
    auto trends = monthly_trends(grid, cells.in_study_area,
                                 {cell_of_incident, incidents.month, incident_weight, months},
                                 settings.correction, monthly_trend_threads(cell_count, months, committed));
    cells.trend_category = std::move(trends.category);
    cells.trend_z = std::move(trends.trend_z);
    cells.trend_p = std::move(trends.trend_p);
    // Gaps in the calendar (months with no data at all) are skipped, not counted as zero.
    const int first =
        std::stoi(run.months.front().substr(0, 4)) * 12 + std::stoi(run.months.front().substr(5));
    const int last = std::stoi(run.months.back().substr(0, 4)) * 12 + std::stoi(run.months.back().substr(5));
    if (static_cast<std::size_t>(last - first + 1) != months) {
      run.notes.push_back(fmt::format(
          "{} calendar months between {} and {} have no data; the monthly trend uses the {} months "
          "that do, in order",
          last - first + 1 - static_cast<int>(months), run.months.front(), run.months.back(), months));
    }
  } else {
    cells.trend_category.assign(cell_count, EmergingCategory::kNoPattern);
    cells.trend_z.assign(cell_count, std::numeric_limits<double>::quiet_NaN());
    cells.trend_p.assign(cell_count, std::numeric_limits<double>::quiet_NaN());
    run.notes.push_back(
        "Only one month of data: no monthly trend (emerging categories need at least two months)");
  }

  // Candidates and the selection.
  AreaInputs inputs{grid,
                    cells,
                    district_of_cell,
                    boundaries.names,
                    cell_of_incident,
                    incidents.type,
                    incidents.location,
                    incidents.types,
                    incidents.locations,
                    incidents.town,
                    incidents.towns,
                    incidents.occurred_from,
                    type_ranks,
                    type_harm};
  build_hotspot_areas(run, inputs);
  if (!context_types.empty()) {
    for (auto& area : run.hotspots) {
      area.weapons_possession = 0;
      for (const auto c : area.cells) area.weapons_possession += context_per_cell[c];
      area.explanation += fmt::format(
          " Context, not ranked: {} possession of weapons record{} in its cells (police-generated: it "
          "counts searches as much as carrying).",
          area.weapons_possession, area.weapons_possession == 1 ? "" : "s");
    }
  }
  describe_settings(run);
  if (dataset.empty())
    run.settings_text[1].second = "all datasets (no police.uk street data stored)";
  else
    run.settings_text[1].second = dataset + (settings.dataset.empty() ? " (default)" : " (given)");
  return run;
}

}  // namespace grip::hotspot

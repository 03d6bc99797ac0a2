#include "grip/hotspot/hotspot_layers.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <functional>
#include <limits>

#include "grip/geo/cell_outline.hpp"
#include "grip/store/hotspot_tables.hpp"

namespace grip::hotspot {
namespace {

const char* correction_name(PAdjust p) {
  return p == PAdjust::kBenjaminiHochberg ? "bh" : p == PAdjust::kHolm ? "holm" : "none";
}

nlohmann::json nan_as_null(double value) {
  return std::isfinite(value) ? nlohmann::json(value) : nlohmann::json();
}

nlohmann::json concentration_json(const ConcentrationSummary& c) {
  return {{"units", c.units},
          {"total", c.total},
          {"top_1_percent", nan_as_null(c.top_1_percent)},
          {"top_5_percent", nan_as_null(c.top_5_percent)},
          {"top_10_percent", nan_as_null(c.top_10_percent)},
          {"gini", nan_as_null(c.gini)}};
}

}  // namespace

nlohmann::json settings_json(const HotspotRun& run) {
  const auto& s = run.settings;
  nlohmann::json described = nlohmann::json::object();
  for (const auto& [name, value] : run.settings_text) described[name] = value;
  return {{"from", run.months.empty() ? "" : run.months.front()},
          {"to", run.months.empty() ? "" : run.months.back()},
          {"crime_types", run.crime_types},
          {"dataset", s.dataset},
          {"weighting", s.weighting == Weighting::kHarm ? "harm" : "count"},
          {"cell_size_m", s.cell_size_m},
          {"kernel", s.kernel == KernelShape::kQuartic ? "quartic" : "gaussian"},
          {"bandwidth_m", run.bandwidth_m},
          {"bandwidth_source", run.bandwidth_source},
          {"gi_weights", "queen contiguity with self, binary"},
          {"correction", correction_name(s.correction)},
          {"top", s.top_n},
          {"max_area_m2", s.max_area_m2},
          {"min_distance_m", s.min_distance_m},
          {"min_per_district", s.min_per_district},
          {"max_per_district", s.max_per_district},
          {"rank_victim_generated_only", s.rank_victim_generated_only},
          {"rank_serious_violence", s.rank_serious_violence},
          {"min_gap_m", s.min_gap_m},
          {"grid_shift_m", {s.grid_shift_x_m, s.grid_shift_y_m}},
          {"described", described}};
}

nlohmann::json run_json(const HotspotRun& run) {
  nlohmann::json hotspots = nlohmann::json::array();
  for (const auto& h : run.hotspots) {
    nlohmann::json counts = nlohmann::json::object();
    for (const auto& [type, count] : h.counts_by_type) counts[type] = count;
    nlohmann::json trend = nlohmann::json::object();
    for (std::size_t k = 0; k < kEmergingCategoryCount; ++k) {
      if (h.cells_by_trend[k] > 0) trend[to_string(static_cast<EmergingCategory>(k))] = h.cells_by_trend[k];
    }
    hotspots.push_back({{"id", h.id},
                        {"rank", h.rank},
                        {"selected", h.selected},
                        {"name", h.name},
                        {"district", h.district},
                        {"street_label", h.street_label},
                        {"town", h.town},
                        {"snap_point_share", h.snap_point_share},
                        {"snap_point_label", h.snap_point_label},
                        {"weapons_possession", h.weapons_possession},
                        {"area_m2", h.area_m2},
                        {"cells", h.cells.size()},
                        {"centroid", {h.centroid_x, h.centroid_y}},
                        {"harm", h.harm},
                        {"ranking_harm", h.ranking_harm},
                        {"share_of_force_harm", h.share_of_force_harm},
                        {"incidents", h.incidents},
                        {"counts_by_type", counts},
                        {"peak_gi_z", nan_as_null(h.peak_gi_z)},
                        {"trend_cells", trend},
                        {"review", to_string(h.review)},
                        {"review_reason", h.review_reason},
                        {"explanation", h.explanation}});
  }
  return {{"run_id", run.run_id},
          {"created", run.created},
          {"crs", run.crs_code},
          {"settings", settings_json(run)},
          {"grid",
           {{"x0", run.grid.x0()},
            {"y0", run.grid.y0()},
            {"cell_size_m", run.grid.cell_size()},
            {"nx", run.grid.nx()},
            {"ny", run.grid.ny()}}},
          {"title", run.title},
          {"ranked", run.ranked},
          {"study_area",
           {{"source", run.study_area.source},
            {"from_boundaries", run.study_area.from_boundaries},
            {"cells", run.study_area.cells_in_area},
            {"area_km2", run.study_area.area_m2 / 1e6}}},
          {"months", run.months},
          {"incidents_used", run.incidents_used},
          {"incidents_outside_study_area", run.incidents_outside_study_area},
          {"outliers_excluded", run.outliers_excluded},
          {"force_harm", run.force_harm},
          {"force_ranking_harm", run.force_ranking_harm},
          {"kde", {{"weight_in_grid", run.kde_weight_in_grid}, {"edge_loss", run.kde_edge_loss}}},
          {"significant_hot_cells", run.significant_hot_cells},
          {"concentration",
           {{"cells", concentration_json(run.cell_concentration)},
            {"street_locations", concentration_json(run.street_concentration)}}},
          {"candidates_total", run.candidates_total},
          {"hotspots", hotspots},
          {"notes", run.notes}};
}

WriteSummary write_hotspot_run(store::Store& store, HotspotRun& run) {
  WriteSummary summary;
  store::WriteTransaction transaction(store);
  store::HotspotLayerWriter writer(store);
  summary.previous_rows_replaced = writer.previous_rows_replaced();

  store::HotspotRunRow row;
  row.created = run.created;
  row.settings_json = settings_json(run).dump();
  row.result_json = run_json(run).dump();
  row.cell_size_m = run.grid.cell_size();
  row.bandwidth_m = run.bandwidth_m;
  row.first_month = run.months.empty() ? "" : run.months.front();
  row.last_month = run.months.empty() ? "" : run.months.back();
  row.study_area_m2 = run.study_area.area_m2;
  row.incidents = run.incidents_used;
  row.selected =
      std::count_if(run.hotspots.begin(), run.hotspots.end(), [](const auto& h) { return h.selected; });
  run.run_id = writer.add_run(row);
  summary.run_id = run.run_id;

  const auto& grid = run.grid;
  const auto& cells = run.cells;
  std::array<std::uint8_t, geo::kCellPolygonWkbSize> wkb{};
  for (std::size_t c = 0; c < grid.cell_count(); ++c) {
    if (!cells.in_study_area[c] || (cells.incidents[c] == 0 && cells.gi_bin[c] == 0)) continue;
    geo::cell_polygon_wkb(grid, c, wkb);
    const auto corner_x = grid.x0() + static_cast<double>(grid.col_of(c)) * grid.cell_size();
    const auto corner_y = grid.y0() + static_cast<double>(grid.row_of(c)) * grid.cell_size();
    const auto area = cells.candidate_of_cell.empty() ? -1 : cells.candidate_of_cell[c];
    store::HotspotCellRow cell;
    cell.wkb = wkb;
    cell.envelope = {corner_x, corner_x + grid.cell_size(), corner_y, corner_y + grid.cell_size()};
    cell.cell = static_cast<std::int64_t>(c);
    cell.col = static_cast<std::int64_t>(grid.col_of(c));
    cell.row = static_cast<std::int64_t>(grid.row_of(c));
    cell.incidents = static_cast<std::int64_t>(cells.incidents[c]);
    cell.harm = cells.harm[c];
    cell.ranking_harm = cells.ranking_harm[c];
    cell.weight = cells.weight[c];
    cell.kde_density = cells.kde_density[c];
    cell.kde_expected = cells.kde_density[c] * grid.cell_area();
    cell.gi_z = cells.gi_z[c];
    cell.gi_p = cells.gi_p[c];
    cell.gi_p_adjusted = cells.gi_p_adjusted[c];
    cell.gi_bin = cells.gi_bin[c];
    cell.trend = to_string(cells.trend_category[c]);
    cell.trend_z = cells.trend_z[c];
    cell.trend_p = cells.trend_p[c];
    if (area >= 0) cell.hotspot_id = run.hotspots[static_cast<std::size_t>(area)].id;
    writer.add_cell(cell);
    ++summary.cells_written;
  }

  const auto json = run_json(run);
  for (std::size_t a = 0; a < run.hotspots.size(); ++a) {
    const auto& h = run.hotspots[a];
    const auto counts = json["hotspots"][a]["counts_by_type"].dump();
    const auto trend = json["hotspots"][a]["trend_cells"].dump();
    store::HotspotAreaRow area;
    area.wkb = h.wkb;
    area.envelope = {h.min_x, h.max_x, h.min_y, h.max_y};
    area.hotspot_id = h.id;
    area.rank = static_cast<std::int64_t>(h.rank);
    area.selected = h.selected ? 1 : 0;
    area.name = h.name;
    area.district = h.district;
    area.street_label = h.street_label;
    area.area_m2 = h.area_m2;
    area.cells = static_cast<std::int64_t>(h.cells.size());
    area.harm = h.harm;
    area.ranking_harm = h.ranking_harm;
    area.share_of_force_harm = h.share_of_force_harm;
    area.incidents = h.incidents;
    area.counts_by_type_json = counts;
    area.peak_gi_z = h.peak_gi_z;
    area.mean_kde_density = h.mean_kde_density;
    area.trend_cells_json = trend;
    area.review = to_string(h.review);
    area.review_reason = h.review_reason;
    area.explanation = h.explanation;
    writer.add_area(area);
    ++summary.hotspots_written;
  }
  // Bounds are a viewer's hint: the study grid's extent covers both layers.
  writer.finish({grid.x0(), grid.x_max(), grid.y0(), grid.y_max()});
  transaction.commit();
  return summary;
}

PlantedRecovery recover_planted(const HotspotRun& run, std::span<const PlantedCentre> planted,
                                double tolerance_m) {
  PlantedRecovery recovery;
  recovery.planted = planted.size();
  recovery.tolerance_m = tolerance_m;
  const double half = run.grid.cell_size() / 2;
  std::vector<const HotspotArea*> chosen;
  for (const auto& h : run.hotspots) {
    if (h.selected) chosen.push_back(&h);
  }
  recovery.selected = chosen.size();
  // distance[p][s]: planted centre p to the nearest cell edge of selected hotspot s.
  std::vector<std::vector<double>> distance(planted.size(), std::vector<double>(chosen.size()));
  for (std::size_t p = 0; p < planted.size(); ++p) {
    for (std::size_t s = 0; s < chosen.size(); ++s) {
      double best = std::numeric_limits<double>::infinity();
      for (const auto c : chosen[s]->cells) {
        const auto middle = run.grid.cell_centre(c);
        const double dx = std::max(0.0, std::abs(planted[p].x - middle.x) - half);
        const double dy = std::max(0.0, std::abs(planted[p].y - middle.y) - half);
        best = std::min(best, std::hypot(dx, dy));
      }
      distance[p][s] = best;
    }
  }
  // Maximum bipartite matching by augmenting paths (Kuhn), trying each planted hotspot's
  // candidates nearest first.
  std::vector<std::vector<std::size_t>> options(planted.size());
  for (std::size_t p = 0; p < planted.size(); ++p) {
    for (std::size_t s = 0; s < chosen.size(); ++s) {
      if (distance[p][s] <= tolerance_m) options[p].push_back(s);
    }
    std::stable_sort(options[p].begin(), options[p].end(),
                     [&](std::size_t a, std::size_t b) { return distance[p][a] < distance[p][b]; });
  }
  std::vector<std::int64_t> planted_of(chosen.size(), -1);
  std::vector<char> visited;
  const std::function<bool(std::size_t)> augment = [&](std::size_t p) {
    for (const auto s : options[p]) {
      if (visited[s]) continue;
      visited[s] = 1;
      if (planted_of[s] < 0 || augment(static_cast<std::size_t>(planted_of[s]))) {
        planted_of[s] = static_cast<std::int64_t>(p);
        return true;
      }
    }
    return false;
  };
  for (std::size_t p = 0; p < planted.size(); ++p) {
    visited.assign(chosen.size(), 0);
    augment(p);
  }
  recovery.found.assign(planted.size(), false);
  recovery.matched_id.assign(planted.size(), "");
  recovery.distance_m.assign(planted.size(), std::numeric_limits<double>::infinity());
  for (std::size_t p = 0; p < planted.size(); ++p) {
    for (std::size_t s = 0; s < chosen.size(); ++s)
      recovery.distance_m[p] = std::min(recovery.distance_m[p], distance[p][s]);
  }
  for (std::size_t s = 0; s < chosen.size(); ++s) {
    if (planted_of[s] < 0) {
      recovery.unmatched_selected.push_back(chosen[s]->id);
      continue;
    }
    const auto p = static_cast<std::size_t>(planted_of[s]);
    recovery.found[p] = true;
    recovery.matched_id[p] = chosen[s]->id;
    recovery.distance_m[p] = distance[p][s];
    ++recovery.recovered;
  }
  return recovery;
}

}  // namespace grip::hotspot

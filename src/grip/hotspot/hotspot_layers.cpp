#include "grip/hotspot/hotspot_layers.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>

#include "grip/geo/cell_outline.hpp"
#include "grip/store/geometry_blob.hpp"

namespace grip::hotspot {
namespace {

const char* correction_name(PAdjust p) {
  return p == PAdjust::kBenjaminiHochberg ? "bh" : p == PAdjust::kHolm ? "holm" : "none";
}

nlohmann::json nan_as_null(double value) { return std::isfinite(value) ? nlohmann::json(value) : nlohmann::json(); }

void bind_or_null(store::Statement& statement, int index, double value) {
  if (std::isfinite(value)) {
    statement.bind(index, value);
  } else {
    statement.bind_null(index);
  }
}

nlohmann::json concentration_json(const ConcentrationSummary& c) {
  return {{"units", c.units}, {"total", c.total}, {"top_1_percent", nan_as_null(c.top_1_percent)},
          {"top_5_percent", nan_as_null(c.top_5_percent)}, {"top_10_percent", nan_as_null(c.top_10_percent)},
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
    hotspots.push_back({{"id", h.id}, {"rank", h.rank}, {"selected", h.selected}, {"name", h.name},
                        {"district", h.district}, {"street_label", h.street_label}, {"area_m2", h.area_m2},
                        {"cells", h.cells.size()}, {"centroid", {h.centroid_x, h.centroid_y}}, {"harm", h.harm},
                        {"ranking_harm", h.ranking_harm}, {"share_of_force_harm", h.share_of_force_harm},
                        {"incidents", h.incidents}, {"counts_by_type", counts}, {"peak_gi_z", nan_as_null(h.peak_gi_z)},
                        {"trend_cells", trend}, {"review", to_string(h.review)}, {"review_reason", h.review_reason},
                        {"explanation", h.explanation}});
  }
  return {{"run_id", run.run_id},
          {"created", run.created},
          {"crs", run.crs_code},
          {"settings", settings_json(run)},
          {"grid", {{"x0", run.grid.x0()}, {"y0", run.grid.y0()}, {"cell_size_m", run.grid.cell_size()},
                    {"nx", run.grid.nx()}, {"ny", run.grid.ny()}}},
          {"study_area", {{"source", run.study_area.source}, {"cells", run.study_area.cells_in_area},
                          {"area_km2", run.study_area.area_m2 / 1e6}}},
          {"months", run.months},
          {"incidents_used", run.incidents_used},
          {"incidents_outside_study_area", run.incidents_outside_study_area},
          {"outliers_excluded", run.outliers_excluded},
          {"force_harm", run.force_harm},
          {"force_ranking_harm", run.force_ranking_harm},
          {"kde", {{"weight_in_grid", run.kde_weight_in_grid}, {"edge_loss", run.kde_edge_loss}}},
          {"significant_hot_cells", run.significant_hot_cells},
          {"concentration", {{"cells", concentration_json(run.cell_concentration)},
                             {"street_locations", concentration_json(run.street_concentration)}}},
          {"candidates_total", run.candidates_total},
          {"hotspots", hotspots},
          {"notes", run.notes}};
}

WriteSummary write_hotspot_run(store::Store& store, HotspotRun& run) {
  WriteSummary summary;
  auto& db = store.connection();
  const auto srs = static_cast<std::int32_t>(store.crs()->epsg);
  store::Transaction transaction(db);
  store.register_attribute_table("hotspot_runs", "Hotspot runs: settings and selection as JSON (Grip)");
  store.register_feature_layer("hotspot_cells", "POLYGON",
                               "Grid cells of the latest hotspot run with counts, harm, KDE, Gi* and trend (Grip)");
  store.register_feature_layer("hotspots", "MULTIPOLYGON",
                               "Hotspot areas of the latest run: selected and runners-up, ranked (Grip)");
  summary.previous_rows_replaced = store.count_rows("hotspot_cells") + store.count_rows("hotspots");
  db.exec("DELETE FROM hotspot_cells");
  db.exec("DELETE FROM hotspots");

  auto insert_run = db.prepare(
      "INSERT INTO hotspot_runs (created, settings, result, cell_size_m, bandwidth_m, first_month, last_month, "
      "study_area_m2, incidents, selected) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)");
  const std::size_t selected = static_cast<std::size_t>(
      std::count_if(run.hotspots.begin(), run.hotspots.end(), [](const auto& h) { return h.selected; }));
  const auto settings = settings_json(run).dump();
  const auto result = run_json(run).dump();
  insert_run.bind(1, std::string_view(run.created)).bind(2, std::string_view(settings)).bind(3, std::string_view(result));
  insert_run.bind(4, run.grid.cell_size()).bind(5, run.bandwidth_m);
  insert_run.bind(6, std::string_view(run.months.empty() ? "" : run.months.front()));
  insert_run.bind(7, std::string_view(run.months.empty() ? "" : run.months.back()));
  insert_run.bind(8, run.study_area.area_m2).bind(9, run.incidents_used).bind(10, static_cast<std::int64_t>(selected));
  insert_run.step();
  run.run_id = db.last_insert_rowid();
  summary.run_id = run.run_id;

  const auto& grid = run.grid;
  const auto& cells = run.cells;
  auto insert_cell = db.prepare(
      "INSERT INTO hotspot_cells (geom, run_id, cell, col, row, incidents, harm, ranking_harm, weight, kde_density, "
      "kde_expected, gi_z, gi_p, gi_p_adjusted, gi_bin, trend, trend_z, trend_p, hotspot_id) VALUES "
      "(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19)");
  std::array<std::uint8_t, geo::kCellPolygonWkbSize> wkb{};
  for (std::size_t c = 0; c < grid.cell_count(); ++c) {
    if (!cells.in_study_area[c] || (cells.incidents[c] == 0 && cells.gi_bin[c] == 0)) continue;
    geo::cell_polygon_wkb(grid, c, wkb);
    const auto corner_x = grid.x0() + static_cast<double>(grid.col_of(c)) * grid.cell_size();
    const auto corner_y = grid.y0() + static_cast<double>(grid.row_of(c)) * grid.cell_size();
    const auto blob = store::wrap_wkb(srs, {corner_x, corner_x + grid.cell_size(), corner_y, corner_y + grid.cell_size()}, wkb);
    insert_cell.bind_blob(1, blob).bind(2, run.run_id).bind(3, static_cast<std::int64_t>(c));
    insert_cell.bind(4, static_cast<std::int64_t>(grid.col_of(c))).bind(5, static_cast<std::int64_t>(grid.row_of(c)));
    insert_cell.bind(6, static_cast<std::int64_t>(cells.incidents[c])).bind(7, cells.harm[c]).bind(8, cells.ranking_harm[c]);
    insert_cell.bind(9, cells.weight[c]).bind(10, cells.kde_density[c]).bind(11, cells.kde_density[c] * grid.cell_area());
    bind_or_null(insert_cell, 12, cells.gi_z[c]);
    bind_or_null(insert_cell, 13, cells.gi_p[c]);
    bind_or_null(insert_cell, 14, cells.gi_p_adjusted[c]);
    insert_cell.bind(15, static_cast<std::int64_t>(cells.gi_bin[c]));
    insert_cell.bind(16, std::string_view(to_string(cells.trend_category[c])));
    bind_or_null(insert_cell, 17, cells.trend_z[c]);
    bind_or_null(insert_cell, 18, cells.trend_p[c]);
    const auto area = cells.candidate_of_cell.empty() ? -1 : cells.candidate_of_cell[c];
    if (area >= 0) {
      insert_cell.bind(19, std::string_view(run.hotspots[static_cast<std::size_t>(area)].id));
    } else {
      insert_cell.bind_null(19);
    }
    insert_cell.step();
    insert_cell.reset();
    ++summary.cells_written;
  }

  auto insert_hotspot = db.prepare(
      "INSERT INTO hotspots (geom, run_id, hotspot_id, rank, selected, name, district, street_label, area_m2, cells, "
      "harm, ranking_harm, share_of_force_harm, incidents, counts_by_type, peak_gi_z, mean_kde_density, trend_cells, "
      "review, review_reason, explanation) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, "
      "?16, ?17, ?18, ?19, ?20, ?21)");
  const auto json = run_json(run);
  for (std::size_t a = 0; a < run.hotspots.size(); ++a) {
    const auto& h = run.hotspots[a];
    const auto blob = store::wrap_wkb(srs, {h.min_x, h.max_x, h.min_y, h.max_y}, h.wkb);
    const auto counts = json["hotspots"][a]["counts_by_type"].dump();
    const auto trend = json["hotspots"][a]["trend_cells"].dump();
    insert_hotspot.bind_blob(1, blob).bind(2, run.run_id).bind(3, std::string_view(h.id));
    insert_hotspot.bind(4, static_cast<std::int64_t>(h.rank)).bind(5, static_cast<std::int64_t>(h.selected ? 1 : 0));
    insert_hotspot.bind(6, std::string_view(h.name)).bind(7, std::string_view(h.district)).bind(8, std::string_view(h.street_label));
    insert_hotspot.bind(9, h.area_m2).bind(10, static_cast<std::int64_t>(h.cells.size())).bind(11, h.harm);
    insert_hotspot.bind(12, h.ranking_harm).bind(13, h.share_of_force_harm).bind(14, h.incidents);
    insert_hotspot.bind(15, std::string_view(counts));
    bind_or_null(insert_hotspot, 16, h.peak_gi_z);
    insert_hotspot.bind(17, h.mean_kde_density).bind(18, std::string_view(trend));
    insert_hotspot.bind(19, std::string_view(to_string(h.review))).bind(20, std::string_view(h.review_reason));
    insert_hotspot.bind(21, std::string_view(h.explanation));
    insert_hotspot.step();
    insert_hotspot.reset();
    ++summary.hotspots_written;
  }
  // Bounds are a viewer's hint: the study grid's extent covers both layers.
  store.extend_layer("hotspot_cells", grid.x0(), grid.y0(), grid.x_max(), grid.y_max());
  store.extend_layer("hotspots", grid.x0(), grid.y0(), grid.x_max(), grid.y_max());
  transaction.commit();
  return summary;
}

PlantedRecovery recover_planted(const HotspotRun& run, std::span<const PlantedCentre> planted, double tolerance_m) {
  PlantedRecovery recovery;
  recovery.planted = planted.size();
  recovery.tolerance_m = tolerance_m;
  const double half = run.grid.cell_size() / 2;
  for (const auto& centre : planted) {
    double best = std::numeric_limits<double>::infinity();
    std::string best_id;
    for (const auto& h : run.hotspots) {
      if (!h.selected) continue;
      for (const auto c : h.cells) {
        const auto middle = run.grid.cell_centre(c);
        const double dx = std::max(0.0, std::abs(centre.x - middle.x) - half);
        const double dy = std::max(0.0, std::abs(centre.y - middle.y) - half);
        const double d = std::hypot(dx, dy);
        if (d < best) best = d, best_id = h.id;
      }
    }
    const bool found = best <= tolerance_m;
    recovery.found.push_back(found);
    recovery.matched_id.push_back(best_id);
    recovery.distance_m.push_back(best);
    if (found) ++recovery.recovered;
  }
  return recovery;
}

}  // namespace grip::hotspot

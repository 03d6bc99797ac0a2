#include "grip/hotspot/hotspot_areas.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <numeric>

#include "grip/geo/cell_outline.hpp"
#include "grip/hotspot/delineate.hpp"
#include "grip/hotspot/select.hpp"

namespace grip::hotspot {
namespace {

std::string ordinal(std::size_t n) {
  const char* suffix = "th";
  if (n % 100 < 11 || n % 100 > 13) {
    if (n % 10 == 1) suffix = "st";
    if (n % 10 == 2) suffix = "nd";
    if (n % 10 == 3) suffix = "rd";
  }
  return fmt::format("{}{}", n, suffix);
}

std::size_t count_of(const std::array<std::size_t, kEmergingCategoryCount>& counts,
                     EmergingCategory category) {
  return counts[static_cast<std::size_t>(category)];
}

// The district of the cell nearest to (x, y) that has one, searching square rings out to 10 km;
// −1 when none is that near.
std::int32_t nearest_district(const geo::Grid& grid, std::span<const std::int32_t> district_of_cell, double x,
                              double y) {
  const auto col = static_cast<std::int64_t>(std::floor(grid.col_coordinate(x)));
  const auto row = static_cast<std::int64_t>(std::floor(grid.row_coordinate(y)));
  const auto rings = static_cast<std::int64_t>(std::ceil(10'000.0 / grid.cell_size()));
  for (std::int64_t ring = 0; ring <= rings; ++ring) {
    double best = std::numeric_limits<double>::infinity();
    std::int32_t found = -1;
    for (std::int64_t dr = -ring; dr <= ring; ++dr) {
      for (std::int64_t dc = -ring; dc <= ring; ++dc) {
        if (std::max(std::abs(dr), std::abs(dc)) != ring) continue;
        const auto c = col + dc, r = row + dr;
        if (c < 0 || r < 0 || c >= static_cast<std::int64_t>(grid.nx()) ||
            r >= static_cast<std::int64_t>(grid.ny()))
          continue;
        const auto cell = grid.cell(static_cast<std::size_t>(c), static_cast<std::size_t>(r));
        if (district_of_cell[cell] < 0) continue;
        const auto centre = grid.cell_centre(cell);
        const double d = std::hypot(centre.x - x, centre.y - y);
        if (d < best) best = d, found = district_of_cell[cell];
      }
    }
    if (found >= 0) return found;
  }
  return -1;
}

}  // namespace

ReviewHint review_hint(const std::array<std::size_t, kEmergingCategoryCount>& counts, std::string* reason,
                       double incidents_per_month) {
  const std::size_t total = std::accumulate(counts.begin(), counts.end(), std::size_t{0});
  const std::size_t current =
      count_of(counts, EmergingCategory::kPersistent) + count_of(counts, EmergingCategory::kIntensifying) +
      count_of(counts, EmergingCategory::kConsecutive) + count_of(counts, EmergingCategory::kNew);
  const std::size_t hot_now = current + count_of(counts, EmergingCategory::kDiminishing) +
                              count_of(counts, EmergingCategory::kSporadic) +
                              count_of(counts, EmergingCategory::kOscillating);
  std::vector<std::string> parts;
  for (std::size_t k = 1; k < kEmergingCategoryCount; ++k) {
    if (counts[k] > 0)
      parts.push_back(fmt::format("{} {}", counts[k], to_string(static_cast<EmergingCategory>(k))));
  }
  if (count_of(counts, EmergingCategory::kNoPattern) > 0) {
    parts.push_back(fmt::format("{} no pattern", count_of(counts, EmergingCategory::kNoPattern)));
  }
  const std::string mix = fmt::format("cells: {}", fmt::join(parts, ", "));
  ReviewHint hint = ReviewHint::kReview;
  std::string why;
  if (incidents_per_month < kMinIncidentsPerMonthForTrend) {
    hint = ReviewHint::kTooFewToTell;
    why = fmt::format(
        "{:.1f} incidents a month, fewer than the {:g} a monthly Gi* needs before a trend can be read",
        incidents_per_month, kMinIncidentsPerMonthForTrend);
  } else if (total > 0 && 2 * current >= total) {
    hint = ReviewHint::kKeep;
    why = "most cells are persistent, intensifying, consecutive or new hot spots";
  } else if (hot_now == 0) {
    hint = ReviewHint::kDrop;
    why = "no cell is a significant hot spot in the final month";
  } else {
    why = "hot in the final month but with a mixed or weakening history";
  }
  if (reason != nullptr) *reason = why + " (" + mix + ")";
  return hint;
}

void build_hotspot_areas(HotspotRun& run, const AreaInputs& in) {
  const auto& grid = in.grid;
  const auto& cells = in.cells;
  const auto& settings = run.settings;
  const std::size_t cell_count = grid.cell_count();

  std::vector<std::uint8_t> flagged(cell_count, 0);
  for (std::size_t c = 0; c < cell_count; ++c) flagged[c] = cells.in_study_area[c] && cells.gi_bin[c] >= 2;
  const auto groups = connected_cells(grid, flagged);
  const std::size_t max_cells =
      settings.max_area_m2 > 0
          ? std::max<std::size_t>(
                1, static_cast<std::size_t>(std::floor(settings.max_area_m2 / grid.cell_area() + 1e-9)))
          : cell_count;
  if (settings.max_area_m2 > 0 && settings.max_area_m2 < grid.cell_area()) {
    run.notes.push_back(
        fmt::format("--max-area-m2 {:g} is smaller than one cell ({:g} m2): each hotspot is one cell",
                    settings.max_area_m2, grid.cell_area()));
  }
  struct Core {
    std::vector<std::size_t> cells;
    bool cut = false;
  };
  std::vector<Core> cores;
  std::size_t cut_groups = 0, empty_cores = 0;
  for (const auto& group : groups.groups) {
    auto pieces = cut_into_cores(grid, group, cells.ranking_harm, max_cells);
    if (pieces.size() > 1) ++cut_groups;
    for (auto& piece : pieces) {
      double harm = 0;
      for (const auto c : piece) harm += cells.ranking_harm[c];
      if (harm <= 0) {
        ++empty_cores;
        continue;
      }
      cores.push_back({std::move(piece), pieces.size() > 1});
    }
  }
  if (cut_groups > 0) {
    run.notes.push_back(fmt::format(
        "{} merged hot areas were larger than --max-area-m2 {:g} and were cut into cores grown from "
        "their highest-harm cells",
        cut_groups, settings.max_area_m2));
  }
  if (empty_cores > 0) {
    run.notes.push_back(
        fmt::format("{} significant hot areas held no ranking harm of their own (hot only through their "
                    "neighbours) and are not candidates",
                    empty_cores));
  }

  std::vector<Candidate> candidates(cores.size());
  for (std::size_t k = 0; k < cores.size(); ++k) {
    auto& candidate = candidates[k];
    double weight_sum = 0, sx = 0, sy = 0;
    std::map<std::int32_t, double> by_district;
    for (const auto c : cores[k].cells) {
      const auto centre = grid.cell_centre(c);
      const double w = cells.ranking_harm[c];
      weight_sum += w;
      sx += w * centre.x;
      sy += w * centre.y;
      if (in.district_of_cell[c] >= 0) by_district[in.district_of_cell[c]] += w + 1e-9;
    }
    candidate.centroid_x = sx / weight_sum;
    candidate.centroid_y = sy / weight_sum;
    candidate.ranking_harm = weight_sum;
    candidate.area_m2 = static_cast<double>(cores[k].cells.size()) * grid.cell_area();
    for (const auto c : cores[k].cells) {
      candidate.cells.emplace_back(static_cast<std::int64_t>(grid.col_of(c)),
                                   static_cast<std::int64_t>(grid.row_of(c)));
    }
    double best = -1;
    for (const auto& [district, w] : by_district) {
      if (w > best) best = w, candidate.district = district;
    }
  }
  run.candidates_total = candidates.size();
  SelectionRules rules;
  rules.top_n = settings.top_n;
  rules.max_area_m2 = settings.max_area_m2;
  rules.min_distance_m = settings.min_distance_m;
  rules.min_gap_m = settings.min_gap_m;
  rules.cell_size_m = grid.cell_size();
  rules.min_per_district = settings.min_per_district;
  rules.max_per_district = settings.max_per_district;
  rules.district_count = in.district_names.size();
  const auto selection = select_hotspots(candidates, rules);
  for (const auto district : selection.unmet_districts) {
    run.notes.push_back(fmt::format("{} has too few eligible hot areas to meet --min-per-district {}",
                                    in.district_names[static_cast<std::size_t>(district)],
                                    settings.min_per_district));
  }
  if (selection.selected.size() < settings.top_n) {
    run.notes.push_back(
        fmt::format("Only {} hotspots could be selected of the {} asked for ({} candidate areas)",
                    selection.selected.size(), settings.top_n, candidates.size()));
  }

  // Which candidates are described: the selected ones, then the best runners-up by rank.
  std::vector<std::size_t> by_rank(candidates.size());
  for (std::size_t k = 0; k < candidates.size(); ++k) by_rank[selection.outcomes[k].rank - 1] = k;
  std::vector<std::size_t> described(selection.selected.begin(), selection.selected.end());
  for (const auto k : by_rank) {
    if (described.size() >= selection.selected.size() + settings.runners_up) break;
    if (std::find(selection.selected.begin(), selection.selected.end(), k) == selection.selected.end())
      described.push_back(k);
  }
  std::vector<std::int64_t> area_of_candidate(candidates.size(), -1);
  auto& candidate_of_cell = run.cells.candidate_of_cell;
  candidate_of_cell.assign(cell_count, -1);
  run.hotspots.resize(described.size());
  for (std::size_t a = 0; a < described.size(); ++a) {
    area_of_candidate[described[a]] = static_cast<std::int64_t>(a);
    for (const auto c : cores[described[a]].cells) candidate_of_cell[c] = static_cast<std::int32_t>(a);
  }

  // Counts and labels per described area from the incidents.
  std::vector<std::map<std::string, std::int64_t>> type_counts(described.size());
  std::vector<std::map<std::uint32_t, double>> label_weight(described.size());
  std::vector<std::map<std::uint32_t, double>> town_weight(described.size());
  for (std::size_t i = 0; i < in.cell_of_incident.size(); ++i) {
    const auto c = in.cell_of_incident[i];
    if (c >= cell_count || candidate_of_cell[c] < 0) continue;
    const auto a = static_cast<std::size_t>(candidate_of_cell[c]);
    const auto type = in.type_of_incident[i];
    ++type_counts[a][in.type_names[type]];
    // Ranking harm decides the dominant street; a tiny count term breaks ties among harmless ones.
    label_weight[a][in.location_of_incident[i]] += (in.type_ranks[type] ? in.type_harm[type] : 0.0) + 1e-6;
    if (i < in.occurred_from_of_incident.size() && !in.occurred_from_of_incident[i].empty())
      run.hotspots[a].occurred_from.push_back(in.occurred_from_of_incident[i]);
    if (i < in.town_of_incident.size())
      town_weight[a][in.town_of_incident[i]] += (in.type_ranks[type] ? in.type_harm[type] : 0.0) + 1e-6;
  }

  std::size_t selected_count = selection.selected.size();
  std::map<std::string, int> name_uses;
  for (std::size_t a = 0; a < described.size(); ++a) {
    const auto k = described[a];
    const auto& candidate = candidates[k];
    const auto& outcome = selection.outcomes[k];
    auto& area = run.hotspots[a];
    area.selected = a < selected_count;
    area.rank = outcome.rank;
    area.id = area.selected ? fmt::format("H{:02d}", a + 1) : fmt::format("C{:02d}", a + 1 - selected_count);
    area.cells = cores[k].cells;
    area.cut_from_larger_area = cores[k].cut;
    area.centroid_x = candidate.centroid_x;
    area.centroid_y = candidate.centroid_y;
    area.area_m2 = candidate.area_m2;
    area.ranking_harm = candidate.ranking_harm;
    area.share_of_force_harm =
        run.force_ranking_harm > 0 ? candidate.ranking_harm / run.force_ranking_harm : 0.0;
    area.district =
        candidate.district >= 0 ? in.district_names[static_cast<std::size_t>(candidate.district)] : "";
    std::vector<std::string> labels;
    std::vector<double> weights;
    for (const auto& [location, weight] : label_weight[a]) {
      labels.push_back(in.location_names[location]);
      weights.push_back(weight);
    }
    area.street_label = dominant_label(labels, weights);
    double total_label_weight = 0, best_snap = 0;
    for (std::size_t l = 0; l < labels.size(); ++l) {
      total_label_weight += weights[l];
      if (is_recording_snap_point(labels[l])) {
        area.snap_point_share += weights[l];
        if (weights[l] > best_snap) best_snap = weights[l], area.snap_point_label = labels[l];
      }
    }
    area.snap_point_share = total_label_weight > 0 ? area.snap_point_share / total_label_weight : 0.0;
    std::vector<std::string> towns;
    std::vector<double> town_weights;
    for (const auto& [town, weight] : town_weight[a]) {
      towns.push_back(in.town_names[town]);
      town_weights.push_back(weight);
    }
    area.town = dominant_label(towns, town_weights);
    std::string place = area.district;
    if (place.empty() && !in.district_names.empty()) {
      const auto near = nearest_district(grid, in.district_of_cell, area.centroid_x, area.centroid_y);
      if (near >= 0) place = "near " + in.district_names[static_cast<std::size_t>(near)];
    }
    if (place.empty()) place = area.town;
    area.name = hotspot_name(place, area.street_label, area.centroid_x, area.centroid_y);
    if (const int uses = ++name_uses[area.name]; uses > 1) area.name += fmt::format(" ({})", uses);
    area.peak_gi_z = -std::numeric_limits<double>::infinity();
    double density = 0;
    for (const auto c : area.cells) {
      area.harm += cells.harm[c];
      area.incidents += static_cast<std::int64_t>(cells.incidents[c]);
      area.peak_gi_z = std::max(area.peak_gi_z, cells.gi_z[c]);
      density += cells.kde_density[c];
      ++area.cells_by_trend[static_cast<std::size_t>(cells.trend_category[c])];
    }
    area.mean_kde_density = density / static_cast<double>(area.cells.size());
    for (const auto& entry : type_counts[a]) area.counts_by_type.emplace_back(entry.first, entry.second);
    std::stable_sort(area.counts_by_type.begin(), area.counts_by_type.end(),
                     [](const auto& l, const auto& r) { return l.second > r.second; });
    geo::Bounds bounds;
    area.wkb = geo::cells_multipolygon_wkb(grid, area.cells, &bounds);
    area.min_x = bounds.min_x, area.min_y = bounds.min_y, area.max_x = bounds.max_x,
    area.max_y = bounds.max_y;
    area.review = review_hint(
        area.cells_by_trend, &area.review_reason,
        run.months.empty() ? 0.0
                           : static_cast<double>(area.incidents) / static_cast<double>(run.months.size()));
  }

  // Explanations, now that every described area has its id and name.
  const auto label_of = [&](std::int64_t k) {
    const auto a = area_of_candidate[static_cast<std::size_t>(k)];
    return a >= 0 ? run.hotspots[static_cast<std::size_t>(a)].id + " " +
                        run.hotspots[static_cast<std::size_t>(a)].name
                  : fmt::format("candidate ranked {}", selection.outcomes[static_cast<std::size_t>(k)].rank);
  };
  const std::string basis = settings.rank_serious_violence        ? "serious-violence harm (CCHI days)"
                            : settings.rank_victim_generated_only ? "victim-generated harm (CCHI days)"
                                                                  : "harm (CCHI days)";
  const auto last_selected =
      selection.selected.empty() ? -1 : static_cast<std::int64_t>(selection.selected.back());
  std::int64_t first_runner_up = -1;
  for (const auto k : by_rank) {
    if (selection.outcomes[k].decision == Decision::kBelowCutOff) {
      first_runner_up = static_cast<std::int64_t>(k);
      break;
    }
  }
  for (std::size_t a = 0; a < described.size(); ++a) {
    const auto k = described[a];
    const auto& outcome = selection.outcomes[k];
    auto& area = run.hotspots[a];
    std::string text = fmt::format(
        "Ranked {} of {} candidate areas by {} ({:.0f}, {:.1f} % of the force's); {} cells of "
        "{:g} m, peak Gi* z {:.1f}. ",
        ordinal(outcome.rank), candidates.size(), basis, area.ranking_harm, 100 * area.share_of_force_harm,
        area.cells.size(), grid.cell_size(), area.peak_gi_z);
    switch (outcome.decision) {
      case Decision::kSelected:
        text +=
            "Selected: no higher-ranked candidate within the minimum distance, district limits respected.";
        break;
      case Decision::kSelectedForDistrictMinimum:
        text += fmt::format("Selected to meet the minimum of {} hotspot(s) in {}.", settings.min_per_district,
                            area.district);
        break;
      case Decision::kTooLarge:
        text += fmt::format("Not selected: larger than --max-area-m2 {:g}.", settings.max_area_m2);
        break;
      case Decision::kTooClose:
        text +=
            fmt::format("Not selected: its centre is {:.0f} m from {} (minimum {:g} m), which outranks it.",
                        outcome.distance_to_blocker_m, label_of(outcome.blocked_by), settings.min_distance_m);
        break;
      case Decision::kTooNearEdge:
        text += fmt::format(
            "Not selected: its polygon {} {} (minimum gap {:g} m between hotspots), which outranks it; "
            "skipped rather than merged.",
            outcome.distance_to_blocker_m == 0
                ? std::string("touches")
                : fmt::format("comes within {:.0f} m of", outcome.distance_to_blocker_m),
            label_of(outcome.blocked_by), settings.min_gap_m);
        break;
      case Decision::kDistrictFull:
        text += fmt::format("Not selected: {} already has its maximum of {} hotspots.", area.district,
                            settings.max_per_district);
        break;
      case Decision::kBelowCutOff:
        text +=
            fmt::format("Not selected: all {} places were filled by higher-ranked or required candidates.",
                        settings.top_n);
        break;
    }
    if (static_cast<std::int64_t>(k) == last_selected && first_runner_up >= 0) {
      const auto& next = candidates[static_cast<std::size_t>(first_runner_up)];
      text += fmt::format(
          " Last place taken; the next candidate in rank order, {}, had {} {:.0f} ({:.0f} % of this one's).",
          label_of(first_runner_up), basis, next.ranking_harm,
          area.ranking_harm > 0 ? 100 * next.ranking_harm / area.ranking_harm : 0.0);
    }
    if (area.cut_from_larger_area) text += " Cut as a core from a larger merged hot area.";
    if (area.snap_point_share >= kSnapPointFlagShare) {
      text += fmt::format(
          " Check before patrolling: {:.0f} % of its harm is recorded '{}', a data.police.uk anonymisation "
          "point that can carry crimes recorded there but committed elsewhere.",
          100 * area.snap_point_share, area.snap_point_label);
    }
    area.explanation = std::move(text);
  }
}

}  // namespace grip::hotspot

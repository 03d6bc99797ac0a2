#include "grip/hotspot/select.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <limits>
#include <map>
#include <numeric>
#include <queue>
#include <unordered_set>

#include "grip/core/errors.hpp"

namespace grip::hotspot {

std::vector<std::vector<std::size_t>> cut_into_cores(const geo::Grid& grid,
                                                     std::span<const std::size_t> group,
                                                     std::span<const double> priority,
                                                     std::size_t max_cells) {
  max_cells = std::max<std::size_t>(max_cells, 1);
  std::vector<std::vector<std::size_t>> cores;
  if (group.size() <= max_cells) {
    cores.emplace_back(group.begin(), group.end());
    return cores;
  }
  std::unordered_set<std::size_t> remaining(group.begin(), group.end());
  const auto better = [&](std::size_t a, std::size_t b) {
    return priority[a] != priority[b] ? priority[a] < priority[b] : a > b;  // max-heap order
  };
  while (!remaining.empty()) {
    std::size_t seed = *remaining.begin();
    for (const auto cell : remaining) {
      if (better(seed, cell)) seed = cell;
    }
    std::vector<std::size_t> core;
    std::priority_queue<std::size_t, std::vector<std::size_t>, decltype(better)> frontier(better);
    std::unordered_set<std::size_t> queued{seed};
    frontier.push(seed);
    while (!frontier.empty() && core.size() < max_cells) {
      const auto cell = frontier.top();
      frontier.pop();
      core.push_back(cell);
      remaining.erase(cell);
      const auto col = static_cast<std::ptrdiff_t>(grid.col_of(cell));
      const auto row = static_cast<std::ptrdiff_t>(grid.row_of(cell));
      for (std::ptrdiff_t dr = -1; dr <= 1; ++dr) {
        for (std::ptrdiff_t dc = -1; dc <= 1; ++dc) {
          const auto c = col + dc;
          const auto r = row + dr;
          if (c < 0 || r < 0 || c >= static_cast<std::ptrdiff_t>(grid.nx()) ||
              r >= static_cast<std::ptrdiff_t>(grid.ny())) {
            continue;
          }
          const auto next = grid.cell(static_cast<std::size_t>(c), static_cast<std::size_t>(r));
          if (remaining.count(next) && queued.insert(next).second) frontier.push(next);
        }
      }
    }
    std::sort(core.begin(), core.end());
    cores.push_back(std::move(core));
  }
  return cores;
}

double edge_gap_m(std::span<const std::pair<std::int64_t, std::int64_t>> a,
                  std::span<const std::pair<std::int64_t, std::int64_t>> b, double cell_size_m) {
  double best = std::numeric_limits<double>::infinity();
  for (const auto& [ca, ra] : a) {
    for (const auto& [cb, rb] : b) {
      // Whole empty cells between the two squares on each axis.
      const auto dc = static_cast<double>(std::max<std::int64_t>(0, std::abs(ca - cb) - 1));
      const auto dr = static_cast<double>(std::max<std::int64_t>(0, std::abs(ra - rb) - 1));
      best = std::min(best, std::hypot(dc, dr) * cell_size_m);
    }
  }
  return best;
}

Selection select_hotspots(std::span<const Candidate> candidates, const SelectionRules& rules) {
  if (rules.max_per_district != 0 && rules.min_per_district > rules.max_per_district) {
    throw UsageError(fmt::format("--min-per-district {} is more than --max-per-district {}",
                                 rules.min_per_district, rules.max_per_district));
  }
  if (rules.min_per_district * rules.district_count > rules.top_n) {
    throw UsageError(
        fmt::format("--min-per-district {} over {} districts needs {} hotspots, more than --top {}",
                    rules.min_per_district, rules.district_count,
                    rules.min_per_district * rules.district_count, rules.top_n));
  }
  Selection selection;
  const std::size_t n = candidates.size();
  selection.outcomes.resize(n);
  std::vector<std::size_t> order(n);
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return candidates[a].ranking_harm > candidates[b].ranking_harm;
  });
  for (std::size_t r = 0; r < n; ++r) selection.outcomes[order[r]].rank = r + 1;

  std::vector<bool> chosen(n, false);
  std::map<std::int32_t, std::size_t> per_district;
  std::size_t chosen_count = 0;
  // Why a candidate cannot be chosen now, or kSelected when it can.
  const auto check = [&](std::size_t index) {
    const auto& candidate = candidates[index];
    auto& outcome = selection.outcomes[index];
    if (rules.max_area_m2 > 0 && candidate.area_m2 > rules.max_area_m2 * (1 + 1e-9))
      return Decision::kTooLarge;
    if (rules.max_per_district != 0 && candidate.district >= 0 &&
        per_district[candidate.district] >= rules.max_per_district) {
      return Decision::kDistrictFull;
    }
    for (std::size_t other = 0; other < n; ++other) {
      if (!chosen[other]) continue;
      const double d = std::hypot(candidate.centroid_x - candidates[other].centroid_x,
                                  candidate.centroid_y - candidates[other].centroid_y);
      if (d < rules.min_distance_m) {
        outcome.blocked_by = static_cast<std::int64_t>(other);
        outcome.distance_to_blocker_m = d;
        return Decision::kTooClose;
      }
    }
    if (rules.min_gap_m > 0 && !candidate.cells.empty()) {
      for (std::size_t other = 0; other < n; ++other) {
        if (!chosen[other]) continue;
        const double gap = edge_gap_m(candidate.cells, candidates[other].cells, rules.cell_size_m);
        if (gap < rules.min_gap_m - 1e-9 || gap == 0.0) {
          outcome.blocked_by = static_cast<std::int64_t>(other);
          outcome.distance_to_blocker_m = gap;
          return Decision::kTooNearEdge;
        }
      }
    }
    return Decision::kSelected;
  };
  const auto take = [&](std::size_t index, Decision how) {
    chosen[index] = true;
    ++chosen_count;
    if (candidates[index].district >= 0) ++per_district[candidates[index].district];
    selection.outcomes[index].decision = how;
    selection.outcomes[index].blocked_by = -1;
  };

  if (rules.min_per_district > 0) {
    for (std::size_t d = 0; d < rules.district_count; ++d) {
      const auto district = static_cast<std::int32_t>(d);
      for (const auto index : order) {
        if (per_district[district] >= rules.min_per_district) break;
        if (candidates[index].district != district || chosen[index]) continue;
        if (check(index) == Decision::kSelected) take(index, Decision::kSelectedForDistrictMinimum);
      }
      if (per_district[district] < rules.min_per_district) selection.unmet_districts.push_back(district);
    }
  }
  for (const auto index : order) {
    if (chosen[index]) continue;
    if (chosen_count >= rules.top_n) {
      selection.outcomes[index].decision = Decision::kBelowCutOff;
      continue;
    }
    const auto decision = check(index);
    if (decision == Decision::kSelected) {
      take(index, Decision::kSelected);
    } else {
      selection.outcomes[index].decision = decision;
    }
  }
  for (const auto index : order) {
    if (chosen[index]) selection.selected.push_back(index);
  }
  return selection;
}

std::string hotspot_name(const std::string& district, const std::string& street_label, double centroid_x,
                         double centroid_y) {
  std::string label = street_label;
  if (label.empty()) label = fmt::format("hot area at E {:.0f} N {:.0f}", centroid_x, centroid_y);
  return district.empty() ? label : district + ": " + label;
}

std::string lsoa_town(std::string_view name) {
  while (!name.empty() && name.back() == ' ') name.remove_suffix(1);
  const auto space = name.rfind(' ');
  if (space == std::string_view::npos) return std::string(name);
  const auto code = name.substr(space + 1);
  const bool is_code = code.size() >= 2 && std::isalpha(static_cast<unsigned char>(code.back())) &&
                       std::all_of(code.begin(), code.end() - 1,
                                   [](char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; });
  return std::string(is_code ? name.substr(0, space) : name);
}

bool is_recording_snap_point(std::string_view label) {
  constexpr std::string_view kPrefix = "On or near ";
  if (label.substr(0, kPrefix.size()) == kPrefix) label.remove_prefix(kPrefix.size());
  // Suffix match: police.uk also names them ("On or near Chelmsford Police Station").
  for (const std::string_view point : {"Police Station", "Prison", "Nightclub"}) {
    if (label.size() >= point.size() && label.substr(label.size() - point.size()) == point) return true;
  }
  return false;
}

std::string dominant_label(std::span<const std::string> labels, std::span<const double> weights) {
  std::map<std::string, double> totals;
  for (std::size_t i = 0; i < labels.size(); ++i) {
    if (labels[i].empty()) continue;
    totals[labels[i]] += i < weights.size() ? weights[i] : 1.0;
  }
  std::string best;
  double best_weight = -1.0;
  for (const auto& [label, weight] : totals) {  // alphabetical, so ties keep the first
    if (weight > best_weight) {
      best = label;
      best_weight = weight;
    }
  }
  return best;
}

}  // namespace grip::hotspot

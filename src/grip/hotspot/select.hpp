// Turning significant hot cells into candidate hotspot areas and choosing the patrol hotspots.
// Candidates: significant hot cells (Gi* bin ≥ 2, 95 %) that touch (queen) are merged; an area
// larger than the maximum is cut into cores, each grown from its highest-harm cell by adding the
// touching cell of most harm until the limit, so a big town centre yields several patrol-sized
// places instead of none. Selection: candidates ranked by harm; first the district minimums are
// met (best candidates of each such district), then the rest filled in rank order, skipping any
// candidate closer than the minimum distance to a chosen one, whose cells come nearer than the
// minimum gap to a chosen one's cells (so a hot area's core and its own fringe are never two
// hotspots: the fringe is skipped, not merged), or in a district at its maximum.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "grip/geo/grid.hpp"

namespace grip::hotspot {

// Splits one connected group of cells into cores of at most max_cells cells, each connected
// (queen). priority: per-cell value that decides the seeds and the growth (e.g. harm). Cores come
// out in the order they were cut (the first holds the group's top cell).
[[nodiscard]] std::vector<std::vector<std::size_t>> cut_into_cores(const geo::Grid& grid,
                                                                   std::span<const std::size_t> group,
                                                                   std::span<const double> priority,
                                                                   std::size_t max_cells);

struct Candidate {
  double centroid_x = 0.0;
  double centroid_y = 0.0;
  double area_m2 = 0.0;
  double ranking_harm = 0.0;
  std::int32_t district = -1;  // index into the district list, −1 when unknown
  // Its cells as (column, row) on the grid; used for the edge-to-edge gap (empty: gap not checked).
  std::vector<std::pair<std::int64_t, std::int64_t>> cells;
};

// The shortest distance between the outlines of two sets of square cells of the given size
// (0 when they share an edge or a corner, or overlap).
[[nodiscard]] double edge_gap_m(std::span<const std::pair<std::int64_t, std::int64_t>> a,
                                std::span<const std::pair<std::int64_t, std::int64_t>> b, double cell_size_m);

struct SelectionRules {
  std::size_t top_n = 15;
  double max_area_m2 = 0.0;  // 0 = no limit
  double min_distance_m = 0.0;
  double min_gap_m = 0.0;    // edge to edge between selected polygons; touching (gap 0) is refused when > 0
  double cell_size_m = 0.0;  // for the gap
  std::size_t min_per_district = 0;
  std::size_t max_per_district = 0;  // 0 = no limit
  std::size_t district_count = 0;    // districts the minimum applies to
};

enum class Decision : std::uint8_t {
  kSelected,
  kSelectedForDistrictMinimum,  // chosen ahead of its rank to meet its district's minimum
  kTooLarge,
  kTooClose,
  kTooNearEdge,  // its polygon comes within min_gap_m of a selected one's (touching included)
  kDistrictFull,
  kBelowCutOff,  // every place was already filled
};

struct CandidateOutcome {
  Decision decision = Decision::kBelowCutOff;
  std::size_t rank = 0;                // 1-based, by ranking harm (ties: lower index first)
  std::int64_t blocked_by = -1;        // kTooClose, kTooNearEdge: the selected candidate it was too close to
  double distance_to_blocker_m = 0.0;  // centre to centre (kTooClose) or edge to edge (kTooNearEdge)
};

struct Selection {
  std::vector<std::size_t> selected;          // candidate indices in rank order
  std::vector<CandidateOutcome> outcomes;     // per candidate
  std::vector<std::int32_t> unmet_districts;  // districts whose minimum could not be met
};

// Throws grip::UsageError when min_per_district × district_count exceeds top_n, or min exceeds a
// non-zero max.
[[nodiscard]] Selection select_hotspots(std::span<const Candidate> candidates, const SelectionRules& rules);

// "Colchester: On or near High Street"; the place is the district, or without one the town of its
// LSOAs; without a label the cell reference "hot area at E 599,850 N 225,150".
[[nodiscard]] std::string hotspot_name(const std::string& district, const std::string& street_label,
                                       double centroid_x, double centroid_y);

// The town in a data.police.uk LSOA name: "Maidstone 012A" → "Maidstone" (the name less its
// trailing "NNNx" code); "" for an empty name; the whole name when it has no such code.
[[nodiscard]] std::string lsoa_town(std::string_view lsoa_name);

// data.police.uk anonymisation snap points that stand for a building where crimes committed
// elsewhere are often recorded (a custody suite, a prison, a nightclub's door staff): "On or near
// Police Station", "Prison", "Nightclub", also when named ("On or near Chelmsford Police Station").
// True when the location label ends with one of them.
[[nodiscard]] bool is_recording_snap_point(std::string_view location_label);

// The most frequent value by weight (ties: alphabetical first), "" when all are empty.
[[nodiscard]] std::string dominant_label(std::span<const std::string> labels,
                                         std::span<const double> weights);

}  // namespace grip::hotspot

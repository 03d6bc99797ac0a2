// From a run's per-cell measures to its HotspotArea list: significant hot cells merged into areas
// (cut into cores when larger than the maximum area), ranked, selected under the constraints of
// select.hpp, then described: name, polygon, counts, trend mix, review hint and explanation.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "grip/hotspot/hotspot_run.hpp"

namespace grip::hotspot {

struct AreaInputs {
  const geo::Grid& grid;
  const CellMeasures& cells;
  std::span<const std::int32_t> district_of_cell;  // −1 outside every district
  std::span<const std::string> district_names;
  // Per incident read: its cell (grid.cell_count() when left out), crime type and location ids.
  std::span<const std::size_t> cell_of_incident;
  std::span<const std::uint16_t> type_of_incident;
  std::span<const std::uint32_t> location_of_incident;
  std::span<const std::string> type_names;
  std::span<const std::string> location_names;
  std::span<const std::uint32_t> town_of_incident;  // from the LSOA name ("Maidstone 012A" → "Maidstone")
  std::span<const std::string> town_names;          // "" = none
  std::span<const std::string> occurred_from_of_incident;  // "" when only the month is known
  const std::vector<bool>& type_ranks;                     // per type: counts in the ranking harm
  std::span<const double> type_harm;
};

// Fills run.hotspots, run.candidates_total, run.cells.candidate_of_cell and notes.
void build_hotspot_areas(HotspotRun& run, const AreaInputs& inputs);

// The keep/review/drop hint from the emerging categories of a hotspot's cells; "too few to tell"
// when the hotspot averages fewer than kMinIncidentsPerMonthForTrend incidents a month.
[[nodiscard]] ReviewHint review_hint(const std::array<std::size_t, kEmergingCategoryCount>& cells_by_trend,
                                     std::string* reason = nullptr,
                                     double incidents_per_month = kMinIncidentsPerMonthForTrend);

}  // namespace grip::hotspot

// Prospective hotspotting (Bowers, Johnson & Pease 2004): the risk at cell c is
// Σ_events w · 1/(1 + d) · 1/(1 + t), d the distance from the event's cell to c in cells and t the
// event's age in weeks, over events within the distance and time bandwidths. Defaults follow the
// paper: 400 m and 2 months (8 weeks = 56 days); d is the Euclidean distance between cell centres
// in cell units, unrounded (0, 1, √2, 2, …); t counts whole weeks (an event 0–6 days old has t = 0).
// See docs/forecast-metrics.md for the choices and the alternative (Chebyshev rings).
#pragma once

#include <cstddef>
#include <span>
#include <vector>

#include "grip/forecast/events.hpp"
#include "grip/geo/grid.hpp"

namespace grip::forecast {

enum class CellDistance {
  kEuclidean,  // √(Δcol² + Δrow²) between cell centres
  kChebyshev,  // max(|Δcol|, |Δrow|): square rings of neighbours, as some implementations use
};

struct ProspectiveOptions {
  double distance_bandwidth_m = 400.0;  // cells whose centre lies within this of the event's cell centre
  double time_bandwidth_days = 56.0;    // events aged in [0, this) days count
  CellDistance distance = CellDistance::kEuclidean;
  bool whole_weeks = true;  // t = floor(age / 7); false: t = age / 7
};

// Stencils wider than this many cells each side are refused as a mistake in bandwidth or cell size.
inline constexpr double kMaxProspectiveRadiusCells = 500.0;

struct ProspectiveSurface {
  std::vector<double> risk;          // per cell, row-major as geo::Grid
  std::size_t events_used = 0;       // events aged in [0, time bandwidth) at `now`
  std::size_t events_in_future = 0;  // t > now: not known at `now`, left out
  std::size_t events_too_old = 0;    // older than the time bandwidth, left out
};

// Risk per grid cell at time now_days from the events (t in days, same origin as now_days).
// An event outside the grid still adds to the grid cells within its bandwidth. weights may be
// empty (each event weighs 1) or hold one finite weight ≥ 0 per event (harm). Throws
// grip::UsageError for a non-finite event or now_days, a bad weight, or a bandwidth that is not
// positive and finite or spans more than kMaxProspectiveRadiusCells cells.
[[nodiscard]] ProspectiveSurface prospective_risk(const geo::Grid& grid, std::span<const Event> events,
                                                  double now_days, const ProspectiveOptions& options = {},
                                                  std::span<const double> weights = {});

}  // namespace grip::forecast

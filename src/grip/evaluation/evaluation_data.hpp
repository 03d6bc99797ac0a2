// What one evaluation reads, turned into plain data: the crime types analysed, the two periods,
// the incidents of those types (position, month, type and day when dated) and the treated and
// comparison areas as polygons, with comparison areas matched on pre-period harm and trend.
// Internal to the evaluation module (evaluate_run.cpp); store access only through store/ readers.
#pragma once

#include <chrono>
#include <cstdint>
#include <limits>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "grip/evaluation/evaluate_run.hpp"
#include "grip/geo/polygon_raster.hpp"
#include "grip/store/evaluation_inputs.hpp"
#include "grip/store/incident_tables.hpp"

namespace grip::evaluation {

inline constexpr int kNoDay = std::numeric_limits<int>::min();

// One incident of an analysed crime type, as the analysis needs it.
struct Point {
  double x = 0, y = 0;
  int month = 0;     // months after the first month loaded
  int type = 0;      // index into the crime types
  int day = kNoDay;  // days since 1970-01-01, when the source gave a date
};

struct Loaded {
  std::chrono::year_month first_month{};
  std::vector<Point> points;
  std::vector<bool> month_has_data;    // per month from first_month: any incident of the dataset
  std::size_t outside_force_area = 0;  // analysed types flagged at ingest as far outside: left out
};

struct AreaChoice {
  std::vector<geo::RingSet> shapes;
  std::vector<std::string> ids;  // hotspot ids or district names
  std::string description;
  bool everywhere = false;
};

struct Periods {
  MonthPeriod before, after;
  std::string source;
};

[[nodiscard]] int month_offset(std::chrono::year_month from, std::chrono::year_month month);
// Days since 1970-01-01 of an ISO date-time's date, or kNoDay.
[[nodiscard]] int day_number(std::string_view occurred_from);

// The settings' crime types (checked against the store) or the stored defaults.
[[nodiscard]] std::vector<std::string> resolve_crime_types(
    const std::map<std::string, store::CategoryInfo>& categories, const std::vector<std::string>& requested);
// The periods given, or the defaults of periods.hpp.
[[nodiscard]] Periods resolve_periods(store::Store& store, const EvaluationSettings& settings,
                                      const std::string& dataset,
                                      const std::optional<store::LatestPatrolDesign>& design);
// Incidents of the types from..to (months), with the months that hold any incident.
[[nodiscard]] Loaded load_points(store::Store& store, const std::string& dataset,
                                 const std::vector<std::string>& types, std::chrono::year_month from,
                                 std::chrono::year_month to);
// --areas / --comparison: "hotspots", "force", "district:NAME", "ids:A,B"; "none" and "matched" give
// no areas here (matching is match_runners_up).
[[nodiscard]] AreaChoice choose_areas(store::Store& store, const store::HotspotAreaSet& hotspots,
                                      const std::string& spec, const std::string& option);
// The latest run's areas not treated, matched to the treated ones (did.hpp, match_comparisons).
void match_runners_up(const store::HotspotAreaSet& hotspots, const Loaded& loaded, const MonthPeriod& before,
                      const std::vector<double>& harm_of_type, const std::vector<bool>& headline_type,
                      const AreaChoice& treated, AreaChoice& comparison);

}  // namespace grip::evaluation

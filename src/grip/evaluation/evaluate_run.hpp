// `grip evaluate`: did the outcome fall in the treated areas, beyond what comparison areas show,
// and did it move into the buffers around them? Reads the store (incidents, the latest hotspot
// run, the latest patrol design), classifies every incident into a zone (zones.hpp) and month,
// and hands plain counts to the kernels: rate_change, overdispersion, did, displacement, itt,
// multiple_testing. Defaults (stated in every output): the selected hotspots of the latest run,
// comparison = runners-up matched on pre-period harm and trend, buffer 250 m, the programme
// period of the latest patrol design or the last 12 months against the 12 before, outcomes
// violence and sexual offences + robbery (headline), each of them and possession of weapons.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <vector>

#include "grip/evaluation/did.hpp"
#include "grip/evaluation/displacement.hpp"
#include "grip/evaluation/dose_adjusted.hpp"
#include "grip/evaluation/dose_response.hpp"
#include "grip/evaluation/itt.hpp"
#include "grip/evaluation/koper_run.hpp"
#include "grip/evaluation/overdispersion.hpp"
#include "grip/evaluation/periods.hpp"
#include "grip/evaluation/rate_change.hpp"
#include "grip/evaluation/zones.hpp"
#include "grip/store/store.hpp"

namespace grip::evaluation {

inline constexpr const char* kDefaultOutcomeTypes[] = {"Violence and sexual offences", "Robbery",
                                                       "Possession of weapons"};
inline constexpr const char* kDefaultAreas = "hotspots";
inline constexpr const char* kDefaultComparison = "matched";

struct EvaluationSettings {
  std::string dataset;                   // empty: data.police.uk street when stored (analysis_scope.hpp)
  std::vector<std::string> crime_types;  // empty: kDefaultOutcomeTypes (those stored)
  std::string before, after;             // "YYYY-MM..YYYY-MM"; empty = the default (periods.hpp)
  // "hotspots" (selected, latest run), "force", "district:NAME", "ids:H01,H02"
  std::string areas = kDefaultAreas;
  // "matched" (runners-up of the latest run), "none", "district:NAME", "ids:H11,H12"
  std::string comparison = kDefaultComparison;
  double buffer_m = kDefaultBufferM;
  double confidence = kDefaultConfidence;
  std::string koper_dataset;                      // empty: chosen as koper_run.hpp says
  std::string time_zone = kDefaultKoperTimeZone;  // the incident times' clock, for the Koper curve
};

struct ZoneSeries {
  std::array<std::vector<double>, kZoneCount> count, harm;  // [zone][month index]
};

struct OutcomeResult {
  std::string name;
  std::vector<std::string> crime_types;
  bool police_generated = false;
  std::array<PrePost, kZoneCount> counts{}, harm{};
  RateChange change;  // treated zone, exposures = months with data
  QuasiPoissonFit quasi;
  NegativeBinomialFit negative_binomial;
  std::string interval_basis;  // which interval the verdict uses
  Interval headline_interval;
  double headline_p = 1.0, holm_p = 1.0;
  std::string verdict;
  std::optional<DidEstimate> did;
  std::optional<WddResult> wdd, wdd_area_weighted;
  std::optional<WdqResult> wdq;
  std::optional<RateChange> year_on_year;  // after period against the same months a year before
  ZoneSeries series;
  std::string note;  // how to read this outcome (police-generated crime)
};

struct IttSummary {
  std::string kind;  // "crossover" or "rct"
  std::int64_t design_id = 0;
  std::string unit;  // "place-day" or "hotspot"
  std::optional<IttEffect> effect;
  // Scaled to the GPS-measured patrol each arm got (dose_adjusted.hpp), when visits are stored.
  std::optional<DoseAdjustedEffect> per_patrol_hour;
  std::string note;
};

// GPS-measured dosage in the after period against each treated hotspot's headline count
// (dose_response.hpp; OBSERVATIONAL), from gps_visits of the evaluated hotspot run.
struct DosageSummary {
  std::vector<std::string> hotspot_ids;
  std::vector<double> minutes, minutes_low, minutes_high, before, after;
  std::optional<DoseResponse> fit;
  // The same fit with every hotspot's minutes at the low and at the high end of their GPS intervals
  // (visit_detection.hpp): how far the ping gaps alone could move the slope.
  std::optional<DoseResponse> fit_low, fit_high;
  std::string note;
};

struct EvaluationResult {
  EvaluationSettings settings;
  std::string dataset, dataset_note;
  MonthPeriod before, after;
  std::string period_source;
  std::vector<std::string> months;   // before then after, "YYYY-MM"
  std::vector<bool> month_has_data;  // per month: any incident of the dataset stored
  int before_months_with_data = 0, after_months_with_data = 0;
  std::string areas_description, comparison_description;
  std::vector<std::string> treated_areas, comparison_areas;
  std::int64_t hotspot_run_id = 0;
  std::array<double, kZoneCount> zone_area_m2{};
  std::vector<OutcomeResult> outcomes;  // [0] the headline outcome, then one per crime type
  std::optional<WddHarm> wdd_harm;      // per-type WDDs weighted by harm
  std::optional<IttSummary> itt;
  std::optional<DosageSummary> dosage;  // when GPS visits of the treated hotspots are stored
  std::optional<KoperSummary> koper;    // likewise; bands empty (with a note) without incident times
  std::vector<std::string> notes;
};

// Throws grip::UsageError for settings that cannot be met (unknown area, empty period...).
[[nodiscard]] EvaluationResult run_evaluation(store::Store& store, const EvaluationSettings& settings);

}  // namespace grip::evaluation

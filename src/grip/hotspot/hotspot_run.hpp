// The result of one `grip hotspots` run: the settings (with the defaults marked), the study area and
// grid, every per-cell measure, the concentration of harm, and the candidate hotspot areas with the
// selected ones first. Plain data only, so the CLI, the HTML report and the server can all read it;
// the pipeline that fills it is in hotspot_pipeline.hpp and the store writer in hotspot_layers.hpp.
// Fields are kept stable: the report (src/grip/report/hotspot_report.hpp) is written against them.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "grip/analysis/analysis_scope.hpp"
#include "grip/analysis/study_area.hpp"
#include "grip/geo/grid.hpp"
#include "grip/hotspot/fdr.hpp"
#include "grip/hotspot/kde.hpp"

namespace grip::hotspot {

enum class Weighting { kHarm, kCount };

// The shared scope (dataset, months, cell size; analysis_scope.hpp), where crime_types empty means
// every victim-generated category, and the hotspot method's own settings.
struct HotspotSettings : analysis::AnalysisScope {
  Weighting weighting = Weighting::kHarm;
  KernelShape kernel = KernelShape::kQuartic;
  std::optional<double> bandwidth_m;  // empty = the nearest-neighbour rule (bandwidth.hpp)
  PAdjust correction = PAdjust::kBenjaminiHochberg;
  std::size_t top_n = 15;
  double max_area_m2 = 250'000.0;  // larger merged areas are cut into cores of at most this area
  double min_distance_m = 500.0;   // between the centroids of two selected hotspots
  // Edge to edge between two selected hotspots' polygons; a candidate nearer to (or touching) a
  // better one is skipped, not merged. 150 m = one empty default cell between them.
  double min_gap_m = 150.0;
  std::size_t min_per_district = 0;
  std::size_t max_per_district = 0;  // 0 = no limit
  // Rank candidates by the harm of victim-generated crime only (police-generated crime such as
  // drugs and weapons possession measures police activity as much as place).
  bool rank_victim_generated_only = true;
  // Serious violence: analyse and rank only kSeriousViolenceTypes (when crime_types is empty, the
  // analysed types default to them too, so Gi*, KDE and ranking all measure serious violence).
  bool rank_serious_violence = false;
  std::size_t runners_up = 10;  // candidates kept after the cut-off, for the explanation and layer
  double grid_shift_x_m = 0.0;  // shifts the grid origin (stability checks); 0 in normal use
  double grid_shift_y_m = 0.0;
};

// The data.police.uk categories that stand for serious violence: violence (its injury offences
// cannot be told apart in street data, so the whole category is the proxy) and robbery. Possession
// of weapons is police-generated (it measures searches) and is context, never ranked.
inline constexpr const char* kSeriousViolenceTypes[] = {"Violence and sexual offences",
                                                        "Violence with injury", "Robbery"};
[[nodiscard]] bool is_serious_violence(const std::string& category);
[[nodiscard]] bool is_weapons_possession(const std::string& category);  // "Possession of weapons"

// Emerging hot spot categories after ArcGIS Pro's Emerging Hot Spot Analysis (hot side only; see
// docs/hotspots.md for the exact rules on this data's month count).
enum class EmergingCategory : std::uint8_t {
  kNoPattern = 0,
  kNew,
  kConsecutive,
  kIntensifying,
  kPersistent,
  kDiminishing,
  kSporadic,
  kOscillating,
  kHistorical,
};
inline constexpr std::size_t kEmergingCategoryCount = 9;
[[nodiscard]] const char* to_string(EmergingCategory category) noexcept;

using analysis::StudyArea;

// Per cell of the grid, row-major as geo::Grid; every vector is grid.cell_count() long.
struct CellMeasures {
  std::vector<std::uint8_t> in_study_area;
  std::vector<double> incidents;      // count of the analysed crime types
  std::vector<double> harm;           // Σ harm weight of the analysed crime types
  std::vector<double> ranking_harm;   // Σ harm of the crime types used for ranking (victim-generated)
  std::vector<double> weight;         // what KDE and Gi* analyse: harm or incidents (settings.weighting)
  std::vector<double> kde_density;    // per m² (× cell area = expected weight in the cell)
  std::vector<double> gi_z;           // NaN outside the study area
  std::vector<double> gi_p;           // two-sided, before correction
  std::vector<double> gi_p_adjusted;  // after settings.correction
  std::vector<std::int8_t> gi_bin;    // −3..3 as ArcGIS's Gi_Bin
  std::vector<EmergingCategory> trend_category;
  std::vector<double> trend_z;  // Mann–Kendall z of the cell's monthly Gi* series (NaN if none)
  std::vector<double> trend_p;
  std::vector<std::int32_t> candidate_of_cell;  // index into HotspotRun::hotspots, −1 if none
};

struct ConcentrationSummary {
  std::size_t units = 0;  // cells of the study area, or distinct street locations
  double total = 0.0;
  double top_1_percent = 0.0;  // share (0..1) of the total in the top 1 % of units
  double top_5_percent = 0.0;
  double top_10_percent = 0.0;
  double gini = 0.0;
  // The concentration curve: (share of units, share of the total they hold), units sorted by
  // descending value; 201 points from (0, 0) to (1, 1).
  std::vector<std::pair<double, double>> curve;
};

// kTooFewToTell: the hotspot averages fewer than kMinIncidentsPerMonthForTrend incidents a month,
// too few for a monthly Gi* to say whether it is still hot (a quiet month is then mostly chance).
inline constexpr double kSnapPointFlagShare = 0.10;

enum class ReviewHint { kKeep, kReview, kDrop, kTooFewToTell };
// A Poisson month of 10 has a 95 % range of about 4 to 17, so monthly significance is at least
// possible; with fewer, "not hot in the final month" says nothing about the place.
inline constexpr double kMinIncidentsPerMonthForTrend = 10.0;
[[nodiscard]] const char* to_string(ReviewHint hint) noexcept;

struct HotspotArea {
  std::string id;        // "H01".. for selected (by selection order), "C01".. for runners-up
  std::size_t rank = 0;  // 1-based rank of the candidate by ranking harm
  bool selected = false;
  std::string name;          // "Southend-on-Sea: On or near High Street"
  std::string district;      // district holding the centroid ("" without district boundaries)
  std::string street_label;  // the dominant "On or near …" location by harm
  std::string town;          // dominant town of its LSOA names ("" when the data has none)
  // Share of its ranking harm recorded at a snap point that stands for a building where crimes
  // committed elsewhere are recorded ("On or near Police Station", "Prison", "Nightclub"), and the
  // biggest such label; flagged in the table and the explanation when ≥ kSnapPointFlagShare.
  double snap_point_share = 0.0;
  std::string snap_point_label;
  // Serious-violence runs: possession of weapons records in its cells (context); −1 = not counted.
  std::int64_t weapons_possession = -1;
  // The recorded start times ("YYYY-MM-DDTHH:MM") of its incidents that have one (incident
  // extracts; data.police.uk street data has months only, so this stays empty there).
  std::vector<std::string> occurred_from;
  std::vector<std::size_t> cells;
  std::vector<std::uint8_t> wkb;  // ISO WKB MULTIPOLYGON (little-endian), store CRS: the union of its cells
  double min_x = 0, min_y = 0, max_x = 0, max_y = 0;
  double centroid_x = 0.0, centroid_y = 0.0;  // harm-weighted centre of its cells
  double area_m2 = 0.0;
  double harm = 0.0;                 // Σ harm of the analysed crime types
  double ranking_harm = 0.0;         // what the ranking used
  double share_of_force_harm = 0.0;  // ranking_harm / force ranking harm (0..1)
  std::int64_t incidents = 0;
  std::vector<std::pair<std::string, std::int64_t>> counts_by_type;  // descending count
  double peak_gi_z = 0.0;
  double mean_kde_density = 0.0;                                     // per m²
  std::array<std::size_t, kEmergingCategoryCount> cells_by_trend{};  // indexed by EmergingCategory
  ReviewHint review = ReviewHint::kReview;
  std::string review_reason;
  std::string explanation;            // why chosen, or why not (constraint or cut-off)
  bool cut_from_larger_area = false;  // a core of a merged area larger than max_area_m2
};

struct HotspotRun {
  std::int64_t run_id = 0;  // hotspot_runs.run_id once written; 0 before
  std::string created;      // UTC ISO 8601
  HotspotSettings settings;
  // "name = value (default)" / "(given)" lines for every setting, in print order.
  std::vector<std::pair<std::string, std::string>> settings_text;
  std::string crs_code;  // "EPSG:27700"
  geo::Grid grid{0.0, 0.0, 1.0, 1, 1};
  StudyArea study_area;
  std::vector<std::string> months;  // months with data in the period, ascending (gaps are skipped)
  std::vector<std::string> crime_types;
  // What was ranked, exactly, and the title a report should carry, e.g. "Hotspots of victim-generated
  // crime, ranked by harm (Cambridge Crime Harm Index days)".
  std::string ranked;
  std::string title;
  double bandwidth_m = 0.0;
  std::string bandwidth_source;  // "given", or the rule and its numbers
  std::int64_t incidents_used = 0;
  std::int64_t incidents_outside_study_area = 0;  // in the period and types, but outside the area
  std::int64_t outliers_excluded = 0;             // flagged far outside the force area at ingest
  double force_harm = 0.0;                        // Σ harm of the analysed incidents in the study area
  double force_ranking_harm = 0.0;                // the same for the ranking crime types
  double kde_weight_in_grid = 0.0;
  double kde_edge_loss = 0.0;
  std::size_t significant_hot_cells = 0;  // bin ≥ 2
  ConcentrationSummary cell_concentration;
  ConcentrationSummary street_concentration;
  CellMeasures cells;
  std::vector<HotspotArea> hotspots;  // selected first, in selection order; then runners-up by rank
  std::size_t candidates_total = 0;   // every candidate area, before the runners-up cut
  std::vector<std::string> notes;     // warnings and statements the user must see
};

}  // namespace grip::hotspot

// What an analyst will question in a hotspot run (issue 10): the study area without boundaries,
// hotspots that touch, the default bandwidth, names, the demo's recovery claim, the review hint
// on sparse data. Expected values are hand-worked or come from an independent source (the Essex
// boundary file's area through OGR).
#include <gdal_priv.h>
#include <gtest/gtest.h>
#include <ogr_spatialref.h>
#include <ogrsf_frmts.h>

#include <cmath>
#include <cstdint>
#include <memory>
#include <numbers>
#include <string>
#include <utility>
#include <vector>

#include "grip/analysis/study_area.hpp"
#include "grip/core/errors.hpp"
#include "grip/demo/synthetic_county.hpp"
#include "grip/hotspot/bandwidth.hpp"
#include "grip/hotspot/hotspot_areas.hpp"
#include "grip/hotspot/hotspot_layers.hpp"
#include "grip/hotspot/hotspot_pipeline.hpp"
#include "grip/hotspot/select.hpp"
#include "grip/ingest/ingest_files.hpp"
#include "support/test_support.hpp"

namespace {

using namespace grip::hotspot;
using Cells = std::vector<std::pair<std::int64_t, std::int64_t>>;

// Two selected hotspots "touch" when a cell of one is a queen neighbour of (or is) a cell of the
// other; checked cell by cell, independently of select.cpp's gap function.
void expect_no_two_selected_touch(const HotspotRun& run) {
  std::vector<const HotspotArea*> selected;
  for (const auto& h : run.hotspots) {
    if (h.selected) selected.push_back(&h);
  }
  ASSERT_FALSE(selected.empty());
  for (std::size_t a = 0; a < selected.size(); ++a) {
    for (std::size_t b = a + 1; b < selected.size(); ++b) {
      for (const auto ca : selected[a]->cells) {
        for (const auto cb : selected[b]->cells) {
          const auto dc =
              std::abs(static_cast<long>(run.grid.col_of(ca)) - static_cast<long>(run.grid.col_of(cb)));
          const auto dr =
              std::abs(static_cast<long>(run.grid.row_of(ca)) - static_cast<long>(run.grid.row_of(cb)));
          EXPECT_GT(std::max(dc, dr), 1) << selected[a]->id << " touches " << selected[b]->id;
        }
      }
    }
  }
}

TEST(StudyArea, WithoutBoundariesIsTheCellsWithinReachOfARecordedLocation) {
  // Two locations 20 km apart (one recorded twice): the area is two discs of radius 1 km, not the
  // 22 km x 2 km box around them. At 25 m cells the centre count matches pi r^2 to about 0.3 %.
  const std::vector<double> xs{500'000, 520'000, 500'000}, ys{200'000, 200'000, 200'000};
  const auto study = grip::analysis::make_study_grid({}, xs, ys, 25.0);
  const double discs =
      2 * std::numbers::pi * grip::analysis::kDataAreaReachM * grip::analysis::kDataAreaReachM;
  EXPECT_NEAR(study.study_area.area_m2, discs, 0.005 * discs);
  EXPECT_FALSE(study.study_area.from_boundaries);
  EXPECT_NE(study.study_area.source.find("within 1 km"), std::string::npos);
  // Half-way between them is farther than the reach from both: outside.
  EXPECT_EQ(study.in_study_area[*study.grid.cell_of(510'000, 200'000)], 0);
  EXPECT_EQ(study.in_study_area[*study.grid.cell_of(520'900, 200'000)], 1);
  EXPECT_EQ(study.in_study_area[*study.grid.cell_of(520'000, 201'010)], 0);
}

TEST(Select, EdgeGapBetweenCellSetsIsTheEmptyGroundBetweenThem) {
  const Cells a{{0, 0}}, corner{{1, 1}}, one_between{{2, 0}}, far{{3, 4}};
  EXPECT_EQ(edge_gap_m(a, corner, 150), 0.0);
  EXPECT_EQ(edge_gap_m(a, one_between, 150), 150.0);
  EXPECT_DOUBLE_EQ(edge_gap_m(a, far, 100), std::hypot(2.0, 3.0) * 100);
}

TEST(Select, SkipsACandidateWhosePolygonTouchesABetterOne) {
  // Centres 600 m apart (past the 500 m rule) but the cells share a corner: a core and its fringe.
  std::vector<Candidate> candidates(3);
  candidates[0] = {0, 0, 22'500, 100, -1, Cells{{0, 0}, {1, 0}, {2, 0}}};
  candidates[1] = {600, 0, 22'500, 50, -1, Cells{{3, 1}, {4, 1}}};
  candidates[2] = {2000, 0, 22'500, 40, -1, Cells{{13, 0}}};
  SelectionRules rules;
  rules.top_n = 3;
  rules.min_distance_m = 500;
  rules.min_gap_m = 150;
  rules.cell_size_m = 150;
  const auto selection = select_hotspots(candidates, rules);
  EXPECT_EQ(selection.selected, (std::vector<std::size_t>{0, 2}));
  EXPECT_EQ(selection.outcomes[1].decision, Decision::kTooNearEdge);
  EXPECT_EQ(selection.outcomes[1].blocked_by, 0);
  EXPECT_EQ(selection.outcomes[1].distance_to_blocker_m, 0.0);
  rules.min_gap_m = 0;  // touching allowed when asked
  EXPECT_EQ(select_hotspots(candidates, rules).selected.size(), 3u);
}

TEST(Bandwidth, NearestNeighbourRuleOnALineOfPlaces) {
  // 100 places 10 m apart, 3 incidents each. The 10th nearest incident elsewhere, for an inner
  // place: 6 incidents at 10 m, 12 within 20 m, so r_10 = 20 m; the two end places have 3 at 10 m,
  // 6 at 20 m, 9 at 30 m, 12 at 40 m: r_10 = 40 m; the next ones 30 m. Median = 20 m.
  std::vector<double> xs, ys;
  for (int p = 0; p < 100; ++p) {
    for (int copy = 0; copy < 3; ++copy) xs.push_back(400'000 + 10.0 * p), ys.push_back(200'000);
  }
  const auto rule = nearest_neighbour_bandwidth(xs, ys, 0.0);
  EXPECT_EQ(rule.k, 10u);
  EXPECT_EQ(rule.locations, 100u);
  EXPECT_DOUBLE_EQ(rule.median_kth_distance_m, 20.0);
  EXPECT_FALSE(rule.floored);
  const auto floored = nearest_neighbour_bandwidth(xs, ys, 300.0);
  EXPECT_DOUBLE_EQ(floored.quartic_radius_m, 300.0);
  EXPECT_TRUE(floored.floored);
  EXPECT_NEAR(floored.gaussian_sigma_m * kQuarticPerGaussianBandwidth, 300.0, 1e-9);
  // One place only: no neighbour elsewhere exists.
  const std::vector<double> one(20, 5.0e5);
  EXPECT_THROW((void)nearest_neighbour_bandwidth(one, one, 0.0), grip::UsageError);
}

TEST(Names, TownFromTheLsoaNameAndRecordingSnapPoints) {
  EXPECT_EQ(lsoa_town("Maidstone 012A"), "Maidstone");
  EXPECT_EQ(lsoa_town("Tunbridge Wells 003B"), "Tunbridge Wells");
  EXPECT_EQ(lsoa_town("Southend-on-Sea"), "Southend-on-Sea");
  EXPECT_EQ(lsoa_town(""), "");
  EXPECT_TRUE(is_recording_snap_point("On or near Police Station"));
  EXPECT_TRUE(is_recording_snap_point("On or near Prison"));
  EXPECT_TRUE(is_recording_snap_point("On or near Nightclub"));
  EXPECT_TRUE(is_recording_snap_point("On or near Chelmsford Police Station"));
  EXPECT_FALSE(is_recording_snap_point("On or near Prison Lane"));
  EXPECT_FALSE(is_recording_snap_point("On or near Station Road"));
  EXPECT_EQ(hotspot_name("Maidstone", "On or near Shopping Area", 0, 0),
            "Maidstone: On or near Shopping Area");
}

TEST(Review, TooFewIncidentsAMonthToTell) {
  std::array<std::size_t, kEmergingCategoryCount> counts{};
  counts[static_cast<std::size_t>(EmergingCategory::kHistorical)] = 4;
  std::string reason;
  EXPECT_EQ(review_hint(counts, &reason, 3.0), ReviewHint::kTooFewToTell);
  EXPECT_NE(reason.find("3.0 incidents a month"), std::string::npos) << reason;
  EXPECT_STREQ(to_string(ReviewHint::kTooFewToTell), "too few to tell");
  EXPECT_EQ(review_hint(counts, nullptr, 25.0), ReviewHint::kDrop);
}

// A run with three selected one-cell-wide hotspots on a 100 m grid, for the recovery checks.
HotspotRun recovery_run() {
  HotspotRun run;
  run.grid = grip::geo::Grid(0, 0, 100, 100, 100);
  const auto add = [&](const char* id, std::vector<std::size_t> cells) {
    HotspotArea area;
    area.id = id;
    area.selected = true;
    area.cells = std::move(cells);
    run.hotspots.push_back(std::move(area));
  };
  add("H01", {run.grid.cell(10, 10), run.grid.cell(11, 10), run.grid.cell(12, 10)});  // x 1000..1300
  add("H02", {run.grid.cell(15, 10)});                                                // x 1500..1600
  add("H03", {run.grid.cell(80, 80)});                                                // matches nothing
  return run;
}

TEST(Recovery, MatchesPlantedHotspotsOneToOne) {
  const auto run = recovery_run();
  // P1 inside H01 and 200 m from H02; P2 inside H01 only. A nearest-first count would give both to
  // H01 (2 recovered by one polygon); one to one, P1 goes to H02 so that P2 keeps H01.
  const std::vector<PlantedCentre> planted{
      {"P1", 1290, 1050, 0}, {"P2", 1010, 1050, 0}, {"P3", 5000, 5000, 0}};
  const auto recovery = recover_planted(run, planted, 250);
  EXPECT_EQ(recovery.recovered, 2u);
  EXPECT_EQ(recovery.selected, 3u);
  EXPECT_EQ(recovery.matched_id, (std::vector<std::string>{"H02", "H01", ""}));
  EXPECT_DOUBLE_EQ(recovery.recall(), 2.0 / 3.0);
  EXPECT_DOUBLE_EQ(recovery.precision(), 2.0 / 3.0);
  EXPECT_EQ(recovery.unmatched_selected, (std::vector<std::string>{"H03"}));
  // Two planted centres both inside H01 only: one polygon recovers one of them.
  const std::vector<PlantedCentre> doubled{{"A", 1010, 1050, 0}, {"B", 1110, 1050, 0}};
  EXPECT_EQ(recover_planted(run, doubled, 50).recovered, 1u);
}

TEST(SyntheticCountyQuestions, NoTwoSelectedHotspotsTouchAndRecoveryIsOneToOne) {
  grip::test::ScratchDir scratch;
  const auto county = grip::demo::write_synthetic_county({}, scratch / "data");
  grip::store::Store store(grip::test::store_locator((scratch / "demo.gpkg")));
  (void)grip::ingest::ingest_files(store, {scratch / "data"}, grip::ingest::IngestOptions{});
  HotspotSettings settings;
  settings.bandwidth_m = 300;  // as the demo runs it
  const auto run = run_hotspots(store, settings);
  expect_no_two_selected_touch(run);
  EXPECT_NE(run.title.find("victim-generated"), std::string::npos) << run.title;
  EXPECT_NE(run.ranked.find("Cambridge Crime Harm Index days"), std::string::npos) << run.ranked;
  for (const auto& h : run.hotspots) EXPECT_TRUE(h.occurred_from.empty()) << "street data has months only";

  // The time-stamped extract: each hotspot carries its incidents' start times for the 7 x 24 chart.
  settings.dataset = "incidents";
  const auto timed = run_hotspots(store, settings);
  ASSERT_FALSE(timed.hotspots.empty());
  for (const auto& h : timed.hotspots) {
    EXPECT_EQ(static_cast<std::int64_t>(h.occurred_from.size()), h.incidents) << h.id;
    for (const auto& when : h.occurred_from) EXPECT_GE(when.size(), 16u) << when;  // YYYY-MM-DDTHH:MM
  }
}

// The smallest share of units (from the concentration curve) that holds `share` of the total.
double share_of_units_holding(const ConcentrationSummary& summary, double share) {
  for (const auto& [units, held] : summary.curve) {
    if (held >= share) return units;
  }
  return 1.0;
}

// Essex's street crime WITHOUT its boundaries: the derived study area against the county's real
// area, computed here from the boundary file with OGR (GEOS area in the British National Grid).
double essex_area_m2_from_boundary_file() {
  GDALAllRegister();
  const auto path = grip::test::shared_data() / "boundaries" / "essex-districts.geojson";
  std::unique_ptr<GDALDataset> dataset(
      GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, nullptr, nullptr));
  if (!dataset) return 0.0;
  OGRSpatialReference wgs84, bng;
  wgs84.SetWellKnownGeogCS("WGS84");
  wgs84.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  bng.importFromEPSG(27700);
  std::unique_ptr<OGRCoordinateTransformation> to_bng(OGRCreateCoordinateTransformation(&wgs84, &bng));
  double area = 0.0;
  for (auto& feature : dataset->GetLayer(0)) {
    std::unique_ptr<OGRGeometry> geometry(feature->GetGeometryRef()->clone());
    geometry->transform(to_bng.get());
    const OGRwkbGeometryType type = wkbFlatten(geometry->getGeometryType());
    if (type == wkbPolygon) {
      area += geometry->toPolygon()->get_Area();
    } else if (type == wkbMultiPolygon) {
      area += geometry->toMultiPolygon()->get_Area();
    } else {
      ADD_FAILURE() << "a district boundary that is not a polygon: " << geometry->getGeometryName();
    }
  }
  return area;
}

TEST(EssexWithoutBoundaries, StudyAreaIsNearTheCountyAndConcentrationIsPlausible) {
  if (!grip::test::have_shared_data()) GTEST_SKIP() << "no real data at " << grip::test::shared_data();
  const double real = essex_area_m2_from_boundary_file();
  ASSERT_GT(real, 3.0e9);  // Essex, Southend and Thurrock: about 3,670 km2
  grip::test::ScratchDir scratch;
  grip::store::Store store(grip::test::store_locator(scratch / "essex-no-boundaries.gpkg"));
  (void)grip::ingest::ingest_files(store, {grip::test::shared_data() / "police-uk" / "street"},
                                   grip::ingest::IngestOptions{});
  const auto run = run_hotspots(store, {});
  const double derived = run.study_area.area_m2;
  std::cout << "Essex real area " << real / 1e6 << " km2, derived without boundaries " << derived / 1e6
            << " km2; top 1/5 % of cells " << run.cell_concentration.top_1_percent << " / "
            << run.cell_concentration.top_5_percent << ", Gini " << run.cell_concentration.gini
            << "; cells holding half the harm " << share_of_units_holding(run.cell_concentration, 0.5)
            << ", street locations holding half " << share_of_units_holding(run.street_concentration, 0.5)
            << " (top 5 % of locations " << run.street_concentration.top_5_percent << ")\n";
  EXPECT_FALSE(run.study_area.from_boundaries);
  EXPECT_GT(derived, real / 1.5);
  EXPECT_LT(derived, real * 1.5);
  // Weisburd (2015): about half of crime at 2-6 % of street segments. 150 m cells over a county are
  // coarser and include farmland, so half the harm should lie in at most 6 % of cells but not in a
  // sliver: over the bounding box (the old rule) the top 1 % of cells held all of it.
  const double half_in = share_of_units_holding(run.cell_concentration, 0.5);
  EXPECT_GE(half_in, 0.005);
  EXPECT_LE(half_in, 0.06);
  EXPECT_LT(run.cell_concentration.top_1_percent, 0.6);
  bool warned = false;
  for (const auto& note : run.notes) warned = warned || note.find("PAI") != std::string::npos;
  EXPECT_TRUE(warned);
  expect_no_two_selected_touch(run);
}

TEST(EssexWithBoundaries, NoTwoSelectedHotspotsTouch) {
  if (!grip::test::have_shared_data()) GTEST_SKIP() << "no real data at " << grip::test::shared_data();
  grip::test::ScratchDir scratch;
  grip::store::Store store(grip::test::store_locator(scratch / "essex.gpkg"));
  const auto data = grip::test::shared_data();
  (void)grip::ingest::ingest_files(
      store, {data / "boundaries" / "essex-districts.geojson", data / "police-uk" / "street"},
      grip::ingest::IngestOptions{});
  const auto run = run_hotspots(store, {});
  expect_no_two_selected_touch(run);
  std::size_t selected = 0;
  for (const auto& h : run.hotspots) selected += h.selected ? 1 : 0;
  EXPECT_EQ(selected, 15u);

  // The serious-violence ranking: only violence and robbery analysed and ranked, the title says so,
  // and possession of weapons counted per hotspot as context, checked against the stored points.
  HotspotSettings violence;
  violence.rank_serious_violence = true;
  const auto sv = run_hotspots(store, violence);
  EXPECT_EQ(sv.crime_types, (std::vector<std::string>{"Robbery", "Violence and sexual offences"}));
  EXPECT_EQ(sv.title.rfind("Serious violence hotspots", 0), 0u) << sv.title;
  expect_no_two_selected_touch(sv);
  auto query = store.database().prepare(
      "SELECT x, y FROM incidents WHERE category = 'Possession of weapons' AND outside_km IS NULL");
  std::vector<std::int64_t> weapons_in_cell(sv.grid.cell_count(), 0);
  while (query->step()) {
    const auto cell = sv.grid.cell_of(query->column_double(0), query->column_double(1));
    if (cell) ++weapons_in_cell[*cell];
  }
  std::int64_t total = 0;
  for (const auto& h : sv.hotspots) {
    std::int64_t expected = 0;
    for (const auto c : h.cells) expected += weapons_in_cell[c];
    EXPECT_EQ(h.weapons_possession, expected) << h.id;
    total += expected;
    if (h.selected) {
      EXPECT_NE(h.explanation.find("possession of weapons"), std::string::npos);
    }
  }
  EXPECT_GT(total, 0);
}

}  // namespace

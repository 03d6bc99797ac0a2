// The hotspot pipeline end to end through the store: on the real Essex data (skipped when
// ../shared/data is absent) and on the synthetic demo county with its planted truth.
#include "grip/hotspot/hotspot_pipeline.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <memory>
#include <random>

#include "grip/demo/synthetic_county.hpp"
#include "grip/geo/projection.hpp"
#include "grip/hotspot/hotspot_layers.hpp"
#include "grip/ingest/ingest_files.hpp"
#include "support/test_support.hpp"

namespace {

using namespace grip::hotspot;
namespace fs = std::filesystem;

class EssexHotspotRun : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    if (!grip::test::have_shared_data()) return;
    scratch_ = std::make_unique<grip::test::ScratchDir>();
    store_ = std::make_unique<grip::store::Store>(grip::test::store_locator(scratch_->path() / "essex.gpkg"));
    const auto data = grip::test::shared_data();
    (void)grip::ingest::ingest_files(
        *store_, {data / "boundaries" / "essex-districts.geojson", data / "police-uk" / "street"},
        grip::ingest::IngestOptions{});
  }
  static void TearDownTestSuite() {
    store_.reset();
    scratch_.reset();
  }
  void SetUp() override {
    if (!store_) GTEST_SKIP() << "no real data at " << grip::test::shared_data();
  }
  static std::unique_ptr<grip::test::ScratchDir> scratch_;
  static std::unique_ptr<grip::store::Store> store_;
};
std::unique_ptr<grip::test::ScratchDir> EssexHotspotRun::scratch_;
std::unique_ptr<grip::store::Store> EssexHotspotRun::store_;

TEST_F(EssexHotspotRun, SelectsFifteenHotspotsInsideTheForceArea) {
  const auto run = run_hotspots(*store_, {});
  std::size_t selected = 0;
  for (const auto& h : run.hotspots) {
    if (!h.selected) continue;
    ++selected;
    EXPECT_FALSE(h.district.empty()) << h.name;
    EXPECT_LE(h.area_m2, run.settings.max_area_m2);
    for (const auto c : h.cells) EXPECT_EQ(run.cells.in_study_area[c], 1) << h.name;
    EXPECT_EQ(h.name.rfind(h.district + ": On or near ", 0), 0u) << h.name;
  }
  EXPECT_EQ(selected, 15u);
  EXPECT_EQ(run.study_area.boundary_polygons, 14u);
  // Law of crime concentration: half the harm in a few per cent of cells.
  EXPECT_GT(run.cell_concentration.top_5_percent, 0.5);
}

TEST_F(EssexHotspotRun, KdeEqualsADirectKernelSumOverTheStoredPoints) {
  HotspotSettings settings;
  settings.bandwidth_m = 300;
  const auto run = run_hotspots(*store_, settings);
  // The points, read independently: victim-generated street crime, harm-weighted, not flagged.
  auto query = store_->database().prepare(
      "SELECT i.x, i.y, c.harm_weight FROM incidents i JOIN categories c ON c.category = i.category "
      "JOIN ingest_batches b ON b.batch_id = i.batch_id WHERE c.origin = 'victim-generated' "
      "AND b.dataset = 'police.uk street' AND i.outside_km IS NULL");
  std::vector<double> xs, ys, ws;
  while (query->step()) {
    const double x = query->column_double(0), y = query->column_double(1);
    const auto cell = run.grid.cell_of(x, y);
    if (!cell || !run.cells.in_study_area[*cell]) continue;  // the run leaves these out, and says so
    xs.push_back(x), ys.push_back(y), ws.push_back(query->column_double(2));
  }
  ASSERT_EQ(static_cast<std::int64_t>(xs.size()), run.incidents_used);
  std::mt19937 random(3);
  std::uniform_int_distribution<std::size_t> pick(0, run.grid.cell_count() - 1);
  int checked_positive = 0;
  for (int sample = 0; sample < 400; ++sample) {
    std::size_t cell = pick(random);
    if (sample % 2 == 0) {  // half the samples where the density is not zero
      while (run.cells.kde_density[cell] == 0) cell = pick(random);
      ++checked_positive;
    }
    const auto centre = run.grid.cell_centre(cell);
    double expected = 0;
    for (std::size_t i = 0; i < xs.size(); ++i) {
      const double d2 = (xs[i] - centre.x) * (xs[i] - centre.x) + (ys[i] - centre.y) * (ys[i] - centre.y);
      if (d2 < 300.0 * 300.0)
        expected += ws[i] * 3 / (M_PI * 300.0 * 300.0) * std::pow(1 - d2 / (300.0 * 300.0), 2);
    }
    EXPECT_NEAR(run.cells.kde_density[cell], expected, 1e-9 * std::max(expected, 1e-12)) << "cell " << cell;
  }
  EXPECT_EQ(checked_positive, 200);
}

TEST_F(EssexHotspotRun, HalfCellShiftOfTheGridKeepsMostHotspots) {
  const auto base = run_hotspots(*store_, {});
  HotspotSettings shifted_settings;
  shifted_settings.grid_shift_x_m = shifted_settings.grid_shift_y_m = 75;
  const auto shifted = run_hotspots(*store_, shifted_settings);
  std::vector<PlantedCentre> centres;
  for (const auto& h : base.hotspots) {
    if (h.selected) centres.push_back({h.id, h.centroid_x, h.centroid_y, 0});
  }
  const auto kept = recover_planted(shifted, centres, 250);
  std::cout << "kept after a half-cell shift: " << kept.recovered << " of " << kept.planted << "\n";
  EXPECT_GE(kept.recovered, 11u);  // most: three quarters of 15
}

TEST_F(EssexHotspotRun, WritesLayersInOneRunAndReplacesThePrevious) {
  auto run = run_hotspots(*store_, {});
  const auto first = write_hotspot_run(*store_, run);
  const auto second = write_hotspot_run(*store_, run);
  EXPECT_EQ(second.run_id, first.run_id + 1);
  EXPECT_EQ(store_->count_rows("hotspots", "selected = 1"), 15);
  EXPECT_EQ(store_->count_rows("hotspot_cells"), first.cells_written);
  EXPECT_EQ(store_->count_rows("hotspot_cells", "hotspot_id IS NOT NULL"),
            static_cast<std::int64_t>(std::count_if(run.cells.candidate_of_cell.begin(),
                                                    run.cells.candidate_of_cell.end(),
                                                    [](auto a) { return a >= 0; })));
}

TEST(SyntheticCountyHotspots, RecoversMostPlantedHotspots) {
  grip::test::ScratchDir scratch;
  grip::demo::CountyOptions options;
  const auto county = grip::demo::write_synthetic_county(options, scratch / "data");
  grip::store::Store store(grip::test::store_locator((scratch / "demo.gpkg")));
  (void)grip::ingest::ingest_files(store, {scratch / "data"}, grip::ingest::IngestOptions{});
  const auto run = run_hotspots(store, {});
  grip::geo::Projector projector(store.crs()->code);
  std::vector<PlantedCentre> planted;
  for (const auto& h : county.hotspots) {
    double x = h.longitude, y = h.latitude;
    projector.forward(std::span(&x, 1), std::span(&y, 1));
    planted.push_back({h.name, x, y, h.radius_m});
  }
  const auto recovery = recover_planted(run, planted);
  std::cout << "recovered " << recovery.recovered << " of " << recovery.planted << " planted hotspots\n";
  EXPECT_GE(recovery.recovered, 10u);
}

}  // namespace

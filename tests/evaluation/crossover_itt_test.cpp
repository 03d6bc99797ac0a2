// A crossover design evaluated on dated incidents: a synthetic force extract (British National Grid
// eastings, day-first dates, examples/force-extract.mapping.json) with incidents planted on known
// days in two hotspot squares, and a stored crossover assignment. The intention-to-treat counts
// and exposures are recomputed here from the design's own day-by-day assignment.
#include <gtest/gtest.h>

#include <cstdio>
#include <string>
#include <vector>

#include "evaluation/evaluation_fixture.hpp"
#include "grip/evaluation/evaluate_run.hpp"
#include "grip/patrol/design.hpp"
#include "grip/patrol/design_store.hpp"
#include "grip/store/evaluation_inputs.hpp"
#include "support/test_support.hpp"

namespace {

using namespace grip::evaluation;

constexpr double kCentres[2][2] = {{570'800.0, 206'900.0}, {588'000.0, 185'500.0}};
constexpr int kDays = 14;

int planted(int hotspot, int day) { return (hotspot + 1) * (day % 3); }

TEST(CrossoverItt, CountsTreatedAgainstControlPlaceDays) {
  grip::test::ScratchDir dir;
  std::string csv = "URN,Offence,Committed From,Committed To,Easting,Northing,Street\n";
  int urn = 0;
  const auto add = [&](int hotspot, const std::string& date) {
    char row[200];
    std::snprintf(row, sizeof row, "U%d,common assault,%s 10:00,,%.0f,%.0f,High Street\n", urn++,
                  date.c_str(), kCentres[hotspot][0], kCentres[hotspot][1]);
    csv += row;
  };
  for (int h = 0; h < 2; ++h) {
    add(h, "15/03/2018");  // the month before the programme, so the before period holds data
    for (int d = 0; d < kDays; ++d) {
      char date[16];
      std::snprintf(date, sizeof date, "%02d/04/2018", d + 1);
      for (int i = 0; i < planted(h, d); ++i) add(h, date);
    }
  }
  const auto db = dir / "extract.gpkg";
  const auto ingest =
      grip::test::run_grip({"--db", db.string(), "-q", "ingest", "--mapping",
                            std::string(GRIP_SOURCE_DIR) + "/examples/force-extract.mapping.json",
                            dir.write("extract.csv", csv).string()});
  ASSERT_EQ(ingest.exit_code, 0) << ingest.out;
  grip::store::Store store(grip::test::store_locator(db));
  std::vector<grip::test::TestRect> rects;
  for (int h = 0; h < 2; ++h)
    rects.push_back({"H" + std::to_string(h + 1), kCentres[h][0] - 100, kCentres[h][1] - 100,
                     kCentres[h][0] + 100, kCentres[h][1] + 100, true});
  grip::test::store_rectangles_as_hotspots(store, rects);
  grip::patrol::DesignInput input;
  input.hotspot_ids = {"H1", "H2"};
  input.pre_period_harm = {1.0, 1.0};
  input.first_day = "2018-04-01";
  input.days = kDays;
  input.seed = 11;
  const auto design = grip::patrol::make_design(grip::patrol::DesignKind::kCrossover, input);
  {
    grip::store::WriteTransaction transaction(store);
    (void)grip::patrol::store_design(store, design, grip::store::read_latest_hotspot_areas(store).run_id);
    transaction.commit();
  }
  EvaluationSettings settings;
  settings.dataset = "force records extract";
  const auto r = run_evaluation(store, settings);
  EXPECT_EQ(r.after.label(), "2018-04..2018-04");
  ASSERT_TRUE(r.itt.has_value());
  ASSERT_TRUE(r.itt->effect.has_value()) << r.itt->note;
  double treated_days = 0, control_days = 0, treated_count = 0, control_count = 0;
  for (std::size_t h = 0; h < design.hotspot_ids.size(); ++h) {
    const int index = design.hotspot_ids[h] == "H1" ? 0 : 1;
    for (int d = 0; d < kDays; ++d) {
      const bool treated = design.treated[h][static_cast<std::size_t>(d)];
      (treated ? treated_days : control_days) += 1;
      (treated ? treated_count : control_count) += planted(index, d);
    }
  }
  const auto& e = *r.itt->effect;
  EXPECT_EQ(r.itt->unit, "place-day");
  EXPECT_EQ(e.treated_units, treated_days);
  EXPECT_EQ(e.control_units, control_days);
  EXPECT_EQ(e.treated_count, treated_count);
  EXPECT_EQ(e.control_count, control_count);
  EXPECT_NEAR(e.exact.rate_ratio, (treated_count / treated_days) / (control_count / control_days), 1e-12);
}

}  // namespace

// A crossover design evaluated on dated incidents: a synthetic force extract (British National Grid
// eastings, day-first dates, examples/force-extract.mapping.json) with incidents planted on known
// days in two hotspot squares, and a stored crossover assignment. The intention-to-treat counts
// and exposures are recomputed here from the design's own day-by-day assignment.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "evaluation/evaluation_fixture.hpp"
#include "grip/evaluation/evaluate_run.hpp"
#include "grip/patrol/design.hpp"
#include "grip/patrol/design_store.hpp"
#include "grip/store/evaluation_inputs.hpp"
#include "grip/store/gps_tables.hpp"
#include "support/test_support.hpp"

namespace {

using namespace grip::evaluation;

constexpr double kCentres[2][2] = {{570'800.0, 206'900.0}, {588'000.0, 185'500.0}};
constexpr int kDays = 14;

int planted(int hotspot, int day) { return (hotspot + 1) * (day % 3); }

struct CrossoverStore {
  grip::test::ScratchDir dir;
  std::filesystem::path db = dir / "extract.gpkg";
  grip::patrol::Design design;
};

std::unique_ptr<CrossoverStore> make_crossover_store() {
  auto made = std::make_unique<CrossoverStore>();
  const auto& dir = made->dir;
  const auto& db = made->db;
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
      char date[24];  // room for any int: GCC at -O1 cannot see that d + 1 <= 30
      std::snprintf(date, sizeof date, "%02d/04/2018", d + 1);
      for (int i = 0; i < planted(h, d); ++i) add(h, date);
    }
  }
  const auto ingest =
      grip::test::run_grip({"--db", db.string(), "-q", "ingest", "--mapping",
                            std::string(GRIP_SOURCE_DIR) + "/examples/force-extract.mapping.json",
                            dir.write("extract.csv", csv).string()});
  EXPECT_EQ(ingest.exit_code, 0) << ingest.out;
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
  made->design = grip::patrol::make_design(grip::patrol::DesignKind::kCrossover, input);
  grip::store::WriteTransaction transaction(store);
  (void)grip::patrol::store_design(store, made->design, grip::store::read_latest_hotspot_areas(store).run_id);
  transaction.commit();
  return made;
}

TEST(CrossoverItt, CountsTreatedAgainstControlPlaceDays) {
  const auto made = make_crossover_store();
  const auto& design = made->design;
  grip::store::Store store(grip::test::store_locator(made->db));
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
  EXPECT_FALSE(r.itt->per_patrol_hour.has_value()) << "no GPS visits are stored";
}

// With GPS visits: 20 minutes on each treated place-day and 5 on each control one, plus one
// 10-minute visit at 23:30 UTC, which is 00:30 BST the next day and so counts for that place-day
// (chosen where the next day is in the other arm). The per-patrol-hour effect is the ITT log ratio scaled by
// 60 / (difference in mean minutes per place-day), recomputed here from the design's own assignment.
TEST(CrossoverItt, ScalesTheEffectToTheGpsMinutesDelivered) {
  const auto made = make_crossover_store();
  const auto& design = made->design;
  grip::store::Store store(grip::test::store_locator(made->db));
  std::vector<grip::store::GpsVisitRow> visits;
  double treated_minutes = 0, control_minutes = 0, treated_days = 0, control_days = 0;
  const auto visit = [&](const std::string& hotspot, const std::string& start, double minutes) {
    grip::store::GpsVisitRow v;
    v.hotspot_id = hotspot;
    v.officer = "off-000000000000000000000000";
    v.entry_earliest = v.first_in = v.last_in = v.exit_latest = start;
    v.minutes = v.minutes_low = v.minutes_high = minutes;
    v.fixes = 2;
    visits.push_back(v);
  };
  for (std::size_t h = 0; h < design.hotspot_ids.size(); ++h)
    for (int d = 0; d < kDays; ++d) {
      const bool treated = design.treated[h][static_cast<std::size_t>(d)];
      char start[32];
      std::snprintf(start, sizeof start, "2018-04-%02dT11:00:00Z", d + 1);
      visit(design.hotspot_ids[h], start, treated ? 20.0 : 5.0);
      (treated ? treated_minutes : control_minutes) += treated ? 20.0 : 5.0;
      (treated ? treated_days : control_days) += 1;
    }
  // A late visit on a day whose next day is in the other arm, so the clock decides its arm.
  int late = 0;
  while (late + 1 < kDays && design.treated[0][static_cast<std::size_t>(late)] ==
                                 design.treated[0][static_cast<std::size_t>(late + 1)])
    ++late;
  ASSERT_LT(late + 1, kDays) << "a crossover switches arms";
  char late_start[32];
  std::snprintf(late_start, sizeof late_start, "2018-04-%02dT23:30:00Z", late + 1);  // local: the next day
  visit(design.hotspot_ids[0], late_start, 10.0);
  (design.treated[0][static_cast<std::size_t>(late + 1)] ? treated_minutes : control_minutes) += 10.0;
  {
    grip::store::WriteTransaction transaction(store);
    grip::store::GpsBatchRow batch;
    batch.file = "pings.csv";
    batch.content_hash = "crossover-test";
    batch.ingested_at = "2018-05-01T00:00:00Z";
    batch.hotspot_run_id = grip::store::read_latest_hotspot_areas(store).run_id;
    (void)grip::store::write_gps_batch(store, batch, visits);
    transaction.commit();
  }
  EvaluationSettings settings;
  settings.dataset = "force records extract";
  const auto r = run_evaluation(store, settings);
  ASSERT_TRUE(r.itt && r.itt->effect && r.itt->per_patrol_hour) << (r.itt ? r.itt->note : "no itt");
  const auto& d = *r.itt->per_patrol_hour;
  ASSERT_TRUE(d.valid) << d.note;
  EXPECT_NEAR(d.treated_minutes_per_unit, treated_minutes / treated_days, 1e-9);
  EXPECT_NEAR(d.control_minutes_per_unit, control_minutes / control_days, 1e-9);
  const auto& e = *r.itt->effect;
  const double scale = 60.0 / (treated_minutes / treated_days - control_minutes / control_days);
  EXPECT_NEAR(d.rate_ratio, std::pow(e.exact.rate_ratio, scale), 1e-9);
  const auto& basis = e.overdispersed.valid ? e.overdispersed.interval : e.exact.exact;
  EXPECT_NEAR(d.interval.low, std::pow(basis.low, scale), 1e-9);
  EXPECT_NEAR(d.interval.high, std::pow(basis.high, scale), 1e-9);
}

}  // namespace

// The evaluation end to end on real data: Essex Police's 2018 street crime (data.police.uk),
// ingested by grip, with two treated and two comparison rectangles stored as a hotspot run. The
// expected counts come from the raw CSVs, parsed here; each row is projected with the same PROJ
// transformation ingest uses (geo::Projector, so a point is where the store has it) and assigned
// to a zone by closed-form rectangle distances, not by the evaluation's polygon code.
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "evaluation/evaluation_fixture.hpp"
#include "grip/core/errors.hpp"
#include "grip/evaluation/evaluate_run.hpp"
#include "grip/geo/projection.hpp"
#include "grip/patrol/design.hpp"
#include "grip/patrol/design_store.hpp"
#include "grip/store/evaluation_inputs.hpp"
#include "grip/store/hotspot_tables.hpp"
#include "grip/store/store.hpp"
#include "support/test_support.hpp"

namespace {

namespace fs = std::filesystem;
using namespace grip::evaluation;

struct Rect {
  const char* id;
  double x0, y0, x1, y1;
  bool treated;
};
// 700 m squares on the centres of Southend and Chelmsford (treated), Colchester and Basildon.
constexpr std::array<Rect, 4> kRects = {{{"T1", 587600, 185200, 588300, 185900, true},
                                         {"T2", 570500, 206500, 571200, 207200, true},
                                         {"C1", 599300, 224900, 600000, 225600, false},
                                         {"C2", 571000, 188600, 571700, 189300, false}}};
constexpr double kBuffer = 250.0;
const char* const kMonths[] = {"2018-01", "2018-02", "2018-03", "2018-04", "2018-05", "2018-06"};

double rect_distance(const Rect& r, double x, double y) {
  const double dx = std::max({r.x0 - x, 0.0, x - r.x1});
  const double dy = std::max({r.y0 - y, 0.0, y - r.y1});
  return std::hypot(dx, dy);
}

// Zone of a point by the documented rule: treated, comparison, treated buffer, comparison buffer.
int zone_of(double x, double y) {
  for (const bool treated : {true, false})
    for (const auto& r : kRects)
      if (r.treated == treated && x > r.x0 && x < r.x1 && y > r.y0 && y < r.y1) return treated ? 0 : 1;
  for (const bool treated : {true, false})
    for (const auto& r : kRects)
      if (r.treated == treated && rect_distance(r, x, y) <= kBuffer) return treated ? 2 : 3;
  return -1;
}

class EssexEvaluation : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    if (!grip::test::have_shared_data()) return;
    scratch_ = std::make_unique<grip::test::ScratchDir>();
    db_ = scratch_->path() / "essex.gpkg";
    std::vector<std::string> args = {"--db", db_.string(), "-q", "ingest"};
    for (const char* month : kMonths)
      args.push_back(
          (grip::test::shared_data() / "police-uk" / "street" / (std::string(month) + "-essex-street.csv"))
              .string());
    const auto ingest = grip::test::run_grip(args);
    ASSERT_EQ(ingest.exit_code, 0) << ingest.out;
    grip::store::Store store(grip::test::store_locator(db_));
    std::vector<grip::test::TestRect> rects;
    for (const auto& r : kRects) rects.push_back({r.id, r.x0, r.y0, r.x1, r.y1, r.treated});
    grip::test::store_rectangles_as_hotspots(store, rects);
    ready_ = true;
  }
  static void TearDownTestSuite() { scratch_.reset(); }
  void SetUp() override {
    if (!grip::test::have_shared_data()) GTEST_SKIP() << "no real data at " << grip::test::shared_data();
    ASSERT_TRUE(ready_) << "the Essex store could not be set up (see the suite's failure above)";
  }
  static inline bool ready_ = false;
  static std::unique_ptr<grip::test::ScratchDir> scratch_;
  static fs::path db_;
};
std::unique_ptr<grip::test::ScratchDir> EssexEvaluation::scratch_;
fs::path EssexEvaluation::db_;

// [type][zone][0 before, 1 after]
using Expected = std::map<std::string, std::array<std::array<double, 2>, 4>>;
// [rectangle id][0 before, 1 after]: violence and robbery inside each treated rectangle
std::map<std::string, std::array<double, 2>> g_inside_treated;

Expected count_from_csvs() {
  Expected expected;
  g_inside_treated.clear();
  const grip::geo::Projector projector("EPSG:27700");
  for (const char* month : kMonths) {
    const auto rows = grip::test::parse_csv(grip::test::read_file(
        grip::test::shared_data() / "police-uk" / "street" / (std::string(month) + "-essex-street.csv")));
    const int period = std::strcmp(month, "2018-04") < 0 ? 0 : 1;
    for (std::size_t i = 1; i < rows.size(); ++i) {
      const auto& row = rows[i];
      if (row.size() < 10 || row[4].empty() || row[5].empty()) continue;
      const auto& type = row[9];
      if (type != "Violence and sexual offences" && type != "Robbery" && type != "Possession of weapons")
        continue;
      double x = std::stod(row[4]), y = std::stod(row[5]);
      projector.forward({&x, 1}, {&y, 1});
      const int zone = zone_of(x, y);
      if (zone < 0) continue;
      expected[type][static_cast<std::size_t>(zone)][static_cast<std::size_t>(period)] += 1.0;
      if (zone == 0 && type != "Possession of weapons")
        for (const auto& r : kRects)
          if (r.treated && x > r.x0 && x < r.x1 && y > r.y0 && y < r.y1)
            g_inside_treated[r.id][static_cast<std::size_t>(period)] += 1.0;
    }
  }
  return expected;
}

TEST_F(EssexEvaluation, CountsAndDisplacementEqualTheRawCsvs) {
  grip::store::Store store(grip::test::store_locator(db_));
  EvaluationSettings settings;
  settings.areas = "ids:T1,T2";
  settings.comparison = "ids:C1,C2";
  settings.before = "2018-01..2018-03";
  settings.after = "2018-04..2018-06";
  settings.buffer_m = kBuffer;
  const auto result = run_evaluation(store, settings);
  const auto expected = count_from_csvs();
  ASSERT_EQ(result.outcomes.size(), 4u);  // headline + three types
  double headline[4][2] = {};
  for (std::size_t o = 1; o < result.outcomes.size(); ++o) {
    const auto& outcome = result.outcomes[o];
    const auto& want = expected.at(outcome.name);
    for (std::size_t z = 0; z < 4; ++z) {
      EXPECT_EQ(outcome.counts[z].before, want[z][0]) << outcome.name << " zone " << z;
      EXPECT_EQ(outcome.counts[z].after, want[z][1]) << outcome.name << " zone " << z;
      if (outcome.name != "Possession of weapons") {
        headline[z][0] += want[z][0];
        headline[z][1] += want[z][1];
      }
    }
  }
  const auto& h = result.outcomes[0];
  for (std::size_t z = 0; z < 4; ++z) {
    EXPECT_EQ(h.counts[z].before, headline[z][0]) << "zone " << z;
    EXPECT_EQ(h.counts[z].after, headline[z][1]) << "zone " << z;
  }
  EXPECT_GT(headline[0][0], 100.0);  // the rectangles hold real numbers of incidents
  // Before/after and WDD from the independent counts (equal 3-month periods: the paper's form).
  EXPECT_NEAR(h.change.rate_ratio, headline[0][1] / headline[0][0], 1e-12);
  ASSERT_TRUE(h.wdd.has_value());
  const double local = (headline[0][1] - headline[0][0]) - (headline[1][1] - headline[1][0]);
  const double displacement = (headline[2][1] - headline[2][0]) - (headline[3][1] - headline[3][0]);
  EXPECT_DOUBLE_EQ(h.wdd->local, local);
  EXPECT_DOUBLE_EQ(h.wdd->displacement, displacement);
  double variance = 0;
  for (const auto& zone : headline) variance += zone[0] + zone[1];
  EXPECT_NEAR(h.wdd->total_se, std::sqrt(variance), 1e-9);
  // The possession-of-weapons row carries the police-generated reading.
  EXPECT_TRUE(result.outcomes[3].police_generated);
  EXPECT_FALSE(result.outcomes[3].note.empty());
}

TEST_F(EssexEvaluation, DefaultPeriodsSplitTheStoredMonths) {
  grip::store::Store store(grip::test::store_locator(db_));
  EvaluationSettings settings;  // the selected hotspots T1, T2; runners-up C1, C2 matched
  const auto result = run_evaluation(store, settings);
  EXPECT_EQ(result.before.label(), "2018-01..2018-03");
  EXPECT_EQ(result.after.label(), "2018-04..2018-06");
  EXPECT_EQ(result.treated_areas, (std::vector<std::string>{"T1", "T2"}));
  EXPECT_EQ(result.comparison_areas.size(), 2u);
  EXPECT_FALSE(result.outcomes[0].verdict.empty());
}

// Stores designs, so it runs last: the latest design sets the default periods from here on.
TEST_F(EssexEvaluation, RandomisedDesignsGiveTheIntentionToTreatEffect) {
  grip::store::Store store(grip::test::store_locator(db_));
  grip::patrol::DesignInput input;
  input.hotspot_ids = {"T1", "T2"};
  input.pre_period_harm = {1.0, 2.0};
  input.first_day = "2018-04-01";
  input.days = 91;  // to 2018-06-30
  input.seed = 7;
  const auto rct = grip::patrol::make_design(grip::patrol::DesignKind::kRct, input);
  const auto run_id = grip::store::read_latest_hotspot_areas(store).run_id;
  {
    grip::store::WriteTransaction transaction(store);
    (void)grip::patrol::store_design(store, rct, run_id);
    transaction.commit();
  }
  const auto result = run_evaluation(store, EvaluationSettings{});
  EXPECT_EQ(result.after.label(), "2018-04..2018-06");  // the programme period
  EXPECT_EQ(result.before.label(), "2018-01..2018-03");
  ASSERT_TRUE(result.itt.has_value());
  ASSERT_TRUE(result.itt->effect.has_value()) << result.itt->note;
  (void)count_from_csvs();
  const std::string treated_id = rct.treated[0][0] ? "T1" : "T2";
  const std::string control_id = treated_id == "T1" ? "T2" : "T1";
  const auto& e = *result.itt->effect;
  EXPECT_EQ(e.treated_count, g_inside_treated[treated_id][1]);
  EXPECT_EQ(e.control_count, g_inside_treated[control_id][1]);
  EXPECT_NEAR(e.exact.rate_ratio, g_inside_treated[treated_id][1] / g_inside_treated[control_id][1], 1e-12);
  EXPECT_NEAR(e.adjusted.ratio,
              (g_inside_treated[treated_id][1] / g_inside_treated[treated_id][0]) /
                  (g_inside_treated[control_id][1] / g_inside_treated[control_id][0]),
              1e-12);
  // A crossover needs dated incidents; data.police.uk has months only, and the output says so.
  const auto crossover = grip::patrol::make_design(grip::patrol::DesignKind::kCrossover, input);
  {
    grip::store::WriteTransaction transaction(store);
    (void)grip::patrol::store_design(store, crossover, run_id);
    transaction.commit();
  }
  const auto second = run_evaluation(store, EvaluationSettings{});
  ASSERT_TRUE(second.itt.has_value());
  EXPECT_FALSE(second.itt->effect.has_value());
  EXPECT_NE(second.itt->note.find("months only"), std::string::npos) << second.itt->note;
  // An unknown --time-zone is refused, named as the option, before the ITT converts a GPS time with it.
  EvaluationSettings unknown_zone;
  unknown_zone.time_zone = "Mars/Olympus";
  try {
    (void)run_evaluation(store, unknown_zone);
    ADD_FAILURE() << "an unknown time zone was accepted";
  } catch (const grip::UsageError& error) {
    EXPECT_NE(std::string(error.what()).find("--time-zone: 'Mars/Olympus'"), std::string::npos)
        << error.what();
  }
}

}  // namespace

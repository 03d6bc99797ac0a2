// The default periods on two full years (the last 12 months against the 12 before), year on year,
// matched comparison, DiD and WDD through the whole pipeline, on a synthetic street file whose
// counts are planted by hand: 10 violent incidents a month in the treated square in 2017 and 7 in
// 2018, 10 a month in the comparison square throughout, 5 then 6 in the treated square's buffer,
// 5 in the comparison's buffer.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "evaluation/evaluation_fixture.hpp"
#include "grip/evaluation/evaluate_run.hpp"
#include "grip/geo/projection.hpp"
#include "support/test_support.hpp"

namespace {

using namespace grip::evaluation;

struct Place {
  double lon, lat;
};
constexpr Place kTreated{0.4700, 51.7300}, kComparison{0.6000, 51.8000};
constexpr double kEast200m = 200.0 / (111'320.0 * 0.6193);  // degrees of longitude for 200 m at 51.75° N

std::string street_file(const std::string& month, int year_index) {
  std::string csv =
      "Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Crime type,"
      "Last outcome category,Context\n";
  int id = 0;
  const auto add = [&](Place p, int count) {
    for (int i = 0; i < count; ++i) {
      char row[256];
      std::snprintf(
          row, sizeof row,
          "%s-%d,%s,Essex Police,Essex Police,%.6f,%.6f,On or near High Street,E01021585,Chelmsford "
          "011A,Violence and sexual offences,Under investigation,\n",
          month.c_str(), id++, month.c_str(), p.lon, p.lat);
      csv += row;
    }
  };
  add(kTreated, year_index == 0 ? 10 : 7);
  add(kComparison, 10);
  add({kTreated.lon + kEast200m, kTreated.lat}, year_index == 0 ? 5 : 6);
  add({kComparison.lon + kEast200m, kComparison.lat}, 5);
  return csv;
}

TEST(TwoYearEvaluation, DefaultsToTheLastTwelveMonthsWithYearOnYear) {
  grip::test::ScratchDir dir;
  const auto db = dir / "two-years.gpkg";
  std::vector<std::string> args = {"--db", db.string(), "-q", "ingest"};
  for (int year = 2017; year <= 2018; ++year)
    for (int month = 1; month <= 12; ++month) {
      char name[32];
      std::snprintf(name, sizeof name, "%04d-%02d", year, month);
      args.push_back(
          dir.write(std::string("street/") + name + "-street.csv", street_file(name, year - 2017)).string());
    }
  const auto ingest = grip::test::run_grip(args);
  ASSERT_EQ(ingest.exit_code, 0) << ingest.out;

  // 200 m squares centred on the two places (projected as ingest projects them).
  const grip::geo::Projector projector("EPSG:27700");
  std::vector<double> x = {kTreated.lon, kComparison.lon}, y = {kTreated.lat, kComparison.lat};
  projector.forward(x, y);
  grip::store::Store store(grip::test::store_locator(db));
  grip::test::store_rectangles_as_hotspots(store,
                                           {{"T", x[0] - 100, y[0] - 100, x[0] + 100, y[0] + 100, true},
                                            {"C", x[1] - 100, y[1] - 100, x[1] + 100, y[1] + 100, false}});

  const auto r = run_evaluation(store, EvaluationSettings{});
  EXPECT_EQ(r.before.label(), "2017-01..2017-12");
  EXPECT_EQ(r.after.label(), "2018-01..2018-12");
  EXPECT_EQ(r.comparison_areas, std::vector<std::string>{"C"});
  const auto& h = r.outcomes.at(0);
  EXPECT_EQ(h.counts[0].before, 120.0);
  EXPECT_EQ(h.counts[0].after, 84.0);
  EXPECT_EQ(h.counts[1].before, 120.0);
  EXPECT_EQ(h.counts[1].after, 120.0);
  EXPECT_EQ(h.counts[2].before, 60.0);
  EXPECT_EQ(h.counts[2].after, 72.0);
  EXPECT_EQ(h.counts[3].before, 60.0);
  EXPECT_EQ(h.counts[3].after, 60.0);
  EXPECT_NEAR(h.change.rate_ratio, 0.7, 1e-12);
  // Months that never vary: no over-dispersion, so the verdict uses the exact interval.
  EXPECT_EQ(h.interval_basis.rfind("exact", 0), 0u) << h.interval_basis;
  EXPECT_EQ(h.verdict.rfind("a fall of 30 %", 0), 0u) << h.verdict;
  ASSERT_TRUE(h.year_on_year.has_value());
  EXPECT_EQ(h.year_on_year->before, 120);
  EXPECT_EQ(h.year_on_year->after, 84);
  ASSERT_TRUE(h.did.has_value());
  EXPECT_NEAR(h.did->ratio, 0.7, 1e-12);
  ASSERT_TRUE(h.wdd.has_value());
  EXPECT_DOUBLE_EQ(h.wdd->local, -36.0);
  EXPECT_DOUBLE_EQ(h.wdd->displacement, 12.0);
  EXPECT_DOUBLE_EQ(h.wdd->total_se, std::sqrt(696.0));
  // The monthly series: 10 then 7 in the treated zone, every month.
  ASSERT_EQ(h.series.count[0].size(), 24u);
  EXPECT_EQ(h.series.count[0][0], 10.0);
  EXPECT_EQ(h.series.count[0][23], 7.0);
  // Robbery is stored as a category but absent: reported as zero, never a crash or a fake verdict.
  for (const auto& o : r.outcomes)
    if (o.name == "Robbery") {
      EXPECT_EQ(o.counts[0].before + o.counts[0].after, 0.0);
      EXPECT_DOUBLE_EQ(o.headline_p, 1.0);
    }
}

}  // namespace

// The synthetic national year: the files it says it wrote exist, hold the rows it counted, are
// data.police.uk street files that ingest without a reject, and its forces tile the stated area.
#include "grip/demo/national_year.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "support/test_support.hpp"

namespace grip {
namespace {

TEST(NationalYear, WritesIngestableStreetFilesThatTileTheStatedArea) {
  test::ScratchDir dir;
  demo::NationalOptions options;
  options.forces = 5;
  options.months = 2;
  options.rows_per_force_month = 300;
  const auto year = demo::write_national_year(options, dir / "national");
  ASSERT_EQ(year.street_csvs.size(), 10u);
  std::int64_t lines = 0;
  for (const auto& csv : year.street_csvs) {
    const auto text = test::read_file(csv);
    ASSERT_TRUE(text.starts_with("Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,"))
        << csv;
    lines += std::count(text.begin(), text.end(), '\n') - 1;
  }
  EXPECT_EQ(lines, year.street_rows);
  EXPECT_GT(year.street_rows, 2'500);  // Poisson(300) ten times: 3,000 ± 3 sd of 170
  EXPECT_LT(year.street_rows, 3'500);

  const auto db = dir / "national.gpkg";
  const auto ingest = test::run_grip({"--db", db.string(), "-q", "ingest", (dir / "national").string()});
  ASSERT_EQ(ingest.exit_code, 0) << ingest.out;
  EXPECT_EQ(test::query_int(db, "SELECT count(*) FROM incidents"), year.street_rows);
  EXPECT_EQ(test::query_int(db, "SELECT count(*) FROM rejects"), 0);
  EXPECT_EQ(test::query_int(db, "SELECT count(*) FROM areas"), 5);
  EXPECT_EQ(test::query_int(db, "SELECT count(DISTINCT force) FROM incidents"), 5);
  // The boundaries' area in British National Grid (as GDAL measured it at ingest) against the
  // generator's spherical estimate: equal within 1 %.
  const auto stored_km2 =
      static_cast<double>(test::query_int(db, "SELECT CAST(SUM(area_m2) / 1e6 AS INTEGER) FROM areas"));
  EXPECT_NEAR(stored_km2, year.area_km2, 0.01 * year.area_km2);
  EXPECT_NEAR(year.area_km2, 152'987, 1'000) << "the region is meant to be the size of England and Wales";
}

}  // namespace
}  // namespace grip

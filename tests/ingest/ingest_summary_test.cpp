// The printed ingest summary: months in calendar order, and a plain statement when an ingest set
// no CRS because every file was refused.
#include "grip/ingest/ingest_summary.hpp"

#include <gtest/gtest.h>

#include "support/test_support.hpp"

namespace grip::ingest {
namespace {

TEST(IngestSummaryText, ListsStoredMonthsInCalendarOrder) {
  IngestSummary summary;
  summary.store_path = "s.gpkg";
  summary.crs_code = "EPSG:27700";
  summary.crs_name = "OSGB36 / British National Grid";
  FileSummary file;
  file.file = "a.csv";
  file.rows_read = file.rows_stored = 1 + 1500 + 30;
  file.stored_by_month = {{"2018-03", 30}, {"2018-01", 1}, {"2018-02", 1500}};
  summary.files.push_back(file);
  const std::string text = to_text(summary);
  EXPECT_NE(text.find("stored by month: 2018-01 1; 2018-02 1,500; 2018-03 30\n"), std::string::npos) << text;
}

TEST(IngestSummaryText, SaysNothingWasStoredWhenEveryFileIsRefused) {
  test::ScratchDir dir;
  const auto bad = dir.write("bad.csv", "foo,bar\n1,2\n");
  const auto result = test::run_grip({"--db", (dir / "s.gpkg").string(), "ingest", bad.string()});
  EXPECT_EQ(result.exit_code, 2) << result.out;
  EXPECT_EQ(result.out.find("CRS  ()"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("nothing stored"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("no CRS set"), std::string::npos) << result.out;
}

}  // namespace
}  // namespace grip::ingest

// Outputs through the binary: no option can write over the store (by any name), nothing partial is
// left when a write fails, CSV text cannot run as a spreadsheet formula, and exit 4 is documented.
#include <gtest/gtest.h>
#include <unistd.h>

#include "support/test_support.hpp"

namespace grip::test {
namespace {

class OutputSafety : public ::testing::Test {
 protected:
  void SetUp() override {
    store = make_small_store(dir);
    store_bytes = read_file(store);
    incidents = query_int(store, "SELECT count(*) FROM incidents");
    ASSERT_EQ(incidents, 74);  // 3 × 24 + the two hostile rows
  }
  // A refusal: exit 1, naming the option and the path, and the store exactly as it was.
  void expect_refused(const std::vector<std::string>& arguments, const std::string& option,
                      const std::string& path) {
    const auto result = run_grip(arguments);
    EXPECT_EQ(result.exit_code, 1) << result.out;
    EXPECT_NE(result.out.find(option + " " + path), std::string::npos) << result.out;
    EXPECT_EQ(read_file(store), store_bytes) << "the store must be untouched";
    EXPECT_EQ(query_int(store, "SELECT count(*) FROM incidents"), incidents);
  }
  ScratchDir dir;
  fs::path store;
  std::string store_bytes;
  std::int64_t incidents = 0;
};

TEST_F(OutputSafety, ExportRefusesTheStoreByEveryName) {
  const std::string db = store.string();
  expect_refused({"--db", db, "export", "incidents", "-o", db}, "--output", db);
  const fs::path here = fs::current_path();
  fs::current_path(dir.path());
  expect_refused({"--db", "s.gpkg", "export", "incidents", "-o", "./s.gpkg", "--format", "gpkg"}, "--output",
                 "./s.gpkg");
  fs::current_path(here);
  fs::create_hard_link(store, dir / "hard.gpkg");
  expect_refused({"--db", db, "export", "incidents", "-o", (dir / "hard.gpkg").string()}, "--output",
                 (dir / "hard.gpkg").string());
  fs::create_symlink(store, dir / "link.gpkg");
  expect_refused({"--db", db, "export", "incidents", "-o", (dir / "link.gpkg").string()}, "--output",
                 (dir / "link.gpkg").string());
  expect_refused({"--db", db, "export", "incidents", "-o", db + "-wal", "--format", "csv"}, "--output",
                 db + "-wal");
  expect_refused({"--db", db, "export", "incidents", "-o", "/dev/full", "--format", "csv"}, "--output",
                 "/dev/full");
}

TEST_F(OutputSafety, HotspotsAndBacktestRefuseTheStore) {
  const std::string db = store.string();
  expect_refused({"--db", db, "hotspots", "--export", db}, "--export", db);
  expect_refused({"--db", db, "hotspots", "--html", db}, "--html", db);
  expect_refused({"--db", db, "hotspots", "--html", "/dev/full"}, "--html", "/dev/full");
  expect_refused({"--db", db, "backtest", "--csv", db}, "--csv", db);
  expect_refused({"--db", db, "backtest", "--csv", db + "-shm"}, "--csv", db + "-shm");
  EXPECT_EQ(query_int(store, "SELECT count(*) FROM hotspot_runs"), 0) << "refused before the analysis ran";
}

TEST_F(OutputSafety, AFailedExportLeavesTheOldTargetAndNoPartialFile) {
  const std::string db = store.string();
  const fs::path target = dir / "out" / "incidents.geojson";
  ASSERT_EQ(run_grip({"--db", db, "export", "incidents", "-o", target.string()}).exit_code, 0);
  const std::string before = read_file(target);
  ASSERT_FALSE(before.empty());
  // An impossible target CRS fails inside GDAL, after writing has begun.
  const auto failed = run_grip(
      {"--db", db, "export", "incidents", "-o", target.string(), "--format", "gpkg", "--crs", "EPSG:999999"});
  EXPECT_NE(failed.exit_code, 0) << failed.out;
  EXPECT_EQ(read_file(target), before) << "the old target must survive a failed export";
  EXPECT_EQ(std::distance(fs::directory_iterator(dir / "out"), fs::directory_iterator()), 1)
      << "no partial file left";
}

TEST_F(OutputSafety, AnOutputThatCannotBeWrittenExitsWithFour) {
  const fs::path blocker = dir.write("not-a-folder", "x");
  const auto result =
      run_grip({"--db", store.string(), "export", "incidents", "-o", (blocker / "sub" / "x.csv").string()});
  EXPECT_EQ(result.exit_code, 4) << result.out;
  EXPECT_NE(result.out.find("not-a-folder"), std::string::npos) << result.out;
  EXPECT_EQ(read_file(store), store_bytes);
}

TEST_F(OutputSafety, HelpListsTheOutputErrorExitCode) {
  const auto result = run_grip({"--help"});
  EXPECT_NE(result.out.find("4  output error: an output file could not be written; the store is unchanged"),
            std::string::npos)
      << result.out;
}

// No cell of any row may start like a formula, except numbers (checked by the caller).
void expect_no_formula_cells(const std::string& csv, const std::string& what) {
  for (const auto& row : parse_csv(csv)) {
    for (const auto& cell : row) {
      if (cell.empty()) continue;
      const char first = cell.front();
      EXPECT_TRUE(first != '=' && first != '+' && first != '@' && first != '\t' && first != '\r')
          << what << ": " << cell;
      if (first == '-') {
        char* end = nullptr;
        (void)std::strtod(cell.c_str(), &end);
        EXPECT_EQ(*end, '\0') << what << ": a text cell starting with '-': " << cell;
      }
    }
  }
}

TEST_F(OutputSafety, CsvExportsNeutraliseFormulaTextButKeepNumbers) {
  const std::string db = store.string();
  const fs::path csv = dir / "incidents.csv";
  ASSERT_EQ(
      run_grip({"--db", db, "export", "incidents", "-o", csv.string(), "--csv-xy", "--crs", "EPSG:4326"})
          .exit_code,
      0);
  const std::string text = read_file(csv);
  EXPECT_NE(text.find("'=HYPERLINK(\"\"http://x\"\")"), std::string::npos) << text.substr(0, 400);
  EXPECT_NE(text.find("'+cmd|' /C calc'!A0"), std::string::npos);
  EXPECT_NE(text.find("'-2+3"), std::string::npos);
  expect_no_formula_cells(text, "export incidents");
  // The point west of Greenwich keeps a negative number as its X (-0.01 after the round trip
  // through British National Grid, to within a micrometre).
  EXPECT_NE(text.find("\n-0.00999998"), std::string::npos) << text;

  const fs::path raw = dir / "raw.csv";
  ASSERT_EQ(run_grip({"--db", db, "export", "incidents", "-o", raw.string(), "--csv-raw"}).exit_code, 0);
  EXPECT_NE(read_file(raw).find(",\"=HYPERLINK(\"\"http://x\"\")\","), std::string::npos)
      << "--csv-raw keeps the text";
}

TEST_F(OutputSafety, HotspotCsvExportIsNeutralisedToo) {
  const auto result = run_grip(
      {"--db", store.string(), "hotspots", "--cell-size", "100", "--export", (dir / "h.csv").string()});
  ASSERT_EQ(result.exit_code, 0) << result.out;
  for (const char* name : {"h-hotspots.csv", "h-hotspot_cells.csv"}) {
    ASSERT_TRUE(fs::exists(dir / name)) << result.out;
    expect_no_formula_cells(read_file(dir / name), name);
  }
}

}  // namespace
}  // namespace grip::test

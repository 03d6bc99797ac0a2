// Things a user trips over: a failed command leaves no empty store, layer names are listed, one
// pair of x/y columns, the real export file names, the memory check, plurals.
#include <gtest/gtest.h>

#include <cstdlib>

#include "support/test_support.hpp"

namespace grip::test {
namespace {

TEST(SmallFixes, AFailedCommandLeavesNoEmptyStoreBehind) {
  ScratchDir dir;
  const fs::path here = fs::current_path();
  fs::current_path(dir.path());
  const auto result = run_grip({"hotspots"});
  fs::current_path(here);
  EXPECT_NE(result.exit_code, 0) << result.out;
  EXPECT_FALSE(fs::exists(dir / "grip.gpkg")) << result.out;
  EXPECT_FALSE(fs::exists(dir / "grip.gpkg-wal"));
  EXPECT_FALSE(fs::exists(dir / "grip.gpkg-shm"));
  EXPECT_EQ(run_grip({"--db", (dir / "new.gpkg").string(), "forecast"}).exit_code, 1);
  EXPECT_FALSE(fs::exists(dir / "new.gpkg"));
}

TEST(SmallFixes, AStoreThatExistedOrHoldsDataIsKeptWhenACommandFails) {
  ScratchDir dir;
  const auto store = make_small_store(dir);
  const auto result = run_grip({"--db", store.string(), "hotspots", "--from", "2030-01"});
  EXPECT_EQ(result.exit_code, 1) << result.out;
  EXPECT_TRUE(fs::exists(store));
  // A new store that a partly failed ingest filled is kept too.
  const auto bad = dir.write("bad.csv", "foo,bar\n1,2\n");
  const auto other = dir / "other.gpkg";
  const auto ingest = run_grip({"--db", other.string(), "ingest", bad.string(), (dir / "street").string()});
  EXPECT_EQ(ingest.exit_code, 2) << ingest.out;
  EXPECT_TRUE(fs::exists(other));
}

TEST(SmallFixes, AnUnknownLayerListsTheValidNames) {
  ScratchDir dir;
  const auto store = make_small_store(dir);
  const auto result =
      run_grip({"--db", store.string(), "export", "nosuchlayer", "-o", (dir / "x.csv").string()});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(result.out.find("no layer 'nosuchlayer'"), std::string::npos) << result.out;
  for (const char* layer : {"incidents", "areas", "stop_searches", "rejects", "ingest_batches"}) {
    EXPECT_NE(result.out.find(layer), std::string::npos) << layer << ": " << result.out;
  }
}

TEST(SmallFixes, CsvXyWritesOnePairOfColumns) {
  ScratchDir dir;
  const auto store = make_small_store(dir);
  const auto csv = dir / "xy.csv";
  ASSERT_EQ(
      run_grip({"--db", store.string(), "export", "incidents", "-o", csv.string(), "--csv-xy"}).exit_code, 0);
  const auto header = parse_csv(read_file(csv)).at(0);
  int pairs = 0;
  for (const auto& name : header) pairs += (name == "X" || name == "x") ? 1 : 0;
  EXPECT_EQ(pairs, 1) << read_file(csv).substr(0, 200);
  EXPECT_EQ(header.at(0), "X");
  EXPECT_EQ(header.at(1), "Y");
}

TEST(SmallFixes, HotspotExportSaysTheFileNamesItWrites) {
  ScratchDir dir;
  const auto store = make_small_store(dir);
  const auto help = run_grip({"hotspots", "--help"});
  EXPECT_NE(help.out.find("out/x-hotspots.geojson"), std::string::npos) << help.out;
  const auto target = dir / "out" / "x.geojson";
  const auto result =
      run_grip({"--db", store.string(), "hotspots", "--cell-size", "100", "--export", target.string()});
  ASSERT_EQ(result.exit_code, 0) << result.out;
  const auto hotspots = (dir / "out" / "x-hotspots.geojson").string();
  const auto cells = (dir / "out" / "x-hotspot_cells.geojson").string();
  EXPECT_NE(result.out.find("Will export to " + hotspots + " and " + cells), std::string::npos) << result.out;
  EXPECT_TRUE(fs::exists(hotspots));
  EXPECT_TRUE(fs::exists(cells));
}

TEST(SmallFixes, ARunThatCannotFitInMemoryStopsWithAdvice) {
  ScratchDir dir;
  const auto store = make_small_store(dir);
  setenv("GRIP_MEMORY_LIMIT_MB", "0.01", 1);
  const auto hotspots = run_grip({"--db", store.string(), "hotspots", "--cell-size", "5"});
  const auto forecast = run_grip({"--db", store.string(), "forecast", "--cell-size", "5"});
  unsetenv("GRIP_MEMORY_LIMIT_MB");
  for (const auto* result : {&hotspots, &forecast}) {
    EXPECT_EQ(result->exit_code, 1) << result->out;
    EXPECT_NE(result->out.find("needs about"), std::string::npos) << result->out;
    EXPECT_NE(result->out.find("is available (GRIP_MEMORY_LIMIT_MB)"), std::string::npos) << result->out;
    EXPECT_NE(result->out.find("or larger"), std::string::npos) << result->out;
  }
  EXPECT_EQ(query_int(store, "SELECT count(*) FROM hotspot_runs"), 0);
}

TEST(SmallFixes, OneFeatureIsNotFeatures) {
  ScratchDir dir;
  const auto store = make_small_store(dir);
  const auto result = run_grip({"--db", store.string(), "export", "incidents", "--where", "source_id = 'h1'",
                                "-o", (dir / "one.geojson").string()});
  ASSERT_EQ(result.exit_code, 0) << result.out;
  EXPECT_NE(result.out.find("(1 feature, GeoJSON)"), std::string::npos) << result.out;
}

}  // namespace
}  // namespace grip::test

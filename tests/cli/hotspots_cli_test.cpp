// `grip hotspots` through the binary: text and JSON output, the layers ogrinfo sees, refusals.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "support/test_support.hpp"

namespace {

using grip::test::run_grip;

class HotspotsCli : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    if (!grip::test::have_shared_data()) return;
    scratch_ = std::make_unique<grip::test::ScratchDir>();
    db_ = (scratch_->path() / "essex.gpkg").string();
    const auto data = grip::test::shared_data();
    const auto ingest =
        run_grip({"--db", db_, "-q", "ingest", (data / "boundaries" / "essex-districts.geojson").string(),
                  (data / "police-uk" / "street").string()});
    ASSERT_EQ(ingest.exit_code, 0) << ingest.out;
  }
  static void TearDownTestSuite() { scratch_.reset(); }
  void SetUp() override {
    if (!scratch_) GTEST_SKIP() << "no real data at " << grip::test::shared_data();
  }
  static std::unique_ptr<grip::test::ScratchDir> scratch_;
  static std::string db_;
};
std::unique_ptr<grip::test::ScratchDir> HotspotsCli::scratch_;
std::string HotspotsCli::db_;

TEST_F(HotspotsCli, PrintsSettingsConcentrationAndSelection) {
  const auto result = run_grip({"--db", db_, "hotspots", "--top", "10"});
  ASSERT_EQ(result.exit_code, 0) << result.out;
  EXPECT_NE(result.out.find("cell size         150 m (default)"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("top               10 (given)"), std::string::npos);
  EXPECT_NE(result.out.find("% of harm in 1 % of cells"), std::string::npos);
  EXPECT_NE(result.out.find("H10 "), std::string::npos);
  EXPECT_EQ(result.out.find("H11 "), std::string::npos);
}

TEST_F(HotspotsCli, JsonHoldsSettingsAndTheSelection) {
  const auto result =
      run_grip({"--db", db_, "--json", "hotspots", "--weight", "count", "--bandwidth", "300"});
  ASSERT_EQ(result.exit_code, 0) << result.out;
  const auto json = nlohmann::json::parse(result.out);
  EXPECT_EQ(json["settings"]["weighting"], "count");
  EXPECT_EQ(json["settings"]["bandwidth_m"], 300.0);
  int selected = 0;
  for (const auto& h : json["hotspots"]) selected += h["selected"].get<bool>();
  EXPECT_EQ(selected, 15);
}

TEST_F(HotspotsCli, OgrinfoListsTheLayersWithTheRightCounts) {
  if (std::system("command -v ogrinfo >/dev/null 2>&1") != 0) GTEST_SKIP() << "ogrinfo is not installed";
  ASSERT_EQ(run_grip({"--db", db_, "-q", "hotspots"}).exit_code, 0);
  const auto listing =
      run_grip({"--db", db_, "--json", "hotspots"});  // the latest run is what the layers hold
  const auto json = nlohmann::json::parse(listing.out);
  // The store file, or on PostGIS its "PG:<conninfo>" (GDAL's name for the same layers).
  std::string store = "'";
  for (const char c : grip::test::store_locator(db_))
    store += c == '\'' ? std::string("'\\''") : std::string(1, c);
  store += "'";
  FILE* pipe = popen(("ogrinfo -ro -al -so -where 'selected = 1' " + store + " hotspots 2>&1").c_str(), "r");
  ASSERT_NE(pipe, nullptr);
  std::string out;
  char buffer[4096];
  while (const auto got = fread(buffer, 1, sizeof buffer, pipe)) out.append(buffer, got);
  pclose(pipe);
  EXPECT_NE(out.find("Geometry: Multi Polygon"), std::string::npos) << out;
  EXPECT_NE(out.find("Feature Count: 15"), std::string::npos) << out;
  EXPECT_EQ(grip::test::query_int(db_, "SELECT count(*) FROM hotspot_runs"),
            json["run_id"].get<std::int64_t>());
}

TEST_F(HotspotsCli, RefusesAbsurdGridsAndUnknownTypes) {
  auto result = run_grip({"--db", db_, "hotspots", "--cell-size", "5"});
  EXPECT_EQ(result.exit_code, 1) << result.out;
  EXPECT_NE(result.out.find("50 million"), std::string::npos) << result.out;
  result = run_grip({"--db", db_, "hotspots", "--types", "Jaywalking"});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(result.out.find("unknown crime type"), std::string::npos) << result.out;
  result = run_grip({"--db", db_, "hotspots", "--from", "2018-13"});
  EXPECT_EQ(result.exit_code, 1);
}

}  // namespace

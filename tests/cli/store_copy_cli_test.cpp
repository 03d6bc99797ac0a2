// `grip store copy` through the binary: an Essex store (boundaries, three street months, a hotspot
// run, a backtest and a forecast) copied GeoPackage -> PostGIS -> GeoPackage keeps every table's
// rows and gives the same hotspots; a target that is not empty is refused and left as it was.
// Needs PostgreSQL (GRIP_TEST_PG): fails without it unless GRIP_SKIP_POSTGRES=1.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <nlohmann/json.hpp>

#include "support/postgres_fixture.hpp"
#include "support/test_support.hpp"

namespace grip::test {
namespace {

const char* kMonths[] = {"2018-01", "2018-02", "2018-03"};

std::int64_t rows_of_the_months() {
  std::int64_t rows = 0;
  for (const char* month : kMonths) {
    rows += street_rows_with_coordinates(shared_data() / "police-uk" / "street" /
                                         (std::string(month) + "-essex-street.csv"));
  }
  return rows;
}

// Read with SQLite itself, whatever engine the suite runs on.
std::int64_t sqlite_count(const fs::path& file, const std::string& table) {
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(file.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
    sqlite3_close(db);
    throw std::runtime_error("cannot open " + file.string());
  }
  sqlite3_stmt* statement = nullptr;
  std::int64_t count = -1;
  if (sqlite3_prepare_v2(db, ("SELECT count(*) FROM " + table).c_str(), -1, &statement, nullptr) ==
          SQLITE_OK &&
      sqlite3_step(statement) == SQLITE_ROW) {
    count = sqlite3_column_int64(statement, 0);
  }
  sqlite3_finalize(statement);
  sqlite3_close(db);
  return count;
}

std::vector<std::string> sqlite_user_tables(const fs::path& file) {
  sqlite3* db = nullptr;
  sqlite3_open_v2(file.c_str(), &db, SQLITE_OPEN_READONLY, nullptr);
  sqlite3_stmt* statement = nullptr;
  std::vector<std::string> tables;
  sqlite3_prepare_v2(
      db,
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'gpkg_%' AND name "
      "NOT LIKE 'sqlite_%' AND name NOT LIKE 'rtree_%' ORDER BY name",
      -1, &statement, nullptr);
  while (sqlite3_step(statement) == SQLITE_ROW)
    tables.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(statement, 0)));
  sqlite3_finalize(statement);
  sqlite3_close(db);
  return tables;
}

// A hotspots --json result without what differs from run to run by design.
nlohmann::json comparable_hotspots(const std::string& out) {
  auto json = nlohmann::json::parse(out);
  json.erase("run_id");
  json.erase("created");
  return json;
}

class StoreCopy : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!postgres_available()) {
      if (postgres_skipped()) GTEST_SKIP() << "GRIP_SKIP_POSTGRES=1";
      FAIL() << postgres_missing_message();
    }
    if (!have_shared_data()) GTEST_SKIP() << "../shared/data is not present";
  }

  // The Essex store on the GeoPackage engine (named verbatim, so it is a file in both passes).
  fs::path make_essex_store() const {
    const fs::path store = dir / "essex.gpkg";
    std::vector<std::string> ingest = {"--db", store.string(), "-q", "ingest",
                                       (shared_data() / "boundaries" / "essex-districts.geojson").string()};
    for (const char* month : kMonths) {
      ingest.push_back(
          (shared_data() / "police-uk" / "street" / (std::string(month) + "-essex-street.csv")).string());
    }
    const std::vector<std::vector<std::string>> steps = {
        ingest,
        {"--db", store.string(), "-q", "hotspots", "--cell-size", "500"},
        {"--db", store.string(), "-q", "backtest", "--cell-size", "500", "--min-train", "1",
         "--calibration-origins", "1", "--warmup", "0", "--models", "naive", "kde"},
        {"--db", store.string(), "-q", "forecast", "--cell-size", "500", "--min-train", "1",
         "--calibration-origins", "1"}};
    for (const auto& step : steps) {
      const auto result = run_grip_verbatim(step);
      if (result.exit_code != 0) throw std::runtime_error("making the Essex store: " + result.out);
    }
    return store;
  }

  ScratchDir dir;
};

TEST_F(StoreCopy, GeoPackageToPostgisAndBackKeepsEveryRowAndTheHotspots) {
  const fs::path source = make_essex_store();
  const std::int64_t expected_incidents = rows_of_the_months();
  ASSERT_EQ(sqlite_count(source, "incidents"), expected_incidents);
  const auto tables = sqlite_user_tables(source);
  ASSERT_GE(tables.size(), 15u);

  const TestDatabase middle;
  const auto to_postgis =
      run_grip_verbatim({"--json", "store", "copy", "--from", source.string(), "--to", middle.locator()});
  ASSERT_EQ(to_postgis.exit_code, 0) << to_postgis.out;
  const auto report = nlohmann::json::parse(to_postgis.out);
  EXPECT_TRUE(report["verified"].get<bool>());
  EXPECT_EQ(report["to_engine"], "PostgreSQL/PostGIS");
  EXPECT_EQ(report["tables"].size(), tables.size() - 1) << "every table but grip_schema_version";

  const fs::path back = dir / "back.gpkg";
  const auto to_geopackage =
      run_grip_verbatim({"-q", "store", "copy", "--from", middle.locator(), "--to", back.string()});
  ASSERT_EQ(to_geopackage.exit_code, 0) << to_geopackage.out;
  EXPECT_NE(to_geopackage.out.find("Copied and verified"), std::string::npos) << to_geopackage.out;

  EXPECT_EQ(sqlite_user_tables(back), tables);
  for (const auto& table : tables) {
    const std::int64_t rows = sqlite_count(source, table);
    EXPECT_EQ(std::stoll(pg_value(middle.conninfo(), "SELECT count(*) FROM " + table)), rows) << table;
    EXPECT_EQ(sqlite_count(back, table), rows) << table;
  }
  EXPECT_GT(sqlite_count(source, "hotspots"), 0);
  EXPECT_GT(sqlite_count(source, "forecast_cells"), 0);
  EXPECT_EQ(sqlite_count(source, "backtest_runs"), 1);

  // The analyses read the copies exactly as they read the original.
  const auto hotspots = [](const std::string& locator) {
    const auto result =
        run_grip_verbatim({"--db", locator, "--json", "-q", "hotspots", "--cell-size", "500"});
    EXPECT_EQ(result.exit_code, 0) << result.out;
    return comparable_hotspots(result.out);
  };
  const auto original = hotspots(source.string());
  EXPECT_EQ(hotspots(back.string()), original);
  EXPECT_EQ(hotspots(middle.locator()), original);

  // Keys continue past the copied ones: a new month ingested into the PostGIS copy adds its rows.
  const auto more =
      run_grip_verbatim({"--db", middle.locator(), "-q", "ingest",
                         (shared_data() / "police-uk" / "street" / "2018-04-essex-street.csv").string()});
  ASSERT_EQ(more.exit_code, 0) << more.out;
  EXPECT_GT(std::stoll(pg_value(middle.conninfo(), "SELECT count(*) FROM incidents")), expected_incidents);
  EXPECT_EQ(pg_value(middle.conninfo(), "SELECT count(*) - count(DISTINCT batch_id) FROM ingest_batches"),
            "0");
}

TEST_F(StoreCopy, GeoPackageToGeoPackageKeepsEveryRow) {
  const fs::path source = make_essex_store();
  const fs::path copy = dir / "copy.gpkg";
  const auto result = run_grip_verbatim({"store", "copy", "--from", source.string(), "--to", copy.string()});
  ASSERT_EQ(result.exit_code, 0) << result.out;
  for (const auto& table : sqlite_user_tables(source))
    EXPECT_EQ(sqlite_count(copy, table), sqlite_count(source, table)) << table;
}

TEST_F(StoreCopy, ATargetThatIsNotEmptyIsRefusedAndLeftAsItWas) {
  const fs::path source = make_essex_store();
  // A GeoPackage target holding a store: refused, byte for byte unchanged.
  const fs::path other = make_small_store(dir, "other.gpkg");
  const fs::path other_file = testing_postgis() ? dir / "other-file.gpkg" : other;
  if (testing_postgis()) {
    ASSERT_EQ(
        run_grip_verbatim({"store", "copy", "--from", store_locator(other), "--to", other_file.string()})
            .exit_code,
        0);
  }
  const std::string before = read_file(other_file);
  const auto refused =
      run_grip_verbatim({"store", "copy", "--from", source.string(), "--to", other_file.string()});
  EXPECT_EQ(refused.exit_code, 1) << refused.out;
  EXPECT_NE(refused.out.find("is not empty"), std::string::npos) << refused.out;
  EXPECT_EQ(read_file(other_file), before);

  // A PostGIS target holding a store: refused, its rows unchanged.
  const TestDatabase filled;
  ASSERT_EQ(
      run_grip_verbatim({"store", "copy", "--from", other_file.string(), "--to", filled.locator()}).exit_code,
      0);
  const std::string incidents = pg_value(filled.conninfo(), "SELECT count(*) FROM incidents");
  const auto refused_pg =
      run_grip_verbatim({"store", "copy", "--from", source.string(), "--to", filled.locator()});
  EXPECT_EQ(refused_pg.exit_code, 1) << refused_pg.out;
  EXPECT_EQ(pg_value(filled.conninfo(), "SELECT count(*) FROM incidents"), incidents);
  EXPECT_EQ(incidents, std::to_string(sqlite_count(other_file, "incidents")));

  // And a source that does not exist is not created.
  const auto missing = run_grip_verbatim(
      {"store", "copy", "--from", (dir / "none.gpkg").string(), "--to", (dir / "x.gpkg").string()});
  EXPECT_EQ(missing.exit_code, 1) << missing.out;
  EXPECT_FALSE(fs::exists(dir / "none.gpkg"));
  EXPECT_FALSE(fs::exists(dir / "x.gpkg"));
}

}  // namespace
}  // namespace grip::test

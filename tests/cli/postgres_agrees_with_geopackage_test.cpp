// The same commands on the same inputs give the same results on both engines: hotspots, backtest
// and forecast --json from a GeoPackage store and from a PostGIS store are equal to the last digit,
// once the fields that name the run (its id, its creation time) and the measured fit times are set
// aside.
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "support/postgres_fixture.hpp"
#include "support/test_support.hpp"

namespace grip {
namespace {

// Removes every member named like a run's identity or time, at any depth.
void drop_run_identity(nlohmann::json& json) {
  if (json.is_object()) {
    for (const char* key : {"run_id", "created", "hotspot_run_id", "backtest_run_id", "seconds"})
      json.erase(key);
    for (auto& [key, value] : json.items()) drop_run_identity(value);
  } else if (json.is_array()) {
    for (auto& value : json) drop_run_identity(value);
  }
}

nlohmann::json run_json(const std::string& db, std::vector<std::string> arguments) {
  std::vector<std::string> full = {"--db", db, "--json", "-q"};
  full.insert(full.end(), arguments.begin(), arguments.end());
  const auto result = test::run_grip(full);
  EXPECT_EQ(result.exit_code, 0) << result.out;
  auto json = nlohmann::json::parse(result.out, nullptr, false);
  EXPECT_FALSE(json.is_discarded()) << result.out;
  drop_run_identity(json);
  return json;
}

// Real Essex data and a PostGIS database for each test; a missing server fails, as in CI.
class PostgresAgreesWithGeoPackage : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!test::have_shared_data()) GTEST_SKIP() << "no real data";
    if (!test::postgres_available()) {
      if (test::postgres_skipped()) GTEST_SKIP() << "GRIP_SKIP_POSTGRES=1";
      FAIL() << test::postgres_missing_message();
    }
    database.emplace();
  }
  test::ScratchDir scratch;
  std::optional<test::TestDatabase> database;
  const std::filesystem::path data = test::shared_data();
  const std::string boundaries = (data / "boundaries" / "essex-districts.geojson").string();
};

TEST_F(PostgresAgreesWithGeoPackage, HotspotsBacktestAndForecastAreIdentical) {
  std::vector<std::string> months;
  for (const char* month : {"2018-01", "2018-02", "2018-03", "2018-04", "2018-05", "2018-06"}) {
    months.push_back((data / "police-uk" / "street" / (std::string(month) + "-essex-street.csv")).string());
  }
  const std::string gpkg = (scratch / "essex.gpkg").string();
  const std::string postgis = database->locator();
  for (const auto& db : {gpkg, postgis}) {
    std::vector<std::string> ingest = {"--db", db, "-q", "ingest", boundaries};
    ingest.insert(ingest.end(), months.begin(), months.end());
    const auto result = test::run_grip(ingest);
    ASSERT_EQ(result.exit_code, 0) << result.out;
  }
  // The spatial index a bulk load leaves for later was built once the load committed, on the table
  // behind the incidents view (postgres_incident_layout.hpp).
  EXPECT_EQ(
      test::pg_value(database->conninfo(),
                     "SELECT count(*) FROM pg_indexes WHERE tablename = 'incident_rows' AND indexname = "
                     "'incidents_geom_gist'"),
      "1");
  const std::vector<std::vector<std::string>> commands = {
      {"hotspots", "--cell-size", "250", "--bandwidth", "300"},
      {"backtest", "--cell-size", "250"},
      {"forecast", "--cell-size", "250"},
  };
  for (const auto& command : commands) {
    const auto on_geopackage = run_json(gpkg, command);
    const auto on_postgis = run_json(postgis, command);
    ASSERT_FALSE(on_geopackage.empty()) << command[0];
    EXPECT_EQ(on_geopackage, on_postgis) << command[0] << " differs between the engines";
  }
}

// A store's first ingest loads incidents without their primary key and adds it back before the
// commit (PgDeferredKeys): the key's index is then a new one, and the fids are those the
// GeoPackage gives. A later ingest keeps the key and its index as they are.
TEST_F(PostgresAgreesWithGeoPackage, AFirstIngestRebuildsTheKeyOnceAndALaterOneKeepsIt) {
  const std::string gpkg = (scratch / "essex.gpkg").string();
  const std::string postgis = database->locator();
  const auto month = [&](const char* name) {
    return (data / "police-uk" / "street" / (std::string(name) + "-essex-street.csv")).string();
  };
  const std::string key_index =
      "SELECT conindid FROM pg_constraint WHERE conrelid = 'incident_rows'::regclass AND contype = 'p'";
  ASSERT_EQ(test::run_grip({"--db", postgis, "-q", "users", "list"}).exit_code, 0);  // migrated, no CRS
  const std::string migrated = test::pg_value(database->conninfo(), key_index);
  ASSERT_FALSE(migrated.empty());
  for (const auto& db : {gpkg, postgis}) {
    const auto first =
        test::run_grip({"--db", db, "-q", "ingest", boundaries, month("2018-01"), month("2018-02")});
    ASSERT_EQ(first.exit_code, 0) << first.out;
  }
  const std::string rebuilt = test::pg_value(database->conninfo(), key_index);
  EXPECT_FALSE(rebuilt.empty()) << "incidents committed without its primary key";
  EXPECT_NE(rebuilt, migrated) << "the first ingest did not load without the key";
  for (const auto& db : {gpkg, postgis}) {
    const auto later = test::run_grip({"--db", db, "-q", "ingest", month("2018-03")});
    ASSERT_EQ(later.exit_code, 0) << later.out;
  }
  EXPECT_EQ(test::pg_value(database->conninfo(), key_index), rebuilt);
  // The same fids, batches and fid ranges on both engines, read by each engine's own client.
  const std::string totals =
      "SELECT count(*) || ',' || min(fid) || ',' || max(fid) || ',' || sum(fid * batch_id) FROM incidents";
  EXPECT_EQ(test::query_text(gpkg, totals), test::pg_value(database->conninfo(), totals));
  const std::string ranges = "batch_id || ':' || first_fid || '-' || last_fid";
  const std::string batches = " FROM ingest_batches WHERE first_fid IS NOT NULL";
  EXPECT_EQ(test::query_text(gpkg, "SELECT group_concat(r, ',') FROM (SELECT " + ranges + " AS r" + batches +
                                       " ORDER BY batch_id)"),
            test::pg_value(database->conninfo(),
                           "SELECT string_agg(" + ranges + ", ',' ORDER BY batch_id)" + batches));
}

// Hotspots read incidents in the table's physical order on PostGIS (a sequential scan) and put
// them back into fid order. Rows rewritten by an UPDATE move to the end of the heap, so a scan
// meets them out of fid order; the result must still equal the GeoPackage's to the last digit.
TEST_F(PostgresAgreesWithGeoPackage, HotspotsAreIdenticalWhenTheHeapIsOutOfFidOrder) {
  const std::string gpkg = (scratch / "essex.gpkg").string();
  for (const auto& db : {gpkg, database->locator()}) {
    const auto result =
        test::run_grip({"--db", db, "-q", "ingest", boundaries,
                        (data / "police-uk" / "street" / "2018-01-essex-street.csv").string(),
                        (data / "police-uk" / "street" / "2018-02-essex-street.csv").string()});
    ASSERT_EQ(result.exit_code, 0) << result.out;
  }
  const std::string moved = test::pg_value(
      database->conninfo(),
      "WITH moved AS (UPDATE incident_rows SET source_line = source_line WHERE fid % 3 = 0 RETURNING 1) "
      "SELECT count(*) FROM moved");
  ASSERT_GT(std::stoll(moved), 1000);
  // The scan order really is out of fid order now (else this test would prove nothing).
  ASSERT_EQ(
      test::pg_value(database->conninfo(),
                     "SELECT bool_and(fid > previous) FROM (SELECT fid, lag(fid, 1, 0::bigint) OVER () AS "
                     "previous FROM (SELECT fid FROM incidents) AS scan) AS pairs"),
      "f");
  const std::vector<std::string> command = {"hotspots", "--cell-size", "250", "--bandwidth", "300"};
  const auto on_geopackage = run_json(gpkg, command);
  ASSERT_FALSE(on_geopackage.empty());
  EXPECT_EQ(on_geopackage, run_json(database->locator(), command));
}

}  // namespace
}  // namespace grip

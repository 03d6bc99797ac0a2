// Edge cases found in review: an open reader, extracts that share ids, batches with no stored
// rows, a mapping that does not fit, a file without a final line end, a first file with no
// positions, and a foreign SQLite file.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include "grip/ingest/ingest_files.hpp"
#include "support/test_support.hpp"

namespace grip::ingest {
namespace {

const std::string kStreetHeader =
    "Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Crime type,"
    "Last outcome category,Context\n";

std::string street_row(const std::string& id, const std::string& month, const std::string& lon,
                       const std::string& lat) {
  return id + "," + month + ",Essex Police,Essex Police," + lon + "," + lat +
         ",On or near High Street,E01021585,Chelmsford 011A,Robbery,Under investigation,\n";
}

TEST(IngestEdgeCases, AnOpenReaderDoesNotBlockIngest) {
  test::ScratchDir dir;
  const auto db = dir / "s.gpkg";
  ASSERT_EQ(test::run_grip(
                {"--db", db.string(), "ingest",
                 dir.write("a.csv", kStreetHeader + street_row("a", "2018-01", "0.47", "51.73")).string()})
                .exit_code,
            0);
  sqlite3* reader = nullptr;  // as QGIS holds the store open
  ASSERT_EQ(sqlite3_open_v2(db.c_str(), &reader, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(reader, "SELECT count(*) FROM incidents", nullptr, nullptr, nullptr), SQLITE_OK);
  const auto result = test::run_grip(
      {"--db", db.string(), "ingest",
       dir.write("b.csv", kStreetHeader + street_row("b", "2018-02", "0.47", "51.73")).string()});
  sqlite3_close(reader);
  EXPECT_EQ(result.exit_code, 0) << result.out;
  EXPECT_EQ(test::query_int(db, "SELECT count(*) FROM incidents"), 2);
  EXPECT_EQ(test::query_text(db, "PRAGMA journal_mode"), "wal");
}

TEST(IngestEdgeCases, ExtractsWithGuessedColumnsDoNotReplaceEachOthersIds) {
  test::ScratchDir dir;
  const std::string header = "incident_id,offence,occurred_at,longitude,latitude\n";
  dir.write("x/burglary/2019.csv", header +
                                       "1,burglary,2019-01-01T01:00:00,-89.90,35.10\n"
                                       "2,burglary,2019-01-02T01:00:00,-89.91,35.11\n");
  dir.write("x/robbery/2019.csv", header +
                                      "1,robbery,2019-01-03T01:00:00,-89.92,35.12\n"
                                      "2,robbery,2019-01-04T01:00:00,-89.93,35.13\n");
  const auto db = dir / "s.gpkg";
  store::Store store(grip::test::store_locator(db));
  const auto summary = ingest_files(store, {dir / "x"}, {});
  for (const auto& file : summary.files) EXPECT_EQ(file.rows_replaced, 0) << file.file;
  EXPECT_EQ(store.count_rows("incidents"), 4);
}

TEST(IngestEdgeCases, ABatchWithNoStoredRowsIsNotMarkedSuperseded) {
  test::ScratchDir dir;
  const auto db = dir / "s.gpkg";
  store::Store store(grip::test::store_locator(db));
  (void)ingest_files(
      store, {dir.write("jan-v1.csv", kStreetHeader + street_row("a", "2018-01", "0.47", "51.73"))}, {});
  (void)ingest_files(store, {dir.write("feb.csv", kStreetHeader + street_row("f", "2018-02", "", ""))}, {});
  (void)ingest_files(
      store, {dir.write("jan-v2.csv", kStreetHeader + street_row("a", "2018-01", "0.48", "51.73"))}, {});
  EXPECT_EQ(store.count_rows("ingest_batches", "superseded_by IS NOT NULL"), 1);
  EXPECT_EQ(store.count_rows("ingest_batches", "file_name = 'feb.csv' AND superseded_by IS NULL"), 1);
  EXPECT_EQ(store.count_rows("rejects"), 1) << "feb.csv's reject describes a row that no newer copy replaced";
}

TEST(IngestEdgeCases, AMappingThatDoesNotFitIsRefusedNamingTheColumn) {
  test::ScratchDir dir;
  const auto mapping = dir.write("m.json", R"({"columns": {"id": "incident_id", "offence": "offence",
      "occurred_from": "occured_at", "longitude": "longitude", "latitude": "latitude"}})");
  const auto csv = dir.write("e.csv",
                             "incident_id,offence,occurred_at,longitude,latitude\n"
                             "1,robbery,2019-01-01T01:00:00,-89.90,35.10\n");
  const auto result = test::run_grip(
      {"--db", (dir / "s.gpkg").string(), "ingest", "--mapping", mapping.string(), csv.string()});
  EXPECT_EQ(result.exit_code, 2) << result.out;
  EXPECT_NE(result.out.find("'occured_at'"), std::string::npos) << result.out;
}

TEST(IngestEdgeCases, ALastRowWithoutALineEndIsKeptAsAReject) {
  test::ScratchDir dir;
  const std::string whole = kStreetHeader + street_row("a", "2018-01", "0.47", "51.73") +
                            street_row("b", "2018-01", "0.471234", "51.731234");
  const auto cut = dir.write("cut.csv", whole.substr(0, whole.size() - 1));  // no final newline
  store::Store store(grip::test::store_locator((dir / "s.gpkg")));
  const auto summary = ingest_files(store, {cut}, {});
  EXPECT_EQ(summary.files.at(0).rows_stored, 1);
  EXPECT_EQ(summary.files.at(0).rejected_by_reason.at("last row has no line end"), 1);
  EXPECT_EQ(store.count_rows("rejects", "line = 3"), 1);
}

TEST(IngestEdgeCases, AFirstFileWithoutPositionsDoesNotFixTheCrs) {
  test::ScratchDir dir;
  store::Store store(grip::test::store_locator((dir / "s.gpkg")));
  (void)ingest_files(store,
                     {dir.write("none.csv",
                                "incident_id,offence,occurred_at,longitude,latitude\n"
                                "1,robbery,2019-01-01T01:00:00,,\n")},
                     {});
  EXPECT_FALSE(store.crs());
  const auto memphis = ingest_files(store,
                                    {dir.write("m.csv",
                                               "incident_id,offence,occurred_at,longitude,latitude\n"
                                               "2,robbery,2019-01-01T01:00:00,-89.90,35.10\n")},
                                    {});
  EXPECT_EQ(memphis.crs_code, "EPSG:32616");
  EXPECT_EQ(store.count_rows("incidents"), 1);
}

TEST(IngestEdgeCases, AForeignSqliteFileIsLeftByteForByte) {
  test::ScratchDir dir;
  const auto other = dir / "other.sqlite";
  sqlite3* handle = nullptr;
  ASSERT_EQ(sqlite3_open(other.c_str(), &handle), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(handle, "CREATE TABLE t (a); INSERT INTO t VALUES (1)", nullptr, nullptr, nullptr),
            SQLITE_OK);
  sqlite3_close(handle);
  const std::string before = test::read_file(other);
  const auto result = test::run_grip(
      {"--db", other.string(), "ingest",
       dir.write("a.csv", kStreetHeader + street_row("a", "2018-01", "0.47", "51.73")).string()});
  EXPECT_EQ(result.exit_code, 3) << result.out;
  EXPECT_EQ(test::read_file(other), before);
  EXPECT_FALSE(std::filesystem::exists(other.string() + "-wal"));
}

}  // namespace
}  // namespace grip::ingest

namespace grip::ingest {
namespace {

TEST(IngestEdgeCases, TheSameExtractWithACorrectedMappingIsIngestedAgain) {
  test::ScratchDir dir;
  const auto csv = dir.write("e.csv",
                             "incident_id,offence,occurred_at,longitude,latitude\n"
                             "1,personal robbery,2019-01-01T01:00:00,-89.90,35.10\n");
  store::Store store(grip::test::store_locator((dir / "s.gpkg")));
  (void)ingest_files(store, {csv}, {});
  EXPECT_EQ(store.count_rows("incidents", "category = 'personal robbery'"), 1);
  IngestOptions options;
  options.mapping_path = dir.write("m.json", R"({"columns": {"id": "incident_id", "offence": "offence",
      "occurred_from": "occurred_at", "longitude": "longitude", "latitude": "latitude"},
      "categories": {"personal robbery": "Robbery"}})")
                             .string();
  const auto second = ingest_files(store, {csv}, options);
  EXPECT_EQ(second.files.at(0).status, FileStatus::kStored);
  EXPECT_EQ(store.count_rows("incidents", "category = 'Robbery'"), 1);
  EXPECT_EQ(store.count_rows("incidents"), 1) << "the same file path: its ids replace the earlier rows";
}

}  // namespace
}  // namespace grip::ingest

// Generic time-stamped incident extracts through a mapping file: the Memphis robberies (real data)
// with the mapping shipped in examples/, and small extracts with projected coordinates and UK dates.
#include <gtest/gtest.h>

#include <fstream>

#include "grip/core/errors.hpp"
#include "grip/ingest/incident_mapping.hpp"
#include "grip/ingest/ingest_files.hpp"
#include "support/test_support.hpp"

namespace grip::ingest {
namespace {

namespace fs = std::filesystem;

TEST(IncidentCsv, LoadsMemphisRobberiesWithTheShippedMapping) {
  if (!test::have_shared_data()) GTEST_SKIP() << "../shared/data is not present";
  const fs::path csv = test::shared_data() / "incidents" / "memphis-robberies-2019.csv";
  // Independent count: data rows, and rows whose longitude or latitude is empty.
  std::ifstream in(csv);
  std::string line;
  std::getline(in, line);
  std::int64_t rows = 0, missing = 0;
  while (std::getline(in, line)) {
    ++rows;
    if (line.find(",,") != std::string::npos || line.back() == ',') ++missing;
  }
  test::ScratchDir dir;
  const auto db = dir / "memphis.gpkg";
  IngestOptions options;
  options.mapping_path = std::string(GRIP_SOURCE_DIR) + "/examples/memphis-robberies.mapping.json";
  {
    store::Store store(grip::test::store_locator(db));
    const auto summary =
        ingest_files(store, {csv, test::shared_data() / "incidents" / "memphis-precincts.geojson"}, options);
    EXPECT_EQ(summary.exit_code(), 0);
    // Memphis (longitude -90) lies in UTM zone 16 north.
    EXPECT_EQ(summary.crs_code, "EPSG:32616");
  }
  EXPECT_EQ(test::query_int(db, "SELECT count(*) FROM incidents"), rows - missing);
  EXPECT_EQ(test::query_int(db, "SELECT count(*) FROM incidents WHERE category = 'Robbery'"), rows - missing);
  EXPECT_EQ(test::query_int(db, "SELECT count(*) FROM rejects"), missing);
  EXPECT_EQ(test::query_int(db, "SELECT count(*) FROM areas WHERE kind = 'precinct'"), 9);
  EXPECT_EQ(test::query_text(db, "SELECT occurred_from FROM incidents WHERE source_id = '15213800'"),
            "2019-01-01T01:30:00");
  EXPECT_EQ(test::query_text(db, "SELECT dataset FROM ingest_batches WHERE format = 'incident csv'"),
            "memphis robberies");
}

TEST(IncidentCsv, ReadsEastingsNorthingsAndDayFirstDatesThroughAMapping) {
  test::ScratchDir dir;
  dir.write("extract.mapping.json", R"({"name": "force extract",
    "columns": {"id": "URN", "offence": "Offence", "occurred_from": "From", "occurred_to": "To",
                "easting": "E", "northing": "N"},
    "source_crs": "EPSG:27700", "date_order": "day-first",
    "categories": {"Wounding with intent": "Violence and sexual offences"}})");
  const auto csv = dir.write("extract.csv",
                             "URN,Offence,From,To,E,N\n"
                             "42/1,Wounding with intent,03/04/2019 22:15,04/04/2019 01:00,571000,206500\n"
                             "42/2,Criminal damage,05/04/2019 10:00,,571100,206600\n"
                             "42/3,Wounding with intent,31/02/2019 10:00,,571100,206600\n");
  const auto db = dir / "s.gpkg";
  {
    store::Store store(grip::test::store_locator(db));
    const auto summary = ingest_files(store, {csv}, {});
    ASSERT_EQ(summary.files.size(), 1u);
    EXPECT_EQ(summary.files[0].rows_stored, 2);
    EXPECT_EQ(summary.files[0].unmapped_offences.at("criminal damage"), 1);
    EXPECT_EQ(summary.crs_code, "EPSG:27700");
  }
  EXPECT_EQ(test::query_text(
                db, "SELECT occurred_from || ' to ' || occurred_to FROM incidents WHERE source_id = '42/1'"),
            "2019-04-03T22:15:00 to 2019-04-04T01:00:00");
  EXPECT_EQ(test::query_text(db, "SELECT category FROM incidents WHERE source_id = '42/2'"), "Other crime");
  // Eastings/northings in the store's own CRS come back unchanged (to well under a millimetre).
  EXPECT_EQ(
      test::query_int(
          db, "SELECT count(*) FROM incidents WHERE abs(x - 571000) < 0.001 AND abs(y - 206500) < 0.001"),
      1);
  EXPECT_EQ(test::query_text(db, "SELECT reason FROM rejects"), "unparseable date");
}

TEST(IncidentCsv, RefusesABrokenMappingFile) {
  test::ScratchDir dir;
  const auto mapping = dir.write("m.json", R"({"columns": {"id": "a"}})");
  EXPECT_THROW((void)load_incident_mapping(mapping.string()), InputError);
  const auto not_json = dir.write("n.json", "{columns:");
  EXPECT_THROW((void)load_incident_mapping(not_json.string()), InputError);
}

}  // namespace
}  // namespace grip::ingest

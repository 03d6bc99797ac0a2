// Times with UTC offsets are stored as the force's local time, never with the offset dropped, and
// times that cannot be placed (no zone, impossible offset, a leap second) are refused row by row.
// Expected local times are worked by hand in the comments (Chicago: CST -6 in winter, CDT -5 in
// summer; London: GMT in winter, BST +1 in summer).
#include <gtest/gtest.h>

#include "grip/core/errors.hpp"
#include "grip/ingest/incident_mapping.hpp"
#include "grip/ingest/ingest_files.hpp"
#include "support/test_support.hpp"

namespace grip::ingest {
namespace {

namespace fs = std::filesystem;

const std::string kExtract =
    "id,offence,occurred_at,occurred_to,longitude,latitude\n"
    "1,robbery,2019-01-01T10:00:00-05:00,,-87.62,41.88\n"
    "2,robbery,2019-01-01T10:00:00+14:59,,-87.62,41.88\n"
    "3,robbery,2019-06-30T23:59:60,,-87.62,41.88\n"
    "4,robbery,2019-07-01T12:00:00,,-87.62,41.88\n"
    "5,robbery,2019-07-01T12:00:00Z,2019-07-01T13:30:00Z,-87.62,41.88\n";

std::string mapping_json(const std::string& extra) {
  return R"({"name": "chicago", "columns": {"id": "id", "offence": "offence", "occurred_from": "occurred_at",
             "occurred_to": "occurred_to", "longitude": "longitude", "latitude": "latitude"})" +
         extra + "}";
}

TEST(SourceTimes, IncidentOffsetsAreConvertedToTheMappingsTimezone) {
  test::ScratchDir dir;
  dir.write("extract.mapping.json", mapping_json(R"(, "timezone": "America/Chicago")"));
  const auto csv = dir.write("extract.csv", kExtract);
  const auto db = dir / "s.gpkg";
  {
    store::Store store(test::store_locator(db));
    const auto summary = ingest_files(store, {csv}, {});
    ASSERT_EQ(summary.files.size(), 1u);
    EXPECT_EQ(summary.files[0].rows_stored, 3) << summary.files[0].message;
  }
  const auto from = [&](const std::string& id) {
    return test::query_text(
        db, "SELECT occurred_from || '|' || COALESCE(occurred_to, '') FROM incidents WHERE source_id = '" +
                id + "'");
  };
  // 10:00-05:00 is 15:00 UTC, 09:00 CST.
  EXPECT_EQ(from("1"), "2019-01-01T09:00:00|");
  EXPECT_EQ(from("4"), "2019-07-01T12:00:00|");
  // 12:00Z and 13:30Z in July are 07:00 and 08:30 CDT.
  EXPECT_EQ(from("5"), "2019-07-01T07:00:00|2019-07-01T08:30:00");
  EXPECT_EQ(test::query_text(db, "SELECT reason FROM rejects WHERE line = 3"), "impossible UTC offset");
  EXPECT_EQ(test::query_text(db, "SELECT reason FROM rejects WHERE line = 4"),
            "leap second not representable");
}

TEST(SourceTimes, IncidentOffsetsWithoutATimezoneAreRefusedNotShifted) {
  test::ScratchDir dir;
  dir.write("extract.mapping.json", mapping_json(""));
  const auto csv = dir.write("extract.csv", kExtract);
  const auto db = dir / "s.gpkg";
  {
    store::Store store(test::store_locator(db));
    const auto summary = ingest_files(store, {csv}, {});
    ASSERT_EQ(summary.files.size(), 1u);
    EXPECT_EQ(summary.files[0].rows_stored, 1);  // only the row without an offset
  }
  EXPECT_EQ(test::query_text(db, "SELECT source_id FROM incidents"), "4");
  EXPECT_EQ(
      test::query_int(db, "SELECT count(*) FROM rejects WHERE reason = 'UTC offset without a time zone'"), 2);
  EXPECT_NE(test::query_text(db, "SELECT detail FROM rejects WHERE line = 2").find("timezone"),
            std::string::npos);
}

TEST(SourceTimes, MappingWithAnUnknownTimezoneIsRefused) {
  test::ScratchDir dir;
  const auto path = dir.write("m.mapping.json", mapping_json(R"(, "timezone": "America/Gotham")"));
  try {
    (void)load_incident_mapping(path.string());
    FAIL() << "an unknown zone must refuse the mapping";
  } catch (const InputError& error) {
    EXPECT_NE(std::string(error.what()).find("America/Gotham"), std::string::npos) << error.what();
  }
}

TEST(SourceTimes, MappingWithAnOverflowingNumberIsRefusedAsBadJson) {
  // Found by fuzzing: nlohmann::json reports a number beyond a double as out_of_range, not as a
  // parse_error, and it escaped as an unexpected exception.
  test::ScratchDir dir;
  const auto path = dir.write("m.mapping.json", R"({"columns": 1E999999})");
  try {
    (void)load_incident_mapping(path.string());
    FAIL() << "an unreadable number must refuse the mapping";
  } catch (const InputError& error) {
    EXPECT_NE(std::string(error.what()).find("not valid JSON"), std::string::npos) << error.what();
  }
}

TEST(SourceTimes, StopSearchTimesAreStoredAsUkLocalTime) {
  test::ScratchDir dir;
  const std::string header =
      "Type,Date,Part of a policing operation,Policing operation,Latitude,Longitude,Gender,Age range,"
      "Self-defined ethnicity,Officer-defined ethnicity,Legislation,Object of search,Outcome,"
      "Outcome linked to object of search,Removal of more than just outer clothing\n";
  const auto row = [](const std::string& date) {
    return "Person search," + date +
           ",False,,51.73,0.47,,,,,Misuse of Drugs Act 1971 (section 23),Controlled drugs,"
           "A no further action disposal,False,\n";
  };
  const auto csv = dir.write("2018-04-essex-stop-and-search.csv",
                             header + row("2018-04-02T14:01:00+00:00") + row("2018-03-01T14:01:00+00:00") +
                                 row("2018-04-02T14:01:00-05:00") + row("2018-06-30T23:59:60+00:00"));
  const auto db = dir / "s.gpkg";
  {
    store::Store store(test::store_locator(db));
    (void)ingest_files(store, {csv}, {});
  }
  // 14:01 UTC is 15:01 BST in April, 14:01 GMT in March; 14:01-05:00 is 19:01 UTC, 20:01 BST.
  const auto at_line = [&](int line) {
    return test::query_text(
        db, "SELECT occurred_at FROM stop_searches WHERE source_line = " + std::to_string(line));
  };
  EXPECT_EQ(at_line(2), "2018-04-02T15:01:00");
  EXPECT_EQ(at_line(3), "2018-03-01T14:01:00");
  EXPECT_EQ(at_line(4), "2018-04-02T20:01:00");
  EXPECT_EQ(test::query_text(db, "SELECT reason FROM rejects"), "leap second not representable");
}

}  // namespace
}  // namespace grip::ingest

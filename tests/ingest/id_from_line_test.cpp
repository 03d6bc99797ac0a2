// An extract with no id column (Chicago's assaults): "id_from": "line" makes each row's id its line
// ("line 2" for the first data row), "offence_value" gives every row one offence; a mapping that
// names an id column and id_from line is refused.
#include <gtest/gtest.h>

#include "grip/core/errors.hpp"
#include "grip/ingest/incident_mapping.hpp"
#include "grip/ingest/ingest_files.hpp"
#include "support/test_support.hpp"

namespace {

TEST(IdFromLine, RowsGetTheirLineAsIdAndTheGivenOffence) {
  grip::test::ScratchDir dir;
  const auto mapping = dir.write("m.json", R"({"name": "assaults", "id_from": "line",
    "offence_value": "aggravated assault",
    "columns": {"occurred_from": "date", "location": "loc_cat", "longitude": "longitude", "latitude": "latitude"},
    "categories": {"aggravated assault": "Violence and sexual offences"}})");
  // Two identical rows: both kept (a row hash would make them one id).
  const auto csv = dir.write("a.csv",
                             "date,loc_cat,longitude,latitude,district\n"
                             "2010-01-01 00:05,residence,-87.6277,41.7922,2\n"
                             "2010-01-01 00:05,residence,-87.6277,41.7922,2\n"
                             "2010-01-02 13:40,street,-87.6683,41.7513,6\n");
  const auto db = dir / "a.gpkg";
  {
    grip::store::Store store(grip::test::store_locator(db));
    grip::ingest::IngestOptions options;
    options.mapping_path = mapping.string();
    const auto summary = grip::ingest::ingest_files(store, {csv}, options);
    EXPECT_EQ(summary.exit_code(), 0);
  }
  EXPECT_EQ(grip::test::query_int(db, "SELECT count(*) FROM incidents"), 3);
  EXPECT_EQ(grip::test::query_text(db, "SELECT source_id FROM incidents ORDER BY fid LIMIT 1"), "line 2");
  EXPECT_EQ(grip::test::query_text(db, "SELECT source_id FROM incidents ORDER BY fid DESC LIMIT 1"),
            "line 4");
  EXPECT_EQ(grip::test::query_int(db,
                                  "SELECT count(*) FROM incidents WHERE offence = 'aggravated assault' AND "
                                  "category = 'Violence and sexual offences' AND location = 'street'"),
            1);
}

TEST(IdFromLine, AMappingWithBothAnIdColumnAndIdFromLineIsRefused) {
  EXPECT_THROW((void)grip::ingest::parse_incident_mapping(
                   R"({"id_from": "line", "columns": {"id": "x", "offence": "o", "occurred_from": "d",
                       "longitude": "lon", "latitude": "lat"}})",
                   "m.json"),
               grip::InputError);
  EXPECT_THROW(
      (void)grip::ingest::parse_incident_mapping(
          R"({"columns": {"occurred_from": "d", "offence": "o", "longitude": "lon", "latitude": "lat"}})",
          "m.json"),
      grip::InputError);
  EXPECT_THROW((void)grip::ingest::parse_incident_mapping(
                   R"({"id_from": "hash", "offence_value": "x", "columns": {"occurred_from": "d",
                       "longitude": "lon", "latitude": "lat"}})",
                   "m.json"),
               grip::InputError);
}

}  // namespace

// Re-ingesting and newer copies: the same bytes add nothing; a newer copy of a month replaces that
// month (data.police.uk republishes months with updated outcomes); an extract re-exported with
// corrections replaces rows by incident id.
#include <gtest/gtest.h>

#include "grip/ingest/ingest_files.hpp"
#include "support/test_support.hpp"

namespace grip::ingest {
namespace {

const std::string kHeader =
    "Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Crime type,"
    "Last outcome category,Context\n";

std::string street_row(const std::string& id, const std::string& month, const std::string& force,
                       const std::string& lon, const std::string& lat, const std::string& type,
                       const std::string& outcome) {
  return id + "," + month + "," + force + "," + force + "," + lon + "," + lat +
         ",On or near High Street,E01021585,Chelmsford 011A," + type + "," + outcome + ",\n";
}

class Replacement : public ::testing::Test {
 protected:
  std::int64_t count(const std::string& sql) { return test::query_int(db, sql); }
  IngestSummary ingest(const std::filesystem::path& file) {
    store::Store store(grip::test::store_locator(db));
    return ingest_files(store, {file}, {});
  }
  test::ScratchDir dir;
  std::filesystem::path db = dir / "store.gpkg";
};

TEST_F(Replacement, NewerCopyOfAMonthReplacesItAndDropsTheOldRejects) {
  const auto old_copy = dir.write(
      "old/2018-01-essex-street.csv",
      kHeader +
          street_row("a1", "2018-01", "Essex Police", "0.4700", "51.7300", "Robbery", "Under investigation") +
          street_row("a2", "2018-01", "Essex Police", "", "", "Burglary", "Under investigation") +
          street_row("a3", "2018-01", "Essex Police", "0.4710", "51.7310", "Drugs", "Under investigation"));
  const auto newer_copy = dir.write(
      "new/2018-01-essex-street.csv",
      kHeader +
          street_row("a1", "2018-01", "Essex Police", "0.4700", "51.7300", "Robbery", "Offender charged") +
          street_row("a3", "2018-01", "Essex Police", "0.4710", "51.7310", "Drugs", "Local resolution") +
          street_row("a4", "2018-01", "Essex Police", "0.4720", "51.7320", "Public order",
                     "Under investigation"));
  const auto first = ingest(old_copy);
  EXPECT_EQ(first.files.at(0).rows_stored, 2);
  EXPECT_EQ(count("SELECT count(*) FROM rejects"), 1);

  const auto second = ingest(newer_copy);
  EXPECT_EQ(second.files.at(0).status, FileStatus::kStored);
  EXPECT_EQ(second.files.at(0).rows_replaced, 2);
  EXPECT_EQ(count("SELECT count(*) FROM incidents"), 3);
  EXPECT_EQ(count("SELECT count(*) FROM incidents WHERE source_id = 'a1' AND outcome = 'Offender charged'"),
            1);
  EXPECT_EQ(count("SELECT count(*) FROM rejects"), 0)
      << "the replaced copy's rejects describe rows no longer stored";
  EXPECT_EQ(count("SELECT count(*) FROM ingest_batches WHERE superseded_by IS NOT NULL"), 1);

  // Loading the old copy again would bring back stale outcomes: it is recognised and skipped.
  const auto third = ingest(old_copy);
  EXPECT_EQ(third.files.at(0).status, FileStatus::kAlreadyIngested);
  EXPECT_NE(third.files.at(0).message.find("newer copy"), std::string::npos) << third.files.at(0).message;
  EXPECT_EQ(count("SELECT count(*) FROM incidents WHERE outcome = 'Offender charged'"), 1);
}

TEST_F(Replacement, OtherMonthsAndOtherForcesAreLeftAlone) {
  (void)ingest(dir.write(
      "jan.csv", kHeader + street_row("j", "2018-01", "Essex Police", "0.47", "51.73", "Robbery", "")));
  (void)ingest(dir.write(
      "kent.csv", kHeader + street_row("k", "2018-01", "Kent Police", "0.52", "51.27", "Robbery", "")));
  const auto feb = ingest(dir.write(
      "feb.csv", kHeader + street_row("f", "2018-02", "Essex Police", "0.47", "51.73", "Robbery", "")));
  EXPECT_EQ(feb.files.at(0).rows_replaced, 0);
  EXPECT_EQ(count("SELECT count(*) FROM incidents"), 3);
}

TEST_F(Replacement, ACorrectedExtractReplacesRowsWithTheSameIds) {
  // The mapping names the dataset, so ids identify incidents across the re-exported files.
  IngestOptions options;
  options.mapping_path =
      dir.write("force.mapping.json", R"({"name": "force extract", "columns": {"id": "incident_id",
      "offence": "offence", "occurred_from": "occurred_at", "longitude": "longitude", "latitude": "latitude"}})")
          .string();
  const auto ingest_with_mapping = [&](const std::filesystem::path& file) {
    store::Store store(grip::test::store_locator(db));
    return ingest_files(store, {file}, options);
  };
  const std::string header = "incident_id,offence,occurred_at,longitude,latitude\n";
  (void)ingest_with_mapping(dir.write("v1/extract.csv", header +
                                                            "1,robbery,2019-01-01T01:00:00,-89.90,35.10\n"
                                                            "2,robbery,2019-01-02T01:00:00,-89.91,35.11\n"
                                                            "3,robbery,2019-01-03T01:00:00,-89.92,35.12\n"));
  const auto second = ingest_with_mapping(
      dir.write("v2/extract-corrected.csv", header + "2,robbery,2019-01-02T02:30:00,-89.91,35.11\n"
                                                     "3,robbery,2019-01-03T01:00:00,-89.92,35.12\n"
                                                     "4,robbery,2019-01-04T01:00:00,-89.93,35.13\n"));
  EXPECT_EQ(second.files.at(0).rows_replaced, 2);
  EXPECT_EQ(count("SELECT count(*) FROM incidents"), 4);
  EXPECT_EQ(
      count("SELECT count(*) FROM incidents WHERE source_id = '2' AND occurred_from = '2019-01-02T02:30:00'"),
      1);
}

TEST_F(Replacement, DuplicateIdsInOneExtractAreRejectedWithTheFirstLine) {
  const auto summary = ingest(dir.write("dup.csv",
                                        "incident_id,offence,occurred_at,longitude,latitude\n"
                                        "7,robbery,2019-01-01T01:00:00,-89.90,35.10\n"
                                        "7,robbery,2019-01-01T01:00:00,-89.90,35.10\n"));
  EXPECT_EQ(summary.files.at(0).rows_stored, 1);
  EXPECT_EQ(test::query_text(db, "SELECT reason || ': ' || detail FROM rejects"),
            "duplicate incident id: id '7' first seen on line 2");
  EXPECT_EQ(count("SELECT line FROM rejects"), 3);
}

}  // namespace
}  // namespace grip::ingest

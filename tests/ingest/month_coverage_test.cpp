// A data.police.uk file replaces only the months it covers: one stray row dated another month is
// stored beside that month, never replacing it; a replacement that would remove far more rows than
// it adds is refused unless confirmed; replaced rows stay recoverable (--undo) until a vacuum.
// Expected counts come from the CSV text the test writes (its lines), not from the code under test.
#include "grip/ingest/month_coverage.hpp"

#include <gtest/gtest.h>

#include "grip/core/errors.hpp"
#include "grip/ingest/ingest_files.hpp"
#include "grip/store/batch_undo.hpp"
#include "support/test_support.hpp"

namespace grip::ingest {
namespace {

const std::string kHeader =
    "Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Crime type,"
    "Last outcome category,Context\n";

// `count` rows of `month` around Chelmsford, ids prefix0.., with `outcome`; `missing` more rows
// without coordinates (rejects).
std::string street_rows(const std::string& prefix, const std::string& month, int count,
                        const std::string& outcome, int missing = 0) {
  std::string rows;
  for (int i = 0; i < count + missing; ++i) {
    const bool placed = i < count;
    rows += prefix + std::to_string(i) + "," + month + ",Essex Police,Essex Police," +
            (placed ? "0." + std::to_string(4700 + i) + ",51." + std::to_string(7300 + i) : ",") +
            ",On or near High Street,E01021585,Chelmsford 011A,Robbery," + outcome + ",\n";
  }
  return rows;
}

// Data lines of a CSV text (all lines but the header) that contain `needle`.
std::int64_t lines_with(const std::string& csv, const std::string& needle) {
  std::int64_t count = 0;
  std::size_t at = csv.find('\n') + 1;
  while (at < csv.size()) {
    const std::size_t end = csv.find('\n', at);
    if (csv.substr(at, end - at).find(needle) != std::string::npos) ++count;
    at = end + 1;
  }
  return count;
}

class MonthCoverage : public ::testing::Test {
 protected:
  std::int64_t count(const std::string& sql) { return test::query_int(db, sql); }
  IngestSummary ingest(const std::vector<std::filesystem::path>& files, bool confirm = false) {
    store::Store store(test::store_locator(db));
    IngestOptions options;
    options.confirm_replace = confirm;
    return ingest_files(store, files, options);
  }
  store::UndoneBatch undo(std::int64_t batch) {
    store::Store store(test::store_locator(db));
    return undo_ingest(store, batch);
  }
  test::ScratchDir dir;
  std::filesystem::path db = dir / "store.gpkg";
};

TEST(MonthCoverageRule, NamedMonthOrHalfTheRowsCovers) {
  EXPECT_EQ(month_in_file_name("2018-03-essex-street.csv"), "2018-03");
  EXPECT_EQ(month_in_file_name("2018-03-essex-stop-and-search.csv"), "2018-03");
  EXPECT_EQ(month_in_file_name("2018-13-essex-street.csv"), std::nullopt);
  EXPECT_EQ(month_in_file_name("march.csv"), std::nullopt);
  EXPECT_TRUE(file_covers(1, 13753, true));    // the file's named month, however few its rows
  EXPECT_FALSE(file_covers(1, 13753, false));  // the stray row of the issue
  EXPECT_TRUE(file_covers(5, 10, false));      // exactly half
  EXPECT_FALSE(file_covers(4, 10, false));
  EXPECT_FALSE(file_covers(0, 10, true));
}

TEST(MonthCoverageRule, FarMoreRemovedThanAddedIsTwiceOrAThousandNet) {
  EXPECT_FALSE(removes_far_more(30, 15));      // 30 = 2 × 15
  EXPECT_TRUE(removes_far_more(31, 15));       // 31 > 30
  EXPECT_TRUE(removes_far_more(13752, 1));     // the month
  EXPECT_TRUE(removes_far_more(3000, 1999));   // net 1,001
  EXPECT_FALSE(removes_far_more(3000, 2000));  // net 1,000
  EXPECT_FALSE(removes_far_more(100, 120));    // a republished month that grew
}

TEST(MonthGroups, InterleavedMonthsAndForcesAreEachCountedWhole) {
  // Rows in runs and out of them (groups are counted in runs): by hand, 2025-01/A has rows 1, 2,
  // 5 and 9; 2025-02/A rows 3 and 8; 2025-01/B rows 4, 6 and 7; the stop search 2025-02/B one.
  ParsedFile parsed;
  const std::pair<const char*, const char*> rows[] = {{"2025-01", "A"}, {"2025-01", "A"}, {"2025-02", "A"},
                                                      {"2025-01", "B"}, {"2025-01", "A"}, {"2025-01", "B"},
                                                      {"2025-01", "B"}, {"2025-02", "A"}, {"2025-01", "A"}};
  for (const auto& [month, force] : rows) {
    store::IncidentRecord record;
    record.month = month;
    record.force = force;
    parsed.incidents.push_back(record);
  }
  store::StopSearchRecord search;
  search.month = "2025-02";
  search.force = "B";
  parsed.stop_searches.push_back(search);
  const std::map<MonthGroup, std::int64_t> expected = {
      {{"2025-01", "A"}, 4}, {{"2025-01", "B"}, 3}, {{"2025-02", "A"}, 2}, {{"2025-02", "B"}, 1}};
  EXPECT_EQ(month_groups(parsed), expected);
}

TEST_F(MonthCoverage, AStrayRowDatedAnotherMonthIsKeptBesideItNotReplacingIt) {
  const std::string feb_text = kHeader + street_rows("f", "2018-02", 40, "Under investigation");
  const std::string mar_text = kHeader + street_rows("m", "2018-03", 25, "Under investigation") +
                               street_rows("stray", "2018-02", 1, "Under investigation");
  const auto feb = dir.write("feb/2018-02-essex-street.csv", feb_text);
  const auto mar = dir.write("mar/2018-03-essex-street.csv", mar_text);
  (void)ingest({feb});
  const auto summary = ingest({mar});
  const auto& file = summary.files.at(0);
  EXPECT_EQ(file.status, FileStatus::kStored);
  EXPECT_EQ(file.rows_replaced, 0);
  EXPECT_NE(file.message.find("spans months unexpectedly: 1 row dated 2018-02 kept beside the 2018-02 data "
                              "already stored, not replacing it"),
            std::string::npos)
      << file.message;
  EXPECT_EQ(count("SELECT count(*) FROM incidents WHERE month = '2018-02'"),
            lines_with(feb_text, ",2018-02,") + lines_with(mar_text, ",2018-02,"));
  EXPECT_EQ(count("SELECT count(*) FROM incidents WHERE month = '2018-03'"),
            lines_with(mar_text, ",2018-03,"));
  EXPECT_EQ(count("SELECT count(*) FROM ingest_batches WHERE superseded_by IS NOT NULL"), 0);

  // The real February file is still current: loading it again adds nothing and says so plainly.
  const auto again = ingest({feb});
  EXPECT_EQ(again.files.at(0).status, FileStatus::kAlreadyIngested);
  EXPECT_EQ(again.files.at(0).message.find("newer copy"), std::string::npos) << again.files.at(0).message;

  // A republished February covers the month: it replaces the February rows, the stray one too.
  const std::string feb_v2 = kHeader + street_rows("f", "2018-02", 40, "Offender charged");
  const auto republished = ingest({dir.write("feb-v2/2018-02-essex-street.csv", feb_v2)});
  EXPECT_EQ(republished.files.at(0).rows_replaced,
            lines_with(feb_text, ",2018-02,") + lines_with(mar_text, ",2018-02,"));
  EXPECT_EQ(count("SELECT count(*) FROM incidents WHERE month = '2018-02'"), lines_with(feb_v2, ",2018-02,"));
  EXPECT_EQ(count("SELECT count(*) FROM incidents WHERE month = '2018-03'"),
            lines_with(mar_text, ",2018-03,"));
}

TEST_F(MonthCoverage, AReplacementRemovingFarMoreThanItAddsIsRefusedUnlessConfirmed) {
  const std::string full = kHeader + street_rows("f", "2018-02", 40, "Under investigation");
  const std::string partial = kHeader + street_rows("f", "2018-02", 3, "Offender charged");
  const std::string other = kHeader + street_rows("j", "2018-01", 5, "Under investigation");
  (void)ingest({dir.write("a/2018-02-essex-street.csv", full)});
  const auto partial_file = dir.write("b/2018-02-essex-street.csv", partial);
  const auto refused = ingest({partial_file, dir.write("b/2018-01-essex-street.csv", other)});
  ASSERT_EQ(refused.files.size(), 2u);
  EXPECT_EQ(refused.exit_code(), 2);
  const auto& partial_summary =
      refused.files.at(0).file == partial_file.string() ? refused.files.at(0) : refused.files.at(1);
  EXPECT_EQ(partial_summary.status, FileStatus::kRefused);
  EXPECT_NE(partial_summary.message.find("would remove " + std::to_string(lines_with(full, ",2018-02,")) +
                                         " rows stored and add only " +
                                         std::to_string(lines_with(partial, ",2018-02,"))),
            std::string::npos)
      << partial_summary.message;
  EXPECT_NE(partial_summary.message.find("--replace"), std::string::npos);
  EXPECT_EQ(count("SELECT count(*) FROM incidents WHERE month = '2018-02'"), lines_with(full, ",2018-02,"));
  EXPECT_EQ(count("SELECT count(*) FROM incidents WHERE month = '2018-01'"), lines_with(other, ",2018-01,"))
      << "the other file of the command still goes in";

  const auto confirmed = ingest({partial_file}, true);
  EXPECT_EQ(confirmed.files.at(0).status, FileStatus::kStored);
  EXPECT_EQ(confirmed.files.at(0).rows_replaced, lines_with(full, ",2018-02,"));
  EXPECT_EQ(count("SELECT count(*) FROM incidents WHERE month = '2018-02'"),
            lines_with(partial, ",2018-02,"));
}

// In a store's first ingest the PostGIS engine loads incidents without their primary key
// (PgDeferredKeys). The refused file's check reads the table, which brings the key back inside
// that file's savepoint; the refusal rolls that back, and the key must still be there at commit.
TEST_F(MonthCoverage, AFileRefusedInAStoresFirstIngestLeavesTheIncidentsKeyInPlace) {
  const std::string full = kHeader + street_rows("f", "2018-02", 40, "Under investigation");
  const std::string partial = kHeader + street_rows("f", "2018-02", 3, "Offender charged");
  const std::string later = kHeader + street_rows("k", "2018-03", 4, "Under investigation");
  const auto first =
      ingest({dir.write("a/2018-02-essex-street.csv", full), dir.write("b/2018-02-essex-street.csv", partial),
              dir.write("c/2018-03-essex-street.csv", later)});
  ASSERT_EQ(first.files.size(), 3u);
  EXPECT_EQ(first.files.at(0).status, FileStatus::kStored);
  EXPECT_EQ(first.files.at(1).status, FileStatus::kRefused) << first.files.at(1).message;
  EXPECT_EQ(first.files.at(2).status, FileStatus::kStored);
  const std::string key_sql =
      test::testing_postgis()
          ? "SELECT count(*) FROM pg_constraint WHERE conrelid = 'incident_rows'::regclass AND contype = 'p'"
          : "SELECT count(*) FROM pragma_table_info('incidents') WHERE name = 'fid' AND pk = 1";
  EXPECT_EQ(count(key_sql), 1);
  EXPECT_EQ(count("SELECT count(*) FROM incidents"),
            lines_with(full, ",2018-02,") + lines_with(later, ",2018-03,"));
  // Each stored batch's fid range holds exactly its own rows.
  EXPECT_EQ(count("SELECT count(*) FROM incidents i JOIN ingest_batches b ON b.batch_id = i.batch_id "
                  "WHERE i.fid BETWEEN b.first_fid AND b.last_fid"),
            count("SELECT count(*) FROM incidents"));
}

TEST_F(MonthCoverage, UndoRestoresTheReplacedRowsTheirRejectsAndTheirBatchStatus) {
  const std::string full = kHeader + street_rows("f", "2018-02", 40, "Under investigation", 2);
  const std::string partial = kHeader + street_rows("f", "2018-02", 3, "Offender charged");
  const auto full_file = dir.write("a/2018-02-essex-street.csv", full);
  const auto partial_file = dir.write("b/2018-02-essex-street.csv", partial);
  const auto first = ingest({full_file});
  const std::int64_t placed = lines_with(full, ",2018-02,") - lines_with(full, ",,,On or near");
  ASSERT_EQ(count("SELECT count(*) FROM incidents"), placed);
  ASSERT_EQ(count("SELECT count(*) FROM rejects"), lines_with(full, ",,,On or near"));
  const auto second = ingest({partial_file}, true);
  ASSERT_EQ(count("SELECT count(*) FROM incidents"), lines_with(partial, ",2018-02,"));
  ASSERT_EQ(count("SELECT count(*) FROM rejects"), 0);
  ASSERT_EQ(count("SELECT count(*) FROM ingest_batches WHERE superseded_by IS NOT NULL"), 1);

  const auto undone = undo(second.files.at(0).batch_id);
  EXPECT_EQ(undone.rows_removed, lines_with(partial, ",2018-02,"));
  EXPECT_EQ(undone.rows_restored, placed);
  EXPECT_EQ(undone.rejects_restored, lines_with(full, ",,,On or near"));
  EXPECT_EQ(undone.batches_restored, std::vector<std::int64_t>{first.files.at(0).batch_id});
  EXPECT_EQ(count("SELECT count(*) FROM incidents"), placed);
  EXPECT_EQ(count("SELECT count(*) FROM incidents WHERE outcome = 'Offender charged'"), 0);
  EXPECT_EQ(
      count("SELECT count(*) FROM incidents WHERE batch_id = " + std::to_string(first.files.at(0).batch_id)),
      placed);
  EXPECT_EQ(count("SELECT count(*) FROM rejects"), lines_with(full, ",,,On or near"));
  EXPECT_EQ(count("SELECT count(*) FROM ingest_batches WHERE superseded_by IS NOT NULL"), 0);
  EXPECT_EQ(count("SELECT count(*) FROM ingest_batches"), 1);
  EXPECT_EQ(
      count("SELECT count(*) FROM superseded_incidents") + count("SELECT count(*) FROM superseded_rejects"),
      0);

  // The original file is current again, not "replaced by a newer copy"; the undone one can come back.
  const auto original_again = ingest({full_file});
  EXPECT_EQ(original_again.files.at(0).status, FileStatus::kAlreadyIngested);
  EXPECT_EQ(original_again.files.at(0).message.find("newer copy"), std::string::npos);
  const auto partial_again = ingest({partial_file}, true);
  EXPECT_EQ(partial_again.files.at(0).status, FileStatus::kStored);
  EXPECT_EQ(partial_again.files.at(0).rows_replaced, placed);
}

TEST_F(MonthCoverage, UndoIsRefusedWhenALaterBatchReplacedItOrAVacuumRemovedWhatItReplaced) {
  const auto v1 =
      ingest({dir.write("v1/2018-02-essex-street.csv", kHeader + street_rows("f", "2018-02", 10, "A"))});
  const auto v2 =
      ingest({dir.write("v2/2018-02-essex-street.csv", kHeader + street_rows("f", "2018-02", 10, "B"))});
  const auto v3 =
      ingest({dir.write("v3/2018-02-essex-street.csv", kHeader + street_rows("f", "2018-02", 10, "C"))});
  ASSERT_EQ(v3.files.at(0).rows_replaced, 10);
  EXPECT_THROW((void)undo(v2.files.at(0).batch_id), UsageError) << "v3 replaced v2's rows: undo v3 first";
  EXPECT_EQ(count("SELECT count(*) FROM incidents WHERE outcome = 'C'"), 10)
      << "a refused undo changes nothing";
  EXPECT_EQ(undo(v3.files.at(0).batch_id).rows_restored, 10);
  EXPECT_EQ(count("SELECT count(*) FROM incidents WHERE outcome = 'B'"), 10);
  {
    store::Store store(test::store_locator(db));
    store::WriteTransaction transaction(store);
    const auto removed = store::vacuum_superseded(store);
    transaction.commit();
    EXPECT_EQ(removed.incidents, 10) << "v1's rows, replaced by v2";
  }
  EXPECT_THROW((void)undo(v2.files.at(0).batch_id), UsageError) << "v1's rows are gone for good";
  EXPECT_EQ(count("SELECT count(*) FROM incidents WHERE outcome = 'B'"), 10);
  EXPECT_THROW((void)undo(v1.files.at(0).batch_id), UsageError) << "v1 has no rows left to undo";
  EXPECT_THROW((void)undo(999), UsageError);
}

}  // namespace
}  // namespace grip::ingest

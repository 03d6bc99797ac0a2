// File-level problems refuse the whole file through the CLI: exit code 2, a message with file, line
// and reason, and the store exactly as it was. Other files in the same command are still stored.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "support/test_support.hpp"

namespace grip::test {
namespace {

const std::string kHeader =
    "Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Crime type,"
    "Last outcome category,Context\n";
const std::string kRow =
    "abc,2018-01,Essex Police,Essex Police,0.470000,51.730000,On or near High Street,E01021585,Chelmsford "
    "011A,"
    "Robbery,Under investigation,\n";

class IngestRefusals : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto result =
        run_grip({"--db", db.string(), "ingest", dir.write("good.csv", kHeader + kRow).string()});
    ASSERT_EQ(result.exit_code, 0) << result.out;
    before_ = snapshot();
    ASSERT_TRUE(before_.starts_with("incidents=1/")) << before_;
  }
  // Everything a refused file could have touched: per Grip table its row count and aggregates of
  // its columns (integers summed, text lengths summed, reals summed), in SQL that SQLite and
  // PostgreSQL both run, so the snapshot works on either engine.
  std::string snapshot() {
    std::string all;
    for (const auto& table : kTables) {
      std::string sql = "SELECT CAST(count(*) AS TEXT)";
      for (const auto& column : table.integers)
        sql += " || '/' || CAST(COALESCE(SUM(" + column + "),0) AS TEXT)";
      for (const auto& column : table.integers)
        sql += " || '/' || CAST(COALESCE(MAX(" + column + "),0) AS TEXT)";
      for (const auto& column : table.texts) {
        sql += " || '/' || CAST(COALESCE(SUM(LENGTH(" + column + ")),0) AS TEXT)";
        sql += " || '/' || CAST(count(" + column + ") AS TEXT)";
      }
      for (const auto& column : table.reals)
        sql += " || '/' || CAST(COALESCE(SUM(" + column + "),0) AS TEXT)";
      const auto row = query_text(db, sql + " FROM " + table.name);
      EXPECT_FALSE(row.empty()) << "no snapshot of " << table.name;
      all += table.name + "=" + row + "\n";
    }
    return all;
  }
  struct Table {
    std::string name;
    std::vector<std::string> integers, texts, reals;
  };
  inline static const std::vector<Table> kTables = {
      {"incidents",
       {"fid", "batch_id", "source_line"},
       {"source_id", "month", "occurred_from", "occurred_to", "category", "offence", "location", "lsoa_code",
        "lsoa_name", "force", "outcome", "context"},
       {"x", "y", "outside_km"}},
      {"stop_searches",
       {"fid", "batch_id", "source_line"},
       {"month", "occurred_at", "search_type", "part_of_operation", "operation_name", "legislation",
        "object_of_search", "outcome", "outcome_linked_to_object", "force"},
       {"x", "y", "outside_km"}},
      {"areas",
       {"fid", "batch_id"},
       {"kind", "code", "name", "parent_code", "parent_name"},
       {"area_m2", "min_x", "min_y", "max_x", "max_y"}},
      {"ingest_batches",
       {"batch_id", "bytes", "rows_read", "rows_stored", "rows_rejected", "rows_replaced", "superseded_by",
        "first_fid", "last_fid"},
       {"file_name", "file_path", "content_hash", "format", "dataset", "ingested_at", "grip_version"},
       {}},
      {"rejects", {"reject_id", "batch_id", "line"}, {"file_name", "reason", "detail", "raw"}, {}},
      {"categories", {"id"}, {"category", "origin", "basis"}, {"harm_weight"}},
      {"batch_groups", {"batch_id"}, {"dataset", "month", "force"}, {}},
      {"grip_settings", {}, {"key", "value"}, {}},
  };
  void expect_refused(const std::string& name, const std::string& bytes, const std::string& where,
                      const std::string& reason) {
    const auto file = dir.write(name, bytes);
    const auto result = run_grip({"--db", db.string(), "ingest", file.string()});
    EXPECT_EQ(result.exit_code, 2) << result.out;
    EXPECT_NE(result.out.find(file.string() + where), std::string::npos) << result.out;
    EXPECT_NE(result.out.find(reason), std::string::npos) << result.out;
    EXPECT_EQ(snapshot(), before_) << "a refused file must leave the store as it was";
  }
  ScratchDir dir;
  fs::path db = dir / "store.gpkg";
  std::string before_;
};

TEST_F(IngestRefusals, TruncatedFile) {
  const std::string whole = kHeader + kRow + kRow;
  expect_refused("cut.csv", whole.substr(0, whole.size() - 60), ":3:", "cut off");
}

TEST_F(IngestRefusals, BinaryJunk) {
  std::string junk = "\x89PNG\r\n\x1a\n";
  junk += std::string("\x00\x00\x00\x0dIHDR", 8);
  // The PNG signature has line ends at bytes 5 and 7, so the first NUL byte is on line 3.
  expect_refused("junk.csv", junk, ":3:", "binary");
}

TEST_F(IngestRefusals, UnknownHeader) {
  expect_refused("wrong.csv", "foo,bar,baz\n1,2,3\n", ":1:", "not a known format");
}

TEST_F(IngestRefusals, RowWithFortyColumns) {
  expect_refused("wide.csv", kHeader + kRow + std::string(39, ',') + "\n" + kRow, ":3:", "40 fields");
}

TEST_F(IngestRefusals, Latin1Text) {
  std::string row = kRow;
  row.replace(row.find("High"), 4, "H\xE9gh");
  expect_refused("latin1.csv", kHeader + kRow + row, ":3:", "invalid UTF-8");
}

TEST_F(IngestRefusals, OneBadFileDoesNotStopTheOthers) {
  const auto good = dir.write("more/2018-02.csv", kHeader + "x2,2018-02" + kRow.substr(11));
  const auto bad = dir.write("more/bad.csv", kHeader + std::string(39, ',') + "\n");
  const auto result = run_grip({"--db", db.string(), "ingest", (dir / "more").string()});
  EXPECT_EQ(result.exit_code, 2) << result.out;
  EXPECT_NE(result.out.find(bad.string() + ":2:"), std::string::npos) << result.out;
  EXPECT_EQ(query_int(db, "SELECT count(*) FROM incidents WHERE month = '2018-02'"), 1);
}

TEST(CliExitCodes, UsageErrorsExitWithOne) {
  EXPECT_EQ(run_grip({"--no-such-option"}).exit_code, 1);
  EXPECT_EQ(run_grip({"ingest"}).exit_code, 1);
  EXPECT_EQ(run_grip({}).exit_code, 1);
}

TEST(CliExitCodes, HelpDocumentsTheExitCodes) {
  const auto result = run_grip({"--help"});
  EXPECT_EQ(result.exit_code, 0);
  for (const char* code : {"0  success", "1  usage error", "2  input or data error", "3  store error"}) {
    EXPECT_NE(result.out.find(code), std::string::npos) << result.out;
  }
}

TEST(CliExitCodes, StoreProblemsExitWithThree) {
  ScratchDir dir;
  const auto csv = dir.write("a.csv", kHeader + kRow);
  EXPECT_EQ(
      run_grip({"--db", (dir / "no-such-folder" / "x.gpkg").string(), "ingest", csv.string()}).exit_code, 3);
  // An SQLite file that is not a Grip store is not changed.
  const auto other = dir / "other.sqlite";
  ASSERT_EQ(std::system(("sqlite3 '" + other.string() +
                         "' 'CREATE TABLE t(a)' 2>/dev/null || "
                         "printf 'SQLite format 3' > '" +
                         other.string() + "'")
                            .c_str()),
            0);
  const auto result = run_grip({"--db", other.string(), "ingest", csv.string()});
  EXPECT_EQ(result.exit_code, 3) << result.out;
}

TEST(CliExitCodes, MissingInputIsADataError) {
  ScratchDir dir;
  const auto result =
      run_grip({"--db", (dir / "s.gpkg").string(), "ingest", (dir / "nothing-here.csv").string()});
  EXPECT_EQ(result.exit_code, 2) << result.out;
  EXPECT_NE(result.out.find("no such file"), std::string::npos) << result.out;
}

}  // namespace
}  // namespace grip::test

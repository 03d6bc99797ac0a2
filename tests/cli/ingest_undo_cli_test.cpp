// `grip ingest --replace`, `grip ingest --undo BATCH` and `grip store vacuum` end to end: a partial
// copy of a month exits 2 naming the rows it would remove while the command's other files go in;
// --replace confirms it; --undo brings the month back; vacuum makes the replacement final.
#include <gtest/gtest.h>

#include <algorithm>

#include "support/test_support.hpp"

namespace grip::test {
namespace {

const std::string kHeader =
    "Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Crime type,"
    "Last outcome category,Context\n";

std::string month_file(const std::string& month, int rows) {
  std::string text = kHeader;
  for (int i = 0; i < rows; ++i) {
    text += "id" + std::to_string(i) + "," + month + ",Essex Police,Essex Police,0." +
            std::to_string(4700 + i) +
            ",51.7300,On or near High Street,E01021585,Chelmsford 011A,Robbery,Under investigation,\n";
  }
  return text;
}

std::int64_t data_lines(const std::string& csv) {
  return static_cast<std::int64_t>(std::count(csv.begin(), csv.end(), '\n')) - 1;
}

TEST(IngestUndoCli, ReplaceConfirmsUndoRestoresAndVacuumMakesItFinal) {
  ScratchDir dir;
  const auto db = dir / "s.gpkg";
  const std::string full = month_file("2018-02", 30), partial = month_file("2018-02", 2),
                    january = month_file("2018-01", 4);
  const auto full_file = dir.write("a/2018-02-essex-street.csv", full);
  const auto partial_file = dir.write("b/2018-02-essex-street.csv", partial);
  ASSERT_EQ(run_grip({"--db", db.string(), "-q", "ingest", full_file.string()}).exit_code, 0);

  const auto refused = run_grip({"--db", db.string(), "-q", "ingest", partial_file.string(),
                                 dir.write("b/2018-01-essex-street.csv", january).string()});
  EXPECT_EQ(refused.exit_code, 2) << refused.out;
  EXPECT_NE(refused.out.find("would remove " + std::to_string(data_lines(full)) + " rows"), std::string::npos)
      << refused.out;
  EXPECT_NE(refused.out.find("give --replace to confirm"), std::string::npos) << refused.out;
  EXPECT_EQ(query_int(db, "SELECT count(*) FROM incidents"), data_lines(full) + data_lines(january));

  const auto confirmed = run_grip({"--db", db.string(), "-q", "ingest", "--replace", partial_file.string()});
  EXPECT_EQ(confirmed.exit_code, 0) << confirmed.out;
  EXPECT_EQ(query_int(db, "SELECT count(*) FROM incidents WHERE month = '2018-02'"), data_lines(partial));
  const auto batch = query_int(db, "SELECT MAX(batch_id) FROM ingest_batches");

  const auto undone = run_grip({"--db", db.string(), "ingest", "--undo", std::to_string(batch)});
  EXPECT_EQ(undone.exit_code, 0) << undone.out;
  EXPECT_NE(undone.out.find("restored " + std::to_string(data_lines(full)) + " rows"), std::string::npos)
      << undone.out;
  EXPECT_EQ(query_int(db, "SELECT count(*) FROM incidents WHERE month = '2018-02'"), data_lines(full));
  EXPECT_EQ(run_grip({"--db", db.string(), "ingest", "--undo", std::to_string(batch)}).exit_code, 1)
      << "the batch is gone";

  ASSERT_EQ(run_grip({"--db", db.string(), "-q", "ingest", "--replace", partial_file.string()}).exit_code, 0);
  const auto vacuum = run_grip({"--db", db.string(), "store", "vacuum"});
  EXPECT_EQ(vacuum.exit_code, 0) << vacuum.out;
  EXPECT_NE(vacuum.out.find("removed for good " + std::to_string(data_lines(full)) + " replaced incidents"),
            std::string::npos)
      << vacuum.out;
  EXPECT_EQ(query_int(db, "SELECT count(*) FROM superseded_incidents"), 0);
  const auto last = query_int(db, "SELECT MAX(batch_id) FROM ingest_batches");
  const auto too_late = run_grip({"--db", db.string(), "ingest", "--undo", std::to_string(last)});
  EXPECT_EQ(too_late.exit_code, 1) << too_late.out;
  EXPECT_NE(too_late.out.find("vacuum"), std::string::npos) << too_late.out;
  EXPECT_EQ(query_int(db, "SELECT count(*) FROM incidents WHERE month = '2018-02'"), data_lines(partial));
}

TEST(IngestUndoCli, UndoTakesABatchNotFiles) {
  ScratchDir dir;
  const auto result = run_grip({"--db", (dir / "s.gpkg").string(), "ingest", "--undo", "1",
                                dir.write("x.csv", month_file("2018-01", 1)).string()});
  EXPECT_EQ(result.exit_code, 1) << result.out;
  EXPECT_EQ(run_grip({"--db", (dir / "s.gpkg").string(), "ingest"}).exit_code, 1);
  EXPECT_EQ(run_grip({"--db", (dir / "s.gpkg").string(), "store"}).exit_code, 1);
}

}  // namespace
}  // namespace grip::test

// kill -9 in the middle of a large ingest leaves the store as it was before that run (one
// transaction per command) on either engine, the GeoPackage passes SQLite's integrity check, and
// running the same ingest again completes it with the exact count.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <thread>

#include "support/test_support.hpp"

namespace grip::test {
namespace {

// True once the ingest's write transaction is open: on the GeoPackage a bulk load's rollback
// journal exists from its first write (or, if another connection kept the store in WAL mode, the
// WAL has grown); on PostGIS the writer's advisory lock is held.
bool ingest_is_writing(const fs::path& db) {
  if (testing_postgis()) {
    return query_int(db,
                     "SELECT count(*) FROM pg_locks l JOIN pg_database d ON d.oid = l.database "
                     "WHERE l.locktype = 'advisory' AND l.granted AND d.datname = current_database()") > 0;
  }
  std::error_code ignored;
  const fs::path journal = db.string() + "-journal", wal = db.string() + "-wal";
  return fs::exists(journal, ignored) ||
         (fs::exists(wal, ignored) && fs::file_size(wal, ignored) > 1'000'000);
}

TEST(KillDuringIngest, LeavesTheStoreAsItWasAndARerunCompletesIt) {
  if (!have_shared_data()) GTEST_SKIP() << "../shared/data is not present";
  ScratchDir dir;
  const fs::path db = dir / "store.gpkg";
  const fs::path input = dir / "input";
  const std::int64_t expected_rows = write_renamed_street_copies(input, 4);
  const std::string locator = store_locator(db);

  const auto first = run_grip(
      {"--db", db.string(), "ingest", (shared_data() / "boundaries" / "essex-districts.geojson").string()});
  ASSERT_EQ(first.exit_code, 0) << first.out;
  const auto areas_before = query_int(db, "SELECT count(*) FROM areas");

  const pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    const int null = ::open("/dev/null", O_WRONLY);
    dup2(null, STDOUT_FILENO);
    dup2(null, STDERR_FILENO);
    execl(GRIP_CLI, GRIP_CLI, "--db", locator.c_str(), "ingest", input.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  // Kill once the ingest's transaction is open, then 150 ms more, so the kill lands inside the
  // transaction rather than before or after it.
  for (int waited = 0; waited < 20'000 && !ingest_is_writing(db); waited += 5) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(150));
  kill(child, SIGKILL);
  int status = 0;
  waitpid(child, &status, 0);
  ASSERT_TRUE(WIFSIGNALED(status)) << "the ingest must still have been running when killed";

  // The file is sound (GeoPackage); on PostGIS the server aborted the dropped connection's
  // transaction, so none of the killed run's rows are visible.
  if (!testing_postgis()) {
    EXPECT_EQ(query_text(db, "PRAGMA integrity_check"), "ok");
  }
  EXPECT_EQ(query_int(db, "SELECT count(*) FROM incidents"), 0)
      << "a killed ingest must leave nothing of itself";
  EXPECT_EQ(query_int(db, "SELECT count(*) FROM ingest_batches WHERE format <> 'boundaries'"), 0);
  EXPECT_EQ(query_int(db, "SELECT count(*) FROM areas"), areas_before);

  const auto rerun = run_grip({"--db", db.string(), "-q", "ingest", input.string()});
  ASSERT_EQ(rerun.exit_code, 0) << rerun.out;
  EXPECT_EQ(query_int(db, "SELECT count(*) FROM incidents"), expected_rows);
  EXPECT_EQ(query_int(db, "SELECT count(*) FROM ingest_batches WHERE format <> 'boundaries'"), 40);
  if (!testing_postgis()) {
    EXPECT_EQ(query_text(db, "PRAGMA integrity_check"), "ok");
    EXPECT_EQ(query_text(db, "PRAGMA journal_mode"), "wal");
  }
}

}  // namespace
}  // namespace grip::test

// kill -9 in the middle of a large ingest leaves the store as it was before that run (one
// transaction per command), the store passes SQLite's integrity check, and running the same
// ingest again completes it.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <sstream>
#include <thread>

#include "support/test_support.hpp"

namespace grip::test {
namespace {

// Copies the Essex street files as if from several forces, so the ingest runs long enough to kill.
std::int64_t write_large_input(const fs::path& folder, int copies) {
  std::int64_t with_coordinates = 0;
  for (const auto& entry : fs::directory_iterator(shared_data() / "police-uk" / "street")) {
    const std::string text = read_file(entry.path());
    for (int copy = 1; copy <= copies; ++copy) {
      const std::string from = "Essex Police", to = "Force " + std::to_string(copy);
      std::string renamed;
      renamed.reserve(text.size());
      std::size_t done = 0;
      for (std::size_t at = text.find(from); at != std::string::npos; at = text.find(from, done)) {
        renamed.append(text, done, at - done).append(to);
        done = at + from.size();
      }
      renamed.append(text, done);
      std::ofstream(folder / (std::to_string(copy) + "-" + entry.path().filename().string())) << renamed;
    }
    std::istringstream lines(text);
    std::string line;
    std::getline(lines, line);
    while (std::getline(lines, line)) {
      // Fields 5 and 6 (longitude, latitude) are empty exactly when ",," follows the force names.
      if (line.size() > 2 && line.find("Police,,") == std::string::npos) ++with_coordinates;
    }
  }
  return with_coordinates * copies;
}

TEST(KillDuringIngest, LeavesTheStoreAsItWasAndARerunCompletesIt) {
  if (!have_shared_data()) GTEST_SKIP() << "../shared/data is not present";
  ScratchDir dir;
  const fs::path db = dir / "store.gpkg";
  const fs::path input = dir / "input";
  fs::create_directories(input);
  const std::int64_t expected_rows = write_large_input(input, 4);

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
    execl(GRIP_CLI, GRIP_CLI, "--db", db.c_str(), "ingest", input.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  // Kill once the ingest's transaction is open: a bulk load's rollback journal exists from its first
  // write (or, if another connection kept the store in WAL mode, the WAL has grown), then 150 ms
  // more, so the kill lands inside the transaction rather than before or after it.
  const auto writing = [&] {
    std::error_code ignored;
    const fs::path journal = db.string() + "-journal", wal = db.string() + "-wal";
    return fs::exists(journal, ignored) ||
           (fs::exists(wal, ignored) && fs::file_size(wal, ignored) > 1'000'000);
  };
  for (int waited = 0; waited < 20'000 && !writing(); waited += 2) {
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(150));
  kill(child, SIGKILL);
  int status = 0;
  waitpid(child, &status, 0);
  ASSERT_TRUE(WIFSIGNALED(status)) << "the ingest must still have been running when killed";

  EXPECT_EQ(query_text(db, "PRAGMA integrity_check"), "ok");
  EXPECT_EQ(query_int(db, "SELECT count(*) FROM incidents"), 0)
      << "a killed ingest must leave nothing of itself";
  EXPECT_EQ(query_int(db, "SELECT count(*) FROM ingest_batches WHERE format <> 'boundaries'"), 0);
  EXPECT_EQ(query_int(db, "SELECT count(*) FROM areas"), areas_before);

  const auto rerun = run_grip({"--db", db.string(), "-q", "ingest", input.string()});
  ASSERT_EQ(rerun.exit_code, 0) << rerun.out;
  EXPECT_EQ(query_int(db, "SELECT count(*) FROM incidents"), expected_rows);
  EXPECT_EQ(query_text(db, "PRAGMA integrity_check"), "ok");
  EXPECT_EQ(query_text(db, "PRAGMA journal_mode"), "wal");
}

}  // namespace
}  // namespace grip::test

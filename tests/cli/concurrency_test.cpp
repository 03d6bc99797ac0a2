// Several grip commands on one store at once, through the binary, on either engine: two ingests of
// different files both succeed and together store every row; readers started during a large
// ingest all succeed; a command that finds another writing waits and says so. On the GeoPackage
// this exercises the busy handler and the WAL switch (an earlier bug failed 8 of 15 ingest pairs
// with "database is locked (while running: PRAGMA journal_mode = WAL)").
#include <gtest/gtest.h>
#include <libpq-fe.h>
#include <sqlite3.h>

#include <chrono>
#include <future>
#include <thread>

#include "support/test_support.hpp"

namespace grip::test {
namespace {

using Clock = std::chrono::steady_clock;

std::vector<fs::path> street_files() {
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(shared_data() / "police-uk" / "street"))
    files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  return files;
}

CliResult ingest(const fs::path& db, const std::vector<fs::path>& files) {
  std::vector<std::string> arguments = {"--db", db.string(), "-q", "ingest"};
  for (const auto& file : files) arguments.push_back(file.string());
  return run_grip(arguments);
}

TEST(Concurrency, TwoIngestsOfDifferentFilesBothSucceedFiveTimesOver) {
  if (!have_shared_data()) GTEST_SKIP() << "../shared/data is not present";
  const auto files = street_files();
  ASSERT_EQ(files.size(), 10u);
  const std::vector<fs::path> first(files.begin(), files.begin() + 5), second(files.begin() + 5, files.end());
  std::int64_t expected = 0;
  for (const auto& file : files) expected += street_rows_with_coordinates(file);

  ScratchDir dir;
  const auto started = Clock::now();
  for (int repetition = 0; repetition < 5; ++repetition) {
    const fs::path db = dir / ("pair-" + std::to_string(repetition) + ".gpkg");
    auto a = std::async(std::launch::async, [&] { return ingest(db, first); });
    auto b = std::async(std::launch::async, [&] { return ingest(db, second); });
    const CliResult one = a.get(), two = b.get();
    EXPECT_EQ(one.exit_code, 0) << "repetition " << repetition << ": " << one.out;
    EXPECT_EQ(two.exit_code, 0) << "repetition " << repetition << ": " << two.out;
    EXPECT_EQ(query_int(db, "SELECT count(*) FROM incidents"), expected) << "repetition " << repetition;
    EXPECT_EQ(query_int(db, "SELECT count(*) FROM ingest_batches"), 10) << "repetition " << repetition;
  }
  EXPECT_LT(Clock::now() - started, std::chrono::minutes(3));
}

TEST(Concurrency, ReadersDuringALargeIngestAllSucceed) {
  if (!have_shared_data()) GTEST_SKIP() << "../shared/data is not present";
  ScratchDir dir;
  const fs::path db = dir / "store.gpkg";
  const auto files = street_files();
  const auto seeded =
      run_grip({"--db", db.string(), "-q", "ingest",
                (shared_data() / "boundaries" / "essex-districts.geojson").string(), files.front().string()});
  ASSERT_EQ(seeded.exit_code, 0) << seeded.out;
  const std::int64_t before = query_int(db, "SELECT count(*) FROM incidents");
  const fs::path input = dir / "input";
  const std::int64_t large = write_renamed_street_copies(input, 4);

  auto writer = std::async(std::launch::async, [&] { return ingest(db, {input}); });
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  // Two exports (read only) and a hotspot run (a writer, so it waits its turn); all must succeed.
  auto export_a = std::async(std::launch::async, [&] {
    return run_grip({"--db", db.string(), "-q", "export", "areas", "-o", (dir / "a.geojson").string()});
  });
  auto export_b = std::async(std::launch::async, [&] {
    return run_grip({"--db", db.string(), "-q", "export", "incidents", "-o", (dir / "b.csv").string()});
  });
  auto hotspots = std::async(std::launch::async, [&] {
    return run_grip({"--db", db.string(), "--json", "-q", "hotspots", "--cell-size", "500"});
  });
  const CliResult a = export_a.get(), b = export_b.get(), h = hotspots.get(), w = writer.get();
  EXPECT_EQ(a.exit_code, 0) << a.out;
  EXPECT_EQ(b.exit_code, 0) << b.out;
  EXPECT_EQ(h.exit_code, 0) << h.out;
  ASSERT_EQ(w.exit_code, 0) << w.out;
  EXPECT_EQ(query_int(db, "SELECT count(*) FROM incidents"), before + large);
  // A reader saw a snapshot: the rows before the ingest, or all of them (header line apart).
  const auto exported = parse_csv(read_file(dir / "b.csv")).size() - 1;
  EXPECT_TRUE(static_cast<std::int64_t>(exported) == before ||
              static_cast<std::int64_t>(exported) == before + large)
      << exported;
}

// Holds the store's writer lock from outside grip: BEGIN IMMEDIATE on the GeoPackage, the advisory
// lock every grip writer takes on PostGIS (key "GRIPSTOR", postgres_database.hpp).
class WriterLock {
 public:
  explicit WriterLock(const fs::path& db) {
    if (testing_postgis()) {
      pg_ = PQconnectdb(store_locator(db).substr(3).c_str());
      PQclear(PQexec(pg_, "BEGIN"));
      PGresult* result = PQexec(pg_, "SELECT pg_advisory_xact_lock(5139250734127402834)");
      ok_ = PQresultStatus(result) == PGRES_TUPLES_OK;
      PQclear(result);
    } else {
      ok_ = sqlite3_open(db.c_str(), &sqlite_) == SQLITE_OK &&
            sqlite3_exec(sqlite_, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) == SQLITE_OK;
    }
  }
  ~WriterLock() { release(); }
  WriterLock(const WriterLock&) = delete;
  WriterLock& operator=(const WriterLock&) = delete;
  [[nodiscard]] bool held() const { return ok_; }
  void release() {
    if (pg_) PQfinish(pg_);
    if (sqlite_) {
      sqlite3_exec(sqlite_, "ROLLBACK", nullptr, nullptr, nullptr);
      sqlite3_close(sqlite_);
    }
    pg_ = nullptr;
    sqlite_ = nullptr;
  }

 private:
  PGconn* pg_ = nullptr;
  sqlite3* sqlite_ = nullptr;
  bool ok_ = false;
};

TEST(Concurrency, ACommandThatFindsAnotherWritingWaitsAndSaysSo) {
  ScratchDir dir;
  const fs::path db = make_small_store(dir);
  const auto rows = query_int(db, "SELECT count(*) FROM incidents");
  WriterLock lock(db);
  ASSERT_TRUE(lock.held());
  auto waiting = std::async(std::launch::async, [&] {
    return run_grip({"--db", db.string(), "-q", "hotspots", "--cell-size", "500"});
  });
  // Longer than the GeoPackage's two seconds before it says it is waiting.
  EXPECT_EQ(waiting.wait_for(std::chrono::milliseconds(3500)), std::future_status::timeout)
      << "the command must wait while another holds the store";
  lock.release();
  const CliResult result = waiting.get();
  EXPECT_EQ(result.exit_code, 0) << result.out;
  EXPECT_NE(result.out.find("waiting for another grip command"), std::string::npos) << result.out;
  EXPECT_EQ(query_int(db, "SELECT count(*) FROM hotspot_runs"), 1);
  EXPECT_EQ(query_int(db, "SELECT count(*) FROM incidents"), rows);
}

}  // namespace
}  // namespace grip::test

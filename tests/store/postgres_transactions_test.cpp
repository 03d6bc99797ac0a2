// Transactions on the PostgreSQL engine: writers take turns, readers never wait, and nothing of
// an unfinished write survives, whether the writer is destroyed, throws, or is killed with -9.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <stdexcept>
#include <thread>

#include "grip/core/errors.hpp"
#include "store/postgres_test_base.hpp"

namespace grip::test {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

class PostgresTransactions : public PostgresTest {
 protected:
  void SetUp() override {
    PostgresTest::SetUp();
    if (db) db->exec("CREATE TABLE t (id BIGINT)");
  }
};

TEST_F(PostgresTransactions, SecondWriterWaitsUntilTheFirstCommits) {
  auto second = open_again();
  db->begin_write();
  db->exec("INSERT INTO t VALUES (1)");
  Clock::time_point second_began{}, first_committed{};
  std::thread writer([&] {
    second->begin_write();
    second_began = Clock::now();
    // It sees the first writer's row: it began after that commit.
    auto count = second->prepare("SELECT count(*) FROM t");
    count->step();
    EXPECT_EQ(count->column_int(0), 1);
    second->exec("INSERT INTO t VALUES (2)");
    second->commit();
  });
  std::this_thread::sleep_for(milliseconds(600));
  first_committed = Clock::now();
  db->commit();
  writer.join();
  EXPECT_GE(second_began, first_committed) << "the second writer began while the first was still writing";
  EXPECT_EQ(value("SELECT count(*) FROM t"), "2");
}

TEST_F(PostgresTransactions, ReaderIsNotBlockedByAnOpenWriter) {
  db->exec("INSERT INTO t VALUES (1)");
  db->begin_write();
  db->exec("INSERT INTO t VALUES (2)");
  auto reader = open_again();
  const auto started = Clock::now();
  reader->begin_read();
  auto count = reader->prepare("SELECT count(*) FROM t");
  ASSERT_TRUE(count->step());
  EXPECT_EQ(count->column_int(0), 1);  // the committed row only
  reader->commit();
  EXPECT_LT(Clock::now() - started, milliseconds(2000));
  db->commit();
}

TEST_F(PostgresTransactions, ReaderKeepsItsSnapshot) {
  auto reader = open_again();
  reader->begin_read();
  auto count = reader->prepare("SELECT count(*) FROM t");
  ASSERT_TRUE(count->step());
  EXPECT_EQ(count->column_int(0), 0);
  db->begin_write();
  db->exec("INSERT INTO t VALUES (1)");
  db->commit();
  count->reset();
  ASSERT_TRUE(count->step());
  EXPECT_EQ(count->column_int(0), 0);  // repeatable read: the same snapshot to the end
  EXPECT_THROW(reader->exec("INSERT INTO t VALUES (9)"), StoreError);  // and read only
  reader->rollback();
}

TEST_F(PostgresTransactions, ATransactionInsideAnotherIsRefused) {
  db->begin_write();
  EXPECT_THROW(db->begin_write(), StoreError);
  EXPECT_THROW(db->begin_read(), StoreError);
  db->exec("INSERT INTO t VALUES (1)");
  db->commit();  // the outer transaction was not disturbed
  EXPECT_EQ(value("SELECT count(*) FROM t"), "1");
}

TEST_F(PostgresTransactions, DestroyingAWriterRollsBack) {
  {
    auto writer = open_again();
    writer->begin_write();
    writer->exec("INSERT INTO t VALUES (1)");
  }
  EXPECT_EQ(value("SELECT count(*) FROM t"), "0");
  db->begin_write();  // the lock went with the connection
  db->commit();
}

TEST_F(PostgresTransactions, AnExceptionInTheMiddleLeavesNothing) {
  try {
    auto writer = open_again();
    writer->begin_write();
    auto sink = writer->bulk_insert("t", {"id"});
    sink->add(std::int64_t{1});
    sink->end_row();
    throw std::runtime_error("a bad input file");
  } catch (const std::runtime_error&) {
  }
  EXPECT_EQ(value("SELECT count(*) FROM t"), "0");
  db->begin_write();
  db->exec("INSERT INTO t VALUES (1)");
  db->rollback();
  EXPECT_EQ(value("SELECT count(*) FROM t"), "0");
}

TEST_F(PostgresTransactions, AnAbandonedBulkInsertLeavesTheConnectionUsable) {
  db->begin_write();
  {
    auto sink = db->bulk_insert("t", {"id"});
    sink->add(std::int64_t{1});
    sink->end_row();
  }
  db->rollback();
  db->begin_write();
  db->exec("INSERT INTO t VALUES (7)");
  db->commit();
  EXPECT_EQ(value("SELECT string_agg(id::text, ',') FROM t"), "7");
}

TEST_F(PostgresTransactions, KillMinusNineMidTransactionLeavesTheDatabaseAsBefore) {
  db->exec("INSERT INTO t VALUES (0)");
  int ready[2];
  ASSERT_EQ(pipe(ready), 0);
  const pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    // The child: its own connection, a large uncommitted write, then it waits to be killed.
    close(ready[0]);
    auto writer = store::open_postgis(database().locator());
    writer->begin_write();
    auto sink = writer->bulk_insert("t", {"id"});
    for (std::int64_t i = 1; i <= 50'000; ++i) {
      sink->add(i);
      sink->end_row();
    }
    sink->finish();
    const char byte = 'w';
    if (write(ready[1], &byte, 1) != 1) _exit(2);
    pause();
    _exit(0);
  }
  close(ready[1]);
  char byte = 0;
  ASSERT_EQ(read(ready[0], &byte, 1), 1) << "the child failed before writing";
  close(ready[0]);
  // The rows are on the server, uncommitted, and the child holds the writer lock.
  // pg_locks is the whole cluster's: tests running beside this one hold advisory locks too.
  EXPECT_EQ(value("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted AND database = "
                  "(SELECT oid FROM pg_database WHERE datname = current_database())"),
            "1");
  ASSERT_EQ(kill(child, SIGKILL), 0);
  int status = 0;
  ASSERT_EQ(waitpid(child, &status, 0), child);
  EXPECT_TRUE(WIFSIGNALED(status));
  // The server notices the dropped connection and aborts its transaction; wait for that.
  const auto deadline = Clock::now() + std::chrono::seconds(10);
  while (value("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> "
               "pg_backend_pid() AND state IS NOT NULL AND backend_type = 'client backend'") != "1" &&
         Clock::now() < deadline) {
    std::this_thread::sleep_for(milliseconds(50));
  }
  EXPECT_EQ(value("SELECT count(*) FROM t"), "1");
  const auto started = Clock::now();
  db->begin_write();  // the killed writer's lock is gone
  db->commit();
  EXPECT_LT(Clock::now() - started, milliseconds(2000));
}

}  // namespace
}  // namespace grip::test

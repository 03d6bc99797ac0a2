// The load driver of issue 14, short: 10 signed-in clients for 5 s against a real `grip serve`
// child mixing map reads and action writes. Asserted: no errors, both kinds of request served, and
// every acknowledged write is in the store, counted both through GET /api/actions and with the
// engine's own client (query_int), not through Grip's store code. The latency target (read p99
// under 200 ms at 50 clients for 60 s) is measured by grip_serve_load and reported in
// docs/testing-browser.md, not asserted here: CI machines vary.
#include <gtest/gtest.h>

#include <set>

#include "load/load_driver.hpp"
#include "server/grip_server_process.hpp"
#include "support/test_support.hpp"

namespace {

using grip::load::percentile;

TEST(LoadPercentile, NearestRankMatchesTheTextbookExample) {
  // The nearest-rank example of the usual references: {15, 20, 35, 40, 50} has 5th percentile 15,
  // 30th 20, 40th 20, 50th 35 and 100th 50 (rank = ceil(p / 100 * n)).
  const std::vector<double> sample = {35, 20, 50, 15, 40};
  EXPECT_EQ(percentile(sample, 5), 15);
  EXPECT_EQ(percentile(sample, 30), 20);
  EXPECT_EQ(percentile(sample, 40), 20);
  EXPECT_EQ(percentile(sample, 50), 35);
  EXPECT_EQ(percentile(sample, 100), 50);
  EXPECT_EQ(percentile({}, 99), 0);
  EXPECT_THROW((void)percentile(sample, 0), std::invalid_argument);
}

TEST(ServeLoad, ShortMixedLoadHasNoErrorsAndLosesNoWrite) {
  grip::test::ScratchDir dir;
  const auto db = grip::test::make_small_store(dir);
  const auto hotspots =
      grip::test::run_grip({"--db", db.string(), "-q", "hotspots", "--top", "2", "--cell-size", "100"});
  ASSERT_EQ(hotspots.exit_code, 0) << hotspots.out;
  const std::string password = "load test password 1";
  const auto password_file = dir.write("pw.txt", password + "\n");
  const auto added = grip::test::run_grip({"--db", db.string(), "users", "add", "loader", "--role", "officer",
                                           "--password-file", password_file.string()});
  ASSERT_EQ(added.exit_code, 0) << added.out;
  const auto actions_before = grip::test::query_int(db, "SELECT COUNT(*) FROM problem_solving_actions");

  grip::test::GripServerProcess server(grip::test::store_locator(db), dir / "serve.log");
  grip::load::LoadSettings settings;
  settings.port = server.port();
  settings.user = "loader";
  settings.password = password;
  settings.clients = 10;
  settings.seconds = 5;
  settings.write_share = 0.3;
  settings.note_prefix = "short-load";
  settings.hotspot_ids = grip::load::hotspot_ids(settings);
  ASSERT_EQ(settings.hotspot_ids.size(), 2U)
      << grip::test::query_int(db, "SELECT COUNT(*) FROM hotspots WHERE selected = 1") << " selected; "
      << hotspots.out;

  const auto result = grip::load::run_load(settings);
  EXPECT_EQ(result.errors, 0) << (result.error_samples.empty() ? "" : result.error_samples.front());
  EXPECT_GT(result.read_ms.size(), 10U);
  EXPECT_GT(result.write_ms.size(), 3U);
  EXPECT_EQ(result.acknowledged.size(), result.write_ms.size());
  std::set<std::int64_t> ids;
  for (const auto& write : result.acknowledged) ids.insert(write.action_id);
  EXPECT_EQ(ids.size(), result.acknowledged.size()) << "two writes acknowledged with the same action_id";

  EXPECT_TRUE(grip::load::missing_writes(settings, result.acknowledged).empty());
  EXPECT_EQ(server.stop(), 0);
  // After the server has gone: the rows themselves, read with the engine's own client.
  const auto written = grip::test::query_int(
      db, "SELECT COUNT(*) FROM problem_solving_actions WHERE notes LIKE 'short-load c%' AND kind = 'other'");
  EXPECT_EQ(written, static_cast<std::int64_t>(result.acknowledged.size()));
  EXPECT_EQ(grip::test::query_int(db, "SELECT COUNT(*) FROM problem_solving_actions"),
            actions_before + static_cast<std::int64_t>(result.acknowledged.size()));
}

}  // namespace

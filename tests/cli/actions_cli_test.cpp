// `grip actions`: the problem-solving log records, lists and closes actions per hotspot, refuses
// bad fields with the field named, keeps hostile notes inert in CSV, and refuses unknown hotspots.
#include <gtest/gtest.h>

#include "support/test_support.hpp"

namespace {

using grip::test::query_int;
using grip::test::query_text;
using grip::test::run_grip;

class ActionsCli : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = grip::test::make_small_store(dir_);
    ASSERT_EQ(
        run_grip({"--db", db_.string(), "-q", "hotspots", "--top", "2", "--cell-size", "100"}).exit_code, 0);
    hotspot_ = query_text(db_, "SELECT hotspot_id FROM hotspots WHERE selected = 1 ORDER BY rank LIMIT 1");
    ASSERT_FALSE(hotspot_.empty());
  }
  grip::test::ScratchDir dir_;
  std::filesystem::path db_;
  std::string hotspot_;
};

TEST_F(ActionsCli, RecordsListsAndClosesAnAction) {
  auto added = run_grip({"--db", db_.string(), "actions", "add", "--hotspot", hotspot_, "--kind", "lighting",
                         "--owner", "Neighbourhood team", "--partner", "City Council", "--opened",
                         "2024-02-01", "--notes", "=HYPERLINK(\"http://x\") street light out, \"quoted\""});
  ASSERT_EQ(added.exit_code, 0) << added.out;
  EXPECT_EQ(query_int(db_, "SELECT count(*) FROM problem_solving_actions WHERE status = 'open'"), 1);
  const auto closed =
      run_grip({"--db", db_.string(), "actions", "status", "1", "done", "--closed", "2024-03-10"});
  ASSERT_EQ(closed.exit_code, 0) << closed.out;
  EXPECT_EQ(query_text(db_, "SELECT closed FROM problem_solving_actions WHERE action_id = 1"), "2024-03-10");
  const auto csv = dir_ / "actions.csv";
  const auto listed = run_grip({"--db", db_.string(), "actions", "list", "--csv", csv.string()});
  ASSERT_EQ(listed.exit_code, 0) << listed.out;
  EXPECT_NE(listed.out.find("lighting"), std::string::npos) << listed.out;
  EXPECT_NE(listed.out.find("Neighbourhood team / City Council"), std::string::npos) << listed.out;
  const std::string text = grip::test::read_file(csv);
  // The formula-like note is prefixed with ' and quoted, its quotes doubled (RFC 4180).
  EXPECT_NE(text.find(",\"'=HYPERLINK(\"\"http://x\"\") street light out, \"\"quoted\"\"\","),
            std::string::npos)
      << text;
}

TEST_F(ActionsCli, RefusesBadFieldsAndUnknownHotspotsAndStoresNothing) {
  const std::vector<std::vector<std::string>> bad = {
      {"--hotspot", "H999", "--kind", "cctv", "--owner", "Team"},
      {"--hotspot", hotspot_, "--kind", "teleport", "--owner", "Team"},
      {"--hotspot", hotspot_, "--kind", "cctv", "--owner", "Team", "--opened", "2024-02-30"},
      {"--hotspot", hotspot_, "--kind", "cctv", "--owner", "Team", "--opened", "2024-02-10", "--closed",
       "2024-02-01"},
      {"--hotspot", hotspot_, "--kind", "cctv", "--owner", "Team", "--status", "maybe"}};
  const std::vector<std::string> named = {"H999", "kind", "opened", "before", "status"};
  for (std::size_t i = 0; i < bad.size(); ++i) {
    std::vector<std::string> args = {"--db", db_.string(), "actions", "add"};
    args.insert(args.end(), bad[i].begin(), bad[i].end());
    const auto result = run_grip(args);
    EXPECT_EQ(result.exit_code, 1) << result.out;
    EXPECT_NE(result.out.find(named[i]), std::string::npos) << result.out;
  }
  EXPECT_EQ(query_int(db_, "SELECT count(*) FROM problem_solving_actions"), 0);
  const auto missing = run_grip({"--db", db_.string(), "actions", "status", "7", "done"});
  EXPECT_EQ(missing.exit_code, 1) << missing.out;
  EXPECT_NE(missing.out.find("no action 7"), std::string::npos) << missing.out;
}

}  // namespace

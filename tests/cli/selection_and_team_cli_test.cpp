// `grip hotspots edit` and `grip users --team / set-team` (issue 14): an edit of the latest run's
// selection drops or adds a hotspot with its reason, audited, with exit code 0; refusals (the last
// selected hotspot, an unknown id, no reason, --drop with --add) exit 1 and change nothing. An
// account's team is set at `users add --team` and changed or cleared by `users set-team`, audited.
#include <gtest/gtest.h>

#include "support/test_support.hpp"

namespace {

using grip::test::query_int;
using grip::test::query_text;
using grip::test::run_grip;

class SelectionCli : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = grip::test::make_small_store(dir_);
    const auto run = run_grip({"--db", db_.string(), "-q", "hotspots", "--top", "2", "--cell-size", "100"});
    ASSERT_EQ(run.exit_code, 0) << run.out;
    first_ = query_text(db_, "SELECT hotspot_id FROM hotspots WHERE selected = 1 ORDER BY rank LIMIT 1");
    second_ =
        query_text(db_, "SELECT hotspot_id FROM hotspots WHERE selected = 1 ORDER BY rank DESC LIMIT 1");
    ASSERT_NE(first_, second_) << "the small store should give two selected hotspots";
  }
  std::vector<std::string> edit(std::vector<std::string> args) {
    std::vector<std::string> all = {"--db", db_.string(), "hotspots", "edit"};
    all.insert(all.end(), args.begin(), args.end());
    return all;
  }
  std::int64_t edits() { return query_int(db_, "SELECT count(*) FROM hotspot_selection_edits"); }
  std::int64_t selected() { return query_int(db_, "SELECT count(*) FROM hotspots WHERE selected = 1"); }

  grip::test::ScratchDir dir_;
  std::filesystem::path db_;
  std::string first_, second_;
};

TEST_F(SelectionCli, DropsAndAddsBackWithTheReasonKeptAndAudited) {
  const auto dropped =
      run_grip(edit({"--drop", second_, "--reason", "CCTV now covers it", "--by", "analyst1"}));
  ASSERT_EQ(dropped.exit_code, 0) << dropped.out;
  EXPECT_NE(dropped.out.find("1 hotspots now selected"), std::string::npos) << dropped.out;
  EXPECT_EQ(selected(), 1);
  EXPECT_EQ(
      query_int(db_,
                "SELECT selected FROM hotspot_runs WHERE run_id = (SELECT max(run_id) FROM hotspot_runs)"),
      1);
  EXPECT_EQ(query_text(db_,
                       "SELECT kind || '|' || hotspot_id || '|' || user_name || '|' || reason FROM "
                       "hotspot_selection_edits"),
            "drop|" + second_ + "|analyst1|CCTV now covers it");
  EXPECT_EQ(query_int(db_,
                      "SELECT count(*) FROM audit_log WHERE action = 'hotspot_selection' AND target = "
                      "'hotspot:" +
                          second_ + "'"),
            1);
  const auto listed = run_grip(edit({}));
  ASSERT_EQ(listed.exit_code, 0) << listed.out;
  EXPECT_NE(listed.out.find("CCTV now covers it"), std::string::npos) << listed.out;
  // It was selected by the run, so it meets the run's spacing rules and may come back.
  const auto added = run_grip(edit({"--add", second_, "--reason", "CCTV broken again"}));
  ASSERT_EQ(added.exit_code, 0) << added.out;
  EXPECT_EQ(selected(), 2);
  EXPECT_EQ(edits(), 2);
}

TEST_F(SelectionCli, RefusalsExitOneAndChangeNothing) {
  ASSERT_EQ(run_grip(edit({"--drop", second_, "--reason", "one"})).exit_code, 0);
  const std::vector<std::pair<std::vector<std::string>, std::string>> refused = {
      {{"--drop", first_, "--reason", "last one"}, "may not be empty"},
      {{"--drop", "H999", "--reason", "x"}, "no hotspot 'H999'"},
      {{"--drop", first_}, "--reason is required"},
      {{"--drop", first_, "--reason", "   "}, "--reason is required"},
      {{"--drop", first_, "--add", second_, "--reason", "x"}, "excludes"},
      {{"--drop", first_, "--reason", std::string(501, 'r')}, "at most 500"},
  };
  for (const auto& [args, named] : refused) {
    const auto result = run_grip(edit(args));
    EXPECT_EQ(result.exit_code, 1) << args.front() << " " << args[1] << ": " << result.out;
    EXPECT_NE(result.out.find(named), std::string::npos) << result.out;
  }
  EXPECT_EQ(edits(), 1);
  EXPECT_EQ(selected(), 1);
}

TEST_F(SelectionCli, UsersCarryATeamSetAtAddAndChangedBySetTeam) {
  const auto password = dir_.write("password.txt", "correct horse battery staple\n");
  const auto added = run_grip({"--db", db_.string(), "users", "add", "pc1", "--role", "officer", "--team",
                               "Team A", "--password-file", password.string()});
  ASSERT_EQ(added.exit_code, 0) << added.out;
  EXPECT_EQ(query_text(db_, "SELECT team FROM users WHERE name = 'pc1'"), "Team A");
  const auto moved = run_grip({"--db", db_.string(), "users", "set-team", "pc1", "Team B"});
  ASSERT_EQ(moved.exit_code, 0) << moved.out;
  EXPECT_EQ(query_text(db_, "SELECT team FROM users WHERE name = 'pc1'"), "Team B");
  const auto listed = run_grip({"--db", db_.string(), "users", "list"});
  EXPECT_NE(listed.out.find("Team B"), std::string::npos) << listed.out;
  ASSERT_EQ(run_grip({"--db", db_.string(), "users", "set-team", "pc1", ""}).exit_code, 0);
  EXPECT_EQ(query_int(db_, "SELECT count(*) FROM users WHERE name = 'pc1' AND team IS NULL"), 1);
  EXPECT_EQ(
      query_int(db_, "SELECT count(*) FROM audit_log WHERE action = 'user_team' AND target = 'user:pc1'"), 2);
  const auto nobody = run_grip({"--db", db_.string(), "users", "set-team", "nobody", "Team A"});
  EXPECT_EQ(nobody.exit_code, 1) << nobody.out;
  EXPECT_NE(nobody.out.find("no user 'nobody'"), std::string::npos) << nobody.out;
  const auto bad = run_grip({"--db", db_.string(), "users", "set-team", "pc1", " Team A"});
  EXPECT_EQ(bad.exit_code, 1) << bad.out;
}

}  // namespace

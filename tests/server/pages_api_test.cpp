// The dashboard's page APIs against a real `grip serve` on a demo store (plans, GPS visits,
// outcomes): figures compared with SQL counts of the same tables, no personal data for viewers,
// clear 400 messages for bad input, the sign-off issued and audited, accounts administered, the
// audit log paged, vendor files served without traversal, the basemap's origin in the CSP only
// when configured, and docs/openapi.json describing every route with its roles.
#include <gtest/gtest.h>
#include <httplib.h>

#include <algorithm>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>

#include "grip/server/access.hpp"
#include "server/grip_server_process.hpp"
#include "support/test_support.hpp"

namespace {

using grip::test::query_int;
using grip::test::query_text;
using grip::test::run_grip;
using json = nlohmann::json;

constexpr const char* kPassword = "correct horse battery staple";

using grip::test::Signed;

// A query value with its spaces as %20 (team names hold spaces).
std::string percent_spaces(std::string text) {
  for (std::size_t at = text.find(' '); at != std::string::npos; at = text.find(' ', at))
    text.replace(at, 1, "%20");
  return text;
}

// `base` with `changes` merged in.
json with(json base, const json& changes) {
  base.update(changes);
  return base;
}

class PagesApi : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = std::make_unique<grip::test::ScratchDir>();
    db_ = *dir_ / "demo.gpkg";
    const auto password_file = dir_->write("password.txt", std::string(kPassword) + "\n");
    // The demo and the accounts are made once for all of this suite's test processes.
    grip::test::copy_cached_store("pages-api-demo", db_, [&](const std::filesystem::path& store) {
      const auto demo =
          run_grip({"--db", store.string(), "-q", "demo", "--out", (store.parent_path() / "demo").string()});
      if (demo.exit_code != 0) return "grip demo: " + demo.out;
      std::filesystem::remove_all(store.parent_path() / "demo");  // its report and copies: not needed here
      return grip::test::add_users(
          store, password_file,
          std::vector<std::pair<std::string, std::string>>{{"admin1", "admin"},
                                                           {"analyst1", "analyst"},
                                                           {"supervisor1", "supervisor"},
                                                           {"officer1", "officer"},
                                                           {"viewer1", "viewer"},
                                                           {"changer", "viewer"}});
    });
    hotspot_ = query_text(db_, "SELECT hotspot_id FROM hotspots WHERE selected = 1 ORDER BY rank LIMIT 1");
    // A stand-in vendor folder: what is served comes from <root>/<package>/dist only.
    std::filesystem::create_directories(*dir_ / "vendor/leaflet/dist");
    std::filesystem::create_directories(*dir_ / "vendor/chart.js/dist");
    dir_->write("vendor/leaflet/dist/leaflet.js", "/* leaflet stand-in */");
    dir_->write("vendor/chart.js/dist/chart.umd.min.js", "/* chart stand-in */");
    dir_->write("vendor/leaflet/package.json", "{\"secret\": \"outside dist\"}");
    server_ = std::make_unique<grip::test::GripServerProcess>(
        grip::test::store_locator(db_), *dir_ / "access.log",
        std::vector<std::string>{"--vendor-root", (*dir_ / "vendor").string(), "--basemap-url",
                                 "https://tiles.example.org/{z}/{x}/{y}.png"});
  }
  static void TearDownTestSuite() {
    if (server_) {
      EXPECT_EQ(server_->stop(), 0);
    }
    server_.reset();
    dir_.reset();
  }

  static httplib::Client client() { return server_->client(); }
  static Signed sign_in(const std::string& name, const std::string& password = kPassword,
                        int expected = 200) {
    return grip::test::sign_in(server_->port(), name, password, expected);
  }
  static httplib::Result get(const std::string& path, const Signed& who) {
    return client().Get(path.c_str(), {{"Cookie", who.cookie}});
  }
  static httplib::Result post(const std::string& path, const Signed& who, const json& body) {
    return client().Post(path.c_str(), {{"Cookie", who.cookie}, {"X-CSRF-Token", who.csrf}}, body.dump(),
                         "application/json");
  }
  static json get_json(const std::string& path, const Signed& who) {
    const auto res = get(path, who);
    EXPECT_TRUE(res);
    if (!res) return {};
    EXPECT_EQ(res->status, 200) << path << ": " << res->body;
    return json::parse(res->body);
  }
  static std::string a_plan_day() {
    return query_text(db_,
                      "SELECT substr(min(starts_at), 1, 10) FROM patrol_visits WHERE plan_id = "
                      "(SELECT max(plan_id) FROM patrol_plans)");
  }

  static inline std::unique_ptr<grip::test::ScratchDir> dir_;
  static inline std::filesystem::path db_;
  static inline std::string hotspot_;
  static inline std::unique_ptr<grip::test::GripServerProcess> server_;
};

TEST_F(PagesApi, TaskingListsOneTeamsVisitsOfOneDayInStartOrder) {
  const Signed officer = sign_in("supervisor1");  // any team's sheet: officers get only their own
  const std::string day = a_plan_day();
  const std::string team = query_text(db_, "SELECT min(team) FROM patrol_visits");
  const json sheet = get_json("/api/tasking?date=" + day + "&team=" + percent_spaces(team), officer);
  const auto expected =
      query_int(db_,
                "SELECT count(*) FROM patrol_visits WHERE plan_id = (SELECT max(plan_id) FROM "
                "patrol_plans) AND team = '" +
                    team + "' AND substr(starts_at, 1, 10) = '" + day + "'");
  ASSERT_GT(expected, 0);
  ASSERT_EQ(static_cast<std::int64_t>(sheet.at("visits").size()), expected);
  std::string previous;
  for (const auto& visit : sheet["visits"]) {
    EXPECT_EQ(visit.at("team"), team);
    EXPECT_EQ(visit.at("date"), day);
    EXPECT_LE(previous, visit.at("starts_at").get<std::string>());
    previous = visit["starts_at"].get<std::string>();
    EXPECT_FALSE(visit.at("name").get<std::string>().empty());
    ASSERT_TRUE(visit.at("point").is_array());
  }
  // A day outside the plan is an empty sheet, not an error.
  EXPECT_TRUE(get_json("/api/tasking?date=1999-01-01", officer).at("visits").empty());
}

TEST_F(PagesApi, OfficersSeeOnlyTheirOwnTeamsTasking) {
  const std::string plan = "plan_id = (SELECT max(plan_id) FROM patrol_plans)";
  const std::string team_a = query_text(db_, "SELECT min(team) FROM patrol_visits WHERE " + plan);
  // The demo plans for one team: every other visit goes to a second team for this test, and back
  // afterwards (the other tests read the plan as the demo made it).
  const std::string team_b = "Zulu team";
  grip::test::exec_sql(db_,
                       "UPDATE patrol_visits SET team = '" + team_b + "' WHERE " + plan + " AND fid % 2 = 0");
  struct Restore {
    std::filesystem::path db;
    std::string sql;
    ~Restore() { grip::test::exec_sql(db, sql); }
  } restore{db_, "UPDATE patrol_visits SET team = '" + team_a + "' WHERE team = '" + team_b + "'"};
  ASSERT_GT(query_int(db_, "SELECT count(*) FROM patrol_visits WHERE team = '" + team_b + "'"), 0);
  ASSERT_GT(
      query_int(db_, "SELECT count(*) FROM patrol_visits WHERE " + plan + " AND team = '" + team_a + "'"), 0);
  const Signed admin = sign_in("admin1");
  // One officer made with a team, one given it afterwards (both audited).
  ASSERT_EQ(post("/api/users", admin,
                 {{"name", "pc_a"}, {"role", "officer"}, {"password", kPassword}, {"team", team_a}})
                ->status,
            201);
  ASSERT_EQ(
      post("/api/users", admin, {{"name", "pc_b"}, {"role", "officer"}, {"password", kPassword}})->status,
      201);
  ASSERT_EQ(post("/api/users/team", admin, {{"name", "pc_b"}, {"team", team_b}})->status, 200);
  EXPECT_EQ(
      query_int(db_, "SELECT count(*) FROM audit_log WHERE action = 'user_team' AND target = 'user:pc_b'"),
      1);
  EXPECT_EQ(query_text(db_, "SELECT team FROM users WHERE name = 'pc_a'"), team_a);
  const Signed pc_a = sign_in("pc_a");
  EXPECT_EQ(get_json("/api/me", pc_a).at("team"), team_a);
  // Every day of the plan: pc_a's sheet holds exactly team A's visits of that day, never team B's.
  const std::string days_sql =
      "SELECT count(DISTINCT substr(starts_at, 1, 10)) FROM patrol_visits WHERE " + plan;
  const std::int64_t days = query_int(db_, days_sql);
  ASSERT_GT(days, 0);
  std::int64_t seen = 0;
  for (std::int64_t d = 0; d < days; ++d) {
    const std::string day = query_text(
        db_, "SELECT substr(starts_at, 1, 10) FROM patrol_visits WHERE " + plan +
                 " GROUP BY substr(starts_at, 1, 10) ORDER BY 1 LIMIT 1 OFFSET " + std::to_string(d));
    const json sheet = get_json("/api/tasking?date=" + day, pc_a);
    EXPECT_EQ(sheet.at("team"), team_a);
    EXPECT_EQ(sheet.at("teams"), json::array({team_a})) << "an officer is not told the other teams";
    for (const auto& visit : sheet.at("visits")) EXPECT_EQ(visit.at("team"), team_a) << day;
    EXPECT_EQ(static_cast<std::int64_t>(sheet.at("visits").size()),
              query_int(db_, "SELECT count(*) FROM patrol_visits WHERE " + plan + " AND team = '" + team_a +
                                 "' AND substr(starts_at, 1, 10) = '" + day + "'"))
        << day;
    seen += static_cast<std::int64_t>(sheet["visits"].size());
  }
  EXPECT_EQ(seen, query_int(db_, "SELECT count(*) FROM patrol_visits WHERE " + plan + " AND team = '" +
                                     team_a + "'"));
  // Another team by parameter: 403 with a clear message; their own team by name is fine.
  const std::string day = a_plan_day();
  const auto other = get("/api/tasking?date=" + day + "&team=" + percent_spaces(team_b), pc_a);
  ASSERT_TRUE(other);
  EXPECT_EQ(other->status, 403);
  EXPECT_NE(other->body.find("own team"), std::string::npos) << other->body;
  EXPECT_EQ(other->body.find("\"visits\""), std::string::npos);
  EXPECT_EQ(get("/api/tasking?date=" + day + "&team=" + percent_spaces(team_a), pc_a)->status, 200);
  EXPECT_EQ(
      get("/api/tasking?team=" + percent_spaces(team_a) + "&team=" + percent_spaces(team_b), pc_a)->status,
      400);
  EXPECT_EQ(get("/api/plan", pc_a)->status, 403);
  // No team on the account: an empty sheet that says an admin must set it.
  const json none = get_json("/api/tasking?date=" + day, sign_in("officer1"));
  EXPECT_TRUE(none.at("visits").empty());
  EXPECT_NE(none.at("message").get<std::string>().find("an admin must set it"), std::string::npos)
      << none.dump();
  EXPECT_EQ(get("/api/tasking?date=" + day + "&team=" + percent_spaces(team_a), sign_in("officer1"))->status,
            403);
  // Supervisors still read any team's sheet.
  const json b_sheet =
      get_json("/api/tasking?date=" + day + "&team=" + percent_spaces(team_b), sign_in("supervisor1"));
  for (const auto& visit : b_sheet.at("visits")) EXPECT_EQ(visit.at("team"), team_b);
  // The admin list shows the team.
  bool listed = false;
  for (const auto& u : get_json("/api/users", admin))
    listed = listed || (u.at("name") == "pc_b" && u.at("team") == team_b);
  EXPECT_TRUE(listed);
}

TEST_F(PagesApi, DosageCountsMatchThePlanAndTheGpsVisits) {
  const json dosage = get_json("/api/dosage", sign_in("supervisor1"));
  const auto planned = query_int(
      db_, "SELECT count(*) FROM patrol_visits WHERE plan_id = (SELECT max(plan_id) FROM patrol_plans)");
  const auto gps = query_int(db_, "SELECT count(*) FROM gps_visits");
  ASSERT_GT(planned, 0);
  ASSERT_GT(gps, 0);
  const auto& totals = dosage.at("totals");
  EXPECT_EQ(totals.at("planned").get<std::int64_t>(), planned);
  EXPECT_EQ(totals.at("gps_visits").get<std::int64_t>(), gps);
  EXPECT_LE(totals.at("delivered").get<std::int64_t>(), planned);
  EXPECT_GT(totals.at("delivered").get<std::int64_t>(), 0) << "the demo's GPS follows its plan";
  const double minutes = std::stod(query_text(db_, "SELECT sum(minutes) FROM gps_visits"));
  EXPECT_NEAR(totals.at("minutes").get<double>(), minutes, 1e-6 * minutes);
  std::int64_t by_hotspot = 0;
  for (const auto& row : dosage.at("by_hotspot")) by_hotspot += row.at("planned").get<std::int64_t>();
  EXPECT_EQ(by_hotspot, planned);
  EXPECT_EQ(dosage.dump().find("off-"), std::string::npos) << "aggregated: no officer pseudonyms";
}

TEST_F(PagesApi, AViewerGetsNoPersonalData) {
  ASSERT_GT(query_int(db_, "SELECT count(*) FROM gps_visits WHERE officer LIKE 'off-%'"), 0)
      << "the demo's visits carry pseudonyms, so the check below can fail";
  const Signed viewer = sign_in("viewer1");
  const std::string month = query_text(db_, "SELECT substr(max(first_in), 1, 7) FROM gps_visits");
  for (const std::string& path : std::vector<std::string>{
           "/api/hotspot?id=" + hotspot_, "/api/return?month=" + month, "/api/evaluation", "/api/hotspots",
           "/api/forecast", "/api/actions", "/api/me"}) {
    const auto res = get(path, viewer);
    ASSERT_TRUE(res);
    ASSERT_EQ(res->status, 200) << path << ": " << res->body;
    EXPECT_EQ(res->body.find("off-"), std::string::npos) << path;
    for (const char* field :
         {"\"officer\"", "visits_by_officer", "\"gender\"", "\"ethnicity\"", "\"age_range\""})
      EXPECT_EQ(res->body.find(field), std::string::npos) << path << " holds " << field;
  }
  const json page = get_json("/api/hotspot?id=" + hotspot_, viewer);
  EXPECT_FALSE(page.at("outcomes").contains("rows"));
  // A supervisor sees the pseudonyms, and that view is audited.
  const auto before = query_int(db_,
                                "SELECT count(*) FROM audit_log WHERE action = 'view_personal' AND target = "
                                "'hotspot:" +
                                    hotspot_ + "'");
  const json managed = get_json("/api/hotspot?id=" + hotspot_, sign_in("supervisor1"));
  EXPECT_TRUE(managed.at("dosage").contains("visits_by_officer"));
  EXPECT_EQ(
      query_int(db_, "SELECT count(*) FROM audit_log WHERE action = 'view_personal' AND target = 'hotspot:" +
                         hotspot_ + "' AND user_name = 'supervisor1'"),
      before + 1);
}

TEST_F(PagesApi, HotspotPageCountsMatchTheStore) {
  const json page = get_json("/api/hotspot?id=" + hotspot_, sign_in("analyst1"));
  EXPECT_EQ(page.at("id"), hotspot_);
  const auto& trend = page.at("trend");
  ASSERT_FALSE(trend.at("months").empty());
  EXPECT_EQ(trend["months"].front(), page.at("first_month"));
  EXPECT_EQ(trend["months"].back(), page.at("last_month"));
  EXPECT_EQ(trend.at("incidents").size(), trend["months"].size());
  std::int64_t serious = 0, all = 0;
  for (std::size_t i = 0; i < trend["months"].size(); ++i) {
    all += trend["incidents"][i].get<std::int64_t>();
    serious += trend["serious_violence"][i].get<std::int64_t>();
    EXPECT_LE(trend["serious_violence"][i].get<std::int64_t>(), trend["incidents"][i].get<std::int64_t>());
  }
  EXPECT_GT(all, 0);
  EXPECT_GT(serious, 0);
  EXPECT_EQ(page.at("dosage").at("visits").get<std::int64_t>(),
            query_int(db_, "SELECT count(*) FROM gps_visits WHERE hotspot_id = '" + hotspot_ + "'"));
  EXPECT_EQ(page["dosage"].at("planned_visits").get<std::int64_t>(),
            query_int(db_, "SELECT count(*) FROM patrol_visits WHERE hotspot_id = '" + hotspot_ +
                               "' AND plan_id = (SELECT max(plan_id) FROM patrol_plans)"));
  std::int64_t outcomes = 0;
  for (const auto& [kind, n] : page.at("outcomes").at("counts").items()) outcomes += n.get<std::int64_t>();
  EXPECT_EQ(outcomes, query_int(db_, "SELECT count(*) FROM outcomes WHERE hotspot_id = '" + hotspot_ + "'"));
  const auto& how = page.at("hour_of_week");
  if (how.at("available").get<bool>()) {
    ASSERT_EQ(how.at("shares").size(), 168u);
    double sum = 0;
    for (const auto& v : how["shares"]) sum += v.get<double>();
    EXPECT_NEAR(sum, 1.0, 1e-9);
  }
  const auto missing = get("/api/hotspot?id=H9999", sign_in("viewer1"));
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->status, 404);
}

TEST_F(PagesApi, BadInputGetsAClear400) {
  const Signed admin = sign_in("admin1");
  const std::vector<std::pair<std::string, std::string>> bad_gets = {
      {"/api/hotspot", "hotspot id is required"},
      {"/api/hotspot?id=H01%3Cscript%3E", "letters, digits"},
      {"/api/hotspot?id=H01&id=H02", "more than once"},
      {"/api/tasking?date=2024-02-30", "YYYY-MM-DD"},
      {"/api/tasking?team=Nobody%20Here", "not in the latest plan"},
      {"/api/dosage?from=yesterday", "'from'"},
      {"/api/dosage?from=2024-03-02&to=2024-03-01", "before"},
      {"/api/return?month=2024-13", "YYYY-MM"},
      {"/api/audit?limit=0", "'limit'"},
      {"/api/audit?before_id=abc", "'before_id'"},
      {"/api/areas?kind=DROP%20TABLE", "'kind'"},
  };
  for (const auto& [path, named] : bad_gets) {
    const auto res = get(path, admin);
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 400) << path << ": " << res->body;
    EXPECT_NE(res->body.find(named), std::string::npos) << path << ": " << res->body;
  }
  const Signed officer = sign_in("officer1");
  const json good = {{"kind", "arrest"}, {"at", "2026-01-10T12:00:00Z"}, {"hotspot_id", hotspot_}};
  const std::vector<std::pair<json, std::string>> bad_outcomes = {
      {with(good, {{"kind", "teleport"}}), "kind"},
      {with(good, {{"kind", "weapon_seized"}}), "weapon type"},
      {with(good, {{"at", "yesterday"}}), "ISO 8601"},
      {with(good, {{"at", "2090-01-01T00:00:00Z"}}), "future"},
      {with(good, {{"hotspot_id", "H999"}}), "H999"},
      {with(good, {{"kind", "arch_deployment"}, {"people_through", "many"}, {"detections", 1}}),
       "people_through"},
      {with(good, {{"kind", "arch_deployment"}, {"people_through", 5}, {"detections", 9}}),
       "more detections"},
      {with(good, {{"colour", "red"}}), "unknown field 'colour'"},
      {with(good, {{"notes", 42}}), "'notes' must be a string"},
      {json::object({{"at", "2026-01-10T12:00:00Z"}, {"hotspot_id", hotspot_}}), "'kind' is required"},
  };
  const auto before = query_int(db_, "SELECT count(*) FROM outcomes");
  for (const auto& [body, named] : bad_outcomes) {
    const auto res = post("/api/outcomes", officer, body);
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 400) << body.dump() << ": " << res->body;
    EXPECT_NE(res->body.find(named), std::string::npos) << body.dump() << ": " << res->body;
  }
  EXPECT_EQ(query_int(db_, "SELECT count(*) FROM outcomes"), before);
  // The good one is stored with its fields, and audited.
  const auto added =
      post("/api/outcomes", officer,
           with(good, {{"kind", "weapon_seized"}, {"weapon_type", "knife"}, {"notes", "<b>x</b>"}}));
  ASSERT_TRUE(added);
  ASSERT_EQ(added->status, 201) << added->body;
  const auto id = json::parse(added->body).at("outcome_id").get<std::int64_t>();
  EXPECT_EQ(query_text(db_,
                       "SELECT weapon_type || '|' || hotspot_id || '|' || occurred_at FROM outcomes WHERE "
                       "outcome_id = " +
                           std::to_string(id)),
            "knife|" + hotspot_ + "|2026-01-10T12:00:00Z");
  EXPECT_EQ(
      query_int(db_,
                "SELECT count(*) FROM audit_log WHERE action = 'outcome_add' AND user_name = 'officer1' AND "
                "target = 'outcome:" +
                    std::to_string(id) + "'"),
      1);
  const std::vector<std::pair<std::pair<std::string, json>, std::string>> bad_admin = {
      {{"/api/users", {{"name", "shorty"}, {"role", "viewer"}, {"password", "short"}}}, "12"},
      {{"/api/users", {{"name", "bad name"}, {"role", "viewer"}, {"password", kPassword}}}, "'name'"},
      {{"/api/users", {{"name", "kingly"}, {"role", "king"}, {"password", kPassword}}}, "'role'"},
      {{"/api/users", {{"name", "admin1"}, {"role", "viewer"}, {"password", kPassword}}}, "exists"},
      {{"/api/users/disable", {{"name", "admin1"}}}, "your own"},
      {{"/api/users/role", {{"name", "admin1"}, {"role", "viewer"}}}, "your own"},
      {{"/api/return/sign-off", {{"month", "March"}}}, "YYYY-MM"},
  };
  const Signed supervisor = sign_in("supervisor1");
  for (const auto& [request, named] : bad_admin) {
    const auto& [path, body] = request;
    const auto res = post(path, path == "/api/return/sign-off" ? supervisor : admin, body);
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 400) << path << " " << body.dump() << ": " << res->body;
    EXPECT_NE(res->body.find(named), std::string::npos) << path << ": " << res->body;
  }
}

TEST_F(PagesApi, SignOffIssuesTheReturnAndIsAudited) {
  const std::string month = query_text(db_, "SELECT substr(max(first_in), 1, 7) FROM gps_visits");
  const Signed supervisor = sign_in("supervisor1");
  const json before = get_json("/api/return?month=" + month, supervisor);
  EXPECT_FALSE(before.at("signed_off").get<bool>());
  const auto returns = query_int(db_, "SELECT count(*) FROM monthly_returns");
  const auto refused = post("/api/return/sign-off", sign_in("analyst1"), {{"month", month}});
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 403);
  EXPECT_EQ(query_int(db_, "SELECT count(*) FROM monthly_returns"), returns);
  const auto res = post("/api/return/sign-off", supervisor, {{"month", month}});
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 201) << res->body;
  const json issued = json::parse(res->body);
  const auto id = issued.at("return_id").get<std::int64_t>();
  EXPECT_EQ(query_int(db_, "SELECT count(*) FROM monthly_returns"), returns + 1);
  EXPECT_EQ(query_text(db_, "SELECT chain_hash FROM monthly_returns WHERE return_id = " + std::to_string(id)),
            issued.at("chain_hash").get<std::string>());
  // The stored snapshot is what the page showed: same figures, same hash.
  EXPECT_EQ(issued.at("figures_hash"), before.at("figures_hash"));
  EXPECT_EQ(query_int(db_,
                      "SELECT count(*) FROM audit_log WHERE action = 'return_sign_off' AND user_name = "
                      "'supervisor1' AND target = 'return:" +
                          std::to_string(id) + "'"),
            1);
  const json after = get_json("/api/return?month=" + month, sign_in("viewer1"));
  EXPECT_TRUE(after.at("signed_off").get<bool>());
  EXPECT_TRUE(after.at("issued").at(0).at("matches_current_figures").get<bool>());
}

TEST_F(PagesApi, AdminsManageAccountsAndUsersChangeTheirPassword) {
  const Signed admin = sign_in("admin1");
  ASSERT_EQ(
      post("/api/users", admin, {{"name", "newbie"}, {"role", "viewer"}, {"password", kPassword}})->status,
      201);
  const Signed newbie = sign_in("newbie");
  EXPECT_EQ(get("/api/dosage", newbie)->status, 403);
  ASSERT_EQ(post("/api/users/role", admin, {{"name", "newbie"}, {"role", "analyst"}})->status, 200);
  EXPECT_EQ(get("/api/dosage", newbie)->status, 200) << "the new role applies at the next request";
  ASSERT_EQ(post("/api/users/disable", admin, {{"name", "newbie"}})->status, 200);
  EXPECT_EQ(get("/api/me", newbie)->status, 401);
  const json users = get_json("/api/users", admin);
  bool found = false;
  for (const auto& u : users) {
    if (u.at("name") == "newbie") found = u.at("status") == "disabled" && u.at("role") == "analyst";
  }
  EXPECT_TRUE(found) << users.dump();
  EXPECT_EQ(users.dump().find("argon2"), std::string::npos);
  for (const char* action : {"user_add", "user_role", "user_disable"})
    EXPECT_EQ(
        query_int(db_,
                  std::string("SELECT count(*) FROM audit_log WHERE target = 'user:newbie' AND action = '") +
                      action + "'"),
        1)
        << action;

  // Password change: the current password is needed; the old one stops working; other sessions end.
  const Signed first = sign_in("changer"), second = sign_in("changer");
  const std::string fresh = "a brand new passphrase 42";
  const auto wrong =
      post("/api/me/password", first, {{"current_password", "not it at all"}, {"new_password", fresh}});
  ASSERT_TRUE(wrong);
  EXPECT_EQ(wrong->status, 403);
  const auto changed =
      post("/api/me/password", first, {{"current_password", kPassword}, {"new_password", fresh}});
  ASSERT_TRUE(changed);
  ASSERT_EQ(changed->status, 200) << changed->body;
  EXPECT_EQ(get("/api/me", first)->status, 200);
  EXPECT_EQ(get("/api/me", second)->status, 401);
  sign_in("changer", kPassword, 401);
  sign_in("changer", fresh, 200);
}

TEST_F(PagesApi, TheAuditLogPages) {
  const Signed admin = sign_in("admin1");
  const json first = get_json("/api/audit?limit=2", admin);
  ASSERT_EQ(first.at("rows").size(), 2u);
  const auto next = first.at("next_before_id").get<std::int64_t>();
  EXPECT_EQ(next, first["rows"][1]["id"].get<std::int64_t>());
  const json second = get_json("/api/audit?limit=2&before_id=" + std::to_string(next), admin);
  ASSERT_FALSE(second.at("rows").empty());
  EXPECT_LT(second["rows"][0]["id"].get<std::int64_t>(), next);
  EXPECT_EQ(second["rows"][0]["id"].get<std::int64_t>(),
            query_int(db_, "SELECT max(audit_id) FROM audit_log WHERE audit_id < " + std::to_string(next)));
}

TEST_F(PagesApi, VendorFilesComeFromDistOnlyAndTheBasemapOriginIsAllowedForImages) {
  auto c = client();
  const auto leaflet = c.Get("/vendor/leaflet/leaflet.js");
  ASSERT_TRUE(leaflet);
  EXPECT_EQ(leaflet->status, 200);
  EXPECT_NE(leaflet->body.find("leaflet stand-in"), std::string::npos);
  EXPECT_EQ(leaflet->get_header_value("Content-Type").rfind("text/javascript", 0), 0u);
  EXPECT_EQ(c.Get("/vendor/chart.js/chart.umd.min.js")->status, 200);
  for (const char* path : {"/vendor/leaflet/../package.json", "/vendor/leaflet/%2e%2e/package.json",
                           "/vendor/other/x.js", "/vendor/leaflet/", "/vendor/leaflet/.hidden"}) {
    const auto res = c.Get(path);
    if (!res) continue;
    EXPECT_TRUE(res->status == 404 || res->status == 400) << path << " -> " << res->status;
    EXPECT_EQ(res->body.find("outside dist"), std::string::npos) << path;
  }
  const std::string csp = leaflet->get_header_value("Content-Security-Policy");
  EXPECT_NE(csp.find("img-src 'self' data: https://tiles.example.org;"), std::string::npos) << csp;
  EXPECT_EQ(csp.find("script-src 'self';"), csp.find("script-src")) << csp;
  EXPECT_EQ(csp.find("tiles.example.org", csp.find("img-src") + 40), std::string::npos)
      << "images only: " << csp;
  const json me = get_json("/api/me", sign_in("viewer1"));
  EXPECT_EQ(me.at("basemap_url"), "https://tiles.example.org/{z}/{x}/{y}.png");
}

TEST(PagesApiOptions, ABadBasemapUrlIsRefusedAtStart) {
  grip::test::ScratchDir dir;
  const auto db = grip::test::make_small_store(dir);
  for (const std::string url : {"javascript:alert(1)", "https://tiles.example.org/static.png",
                                "https://a.example; script-src *//{z}/{x}/{y}"}) {
    const auto res =
        run_grip({"--db", db.string(), "serve", "--listen", "127.0.0.1:0", "--basemap-url", url});
    EXPECT_EQ(res.exit_code, 1) << url << ": " << res.out;
    EXPECT_NE(res.out.find("--basemap-url"), std::string::npos) << res.out;
  }
}

TEST(OpenApi, DescribesEveryRouteWithItsRoles) {
  std::ifstream in(std::filesystem::path(GRIP_SOURCE_DIR) / "docs/openapi.json");
  ASSERT_TRUE(in);
  const json doc = json::parse(in);
  EXPECT_EQ(doc.at("openapi").get<std::string>().rfind("3.0", 0), 0u);
  std::size_t operations = 0;
  for (const auto& [path, methods] : doc.at("paths").items()) operations += methods.size();
  EXPECT_EQ(operations, grip::server::route_table().size());
  for (const auto& route : grip::server::route_table()) {
    std::string method = route.method;
    std::transform(method.begin(), method.end(), method.begin(),
                   [](unsigned char ch) { return std::tolower(ch); });
    ASSERT_TRUE(doc["paths"].contains(route.path)) << route.path;
    ASSERT_TRUE(doc["paths"][route.path].contains(method)) << route.method << " " << route.path;
    const auto& roles = doc["paths"][route.path][method].at("x-roles");
    std::set<std::string> documented(roles.begin(), roles.end()), actual;
    for (const auto role : route.roles) actual.insert(grip::server::to_string(role));
    if (!route.needs_session) actual = {"anyone"};
    EXPECT_EQ(documented, actual) << route.method << " " << route.path;
  }
}

}  // namespace

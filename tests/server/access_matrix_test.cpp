// `grip serve` against a real child process on a free loopback port, with httplib's client:
// every route x every role x signed out gets the status the access table (docs/server.md) states;
// writes without the CSRF token are refused; logout, expiry and disabling end a session; an
// account locks after repeated failures; a <script> note comes back escaped; ../ static paths are
// refused; audit rows are written for writes and for views of personal data.
#include <gtest/gtest.h>
#include <httplib.h>

#include <map>
#include <memory>
#include <nlohmann/json.hpp>

#include "grip/server/access.hpp"
#include "grip/server/tokens.hpp"
#include "server/grip_server_process.hpp"
#include "support/test_support.hpp"

namespace {

using grip::test::query_int;
using grip::test::run_grip;
using json = nlohmann::json;

constexpr const char* kPassword = "correct horse battery staple";

using grip::test::Signed;

class ServerAccess : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = std::make_unique<grip::test::ScratchDir>();
    db_ = grip::test::make_small_store(*dir_);
    const auto hotspots =
        run_grip({"--db", db_.string(), "-q", "hotspots", "--top", "2", "--cell-size", "100"});
    ASSERT_EQ(hotspots.exit_code, 0) << hotspots.out;
    hotspot_ = grip::test::query_text(
        db_, "SELECT hotspot_id FROM hotspots WHERE selected = 1 ORDER BY rank LIMIT 1");
    const auto password_file = dir_->write("password.txt", std::string(kPassword) + "\n");
    ASSERT_EQ(
        grip::test::add_users(db_, password_file,
                              std::vector<std::pair<std::string, std::string>>{{"admin1", "admin"},
                                                                               {"analyst1", "analyst"},
                                                                               {"supervisor1", "supervisor"},
                                                                               {"officer1", "officer"},
                                                                               {"viewer1", "viewer"},
                                                                               {"locky", "officer"},
                                                                               {"leaver", "viewer"},
                                                                               {"timer", "viewer"},
                                                                               {"doomed", "viewer"}}),
        "");
    std::filesystem::create_directories(*dir_ / "web");
    dir_->write("web/index.html", "<!doctype html><title>t</title><p>index</p>");
    dir_->write("secret.txt", "TOP SECRET OUTSIDE THE ROOT");
    server_ = std::make_unique<grip::test::GripServerProcess>(
        grip::test::store_locator(db_), *dir_ / "access.log",
        std::vector<std::string>{"--web-root", (*dir_ / "web").string(), "--max-failed-logins", "3"});
  }
  static void TearDownTestSuite() {
    if (server_) {
      EXPECT_EQ(server_->stop(), 0) << "grip serve did not shut down cleanly";
    }
    server_.reset();
    dir_.reset();
  }

  static httplib::Client client() { return server_->client(); }

  static Signed sign_in(const std::string& name, int expected = 200) {
    Signed who = grip::test::sign_in(server_->port(), name, kPassword, expected);
    if (!who.cookie.empty()) {
      EXPECT_NE(who.set_cookie.find("HttpOnly"), std::string::npos) << who.set_cookie;
      EXPECT_NE(who.set_cookie.find("SameSite=Strict"), std::string::npos) << who.set_cookie;
      EXPECT_NE(who.set_cookie.find("Max-Age="), std::string::npos) << who.set_cookie;
    }
    return who;
  }

  static httplib::Result call(const std::string& method, const std::string& path, const Signed& who,
                              const std::string& body = "{}", bool with_csrf = true) {
    auto c = client();
    httplib::Headers headers;
    if (!who.cookie.empty()) headers.emplace("Cookie", who.cookie);
    if (with_csrf && !who.csrf.empty()) headers.emplace("X-CSRF-Token", who.csrf);
    if (method == "GET") return c.Get(path.c_str(), headers);
    return c.Post(path.c_str(), headers, body, "application/json");
  }

  static std::string action_body(const std::string& notes = "lamp out") {
    return json{
        {"hotspot_id", hotspot_}, {"kind", "lighting"}, {"owner", "Neighbourhood team"}, {"notes", notes}}
        .dump();
  }

  static inline std::unique_ptr<grip::test::ScratchDir> dir_;
  static inline std::filesystem::path db_;
  static inline std::string hotspot_;
  static inline std::unique_ptr<grip::test::GripServerProcess> server_;
};

TEST_F(ServerAccess, EveryRouteForEveryRoleAndSignedOut) {
  // Written from the rules, not from the route table: route -> roles that may call it.
  const std::vector<std::string> everyone = {"admin", "analyst", "supervisor", "officer", "viewer"};
  const std::vector<std::string> staff = {"admin", "analyst", "supervisor", "officer"};
  const std::vector<std::string> managers = {"admin", "analyst", "supervisor"};
  struct Expect {
    std::string method, path;
    std::vector<std::string> roles;
    int ok;  // what a permitted role gets on this store (404: no plan stored, 400: the body is refused)
    std::string body = "{}";
  };
  const std::string outcome =
      json{{"kind", "arrest"}, {"at", "2024-03-01T12:00:00Z"}, {"hotspot_id", hotspot_}}.dump();
  const std::string upload = json{{"file_name", "2018-04-street.csv"},
                                  {"content",
                                   "Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA "
                                   "code,LSOA name,Crime type,"
                                   "Last outcome category,Context\nm1,2018-04,Essex Police,Essex "
                                   "Police,0.470000,51.730000,On or near "
                                   "High Street,E01021585,Chelmsford 011A,Robbery,Under investigation,\n"}}
                                 .dump();
  const std::string new_user = json{{"name", "added1"}, {"role", "viewer"}, {"password", kPassword}}.dump();
  const std::vector<Expect> routes = {
      {"GET", "/api/me", everyone, 200},
      {"GET", "/api/openapi.json", everyone, 200},
      {"POST", "/api/me/password", everyone, 400},  // no current password: refused after the role check
      {"GET", "/api/hotspots", everyone, 200},
      {"GET", "/api/gi-bins", everyone, 200},
      {"GET", "/api/forecast", everyone, 200},
      {"GET", "/api/areas", everyone, 200},
      {"GET", "/api/hotspot?id=" + hotspot_, everyone, 200},
      // An unknown id, so the permitted calls are refused after the role check and change nothing.
      {"POST",
       "/api/hotspots/selection",
       {"admin", "analyst"},
       400,
       json{{"hotspot_id", "H9999"}, {"change", "drop"}, {"reason", "matrix"}}.dump()},
      {"GET", "/api/plan", managers, 404},
      {"GET", "/api/tasking?date=2024-03-01", staff, 404},
      {"GET", "/api/actions", everyone, 200},
      {"POST", "/api/actions", staff, 201, action_body()},
      {"POST", "/api/outcomes", staff, 201, outcome},
      {"GET", "/api/gps-visits", managers, 200},
      {"GET", "/api/dosage", managers, 200},
      {"GET", "/api/return?month=2024-03", everyone, 200},
      {"POST", "/api/return/sign-off", {"supervisor"}, 201, json{{"month", "2024-03"}}.dump()},
      {"GET", "/api/evaluation", everyone, 200},
      {"GET", "/api/users", {"admin"}, 200},
      {"POST", "/api/users", {"admin"}, 201, new_user},
      {"POST", "/api/users/role", {"admin"}, 200, json{{"name", "timer"}, {"role", "viewer"}}.dump()},
      {"POST", "/api/users/disable", {"admin"}, 200, json{{"name", "doomed"}}.dump()},
      {"POST", "/api/users/team", {"admin"}, 200, json{{"name", "timer"}, {"team", "Team X"}}.dump()},
      {"GET", "/api/audit", {"admin"}, 200},
      {"POST", "/api/jobs/ingest", {"admin", "analyst"}, 202, upload},
      {"POST", "/api/jobs/hotspots", {"admin", "analyst"}, 202, json{{"top", 2}}.dump()},
      {"GET", "/api/jobs", {"admin", "analyst"}, 200},
      {"GET", "/api/job?id=1", {"admin", "analyst"}, 200},
      {"POST", "/logout", everyone, 200},  // last: it ends the session
  };
  int checked = 0;
  for (const auto& route : routes) {
    const auto res = call(route.method, route.path, {}, route.body);
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 401) << "signed out " << route.method << " " << route.path;
    ++checked;
  }
  for (const auto& role : everyone) {
    const Signed who = sign_in(role + "1");
    for (const auto& route : routes) {
      const bool may = std::find(route.roles.begin(), route.roles.end(), role) != route.roles.end();
      const auto res = call(route.method, route.path, who, route.body);
      ASSERT_TRUE(res);
      EXPECT_EQ(res->status, may ? route.ok : 403)
          << role << " " << route.method << " " << route.path << ": " << res->body;
      EXPECT_EQ(res->get_header_value("X-Frame-Options"), "DENY");
      EXPECT_EQ(res->get_header_value("X-Content-Type-Options"), "nosniff");
      const std::string csp = res->get_header_value("Content-Security-Policy");
      EXPECT_NE(csp.find("script-src 'self'"), std::string::npos) << csp;
      EXPECT_EQ(csp.find("unsafe-inline"), std::string::npos) << csp;
      ++checked;
    }
    // After logout the same cookie opens nothing.
    const auto after = call("GET", "/api/me", who);
    ASSERT_TRUE(after);
    EXPECT_EQ(after->status, 401) << role;
  }
  EXPECT_EQ(checked, static_cast<int>(routes.size()) * 6);
  // Every route of the server's table is in this list (and so checked for every role).
  for (const auto& route : grip::server::route_table()) {
    if (route.path == "/login") continue;
    const bool listed = std::any_of(routes.begin(), routes.end(), [&](const Expect& e) {
      return e.method == route.method && e.path.substr(0, e.path.find('?')) == route.path;
    });
    EXPECT_TRUE(listed) << route.method << " " << route.path << " is not in the matrix";
  }
  // The four roles that may write each added one action.
  EXPECT_EQ(query_int(db_, "SELECT count(*) FROM problem_solving_actions WHERE notes = 'lamp out'"), 4);
  // Other methods and unknown API paths.
  auto c = client();
  EXPECT_EQ(c.Put("/api/actions", "{}", "application/json")->status, 405);
  EXPECT_EQ(c.Delete("/api/actions")->status, 405);
  EXPECT_EQ(c.Get("/api/nothing-here")->status, 404);
}

TEST_F(ServerAccess, HotspotsAreGeoJsonInLongitudeLatitude) {
  const Signed who = sign_in("viewer1");
  const auto res = call("GET", "/api/hotspots", who);
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200);
  const json body = json::parse(res->body);
  EXPECT_EQ(body.at("type"), "FeatureCollection");
  ASSERT_EQ(body.at("features").size(), 2u);
  EXPECT_EQ(body["features"][0]["properties"]["id"], hotspot_);
  // The small store lies around Chelmsford (about 0.47 E, 51.73 N).
  const auto& point = body["features"][0]["geometry"]["coordinates"][0][0][0];
  EXPECT_NEAR(point[0].get<double>(), 0.47, 0.2);
  EXPECT_NEAR(point[1].get<double>(), 51.73, 0.2);
}

TEST_F(ServerAccess, WritesWithoutTheCsrfTokenAreRefused) {
  const Signed who = sign_in("officer1");
  const auto before = query_int(db_, "SELECT count(*) FROM problem_solving_actions");
  auto missing = call("POST", "/api/actions", who, action_body("no csrf"), false);
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->status, 403);
  auto wrong =
      call("POST", "/api/actions", {who.cookie, std::string(64, 'a'), ""}, action_body("wrong csrf"));
  ASSERT_TRUE(wrong);
  EXPECT_EQ(wrong->status, 403);
  // A form post (not JSON) is refused before any handler.
  auto c = client();
  auto form = c.Post("/api/actions", {{"Cookie", who.cookie}, {"X-CSRF-Token", who.csrf}}, "hotspot_id=H01",
                     "application/x-www-form-urlencoded");
  ASSERT_TRUE(form);
  EXPECT_EQ(form->status, 415);
  auto logout = call("POST", "/logout", who, "{}", false);
  ASSERT_TRUE(logout);
  EXPECT_EQ(logout->status, 403);
  EXPECT_EQ(query_int(db_, "SELECT count(*) FROM problem_solving_actions"), before);
  EXPECT_EQ(call("GET", "/api/me", who)->status, 200);  // the refused logout left it signed in
}

TEST_F(ServerAccess, BadFieldsAreRefusedWithTheFieldNamed) {
  const Signed who = sign_in("officer1");
  const std::vector<std::pair<json, std::string>> bad = {
      {{{"hotspot_id", "H999"}, {"kind", "cctv"}, {"owner", "Team"}}, "H999"},
      {{{"hotspot_id", hotspot_}, {"kind", "teleport"}, {"owner", "Team"}}, "kind"},
      {{{"hotspot_id", hotspot_}, {"kind", "cctv"}, {"owner", "Team"}, {"extra", "x"}}, "extra"},
      {{{"hotspot_id", hotspot_}, {"kind", "cctv"}, {"owner", 7}}, "owner"},
  };
  for (const auto& [body, named] : bad) {
    const auto res = call("POST", "/api/actions", who, body.dump());
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 400) << body.dump();
    EXPECT_NE(res->body.find(named), std::string::npos) << res->body;
  }
  const auto broken = call("POST", "/api/actions", who, "{not json");
  ASSERT_TRUE(broken);
  EXPECT_EQ(broken->status, 400);
}

TEST_F(ServerAccess, ScriptInANoteComesBackEscaped) {
  const Signed who = sign_in("officer1");
  const std::string note = "<script>alert('x')</script> & more";
  const auto added = call("POST", "/api/actions", who, action_body(note));
  ASSERT_TRUE(added);
  ASSERT_EQ(added->status, 201) << added->body;
  const auto listed = call("GET", "/api/actions", who);
  ASSERT_TRUE(listed);
  EXPECT_EQ(listed->get_header_value("Content-Type").rfind("application/json", 0), 0u);
  EXPECT_EQ(listed->body.find("<script>"), std::string::npos) << listed->body;
  EXPECT_NE(listed->body.find("\\u003cscript\\u003ealert('x')\\u003c/script\\u003e \\u0026 more"),
            std::string::npos)
      << listed->body;
  bool found = false;
  for (const auto& action : json::parse(listed->body)) found = found || action.at("notes") == note;
  EXPECT_TRUE(found) << "the note reads back as written once parsed";
  const auto page = client().Get("/");
  ASSERT_TRUE(page);
  EXPECT_EQ(page->status, 200);
  EXPECT_EQ(page->body.find("alert("), std::string::npos);
  EXPECT_EQ(page->body.find("<script"), std::string::npos);
}

TEST_F(ServerAccess, StaticFilesOutsideTheRootAreRefused) {
  auto c = client();
  const auto index = c.Get("/index.html");
  ASSERT_TRUE(index);
  EXPECT_EQ(index->status, 200);
  EXPECT_NE(index->body.find("index"), std::string::npos);
  for (const std::string path :
       {"/../secret.txt", "/%2e%2e/secret.txt", "/..%2fsecret.txt", "/x/../../secret.txt", "/.%2e/secret.txt",
        "/%2E%2E%2Fsecret.txt", "/..\\secret.txt", "/.hidden"}) {
    const auto res = c.Get(path.c_str());
    if (!res) continue;  // the client or server dropped the request: nothing served
    EXPECT_TRUE(res->status == 404 || res->status == 400) << path << " -> " << res->status;
    EXPECT_EQ(res->body.find("TOP SECRET"), std::string::npos) << path;
  }
}

TEST_F(ServerAccess, ExpiredSessionsAreRefused) {
  const Signed who = sign_in("timer");
  ASSERT_EQ(call("GET", "/api/me", who)->status, 200);
  const std::string hash = grip::server::sha256_hex(who.cookie.substr(who.cookie.find('=') + 1));
  ASSERT_EQ(query_int(db_, "SELECT count(*) FROM sessions WHERE token_hash = '" + hash + "'"), 1);
  grip::test::exec_sql(
      db_, "UPDATE sessions SET expires = '2000-01-01T00:00:00Z' WHERE token_hash = '" + hash + "'");
  EXPECT_EQ(call("GET", "/api/me", who)->status, 401);
  // A made-up token of the right form is no session either.
  EXPECT_EQ(call("GET", "/api/me", {"grip_session=" + std::string(64, 'f'), "", ""})->status, 401);
}

TEST_F(ServerAccess, DisablingAUserEndsTheirSessions) {
  const Signed who = sign_in("leaver");
  ASSERT_EQ(call("GET", "/api/me", who)->status, 200);
  const auto disabled = run_grip({"--db", db_.string(), "users", "disable", "leaver"});
  ASSERT_EQ(disabled.exit_code, 0) << disabled.out;
  EXPECT_EQ(call("GET", "/api/me", who)->status, 401);
  sign_in("leaver", 401);
}

TEST_F(ServerAccess, AnAccountLocksAfterRepeatedFailures) {
  sign_in("locky");  // the right password works at first
  auto c = client();
  for (int i = 0; i < 3; ++i) {
    const auto res =
        c.Post("/login", json{{"name", "locky"}, {"password", "wrong password " + std::to_string(i)}}.dump(),
               "application/json");
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 401);
  }
  EXPECT_EQ(query_int(db_, "SELECT count(*) FROM users WHERE name = 'locky' AND locked_until IS NOT NULL"),
            1);
  sign_in("locky", 401);  // locked: even the right password is refused
  EXPECT_GE(
      query_int(db_,
                "SELECT count(*) FROM audit_log WHERE action = 'account_locked' AND target = 'user:locky'"),
      1);
  // An unknown name gets the same answer as a wrong password.
  const auto unknown =
      c.Post("/login", json{{"name", "nobody"}, {"password", "whatever it is"}}.dump(), "application/json");
  ASSERT_TRUE(unknown);
  EXPECT_EQ(unknown->status, 401);
}

TEST_F(ServerAccess, WritesAndPersonalDataViewsAreAudited) {
  const Signed officer = sign_in("officer1");
  ASSERT_EQ(call("POST", "/api/actions", officer, action_body("audited"))->status, 201);
  const auto action_id = query_int(db_, "SELECT max(action_id) FROM problem_solving_actions");
  EXPECT_EQ(query_int(db_,
                      "SELECT count(*) FROM audit_log WHERE user_name = 'officer1' AND action = 'action_add' "
                      "AND target = 'action:" +
                          std::to_string(action_id) + "'"),
            1);
  const auto views = query_int(db_, "SELECT count(*) FROM audit_log WHERE action = 'view_personal'");
  const std::string by_supervisor =
      "SELECT count(*) FROM audit_log WHERE action = 'view_personal' AND user_name = 'supervisor1' AND "
      "target = 'gps_visits'";
  const auto supervisor_views = query_int(db_, by_supervisor);
  const Signed supervisor = sign_in("supervisor1");
  ASSERT_EQ(call("GET", "/api/gps-visits", supervisor)->status, 200);
  EXPECT_EQ(query_int(db_, "SELECT count(*) FROM audit_log WHERE action = 'view_personal'"), views + 1);
  EXPECT_EQ(query_int(db_, by_supervisor), supervisor_views + 1);
  // A refused view (officer) leaves no data and no view row.
  ASSERT_EQ(call("GET", "/api/gps-visits", officer)->status, 403);
  EXPECT_EQ(query_int(db_, "SELECT count(*) FROM audit_log WHERE action = 'view_personal'"), views + 1);
  // Admins read the log through the API.
  const auto log = call("GET", "/api/audit", sign_in("admin1"));
  ASSERT_TRUE(log);
  ASSERT_EQ(log->status, 200);
  EXPECT_NE(log->body.find("view_personal"), std::string::npos);
  EXPECT_EQ(log->body.find("argon2"), std::string::npos);
}

// A write and its audit row are one transaction: when the audit row cannot be written, the
// action is not stored either (a trigger stands in for a failing audit insert).
TEST_F(ServerAccess, AWriteWhoseAuditRowFailsIsNotStored) {
  const Signed officer = sign_in("officer1");  // sign-ins are audited: before the trigger
  const auto actions = query_int(db_, "SELECT count(*) FROM problem_solving_actions");
  const auto audited = query_int(db_, "SELECT count(*) FROM audit_log");
  grip::test::exec_sql(
      db_, grip::test::testing_postgis()
               ? "CREATE FUNCTION audit_refuses() RETURNS trigger LANGUAGE plpgsql AS "
                 "$$BEGIN RAISE EXCEPTION 'audit refused'; END$$; CREATE TRIGGER audit_refuses BEFORE INSERT "
                 "ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_refuses()"
               : "CREATE TRIGGER audit_refuses BEFORE INSERT ON audit_log BEGIN SELECT RAISE(ABORT, 'audit "
                 "refused'); END");
  const auto refused = call("POST", "/api/actions", officer, action_body("never audited"));
  ASSERT_TRUE(refused);
  EXPECT_GE(refused->status, 500) << refused->body;
  EXPECT_EQ(query_int(db_, "SELECT count(*) FROM problem_solving_actions"), actions);
  EXPECT_EQ(query_int(db_, "SELECT count(*) FROM audit_log"), audited);
  grip::test::exec_sql(
      db_, "DROP TRIGGER audit_refuses" + std::string(grip::test::testing_postgis() ? " ON audit_log" : ""));
  ASSERT_EQ(call("POST", "/api/actions", officer, action_body("audited after"))->status, 201);
  EXPECT_EQ(query_int(db_, "SELECT count(*) FROM problem_solving_actions"), actions + 1);
}

TEST_F(ServerAccess, AnalystsEditTheSelectionOthersAndCsrfLessCallsAreRefused) {
  const std::string last = grip::test::query_text(
      db_, "SELECT hotspot_id FROM hotspots WHERE selected = 1 ORDER BY rank DESC LIMIT 1");
  ASSERT_NE(last, hotspot_) << "the small store should give two selected hotspots";
  const auto selected = [] { return query_int(db_, "SELECT count(*) FROM hotspots WHERE selected = 1"); };
  const auto edits = [] { return query_int(db_, "SELECT count(*) FROM hotspot_selection_edits"); };
  const auto features = [](const Signed& who) {
    const auto res = call("GET", "/api/hotspots", who);
    EXPECT_EQ(res->status, 200);
    return json::parse(res->body);
  };
  const auto drop = [&](const std::string& id, const std::string& reason) {
    return json{{"hotspot_id", id}, {"change", "drop"}, {"reason", reason}}.dump();
  };
  const Signed analyst = sign_in("analyst1"), viewer = sign_in("viewer1");
  const auto before = selected();
  const auto shown = features(viewer)["features"].size();
  for (const char* role : {"viewer1", "officer1", "supervisor1"}) {
    const auto res = call("POST", "/api/hotspots/selection", sign_in(role), drop(last, "not mine to drop"));
    EXPECT_EQ(res->status, 403) << role << ": " << res->body;
  }
  EXPECT_EQ(call("POST", "/api/hotspots/selection", analyst, drop(last, "no csrf"), false)->status, 403);
  EXPECT_EQ(call("POST", "/api/hotspots/selection", analyst, drop(last, ""))->status, 400);
  EXPECT_EQ(call("POST", "/api/hotspots/selection", analyst, drop(last, std::string(501, 'r')))->status, 400);
  const auto bad_change = call("POST", "/api/hotspots/selection", analyst,
                               json{{"hotspot_id", last}, {"change", "swap"}, {"reason", "x"}}.dump());
  EXPECT_EQ(bad_change->status, 400);
  EXPECT_NE(bad_change->body.find("'change'"), std::string::npos) << bad_change->body;
  EXPECT_EQ(selected(), before);
  EXPECT_EQ(edits(), 0);

  const auto dropped = call("POST", "/api/hotspots/selection", analyst, drop(last, "CCTV now covers <it>"));
  ASSERT_EQ(dropped->status, 200) << dropped->body;
  EXPECT_EQ(json::parse(dropped->body).at("selected_after"), before - 1);
  EXPECT_EQ(selected(), before - 1);
  EXPECT_EQ(query_int(db_,
                      "SELECT count(*) FROM audit_log WHERE action = 'hotspot_selection' AND user_name = "
                      "'analyst1' AND target = 'hotspot:" +
                          last + "'"),
            1);
  // The map: one fewer feature, and the edit (who only for roles that may see personal data).
  const json seen_by_viewer = features(viewer);
  EXPECT_EQ(seen_by_viewer["features"].size(), shown - 1);
  ASSERT_EQ(seen_by_viewer["selection_edits"].size(), 1U);
  EXPECT_TRUE(seen_by_viewer["selection_edits"][0]["by"].is_null());
  EXPECT_NE(seen_by_viewer["selection_edits"][0]["summary"].get<std::string>().find("dropped by an analyst"),
            std::string::npos);
  EXPECT_EQ(features(analyst)["selection_edits"][0]["by"], "analyst1");
  const auto page = call("GET", "/api/hotspot?id=" + last, viewer);
  ASSERT_EQ(page->status, 200);
  EXPECT_EQ(json::parse(page->body)["selection_edits"][0]["reason"], "CCTV now covers <it>");
  EXPECT_EQ(page->body.find("<it>"), std::string::npos) << "the reason must come back escaped";
  // The last selected hotspot may not go.
  const auto emptied = call("POST", "/api/hotspots/selection", analyst, drop(hotspot_, "empty it"));
  EXPECT_EQ(emptied->status, 400);
  EXPECT_NE(emptied->body.find("may not be empty"), std::string::npos) << emptied->body;
  // Back as it was (the run selected it, so the spacing rules allow it), for the other tests.
  const auto back = call("POST", "/api/hotspots/selection", sign_in("admin1"),
                         json{{"hotspot_id", last}, {"change", "add"}, {"reason", "CCTV broken"}}.dump());
  ASSERT_EQ(back->status, 200) << back->body;
  EXPECT_EQ(selected(), before);
  EXPECT_EQ(edits(), 2);
}

}  // namespace

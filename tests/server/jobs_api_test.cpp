// Long work from the dashboard in the background (server/api_jobs.cpp) against a real `grip serve`:
// an uploaded street CSV is ingested as `grip ingest` would (its rows counted here from the text
// the test wrote, and in the store), a refused file fails its job with the ingest's reason and no
// server path, a hotspot run's job returns the run the store then holds, and the limits hold
// (file names, body sizes, roles). The access matrix (access_matrix_test.cpp) covers every role.
#include <gtest/gtest.h>
#include <httplib.h>

#include <chrono>
#include <memory>
#include <nlohmann/json.hpp>
#include <thread>

#include "server/grip_server_process.hpp"
#include "support/test_support.hpp"

namespace {

using grip::test::query_int;
using grip::test::run_grip;
using json = nlohmann::json;

constexpr const char* kPassword = "correct horse battery staple";
constexpr const char* kHeader =
    "Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Crime type,"
    "Last outcome category,Context\n";

using grip::test::Signed;

class JobsApi : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = std::make_unique<grip::test::ScratchDir>();
    db_ = grip::test::make_small_store(*dir_);
    const auto password_file = dir_->write("password.txt", std::string(kPassword) + "\n");
    for (const auto& [name, role] : std::vector<std::pair<std::string, std::string>>{
             {"analyst1", "analyst"}, {"supervisor1", "supervisor"}}) {
      const auto added = run_grip({"--db", db_.string(), "users", "add", name, "--role", role,
                                   "--password-file", password_file.string()});
      ASSERT_EQ(added.exit_code, 0) << added.out;
    }
    server_ =
        std::make_unique<grip::test::GripServerProcess>(grip::test::store_locator(db_), *dir_ / "access.log");
  }
  static void TearDownTestSuite() {
    if (server_) {
      EXPECT_EQ(server_->stop(), 0);
    }
    server_.reset();
    dir_.reset();
  }
  static httplib::Client client() { return server_->client(); }
  static Signed sign_in(const std::string& name) {
    return grip::test::sign_in(server_->port(), name, kPassword);
  }
  static httplib::Result post(const std::string& path, const Signed& who, const std::string& body) {
    return client().Post(path.c_str(), {{"Cookie", who.cookie}, {"X-CSRF-Token", who.csrf}}, body,
                         "application/json");
  }
  // Polls the job until it is done or failed (at most 120 s).
  static json finished(const Signed& who, std::int64_t id) {
    for (int i = 0; i < 1200; ++i) {
      const auto res = client().Get(("/api/job?id=" + std::to_string(id)).c_str(), {{"Cookie", who.cookie}});
      EXPECT_TRUE(res && res->status == 200);
      if (!res || res->status != 200) return {};
      const json job = json::parse(res->body);
      if (job["state"] == "done" || job["state"] == "failed") return job;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    ADD_FAILURE() << "job " << id << " did not finish";
    return {};
  }

  static inline std::unique_ptr<grip::test::ScratchDir> dir_;
  static inline std::filesystem::path db_;
  static inline std::unique_ptr<grip::test::GripServerProcess> server_;
};

TEST_F(JobsApi, AnUploadedStreetFileIsIngestedInTheBackground) {
  const Signed analyst = sign_in("analyst1");
  std::string csv = kHeader;
  for (int i = 0; i < 5; ++i)
    csv += "u" + std::to_string(i) + ",2018-05,Essex Police,Essex Police,0.4700" + std::to_string(i) +
           ",51.730000,On or near High Street,E01021585,Chelmsford 011A,Robbery,Under investigation,\n";
  csv +=
      "u9,2018-05,Essex Police,Essex Police,,,No Location,,,Robbery,Under investigation,\n";  // no position
  const auto before = query_int(db_, "SELECT count(*) FROM incidents");
  const auto res =
      post("/api/jobs/ingest", analyst, json{{"file_name", "2018-05-street.csv"}, {"content", csv}}.dump());
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 202) << res->body;
  const json job = finished(analyst, json::parse(res->body).at("job").get<std::int64_t>());
  ASSERT_EQ(job["state"], "done") << job.dump();
  EXPECT_EQ(job["owner"], "analyst1");
  EXPECT_DOUBLE_EQ(job["progress"].get<double>(), 1.0);
  EXPECT_EQ(job["result"]["totals"]["rows_stored"], 5);
  EXPECT_EQ(job["result"]["totals"]["rows_rejected"], 1);
  EXPECT_EQ(job["result"]["files"][0]["file"], "2018-05-street.csv");
  EXPECT_FALSE(job["result"].contains("store"));
  EXPECT_EQ(query_int(db_, "SELECT count(*) FROM incidents"), before + 5);
  EXPECT_EQ(query_int(db_,
                      "SELECT count(*) FROM audit_log WHERE action = 'job ingest' AND target = "
                      "'2018-05-street.csv'"),
            1);
}

TEST_F(JobsApi, ARefusedFileFailsItsJobWithTheReasonAndNoServerPath) {
  const Signed analyst = sign_in("analyst1");
  const auto before = query_int(db_, "SELECT count(*) FROM incidents");
  const auto res = post("/api/jobs/ingest", analyst,
                        json{{"file_name", "mystery.csv"}, {"content", "what,is,this\n1,2,3\n"}}.dump());
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 202) << res->body;
  const json job = finished(analyst, json::parse(res->body).at("job").get<std::int64_t>());
  ASSERT_EQ(job["state"], "failed") << job.dump();
  const std::string message = job["message"].get<std::string>();
  EXPECT_NE(message.find("mystery.csv"), std::string::npos) << message;
  EXPECT_EQ(message.find("grip-upload-"), std::string::npos)
      << "the server's temporary folder leaked: " << message;
  EXPECT_EQ(query_int(db_, "SELECT count(*) FROM incidents"), before);
}

TEST_F(JobsApi, AHotspotRunJobReturnsTheRunTheStoreHolds) {
  const Signed analyst = sign_in("analyst1");
  const auto res = post("/api/jobs/hotspots", analyst, json{{"top", 2}, {"cell_size_m", 100}}.dump());
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 202) << res->body;
  const json job = finished(analyst, json::parse(res->body).at("job").get<std::int64_t>());
  ASSERT_EQ(job["state"], "done") << job.dump();
  const auto run_id = job["result"]["run_id"].get<std::int64_t>();
  EXPECT_EQ(run_id, query_int(db_, "SELECT max(run_id) FROM hotspot_runs"));
  EXPECT_EQ(job["result"]["selected"].get<std::int64_t>(),
            query_int(db_, "SELECT count(*) FROM hotspots WHERE selected = 1 AND run_id = " +
                               std::to_string(run_id)));
  // The list holds it, newest first.
  const auto listed = client().Get("/api/jobs", {{"Cookie", analyst.cookie}});
  ASSERT_TRUE(listed && listed->status == 200);
  EXPECT_EQ(json::parse(listed->body).at(0).at("id"), job["id"]);
}

TEST_F(JobsApi, RefusesBadNamesLargeBodiesUnknownJobsAndOtherRoles) {
  const Signed analyst = sign_in("analyst1");
  for (const char* name : {"../etc/passwd.csv", "a/b.csv", ".hidden.csv", "notes.txt", ""}) {
    const auto res = post("/api/jobs/ingest", analyst, json{{"file_name", name}, {"content", "x"}}.dump());
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 400) << name << ": " << res->body;
  }
  auto res = post("/api/jobs/ingest", analyst, json{{"file_name", "a.csv"}, {"content", ""}}.dump());
  EXPECT_EQ(res->status, 400) << res->body;
  res = post("/api/jobs/hotspots", analyst, json{{"top", 0}}.dump());
  EXPECT_EQ(res->status, 400) << res->body;
  // Only the upload may carry a large body.
  res = post("/api/jobs/hotspots", analyst, json{{"top", std::string(70 * 1024, '1')}}.dump());
  EXPECT_EQ(res->status, 413) << res->body;
  res = client().Get("/api/job?id=999999", {{"Cookie", analyst.cookie}});
  EXPECT_EQ(res->status, 404) << res->body;
  const Signed supervisor = sign_in("supervisor1");
  res = post("/api/jobs/hotspots", supervisor, "{}");
  EXPECT_EQ(res->status, 403) << res->body;
}

}  // namespace

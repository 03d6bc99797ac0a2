// The dashboard's background jobs (server/job_runner.hpp): order, progress, failure, the bound on
// waiting jobs, and what stop() does with a running and with waiting jobs. Jobs are held on
// futures the test releases, so every state is observed, not raced.
#include "grip/server/job_runner.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <future>
#include <stdexcept>
#include <thread>

#include "grip/core/errors.hpp"

namespace {

using grip::server::JobRunner;
using grip::server::JobState;

// Polls until the job is in `state` (the worker runs on its own thread); fails after 10 s.
bool wait_for(const JobRunner& runner, std::int64_t id, JobState state) {
  for (int i = 0; i < 1000; ++i) {
    const auto s = runner.status(id);
    if (s && s->state == state) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return false;
}

TEST(JobRunner, RunsInOrderReportsProgressAndKeepsTheResult) {
  JobRunner runner;
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  std::promise<void> halfway;
  const auto first = runner.submit("ingest", "ana", [&](const JobRunner::Report& report) {
    report(0.5, "file 1 of 2");
    halfway.set_value();
    released.wait();
    return nlohmann::json{{"rows", 42}};
  });
  ASSERT_TRUE(first);
  const auto second =
      runner.submit("hotspots", "ana", [](const JobRunner::Report&) { return nlohmann::json(7); });
  ASSERT_TRUE(second);
  halfway.get_future().wait();
  auto s1 = runner.status(*first);
  ASSERT_TRUE(s1);
  EXPECT_EQ(s1->state, JobState::kRunning);
  EXPECT_DOUBLE_EQ(s1->progress, 0.5);
  EXPECT_EQ(s1->message, "file 1 of 2");
  EXPECT_EQ(runner.status(*second)->state, JobState::kQueued) << "one worker: the second waits";
  release.set_value();
  ASSERT_TRUE(wait_for(runner, *second, JobState::kDone));
  s1 = runner.status(*first);
  EXPECT_EQ(s1->state, JobState::kDone);
  EXPECT_DOUBLE_EQ(s1->progress, 1.0);
  EXPECT_EQ(s1->result["rows"], 42);
  EXPECT_FALSE(s1->started.empty());
  EXPECT_FALSE(s1->finished.empty());
  EXPECT_EQ(runner.status(*second)->result, 7);
  const auto listed = runner.list();
  ASSERT_EQ(listed.size(), 2u);
  EXPECT_EQ(listed[0].id, *second) << "newest first";
  EXPECT_EQ(grip::server::to_json(listed[1])["state"], "done");
}

TEST(JobRunner, AFailingJobKeepsItsMessageAndTheNextOneStillRuns) {
  JobRunner runner;
  const auto bad = runner.submit("ingest", "ana", [](const JobRunner::Report&) -> nlohmann::json {
    throw grip::InputError("upload.csv", 3, "a row has 40 columns");
  });
  const auto good =
      runner.submit("ingest", "ana", [](const JobRunner::Report&) { return nlohmann::json(1); });
  ASSERT_TRUE(bad && good);
  ASSERT_TRUE(wait_for(runner, *good, JobState::kDone));
  const auto s = runner.status(*bad);
  EXPECT_EQ(s->state, JobState::kFailed);
  EXPECT_NE(s->message.find("a row has 40 columns"), std::string::npos) << s->message;
  EXPECT_FALSE(runner.status(12345).has_value());
}

TEST(JobRunner, RefusesBeyondTheWaitingBoundAndStopFailsWaitingJobs) {
  JobRunner runner(2);
  std::promise<void> release, started;
  std::shared_future<void> released = release.get_future().share();
  const auto running = runner.submit("hotspots", "ana", [&](const JobRunner::Report&) {
    started.set_value();
    released.wait();
    return nlohmann::json("finished");
  });
  ASSERT_TRUE(running);
  started.get_future().wait();  // now running: it no longer counts as waiting
  const auto w1 = runner.submit("ingest", "ana", [](const JobRunner::Report&) { return nlohmann::json(); });
  const auto w2 = runner.submit("ingest", "ana", [](const JobRunner::Report&) { return nlohmann::json(); });
  ASSERT_TRUE(w1 && w2);
  EXPECT_FALSE(runner.submit("ingest", "ana", [](const JobRunner::Report&) { return nlohmann::json(); }))
      << "two already wait";
  std::thread stopper([&] { runner.stop(); });
  // stop() waits for the running job; release it, then the waiting ones are failed, not run.
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  release.set_value();
  stopper.join();
  EXPECT_EQ(runner.status(*running)->state, JobState::kDone);
  EXPECT_EQ(runner.status(*running)->result, "finished");
  for (const auto id : {*w1, *w2}) {
    EXPECT_EQ(runner.status(id)->state, JobState::kFailed);
    EXPECT_EQ(runner.status(id)->message, "not run: the server stopped");
  }
  EXPECT_FALSE(runner.submit("ingest", "ana", [](const JobRunner::Report&) { return nlohmann::json(); }));
  runner.stop();  // again: nothing to do
}

TEST(JobRunner, ForgetsTheOldestFinishedJobsBeyondTheKeptNumber) {
  JobRunner runner(JobRunner::kDefaultMaxWaiting, 2);
  std::int64_t last = 0;
  for (int i = 0; i < 4; ++i) {
    const auto id =
        runner.submit("hotspots", "ana", [i](const JobRunner::Report&) { return nlohmann::json(i); });
    ASSERT_TRUE(id);
    ASSERT_TRUE(wait_for(runner, *id, JobState::kDone));
    last = *id;
  }
  const auto listed = runner.list();
  ASSERT_EQ(listed.size(), 2u);
  EXPECT_EQ(listed[0].id, last);
  EXPECT_FALSE(runner.status(last - 3).has_value());
}

}  // namespace

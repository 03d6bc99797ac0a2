// Long work started from the dashboard (an uploaded file's ingest, a hotspot run) runs here, off
// the request thread, so a request answers at once with a job id and the page polls the job's
// progress. One worker thread runs the jobs in the order submitted: store writes take turns anyway
// (one writer at a time on either engine), so a second worker would only wait. At most
// `max_waiting` jobs wait (a further submit is refused, so a busy server says so instead of
// queueing without bound); the last `kept` finished jobs stay listed. stop() lets the running job
// finish (a write is one transaction: cutting it short would only roll it back) and marks the
// waiting ones as not run. The work itself reports progress as a share in [0, 1] and a line of text.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace grip::server {

enum class JobState { kQueued, kRunning, kDone, kFailed };
[[nodiscard]] const char* to_string(JobState state) noexcept;

struct JobStatus {
  std::int64_t id = 0;
  std::string kind, owner;  // e.g. "ingest", "hotspots"; the account that started it
  JobState state = JobState::kQueued;
  double progress = 0.0;                     // share done, 0..1
  std::string message;                       // the latest progress line, or why it failed
  nlohmann::json result;                     // what the work returned, once done
  std::string submitted, started, finished;  // UTC ISO 8601; empty until it happens
};

[[nodiscard]] nlohmann::json to_json(const JobStatus& status);

class JobRunner {
 public:
  using Report = std::function<void(double share, const std::string& message)>;
  // Returns the job's result. A grip::Error (or any std::exception) fails the job with its message.
  using Work = std::function<nlohmann::json(const Report& report)>;

  static constexpr std::size_t kDefaultMaxWaiting = 4;
  static constexpr std::size_t kDefaultKept = 100;

  explicit JobRunner(std::size_t max_waiting = kDefaultMaxWaiting, std::size_t kept = kDefaultKept);
  ~JobRunner();
  JobRunner(const JobRunner&) = delete;
  JobRunner& operator=(const JobRunner&) = delete;

  // The new job's id, or nullopt when max_waiting jobs are already waiting or the runner stopped.
  [[nodiscard]] std::optional<std::int64_t> submit(std::string kind, std::string owner, Work work);
  [[nodiscard]] std::optional<JobStatus> status(std::int64_t id) const;
  // Newest first.
  [[nodiscard]] std::vector<JobStatus> list() const;
  // Waits for the running job, fails the waiting ones ("not run: the server stopped"); idempotent.
  void stop();

 private:
  void work_loop();
  void forget_old_jobs();  // with mutex_ held

  const std::size_t max_waiting_, kept_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<std::pair<std::int64_t, Work>> waiting_;
  std::map<std::int64_t, JobStatus> jobs_;
  std::int64_t next_id_ = 1;
  bool stopping_ = false;
  std::thread worker_;
};

}  // namespace grip::server

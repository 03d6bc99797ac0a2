#include "grip/server/job_runner.hpp"

#include <algorithm>
#include <exception>

#include "grip/core/time_text.hpp"

namespace grip::server {

const char* to_string(JobState state) noexcept {
  switch (state) {
    case JobState::kQueued:
      return "queued";
    case JobState::kRunning:
      return "running";
    case JobState::kDone:
      return "done";
    case JobState::kFailed:
      return "failed";
  }
  return "failed";
}

nlohmann::json to_json(const JobStatus& status) {
  return {{"id", status.id},
          {"kind", status.kind},
          {"owner", status.owner},
          {"state", to_string(status.state)},
          {"progress", status.progress},
          {"message", status.message},
          {"result", status.result},
          {"submitted", status.submitted},
          {"started", status.started},
          {"finished", status.finished}};
}

JobRunner::JobRunner(std::size_t max_waiting, std::size_t kept)
    : max_waiting_(max_waiting), kept_(std::max<std::size_t>(kept, 1)), worker_([this] { work_loop(); }) {}

JobRunner::~JobRunner() { stop(); }

std::optional<std::int64_t> JobRunner::submit(std::string kind, std::string owner, Work work) {
  std::lock_guard lock(mutex_);
  if (stopping_ || waiting_.size() >= max_waiting_) return std::nullopt;
  const std::int64_t id = next_id_++;
  JobStatus status;
  status.id = id;
  status.kind = std::move(kind);
  status.owner = std::move(owner);
  status.message = "waiting for the jobs before it";
  status.submitted = utc_now_iso();
  jobs_[id] = std::move(status);
  waiting_.emplace_back(id, std::move(work));
  forget_old_jobs();
  wake_.notify_one();
  return id;
}

std::optional<JobStatus> JobRunner::status(std::int64_t id) const {
  std::lock_guard lock(mutex_);
  const auto found = jobs_.find(id);
  if (found == jobs_.end()) return std::nullopt;
  return found->second;
}

std::vector<JobStatus> JobRunner::list() const {
  std::lock_guard lock(mutex_);
  std::vector<JobStatus> out;
  for (auto it = jobs_.rbegin(); it != jobs_.rend(); ++it) out.push_back(it->second);
  return out;
}

void JobRunner::stop() {
  {
    std::lock_guard lock(mutex_);
    if (stopping_ && !worker_.joinable()) return;
    stopping_ = true;
    for (const auto& [id, work] : waiting_) {
      auto& job = jobs_[id];
      job.state = JobState::kFailed;
      job.message = "not run: the server stopped";
      job.finished = utc_now_iso();
    }
    waiting_.clear();
  }
  wake_.notify_all();
  if (worker_.joinable()) worker_.join();
}

void JobRunner::forget_old_jobs() {
  // Finished jobs beyond `kept_`, oldest first; waiting and running ones are always kept.
  std::size_t finished = 0;
  for (const auto& [id, job] : jobs_)
    if (job.state == JobState::kDone || job.state == JobState::kFailed) ++finished;
  for (auto it = jobs_.begin(); it != jobs_.end() && finished > kept_;) {
    if (it->second.state == JobState::kDone || it->second.state == JobState::kFailed) {
      it = jobs_.erase(it);
      --finished;
    } else {
      ++it;
    }
  }
}

void JobRunner::work_loop() {
  for (;;) {
    std::pair<std::int64_t, Work> next;
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [this] { return stopping_ || !waiting_.empty(); });
      if (waiting_.empty()) return;  // stopping, nothing left
      next = std::move(waiting_.front());
      waiting_.pop_front();
      auto& job = jobs_[next.first];
      job.state = JobState::kRunning;
      job.message = "started";
      job.started = utc_now_iso();
    }
    const std::int64_t id = next.first;
    const Report report = [this, id](double share, const std::string& message) {
      std::lock_guard lock(mutex_);
      auto& job = jobs_[id];
      job.progress = std::clamp(share, 0.0, 1.0);
      job.message = message;
    };
    nlohmann::json result;
    std::string failure;
    bool failed = false;
    try {
      result = next.second(report);
    } catch (const std::exception& error) {
      failed = true;
      failure = error.what();
    } catch (...) {
      failed = true;
      failure = "failed for an unknown reason";
    }
    std::lock_guard lock(mutex_);
    auto& job = jobs_[id];
    job.finished = utc_now_iso();
    if (failed) {
      job.state = JobState::kFailed;
      job.message = failure;
    } else {
      job.state = JobState::kDone;
      job.progress = 1.0;
      job.message = "done";
      job.result = std::move(result);
    }
    forget_old_jobs();
  }
}

}  // namespace grip::server

#include "load/load_driver.hpp"

#include <httplib.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <random>
#include <stdexcept>
#include <thread>

namespace grip::load {

namespace {

using json = nlohmann::json;
using Clock = std::chrono::steady_clock;

struct Session {
  std::string cookie;  // "grip_session=..."
  std::string csrf;
};

httplib::Client make_client(const LoadSettings& settings) {
  httplib::Client client(settings.host, settings.port);
  client.set_connection_timeout(10, 0);
  client.set_read_timeout(30, 0);
  client.set_write_timeout(30, 0);
  client.set_keep_alive(settings.keep_alive);
  return client;
}

Session sign_in(const LoadSettings& settings) {
  auto client = make_client(settings);
  const auto res = client.Post(
      "/login", json{{"name", settings.user}, {"password", settings.password}}.dump(), "application/json");
  if (!res) throw std::runtime_error("POST /login: " + httplib::to_string(res.error()));
  if (res->status != 200) {
    throw std::runtime_error("POST /login as " + settings.user + ": status " + std::to_string(res->status) +
                             " " + res->body);
  }
  const std::string set_cookie = res->get_header_value("Set-Cookie");
  return {set_cookie.substr(0, set_cookie.find(';')),
          json::parse(res->body).at("csrf_token").get<std::string>()};
}

// Every client signs in before the clock starts, a few at a time (each sign-in is one Argon2id
// verification of 64 MiB on the server).
std::vector<Session> sign_in_all(const LoadSettings& settings) {
  std::vector<Session> sessions(static_cast<std::size_t>(settings.clients));
  std::atomic<int> next{0};
  std::mutex failure_mutex;
  std::string failure;
  std::vector<std::thread> workers;
  for (int w = 0; w < std::max(1, settings.login_concurrency); ++w) {
    workers.emplace_back([&] {
      for (int i = next++; i < settings.clients; i = next++) {
        try {
          sessions[static_cast<std::size_t>(i)] = sign_in(settings);
        } catch (const std::exception& e) {
          const std::lock_guard lock(failure_mutex);
          if (failure.empty()) failure = e.what();
        }
      }
    });
  }
  for (auto& worker : workers) worker.join();
  if (!failure.empty()) throw std::runtime_error(failure);
  return sessions;
}

struct ClientTally {
  std::vector<double> read_ms, write_ms;
  std::int64_t errors = 0;
  std::vector<std::string> error_samples;
  std::vector<AcknowledgedWrite> acknowledged;

  void error(std::string what) {
    ++errors;
    if (error_samples.size() < 5) error_samples.push_back(std::move(what));
  }
};

void drive_client(const LoadSettings& settings, const Session& session, int index, Clock::time_point deadline,
                  ClientTally& tally) {
  auto client = make_client(settings);
  std::mt19937_64 random(settings.seed + static_cast<std::uint64_t>(index));
  std::bernoulli_distribution is_write(settings.write_share);
  const httplib::Headers headers = {{"Cookie", session.cookie}, {"X-CSRF-Token", session.csrf}};
  std::int64_t sequence = 0;
  while (Clock::now() < deadline) {
    const bool write = !settings.hotspot_ids.empty() && is_write(random);
    std::string notes;
    std::string body;
    if (write) {
      notes = settings.note_prefix + " c" + std::to_string(index) + " n" + std::to_string(sequence);
      const auto& hotspot =
          settings.hotspot_ids[static_cast<std::size_t>(sequence++) % settings.hotspot_ids.size()];
      body =
          json{{"hotspot_id", hotspot}, {"kind", "other"}, {"owner", "Load test"}, {"notes", notes}}.dump();
    }
    const auto start = Clock::now();
    auto res = write ? client.Post("/api/actions", headers, body, "application/json")
                     : client.Get("/api/hotspots", headers);
    const double ms = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
    const char* what = write ? "POST /api/actions" : "GET /api/hotspots";
    if (!res) {
      tally.error(std::string(what) + ": " + httplib::to_string(res.error()));
      continue;
    }
    const int expected = write ? 201 : 200;
    if (res->status != expected) {
      tally.error(std::string(what) + ": status " + std::to_string(res->status) + " " +
                  res->body.substr(0, 200));
      continue;
    }
    if (write) {
      tally.write_ms.push_back(ms);
      try {
        tally.acknowledged.push_back({json::parse(res->body).at("action_id").get<std::int64_t>(), notes});
      } catch (const json::exception& e) {
        tally.error(std::string(what) + ": 201 without an action_id: " + e.what());
      }
    } else {
      tally.read_ms.push_back(ms);
    }
  }
}

}  // namespace

double percentile(std::vector<double> sample, double p) {
  if (sample.empty()) return 0.0;
  if (!(p > 0.0 && p <= 100.0)) throw std::invalid_argument("percentile: p must be in (0, 100]");
  std::sort(sample.begin(), sample.end());
  const auto rank = static_cast<std::size_t>(std::ceil(p / 100.0 * static_cast<double>(sample.size())));
  return sample[std::max<std::size_t>(rank, 1) - 1];
}

LoadResult run_load(const LoadSettings& settings) {
  if (settings.clients < 1) throw std::invalid_argument("clients must be at least 1");
  if (!(settings.seconds > 0.0)) throw std::invalid_argument("seconds must be positive");
  if (settings.write_share < 0.0 || settings.write_share > 1.0) {
    throw std::invalid_argument("write share must be 0 to 1");
  }
  LoadResult result;
  const auto login_start = Clock::now();
  const auto sessions = sign_in_all(settings);
  result.login_seconds = std::chrono::duration<double>(Clock::now() - login_start).count();

  std::vector<ClientTally> tallies(sessions.size());
  const auto start = Clock::now();
  const auto deadline =
      start + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(settings.seconds));
  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < sessions.size(); ++i) {
    threads.emplace_back(drive_client, std::cref(settings), std::cref(sessions[i]), static_cast<int>(i),
                         deadline, std::ref(tallies[i]));
  }
  for (auto& thread : threads) thread.join();
  result.wall_seconds = std::chrono::duration<double>(Clock::now() - start).count();
  for (auto& tally : tallies) {
    result.read_ms.insert(result.read_ms.end(), tally.read_ms.begin(), tally.read_ms.end());
    result.write_ms.insert(result.write_ms.end(), tally.write_ms.begin(), tally.write_ms.end());
    result.errors += tally.errors;
    for (auto& sample : tally.error_samples) {
      if (result.error_samples.size() < 10) result.error_samples.push_back(sample);
    }
    result.acknowledged.insert(result.acknowledged.end(), tally.acknowledged.begin(),
                               tally.acknowledged.end());
  }
  return result;
}

std::vector<AcknowledgedWrite> missing_writes(const LoadSettings& settings,
                                              const std::vector<AcknowledgedWrite>& acknowledged) {
  const auto session = sign_in(settings);
  auto client = make_client(settings);
  client.set_read_timeout(120, 0);
  const auto res = client.Get("/api/actions", {{"Cookie", session.cookie}});
  if (!res || res->status != 200) throw std::runtime_error("GET /api/actions failed after the load");
  std::map<std::int64_t, std::string> listed;
  const auto actions = json::parse(res->body);
  for (const auto& action : actions) {
    listed[action.at("action_id").get<std::int64_t>()] = action.at("notes").get<std::string>();
  }
  std::vector<AcknowledgedWrite> missing;
  for (const auto& write : acknowledged) {
    const auto found = listed.find(write.action_id);
    if (found == listed.end() || found->second != write.notes) missing.push_back(write);
  }
  return missing;
}

std::vector<std::string> hotspot_ids(const LoadSettings& settings) {
  const auto session = sign_in(settings);
  auto client = make_client(settings);
  const auto res = client.Get("/api/hotspots", {{"Cookie", session.cookie}});
  if (!res || res->status != 200) throw std::runtime_error("GET /api/hotspots failed");
  std::vector<std::string> ids;
  const auto collection = json::parse(res->body);  // named: a range-for would not keep the temporary
  for (const auto& feature : collection.at("features")) {
    const auto& properties = feature.at("properties");
    const auto& id = properties.contains("hotspot_id") ? properties.at("hotspot_id") : properties.at("id");
    ids.push_back(id.get<std::string>());
  }
  return ids;
}

}  // namespace grip::load

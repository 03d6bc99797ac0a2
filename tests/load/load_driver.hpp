// A bounded HTTP load on `grip serve` over loopback (issue 14): N clients, each with its own
// session (POST /login) and CSRF token, for a fixed time, each request a map read (GET
// /api/hotspots) or, with probability write_share, an action write (POST /api/actions with a note
// that names the client and its sequence number). Latency is measured per request from send to the
// last byte of the answer; percentiles are nearest-rank (the smallest value with at least p % of
// the sample at or below it). After the run every acknowledged write (a 201 with an action_id) is
// looked up in GET /api/actions. Defaults: 50 clients, 60 s, 20 % writes, new connection per
// request (httplib's default: cpp-httplib 0.11 holds a worker thread per keep-alive connection).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace grip::load {

struct LoadSettings {
  std::string host = "127.0.0.1";
  int port = 0;
  std::string user;
  std::string password;
  std::vector<std::string> hotspot_ids;  // writes pick one in turn; must be non-empty if writing
  int clients = 50;
  double seconds = 60.0;
  double write_share = 0.2;
  bool keep_alive = false;
  int login_concurrency = 4;  // sign-ins at once before the timed phase (Argon2id: 64 MiB each)
  std::uint64_t seed = 20261201;
  std::string note_prefix = "load";  // notes are "<prefix> c<client> n<seq>"
};

struct AcknowledgedWrite {
  std::int64_t action_id = 0;
  std::string notes;
};

struct LoadResult {
  std::vector<double> read_ms;
  std::vector<double> write_ms;
  std::int64_t errors = 0;  // transport failures and any status other than 200 (read) / 201 (write)
  std::vector<std::string> error_samples;  // the first few, for the message
  std::vector<AcknowledgedWrite> acknowledged;
  double wall_seconds = 0.0;
  double login_seconds = 0.0;
};

// Nearest-rank percentile of a sample (p in (0, 100]); 0 for an empty sample.
[[nodiscard]] double percentile(std::vector<double> sample, double p);

// Signs every client in, then runs the timed phase. Throws std::runtime_error when a sign-in fails.
[[nodiscard]] LoadResult run_load(const LoadSettings& settings);

// Acknowledged writes that GET /api/actions (as `settings.user`) does not list with the same id
// and note; empty when every write is there.
[[nodiscard]] std::vector<AcknowledgedWrite> missing_writes(
    const LoadSettings& settings, const std::vector<AcknowledgedWrite>& acknowledged);

// Selected hotspot ids from GET /api/hotspots (feature properties "hotspot_id" or "id").
[[nodiscard]] std::vector<std::string> hotspot_ids(const LoadSettings& settings);

}  // namespace grip::load

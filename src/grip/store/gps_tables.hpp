// What GPS dosage keeps (issue 12): the per-store pseudonym key (grip_secrets, never a layer and
// never exported), one gps_batches row per ping file with its counts, and gps_visits: visit events
// with a pseudonymous officer. Raw fixes are not stored (they are turned into visits and dropped)
// unless a retention period is given: then gps_pings keeps them until they expire.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "grip/core/officer_pseudonym.hpp"
#include "grip/store/store.hpp"

namespace grip::store {

// The store's pseudonym key, made and stored on first use; inside the caller's WriteTransaction.
[[nodiscard]] PseudonymKey read_or_create_pseudonym_key(Store& store);

struct GpsBatchRow {
  std::string file, content_hash, ingested_at;
  std::int64_t hotspot_run_id = 0, rows_read = 0, rows_rejected = 0, fixes_kept = 0;
  std::int64_t dropped_imprecise = 0, dropped_duplicate = 0, dropped_jump = 0, dropped_outside = 0;
  std::int64_t officers = 0, visits = 0, bridge_s = 0;
  double buffer_m = 0;
};

struct GpsVisitRow {
  std::string hotspot_id, officer, first_in, last_in, entry_earliest, exit_latest;  // times ISO 8601 UTC
  double minutes = 0, minutes_low = 0, minutes_high = 0;
  std::int64_t fixes = 0;
  bool verified = false;
};

// The batch id of a ping file already ingested (same bytes), if any.
[[nodiscard]] std::optional<std::int64_t> find_gps_batch(Store& store, const std::string& content_hash);

// Inside the caller's WriteTransaction; returns the batch id.
std::int64_t write_gps_batch(Store& store, const GpsBatchRow& batch, const std::vector<GpsVisitRow>& visits);

// A kept ping (migration 12): only what dosage needs, the officer a pseudonym.
struct GpsPingRow {
  std::string officer, fix_time, expires_at;  // ISO 8601 UTC
  double x = 0, y = 0, accuracy_m = 0;        // store CRS, metres
};
// Inside the caller's WriteTransaction (one bulk append; no other statement runs meanwhile).
void write_gps_pings(Store& store, std::int64_t batch_id, const std::vector<GpsPingRow>& pings);
// Deletes the pings whose expires_at is at or before `now` (ISO 8601 UTC); inside the caller's
// WriteTransaction; returns how many.
std::int64_t purge_expired_gps_pings(Store& store, const std::string& now);
[[nodiscard]] std::int64_t count_gps_pings(Store& store);

}  // namespace grip::store

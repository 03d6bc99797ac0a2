// A ping CSV (officer or device id, time, longitude/latitude or easting/northing, optional
// accuracy) turned into hotspot visits in the store: ids pseudonymised with the store's key as
// each row is read, fixes cleaned (gps_cleaning.hpp), assigned to the latest selected hotspots
// (patrol_zones.hpp) and cut into visits (visit_detection.hpp). The fixes themselves are then
// dropped: the store keeps the visits and the counts, never a track, unless keep_pings_days is
// above 0: then each cleaned fix (pseudonym, time, x, y, accuracy; nothing else) is kept in
// gps_pings until keep_pings_days after the fix was recorded (a fix already past that is not
// stored), and every ingest and `grip store purge` delete the expired ones. One transaction per file;
// the same file twice adds nothing. Times with Z or an offset are converted to UTC; times without
// one are read as UTC (device clocks).
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "grip/patrol/gps_cleaning.hpp"
#include "grip/patrol/patrol_zones.hpp"
#include "grip/patrol/visit_detection.hpp"
#include "grip/store/store.hpp"

namespace grip::patrol {

struct GpsIngestOptions {
  double buffer_m = PatrolZones::kDefaultBufferM;
  VisitRules visits;
  CleaningRules cleaning;
  std::int64_t keep_pings_days = 0;  // 0: raw fixes are discarded (the default)
};

inline constexpr std::int64_t kMaxKeepPingsDays = 3660;

struct GpsIngestSummary {
  std::string file;
  bool already_ingested = false;
  std::int64_t batch_id = 0, hotspot_run_id = 0;
  std::int64_t rows_read = 0, rows_rejected = 0;
  std::vector<std::string> reject_examples;  // "line 12: unreadable time" (never the row's text)
  CleaningCounts cleaning;
  std::int64_t officers = 0, visits = 0, verified = 0, in_koper_band = 0, pings_kept = 0;
  double minutes = 0, minutes_low = 0, minutes_high = 0;
};

// True when the file's header names an officer/device column, a time and a position, and no crime
// column: a ping file rather than incidents.
[[nodiscard]] bool looks_like_ping_csv(const std::filesystem::path& file);

// Throws InputError for a file without the columns it needs, UsageError when the store has no
// selected hotspots yet.
[[nodiscard]] GpsIngestSummary ingest_ping_csv(store::Store& store, const std::filesystem::path& file,
                                               const GpsIngestOptions& options = {});

[[nodiscard]] std::string to_text(const GpsIngestSummary& summary);

// Deletes kept pings that expired at or before `now_s` (UTC seconds), in its own write transaction;
// returns how many.
std::int64_t purge_expired_pings(store::Store& store, long long now_s);

}  // namespace grip::patrol

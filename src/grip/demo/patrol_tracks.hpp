// SYNTHETIC officer GPS for the demo's patrol plan, written as a ping CSV that `grip ingest` reads
// like a real one. Each planned visit is given to one of the team's officers, who walks in from
// 400 m away at 1.4 m/s, stays for the visit length give or take a few minutes (wandering within
// 20 m of the hotspot's anchor) and walks out. Radios report every 5–30 s (fixed per officer);
// body-worn cameras every 10 s while recording and then not for 15 minutes. Fixes carry 4–15 m of
// noise and report twice that as accuracy. A share of visits (default 8 %) is skipped: the officer
// stays elsewhere, so dosage can be seen to fall short of the plan. Raw ids are synthetic ("PC 9101").
#pragma once

#include <cstdint>
#include <filesystem>
#include <vector>

namespace grip::demo {

struct TrackVisit {
  double x = 0, y = 0;      // the hotspot's anchor, store CRS metres
  long long start_utc = 0;  // planned start, seconds since the epoch
  double minutes = 15;      // planned length
  int team = 0;
};

struct TrackOptions {
  std::uint64_t seed = 1;
  int officers_per_team = 6;
  double skip_share = 0.08;
  double camera_share = 0.3;  // officers whose fixes come from a body-worn camera
};

struct TrackSummary {
  std::int64_t rows = 0, planned = 0, skipped = 0, walked = 0;
  int officers = 0, camera_officers = 0;
};

// Writes easting,northing fixes (the store's CRS) to `csv`; throws grip::OutputError on failure.
TrackSummary write_patrol_tracks(const std::filesystem::path& csv, const std::vector<TrackVisit>& visits,
                                 const TrackOptions& options);

}  // namespace grip::demo

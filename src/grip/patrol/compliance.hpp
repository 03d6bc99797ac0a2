// Compliance against the plan (issue 12): each GPS visit matched to the planned visit it delivered.
//   A detected visit whose upper bound of minutes (minutes_high) is below the minimum dwell
//   (default 3 min) is a pass-through: an officer crossing the hotspot's buffer on the way
//   elsewhere. It is never counted as a visit delivered and is reported on its own.
//   Every other detected visit may deliver a planned visit of the same hotspot whose window
//   [starts, ends], widened by the tolerance (default 10 min) each side, overlaps the visit's widest
//   extent [entry_earliest, exit_latest]. Matching is one-to-one and greedy: all candidate pairs by
//   overlap in seconds, largest first (ties: earlier planned visit, then earlier detected visit).
//   Planned visits left unmatched are missed; detected visits left unmatched are unplanned.
// Greedy is not the maximum matching: where two planned visits of one hotspot sit closer together
// than a visit lasts, a visit spanning both can take the one its neighbour needed. The plan spaces
// visits of a hotspot by at least its visit length, so this is rare; the counts are exact otherwise.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace grip::patrol {

inline constexpr double kDefaultMinDwellMinutes = 3;
inline constexpr std::int64_t kDefaultMatchToleranceS = 600;

struct ComplianceRules {
  double min_dwell_minutes = kDefaultMinDwellMinutes;  // on minutes_high
  std::int64_t tolerance_s = kDefaultMatchToleranceS;
};

struct PlannedSlot {
  std::string hotspot_id;
  std::int64_t start_s = 0, end_s = 0;  // UTC seconds
};

struct DetectedSlot {
  std::string hotspot_id;
  std::int64_t entry_earliest_s = 0, exit_latest_s = 0;  // UTC seconds
  double minutes_high = 0;
};

enum class DetectedKind { kDelivered, kUnplanned, kPassThrough };

struct VisitMatching {
  std::vector<std::int64_t> planned_to_detected;  // per planned visit: detected index, -1 = missed
  std::vector<std::int64_t> detected_to_planned;  // per detected visit: planned index, -1 = none
  std::vector<DetectedKind> kinds;                // per detected visit
};

[[nodiscard]] bool is_pass_through(const DetectedSlot& visit, const ComplianceRules& rules);

// Throws UsageError for a negative dwell or tolerance.
[[nodiscard]] VisitMatching match_visits_to_plan(std::span<const PlannedSlot> planned,
                                                 std::span<const DetectedSlot> detected,
                                                 const ComplianceRules& rules = {});

}  // namespace grip::patrol

// Risk by hour of week for a force and for each selected hotspot, from the store's incidents:
// each time-stamped incident adds its category's harm weight to the hours of its time (aoristic
// over [occurred_from, occurred_to), hour_of_week.hpp), force-wide and in the hotspot whose polygon
// holds it. Shares are smoothed (triangular, h = 1 h) and each hotspot's shape is shrunk toward
// the force's by its incident count n: p̂ = (n·p + k·F)/(n + k), k = 30 (hour_of_week.hpp).
// Month-only incidents (data.police.uk) carry no hour: the force profile must then be supplied
// (a 168-value file, read_profile_file) or learned from another, time-stamped dataset in the store,
// and hotspots with no timed incidents take it whole (own weight 0). Peaks come from the data.
#pragma once

#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "grip/patrol/hour_of_week.hpp"
#include "grip/store/store.hpp"

namespace grip::patrol {

struct ProfileHotspotInput {
  std::string id, name;
  std::vector<std::uint8_t> wkb;  // polygon or multipolygon in the store CRS
};

// Harm-weighted hour-of-week counts: plain data the kernel below turns into profiles.
struct ProfileCounts {
  HourOfWeek force{};
  std::vector<HourOfWeek> hotspot;    // per input hotspot (harm-weighted)
  std::vector<double> hotspot_timed;  // incidents with an hour, per hotspot (unweighted)
  std::vector<double> hotspot_harm;   // harm of every incident inside, timed or not
  double timed = 0, untimed = 0;      // force-wide incidents with / without an hour
};

// Reads incidents of `dataset` (empty = all) and counts them (streams; one pass); `keep`, when
// given, chooses categories (e.g. weapon-related only).
[[nodiscard]] ProfileCounts count_incident_hours(store::Store& store, const std::string& dataset,
                                                 const std::vector<ProfileHotspotInput>& hotspots,
                                                 const std::function<bool(std::string_view)>& keep = {});

struct HotspotProfile {
  std::string id, name;
  double incidents = 0;   // time-stamped incidents inside it
  double own_weight = 0;  // n / (n + k)
  HourOfWeek shares{};    // smoothed and shrunk, sums to 1
  int peak = 0;           // argmax of shares
};

struct ProfileSet {
  std::string source;  // where the force-wide profile came from, for the output
  double timed = 0, untimed = 0;
  HourOfWeek force_counts{};  // harm-weighted, before smoothing (empty when supplied)
  HourOfWeek force_shares{};  // smoothed, sums to 1
  int raw_peak = -1;          // argmax of force_counts (-1 when supplied)
  int peak = 0;               // argmax of force_shares
  double shrinkage_k = kDefaultShrinkageIncidents;
  int smoothing_half_width = kDefaultSmoothingHalfWidth;
  std::vector<HotspotProfile> hotspots;
  std::vector<std::string> notes;
};

// The kernel: force shares from `force` counts (or `supplied_force` shares when given), then one
// shrunk profile per hotspot. Throws grip::UsageError when there are no hours to go on.
[[nodiscard]] ProfileSet make_profiles(const ProfileCounts& counts,
                                       const std::vector<ProfileHotspotInput>& hotspots,
                                       const std::optional<HourOfWeek>& supplied_force, std::string source,
                                       double shrinkage_k = kDefaultShrinkageIncidents,
                                       int smoothing_half_width = kDefaultSmoothingHalfWidth);

// A 168-value profile, Monday 00:00 first: a JSON array (or {"profile": [...]}) or a CSV with one
// value per line, or with a header naming a "force_share", "share" or "value" column (what
// `grip profile --csv` writes). Throws grip::InputError (file, line, reason). Returns shares.
[[nodiscard]] HourOfWeek read_profile_file(const std::filesystem::path& path);

// Below this many time-stamped incidents a force profile is not learned from the data.
inline constexpr double kMinTimedIncidents = 50;

}  // namespace grip::patrol

#include "grip/demo/patrol_tracks.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <ctime>
#include <string>

#include "grip/core/output_file.hpp"
#include "grip/demo/random.hpp"

namespace grip::demo {
namespace {

constexpr double kWalkMetresPerSecond = 1.4, kApproachMetres = 400, kPi = 3.14159265358979323846;

std::string utc_text(long long seconds) {
  const std::time_t time = seconds;
  std::tm parts{};
  gmtime_r(&time, &parts);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &parts);
  return text;
}

struct Officer {
  std::string id;
  bool camera = false;
  int period_s = 10;
  double noise_m = 8;
};

}  // namespace

TrackSummary write_patrol_tracks(const std::filesystem::path& csv, const std::vector<TrackVisit>& visits,
                                 const TrackOptions& options) {
  Random random(options.seed);
  Random setup = random.fork(1), walks = random.fork(2);
  TrackSummary summary;
  int teams = 0;
  for (const auto& v : visits) teams = std::max(teams, v.team + 1);
  std::vector<Officer> officers;
  for (int i = 0; i < teams * options.officers_per_team; ++i) {
    Officer o;
    o.id = fmt::format("PC 9{:03d}", 101 + i);
    o.camera = setup.chance(options.camera_share);
    o.period_s = o.camera ? 10 : static_cast<int>(setup.uniform(5, 30));
    o.noise_m = setup.uniform(4, 15);
    summary.camera_officers += o.camera ? 1 : 0;
    officers.push_back(o);
  }
  summary.officers = static_cast<int>(officers.size());
  std::string out = "officer_id,timestamp,easting,northing,accuracy_m,source\n";
  // Visits in time order, each to a team officer who is free by then (the one free soonest if none).
  std::vector<std::size_t> order(visits.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return visits[a].start_utc < visits[b].start_utc; });
  std::vector<long long> busy_until(officers.size(), 0);
  for (const std::size_t index : order) {
    const TrackVisit& visit = visits[index];
    ++summary.planned;
    const auto first = static_cast<std::size_t>(visit.team * options.officers_per_team);
    const auto offset = static_cast<std::size_t>(walks.index(options.officers_per_team));
    std::size_t chosen = first + offset;
    for (std::size_t k = 0; k < static_cast<std::size_t>(options.officers_per_team); ++k) {
      const std::size_t candidate =
          first + (offset + k) % static_cast<std::size_t>(options.officers_per_team);
      if (busy_until[candidate] < visit.start_utc - 600) {
        chosen = candidate;
        break;
      }
      if (busy_until[candidate] < busy_until[chosen]) chosen = candidate;
    }
    const Officer& officer = officers[chosen];
    const bool skipped = walks.chance(options.skip_share);
    const double heading = walks.uniform(0, 2 * kPi);
    const double stay_s = std::max(60.0, 60 * (visit.minutes + walks.normal(0, 3)));
    const double walk_s = kApproachMetres / kWalkMetresPerSecond;
    // Skipped: the officer stays 2 km away for the whole time (elsewhere in the town, not on patrol).
    const double away = skipped ? 2000 : 0;
    const long long begin = visit.start_utc - static_cast<long long>(walk_s);
    const long long end = visit.start_utc + static_cast<long long>(stay_s + walk_s);
    busy_until[chosen] = end;
    double wander_x = 0, wander_y = 0;
    long long next_gap_end = 0;
    for (long long t = begin; t <= end; t += officer.period_s) {
      if (officer.camera) {
        // Recording in bursts of about 5 minutes, then buffering for 15 minutes.
        if (t < next_gap_end) continue;
        if (walks.chance(static_cast<double>(officer.period_s) / 300.0)) {
          next_gap_end = t + 900;
          continue;
        }
      }
      double distance = away;
      if (!skipped) {
        const double into = static_cast<double>(t - begin);
        if (into < walk_s) {
          distance = kApproachMetres - into * kWalkMetresPerSecond;
        } else if (into > walk_s + stay_s) {
          distance = (into - walk_s - stay_s) * kWalkMetresPerSecond;
        } else {
          wander_x = std::clamp(wander_x + walks.normal(0, 2), -20.0, 20.0);
          wander_y = std::clamp(wander_y + walks.normal(0, 2), -20.0, 20.0);
        }
      }
      const bool staying = !skipped && distance == 0;
      const double x = visit.x + distance * std::cos(heading) + (staying ? wander_x : 0) +
                       walks.normal(0, officer.noise_m);
      const double y = visit.y + distance * std::sin(heading) + (staying ? wander_y : 0) +
                       walks.normal(0, officer.noise_m);
      out += fmt::format("{},{},{:.1f},{:.1f},{:.0f},{}\n", officer.id, utc_text(t), x, y,
                         2 * officer.noise_m, officer.camera ? "camera" : "radio");
      ++summary.rows;
    }
    summary.skipped += skipped ? 1 : 0;
    summary.walked += skipped ? 0 : 1;
  }
  write_output_file(csv, out);
  return summary;
}

}  // namespace grip::demo

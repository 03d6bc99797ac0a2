// What a force can put into hotspot patrols, read from a resources file (examples/resources.json):
// the shifts of the day, and per team the officer-hours it gives to hotspot visits in each shift
// of a weekday and of a weekend day, with the districts (or hotspot ids) it covers; a team with
// neither covers every hotspot no other team claims. Walking speed and a road factor turn the
// straight-line distance between hotspots into travel minutes.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace grip::patrol {

inline constexpr double kDefaultWalkingKmh = 5.0;
inline constexpr double kDefaultRoadFactor = 1.3;

struct Shift {
  std::string name;
  int start_hour = 0;  // 0..23
  int end_hour = 0;    // 0..23; end <= start means the shift runs past midnight
  [[nodiscard]] int hours() const {
    return end_hour > start_hour ? end_hour - start_hour : end_hour + 24 - start_hour;
  }
};

struct Team {
  std::string name;
  std::vector<std::string> districts, hotspot_ids;
  std::map<std::string, double> weekday_hours, weekend_hours;  // officer-hours by shift name
};

struct Resources {
  std::vector<Shift> shifts;
  std::vector<Team> teams;
  double walking_kmh = kDefaultWalkingKmh;
  double road_factor = kDefaultRoadFactor;
  std::string source;  // the file, for messages
};

// Throws grip::InputError (file, reason) for a file that is not a valid resources file.
[[nodiscard]] Resources read_resources(const std::filesystem::path& path);
// The same from JSON text (`source` names it in messages).
[[nodiscard]] Resources parse_resources(const std::string& json_text, const std::string& source);

}  // namespace grip::patrol

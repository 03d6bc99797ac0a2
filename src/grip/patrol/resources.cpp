#include "grip/patrol/resources.hpp"

#include <fmt/format.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "grip/core/errors.hpp"

namespace grip::patrol {
namespace {

int parse_hour(const nlohmann::json& value, const std::string& source, const std::string& what) {
  const auto text = value.is_string() ? value.get<std::string>() : std::string();
  if (text.size() != 5 || text[2] != ':' || text.substr(3) != "00" ||
      !std::isdigit(static_cast<unsigned char>(text[0])) ||
      !std::isdigit(static_cast<unsigned char>(text[1])) || std::stoi(text.substr(0, 2)) > 23)
    throw InputError(source, 0, fmt::format("{} must be a whole hour \"HH:00\", not {}", what, value.dump()));
  return std::stoi(text.substr(0, 2));
}

std::map<std::string, double> read_hours(const nlohmann::json& team, const char* key,
                                         const std::set<std::string>& shifts, const std::string& source,
                                         const std::string& team_name) {
  std::map<std::string, double> hours;
  if (!team.contains(key)) return hours;
  if (!team[key].is_object())
    throw InputError(source, 0, fmt::format("team {}: {} must be an object", team_name, key));
  for (const auto& [shift, value] : team[key].items()) {
    if (!shifts.contains(shift))
      throw InputError(
          source, 0,
          fmt::format("team {}: {} names shift '{}', which is not in shifts", team_name, key, shift));
    if (!value.is_number() || value.get<double>() < 0 || value.get<double>() > 10000)
      throw InputError(source, 0,
                       fmt::format("team {}: {}.{} must be 0..10000 officer-hours", team_name, key, shift));
    hours[shift] = value.get<double>();
  }
  return hours;
}

std::vector<std::string> read_names(const nlohmann::json& team, const char* key, const std::string& source) {
  std::vector<std::string> names;
  if (!team.contains(key)) return names;
  if (!team[key].is_array()) throw InputError(source, 0, fmt::format("{} must be a list of names", key));
  for (const auto& name : team[key]) {
    if (!name.is_string()) throw InputError(source, 0, fmt::format("{} must be a list of names", key));
    names.push_back(name.get<std::string>());
  }
  return names;
}

}  // namespace

Resources parse_resources(const std::string& json_text, const std::string& source) {
  nlohmann::json json;
  try {
    json = nlohmann::json::parse(json_text);
  } catch (const nlohmann::json::exception& error) {
    throw InputError(source, 0, std::string("resources file is not valid JSON: ") + error.what());
  }
  Resources resources;
  resources.source = source;
  if (!json.is_object() || !json.contains("shifts") || !json["shifts"].is_array() || json["shifts"].empty())
    throw InputError(source, 0, "resources file needs a non-empty \"shifts\" list");
  std::set<std::string> names;
  for (const auto& shift : json["shifts"]) {
    if (!shift.is_object() || !shift.contains("name") || !shift["name"].is_string())
      throw InputError(source, 0, "each shift needs a name, start and end");
    Shift s{shift["name"].get<std::string>(),
            parse_hour(shift.value("start", nlohmann::json()), source, "shift start"),
            parse_hour(shift.value("end", nlohmann::json()), source, "shift end")};
    if (!names.insert(s.name).second)
      throw InputError(source, 0, fmt::format("shift '{}' is named twice", s.name));
    resources.shifts.push_back(s);
  }
  // Shifts must not overlap: each hour of the day belongs to at most one.
  std::vector<int> owner(24, -1);
  for (std::size_t s = 0; s < resources.shifts.size(); ++s) {
    for (int k = 0; k < resources.shifts[s].hours(); ++k) {
      const int hour = (resources.shifts[s].start_hour + k) % 24;
      if (owner[hour] >= 0)
        throw InputError(source, 0,
                         fmt::format("shifts {} and {} overlap at {:02d}:00",
                                     resources.shifts[owner[hour]].name, resources.shifts[s].name, hour));
      owner[hour] = static_cast<int>(s);
    }
  }
  if (!json.contains("teams") || !json["teams"].is_array() || json["teams"].empty())
    throw InputError(source, 0, "resources file needs a non-empty \"teams\" list");
  int catch_all = 0;
  for (const auto& team : json["teams"]) {
    if (!team.is_object() || !team.contains("name") || !team["name"].is_string())
      throw InputError(source, 0, "each team needs a name");
    Team t;
    t.name = team["name"].get<std::string>();
    t.districts = read_names(team, "districts", source);
    t.hotspot_ids = read_names(team, "hotspots", source);
    t.weekday_hours = read_hours(team, "weekday_officer_hours", names, source, t.name);
    t.weekend_hours = team.contains("weekend_officer_hours")
                          ? read_hours(team, "weekend_officer_hours", names, source, t.name)
                          : t.weekday_hours;
    if (t.districts.empty() && t.hotspot_ids.empty()) ++catch_all;
    resources.teams.push_back(std::move(t));
  }
  if (catch_all > 1)
    throw InputError(source, 0, "only one team may leave out districts and hotspots (the catch-all)");
  resources.walking_kmh = json.value("walking_speed_kmh", kDefaultWalkingKmh);
  resources.road_factor = json.value("road_factor", kDefaultRoadFactor);
  if (!(resources.walking_kmh > 0.5 && resources.walking_kmh < 50))
    throw InputError(source, 0,
                     fmt::format("walking_speed_kmh must be 0.5..50, not {}", resources.walking_kmh));
  if (!(resources.road_factor >= 1 && resources.road_factor <= 5))
    throw InputError(source, 0, fmt::format("road_factor must be 1..5, not {}", resources.road_factor));
  return resources;
}

Resources read_resources(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(path.string(), 0, "cannot open the resources file");
  std::ostringstream text;
  text << in.rdbuf();
  return parse_resources(text.str(), path.string());
}

}  // namespace grip::patrol

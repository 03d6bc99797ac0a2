#include "grip/patrol/hotspot_profiles.hpp"

#include <fmt/format.h>

#include <cctype>
#include <charconv>
#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "grip/core/errors.hpp"
#include "grip/geo/polygon_raster.hpp"
#include "grip/store/incident_tables.hpp"

namespace grip::patrol {

ProfileCounts count_incident_hours(store::Store& store, const std::string& dataset,
                                   const std::vector<ProfileHotspotInput>& hotspots,
                                   const std::function<bool(std::string_view)>& keep) {
  std::vector<geo::RingSet> shapes;
  shapes.reserve(hotspots.size());
  for (const auto& h : hotspots) {
    try {
      shapes.push_back(geo::decode_polygon_blob(h.wkb));
    } catch (const std::invalid_argument& error) {
      throw StoreError(fmt::format("hotspot {} has an unreadable outline: {}", h.id, error.what()));
    }
  }
  const auto categories = store::read_categories(store);
  ProfileCounts counts;
  counts.hotspot.assign(hotspots.size(), HourOfWeek{});
  counts.hotspot_timed.assign(hotspots.size(), 0.0);
  counts.hotspot_harm.assign(hotspots.size(), 0.0);
  store::IncidentFilter filter;
  filter.dataset = dataset;
  std::string last_category;
  double weight = 1.0;
  bool kept = true;
  store::for_each_incident(store, filter, [&](const store::IncidentView& incident) {
    if (incident.category != last_category) {
      last_category = std::string(incident.category);
      const auto found = categories.find(last_category);
      // A category without a stored weight counts 1, so nothing timed is dropped silently.
      weight = found == categories.end() || found->second.harm_weight <= 0 ? 1.0 : found->second.harm_weight;
      kept = !keep || keep(last_category);
    }
    if (!kept) return;
    const bool timed = add_aoristic_text(counts.force, incident.occurred_from, incident.occurred_to, weight);
    counts.timed += timed ? 1 : 0;
    counts.untimed += timed ? 0 : 1;
    for (std::size_t h = 0; h < shapes.size(); ++h) {
      const auto& s = shapes[h];
      if (incident.x < s.min_x || incident.x > s.max_x || incident.y < s.min_y || incident.y > s.max_y)
        continue;
      if (!geo::point_in_rings(s, incident.x, incident.y)) continue;
      counts.hotspot_harm[h] += weight;
      if (timed) {
        (void)add_aoristic_text(counts.hotspot[h], incident.occurred_from, incident.occurred_to, weight);
        counts.hotspot_timed[h] += 1;
      }
      break;  // selected hotspots do not overlap
    }
  });
  return counts;
}

ProfileSet make_profiles(const ProfileCounts& counts, const std::vector<ProfileHotspotInput>& hotspots,
                         const std::optional<HourOfWeek>& supplied_force, std::string source,
                         double shrinkage_k, int smoothing_half_width) {
  if (!(shrinkage_k >= 0)) throw UsageError(fmt::format("shrinkage k must be >= 0, not {}", shrinkage_k));
  if (smoothing_half_width < 0 || smoothing_half_width > 12)
    throw UsageError(fmt::format("smoothing half-width must be 0..12 hours, not {}", smoothing_half_width));
  ProfileSet set;
  set.source = std::move(source);
  set.timed = counts.timed, set.untimed = counts.untimed;
  set.shrinkage_k = shrinkage_k, set.smoothing_half_width = smoothing_half_width;
  if (supplied_force) {
    set.force_shares = normalised(*supplied_force);
    if (total(set.force_shares) <= 0) throw UsageError("the supplied profile is all zeros");
  } else {
    if (counts.timed < kMinTimedIncidents)
      throw UsageError(fmt::format(
          "only {:.0f} incidents have a time of day ({:.0f} have a month only, as data.police.uk does): give "
          "--profile FILE (168 values, Monday 00:00 first) or --profile-dataset NAME (a time-stamped dataset "
          "in the store) to say when risk is high",
          counts.timed, counts.untimed));
    set.force_counts = counts.force;
    set.raw_peak = peak_hour_of_week(counts.force);
    set.force_shares = normalised(smooth_circular(counts.force, smoothing_half_width));
  }
  set.peak = peak_hour_of_week(set.force_shares);
  for (std::size_t h = 0; h < hotspots.size(); ++h) {
    HotspotProfile p;
    p.id = hotspots[h].id, p.name = hotspots[h].name;
    const double n = h < counts.hotspot_timed.size() ? counts.hotspot_timed[h] : 0.0;
    p.incidents = n;
    if (n > 0) {
      // The shape from harm, the weight from the number of incidents behind it.
      auto own = normalised(smooth_circular(counts.hotspot[h], smoothing_half_width));
      for (auto& v : own) v *= n;
      const auto shrunk = shrink_toward(own, set.force_shares, shrinkage_k);
      p.shares = shrunk.shares, p.own_weight = shrunk.own_weight;
    } else {
      p.shares = set.force_shares, p.own_weight = 0;
    }
    p.peak = peak_hour_of_week(p.shares);
    set.hotspots.push_back(std::move(p));
  }
  if (counts.untimed > 0 && counts.timed > 0)
    set.notes.push_back(
        fmt::format("{:.0f} incidents with a month only add nothing to the profiles", counts.untimed));
  return set;
}

namespace {

std::optional<double> number(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.remove_prefix(1);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.remove_suffix(1);
  if (text.size() >= 2 && text.front() == '"' && text.back() == '"') text = text.substr(1, text.size() - 2);
  double value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || text.empty()) return std::nullopt;
  return value;
}

std::vector<std::string> split_csv_line(const std::string& line) {
  std::vector<std::string> cells(1);
  bool quoted = false;
  for (char c : line) {
    if (c == '"') {
      quoted = !quoted;
      cells.back() += c;
    } else if (c == ',' && !quoted) {
      cells.emplace_back();
    } else if (c != '\r') {
      cells.back() += c;
    }
  }
  return cells;
}

HourOfWeek checked(const std::vector<double>& values, const std::string& file) {
  if (values.size() != static_cast<std::size_t>(kHoursPerWeek))
    throw InputError(file, 0,
                     fmt::format("a profile needs 168 values (7 days x 24 hours, Monday 00:00 first), not {}",
                                 values.size()));
  HourOfWeek profile{};
  for (int b = 0; b < kHoursPerWeek; ++b) {
    if (!(values[b] >= 0) || !std::isfinite(values[b]))
      throw InputError(file, 0,
                       fmt::format("value {} ({}) must be a number >= 0", b + 1, hour_of_week_label(b)));
    profile[b] = values[b];
  }
  if (total(profile) <= 0) throw InputError(file, 0, "the profile is all zeros");
  return normalised(profile);
}

}  // namespace

HourOfWeek read_profile_file(const std::filesystem::path& path) {
  const auto file = path.string();
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(file, 0, "cannot open the profile file");
  std::ostringstream buffer;
  buffer << in.rdbuf();
  const std::string text = buffer.str();
  const auto first = text.find_first_not_of(" \t\r\n");
  std::vector<double> values;
  if (first != std::string::npos && (text[first] == '[' || text[first] == '{')) {
    try {
      auto json = nlohmann::json::parse(text);
      if (json.is_object()) json = json.at("profile");
      for (const auto& v : json) {
        if (!v.is_number()) throw InputError(file, 0, "the profile's values must be numbers");
        values.push_back(v.get<double>());
      }
    } catch (const nlohmann::json::exception& error) {
      throw InputError(file, 0, std::string("profile is not a JSON array of 168 numbers: ") + error.what());
    }
    return checked(values, file);
  }
  std::istringstream lines(text);
  std::string line;
  int line_number = 0, column = -1;
  while (std::getline(lines, line)) {
    ++line_number;
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    const auto cells = split_csv_line(line);
    if (column < 0) {
      if (cells.size() == 1 && number(cells[0])) {
        column = 0;
      } else {
        for (std::size_t c = 0; c < cells.size(); ++c) {
          std::string name = cells[c];
          std::erase(name, '"');
          if (name == "force_share" || name == "share" || name == "value") column = static_cast<int>(c);
        }
        if (column < 0)
          throw InputError(
              file, line_number,
              "a profile CSV has one number per line or a header with a force_share, share or value "
              "column");
        continue;
      }
    }
    const auto value = static_cast<std::size_t>(column) < cells.size() ? number(cells[column]) : std::nullopt;
    if (!value) throw InputError(file, line_number, "not a number: " + line);
    values.push_back(*value);
  }
  return checked(values, file);
}

}  // namespace grip::patrol

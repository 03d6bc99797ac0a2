#include "grip/patrol/deployments.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

#include "grip/core/errors.hpp"

namespace grip::patrol {
namespace {

std::string lower(std::string_view text) {
  std::string out(text);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace

bool is_police_generated_weapon(std::string_view category) {
  return lower(category).find("possession of weapon") != std::string::npos;
}

bool is_weapon_related(std::string_view category) {
  const auto text = lower(category);
  for (const char* word : {"weapon", "robbery", "knife", "blade", "firearm"})
    if (text.find(word) != std::string::npos) return true;
  return false;
}

std::string window_label(int start_bin, int hours) {
  const int end_hour = start_bin % 24 + hours;
  return fmt::format("{}-{:02d}:00", hour_of_week_label(start_bin), end_hour);
}

std::vector<DeploymentWindow> rank_deployment_windows(const std::vector<DeploymentPlace>& places,
                                                      int window_hours, int top) {
  if (window_hours < 1 || window_hours > 24 || 24 % window_hours != 0)
    throw UsageError(
        fmt::format("the window must be 1, 2, 3, 4, 6, 8, 12 or 24 hours, not {}", window_hours));
  std::vector<DeploymentWindow> windows;
  const double uniform = static_cast<double>(window_hours) / kHoursPerWeek;
  for (const auto& place : places) {
    for (int start = 0; start < kHoursPerWeek; start += window_hours) {
      double weapon = 0, footfall = 0;
      for (int b = start; b < start + window_hours; ++b)
        weapon += place.weapon_shares[b], footfall += place.footfall_shares[b];
      DeploymentWindow w;
      w.id = place.id, w.name = place.name, w.start_bin = start, w.hours = window_hours;
      w.weapon_harm_in_window = place.weapon_harm * weapon;
      w.footfall_index = footfall / uniform;
      w.score = w.weapon_harm_in_window * w.footfall_index;
      windows.push_back(std::move(w));
    }
  }
  std::stable_sort(windows.begin(), windows.end(),
                   [](const DeploymentWindow& a, const DeploymentWindow& b) { return a.score > b.score; });
  if (top >= 0 && windows.size() > static_cast<std::size_t>(top))
    windows.resize(static_cast<std::size_t>(top));
  return windows;
}

DeploymentRanking rank_deployments(store::Store& store, const ProfileOptions& options, int window_hours,
                                   int top) {
  DeploymentRanking ranking;
  const auto hotspots = load_store_hotspots(store);
  // Footfall proxy: all recorded crime by hour of week (the profile grip profile prints).
  const auto footfall = load_profiles(store, hotspots.outlines, options);
  ranking.footfall_source = "all recorded crime: " + footfall.source;
  const auto weapon_counts =
      count_incident_hours(store, options.dataset, hotspots.outlines, is_weapon_related);
  const auto police =
      count_incident_hours(store, options.dataset, hotspots.outlines, is_police_generated_weapon);
  ranking.weapon_incidents = weapon_counts.timed + weapon_counts.untimed;
  for (std::size_t h = 0; h < hotspots.outlines.size(); ++h) {
    ranking.weapon_harm += weapon_counts.hotspot_harm[h];
    ranking.police_generated_harm += police.hotspot_harm[h];
  }
  // Weapon-harm timing: from the weapon incidents when enough are time-stamped, else the
  // all-crime force profile (said so).
  std::optional<HourOfWeek> weapon_force;
  if (weapon_counts.timed < kMinTimedIncidents) {
    weapon_force = footfall.force_shares;
    ranking.weapon_profile_source = fmt::format(
        "only {:.0f} weapon-related incidents have a time of day: their timing is taken from the all-crime "
        "profile",
        weapon_counts.timed);
  } else {
    ranking.weapon_profile_source =
        fmt::format("{:.0f} time-stamped weapon-related incidents, shrunk per hotspot (k = {:g})",
                    weapon_counts.timed, options.shrinkage_k);
  }
  const auto weapon =
      make_profiles(weapon_counts, hotspots.outlines, weapon_force, ranking.weapon_profile_source,
                    options.shrinkage_k, options.smoothing_half_width);
  std::vector<DeploymentPlace> places;
  for (std::size_t h = 0; h < hotspots.outlines.size(); ++h) {
    places.push_back({hotspots.outlines[h].id, hotspots.outlines[h].name, weapon_counts.hotspot_harm[h],
                      weapon.hotspots[h].shares, footfall.hotspots[h].shares});
  }
  ranking.windows = rank_deployment_windows(places, window_hours, top);
  ranking.caveats.push_back(fmt::format(
      "{:.0f}% of the weapon-related harm inside these hotspots is possession of weapons, a police-generated "
      "record: it is found where police already stop and search, so this ranking partly repeats past "
      "deployments. Robbery and knife-enabled violence are victim-generated.",
      ranking.weapon_harm > 0 ? 100 * ranking.police_generated_harm / ranking.weapon_harm : 0.0));
  ranking.caveats.push_back(
      "Footfall is proxied by all recorded crime by hour of week (night-time economy included), not by a "
      "count of people; data.police.uk has no knife flag, so knife-enabled violence counts only where a "
      "category names it.");
  return ranking;
}

}  // namespace grip::patrol

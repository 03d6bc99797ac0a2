// Where and when to deploy a weapon-detection (knife) arch or the support group: place x time
// windows ranked by weapon-related harm x a footfall proxy. For hotspot h and a window w of the
// week (L hours, starting on multiples of L): score = W_h · Σ_{b∈w} s_h(b) · F_h(w), where W_h is
// the harm of weapon-related incidents inside h (possession of weapons, robbery, and any category
// naming knives, blades, weapons or firearms), s_h its weapon-harm hour-of-week shares (shrunk
// toward the force's weapon profile, hotspot_profiles.hpp) and F_h(w) = Σ_{b∈w} a_h(b) / (L/168)
// the footfall index: how much busier than an average L hours the window is by all recorded crime
// (a_h: the hotspot's all-crime shares, which carry night-time-economy activity). An arch needs
// both people passing and weapons carried. Police-generated records (possession of weapons) follow
// where police already looked, so the ranking partly repeats past deployments: the share of W from
// them is reported with the caveat. Defaults: 4-hour windows, top 10.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "grip/patrol/hour_of_week.hpp"
#include "grip/patrol/plan_run.hpp"

namespace grip::patrol {

inline constexpr int kDefaultDeploymentWindowHours = 4;

[[nodiscard]] bool is_weapon_related(std::string_view category);
[[nodiscard]] bool is_police_generated_weapon(std::string_view category);  // possession of weapons

struct DeploymentPlace {
  std::string id, name;
  double weapon_harm = 0;
  HourOfWeek weapon_shares{}, footfall_shares{};  // each sums to 1
};
struct DeploymentWindow {
  std::string id, name;
  int start_bin = 0, hours = 0;
  double weapon_harm_in_window = 0;  // W_h · Σ s_h
  double footfall_index = 0;         // F_h(w)
  double score = 0;
};
// The kernel: every place x window, ranked by score (ties: place order, then window); the top n.
// UsageError unless window_hours divides 24.
[[nodiscard]] std::vector<DeploymentWindow> rank_deployment_windows(
    const std::vector<DeploymentPlace>& places, int window_hours, int top);

struct DeploymentRanking {
  std::vector<DeploymentWindow> windows;
  double weapon_incidents = 0, weapon_harm = 0, police_generated_harm = 0;
  std::string weapon_profile_source, footfall_source;
  std::vector<std::string> caveats;
};
// From the store: the latest hotspot run's selected hotspots, weapon-related and all incidents.
[[nodiscard]] DeploymentRanking rank_deployments(store::Store& store, const ProfileOptions& options,
                                                 int window_hours = kDefaultDeploymentWindowHours,
                                                 int top = 10);

// "Fri 20:00-24:00".
[[nodiscard]] std::string window_label(int start_bin, int hours);

}  // namespace grip::patrol

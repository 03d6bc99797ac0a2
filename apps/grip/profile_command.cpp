// `grip profile`: risk by hour of week, force-wide and per selected hotspot (patrol/hotspot_profiles.hpp),
// with the peaks found in the data and how much each hotspot's own shape counts after shrinkage.
#include <fmt/format.h>

#include <iostream>
#include <limits>
#include <memory>
#include <nlohmann/json.hpp>

#include "commands.hpp"
#include "grip/core/errors.hpp"
#include "grip/core/output_file.hpp"
#include "grip/patrol/deployments.hpp"
#include "grip/patrol/plan_run.hpp"
#include "profile_options.hpp"

namespace grip::cli {
namespace {

nlohmann::json profile_json(const patrol::ProfileSet& set) {
  nlohmann::json json;
  json["source"] = set.source;
  json["timed_incidents"] = set.timed;
  json["month_only_incidents"] = set.untimed;
  json["shrinkage_k"] = set.shrinkage_k;
  json["smoothing_half_width_hours"] = set.smoothing_half_width;
  if (set.raw_peak >= 0)
    json["raw_peak"] = {{"bin", set.raw_peak}, {"label", patrol::hour_of_week_label(set.raw_peak)}};
  json["peak"] = {{"bin", set.peak}, {"label", patrol::hour_of_week_label(set.peak)}};
  json["force_counts"] = set.force_counts;
  json["force_shares"] = set.force_shares;
  auto& hotspots = json["hotspots"] = nlohmann::json::array();
  for (const auto& h : set.hotspots) {
    hotspots.push_back({{"id", h.id},
                        {"name", h.name},
                        {"incidents", h.incidents},
                        {"own_weight", h.own_weight},
                        {"peak", {{"bin", h.peak}, {"label", patrol::hour_of_week_label(h.peak)}}},
                        {"shares", h.shares}});
  }
  json["notes"] = set.notes;
  return json;
}

std::string profile_csv(const patrol::ProfileSet& set) {
  std::string out = "hour_of_week,label,force_count,force_share";
  for (const auto& h : set.hotspots) out += ",\"" + h.id + "\"";
  out += "\n";
  for (int b = 0; b < patrol::kHoursPerWeek; ++b) {
    out += fmt::format("{},{},{:.6g},{:.8g}", b, patrol::hour_of_week_label(b), set.force_counts[b],
                       set.force_shares[b]);
    for (const auto& h : set.hotspots) out += fmt::format(",{:.8g}", h.shares[b]);
    out += "\n";
  }
  return out;
}

}  // namespace

Action add_profile_command(CLI::App& app, const GlobalOptions& global) {
  auto* command = app.add_subcommand(
      "profile",
      "Risk by hour of week (7 x 24, Monday 00:00 first) from time-stamped incidents, aoristic where only a "
      "from-to window is known, harm-weighted, smoothed, force-wide and for each selected hotspot of the "
      "latest hotspot run, shrunk toward the force profile where a hotspot has few incidents. Prints the "
      "peaks found in the data and each hotspot's own-data weight.");
  struct Options {
    patrol::ProfileOptions profile;
    std::string profile_file, csv;
    bool force_only = false, deployments = false;
    int window_hours = patrol::kDefaultDeploymentWindowHours, top = 10;
    std::int64_t hotspot_run = 0;
  };
  auto options = std::make_shared<Options>();
  add_profile_options(*command, options->profile, options->profile_file);
  command
      ->add_option(
          "--hotspots", options->hotspot_run,
          "Hotspot run whose selected areas to profile (default: the latest; the store keeps only the "
          "latest run's areas, so another run is refused)")
      ->check(whole_number(1, std::numeric_limits<std::int64_t>::max()));
  command->add_flag("--force-only", options->force_only, "Force-wide profile only (no hotspots needed)");
  command->add_option("--csv", options->csv, "Also write the 168 hours (force and each hotspot) to this CSV");

  command->add_flag(
      "--deployments", options->deployments,
      "Rank hotspot x time windows for a knife arch or the support group: weapon-related harm "
      "(possession of weapons, robbery, knife-enabled violence) x a footfall proxy (all crime by hour "
      "of week), with the police-generated caveat");
  command->add_option("--window-hours", options->window_hours, "Deployment window length (divides 24)")
      ->capture_default_str()
      ->check(CLI::IsMember({1, 2, 3, 4, 6, 8, 12, 24}));
  command->add_option("--top", options->top, "Deployment windows to list")
      ->capture_default_str()
      ->check(whole_number(1, 1000));

  return [options, &global] {
    if (options->deployments) {
      resolve_profile_file(options->profile, options->profile_file);
      store::Store store(global.db);
      const auto ranking =
          patrol::rank_deployments(store, options->profile, options->window_hours, options->top);
      if (global.json) {
        nlohmann::json json;
        json["weapon_incidents"] = ranking.weapon_incidents;
        json["weapon_harm_in_hotspots"] = ranking.weapon_harm;
        json["police_generated_harm_in_hotspots"] = ranking.police_generated_harm;
        json["weapon_profile"] = ranking.weapon_profile_source;
        json["footfall"] = ranking.footfall_source;
        json["caveats"] = ranking.caveats;
        auto& windows = json["windows"] = nlohmann::json::array();
        for (const auto& w : ranking.windows)
          windows.push_back({{"hotspot", w.id},
                             {"name", w.name},
                             {"window", patrol::window_label(w.start_bin, w.hours)},
                             {"start_bin", w.start_bin},
                             {"hours", w.hours},
                             {"weapon_harm", w.weapon_harm_in_window},
                             {"footfall_index", w.footfall_index},
                             {"score", w.score}});
        std::cout << json.dump(2) << "\n";
        return 0;
      }
      std::cout << fmt::format(
          "Knife arch / support group deployments: {:.0f} weapon-related incidents; weapon harm x footfall "
          "index\n"
          "Weapon timing: {}\nFootfall: {}\n\n",
          ranking.weapon_incidents, ranking.weapon_profile_source, ranking.footfall_source);
      std::cout << fmt::format("{:>4} {:<6} {:<40} {:<22} {:>11} {:>9} {:>10}\n", "rank", "id", "hotspot",
                               "window", "weapon harm", "footfall", "score");
      for (std::size_t i = 0; i < ranking.windows.size(); ++i) {
        const auto& w = ranking.windows[i];
        std::cout << fmt::format("{:>4} {:<6} {:<40.40} {:<22} {:>11.1f} {:>9.2f} {:>10.1f}\n", i + 1, w.id,
                                 w.name, patrol::window_label(w.start_bin, w.hours), w.weapon_harm_in_window,
                                 w.footfall_index, w.score);
      }
      for (const auto& caveat : ranking.caveats) std::cout << "  - " << caveat << "\n";
      return 0;
    }
    if (!options->csv.empty()) check_output_path(options->csv, "--csv", global.db);
    resolve_profile_file(options->profile, options->profile_file);
    store::Store store(global.db);
    patrol::StoreHotspots hotspots;
    if (!options->force_only) {
      try {
        hotspots = patrol::load_store_hotspots(store);
      } catch (const UsageError&) {
        if (options->hotspot_run != 0) throw;
        hotspots = {};  // no hotspot run yet: the force-wide profile alone
      }
      if (options->hotspot_run != 0 && options->hotspot_run != hotspots.run_id)
        throw UsageError(
            fmt::format("--hotspots {}: the store keeps the areas of the latest hotspot run only ({})",
                        options->hotspot_run, hotspots.run_id));
    }
    const auto set = patrol::load_profiles(store, hotspots.outlines, options->profile);
    if (!options->csv.empty()) write_output_file(options->csv, profile_csv(set));
    if (global.json) {
      auto json = profile_json(set);
      json["hotspot_run_id"] = hotspots.run_id;
      std::cout << json.dump(2) << "\n";
      return 0;
    }
    std::cout << "Hour-of-week profile from " << set.source << "\n";
    if (set.raw_peak >= 0)
      std::cout << fmt::format(
          "Force-wide peak: {} (raw, {:.1f} of {:.0f} harm-weighted); after smoothing (h = {} h): {}\n",
          patrol::hour_of_week_label(set.raw_peak), set.force_counts[set.raw_peak],
          patrol::total(set.force_counts), set.smoothing_half_width, patrol::hour_of_week_label(set.peak));
    else
      std::cout << fmt::format("Force-wide peak: {} (supplied profile)\n",
                               patrol::hour_of_week_label(set.peak));
    std::cout << "Riskiest hours: " << patrol::top_hours_text(set.force_shares, 5) << "\n";
    if (!set.hotspots.empty()) {
      std::cout << fmt::format(
          "\nHotspots of hotspot run {}: shrunk toward the force profile, p = (n*own + k*force)/(n + k), k = "
          "{:g}; "
          "own weight w = n/(n + k)\n",
          hotspots.run_id, set.shrinkage_k);
      std::cout << fmt::format("{:<6} {:<44} {:>9} {:>6}  {}\n", "id", "name", "incidents", "w", "peak");
      for (const auto& h : set.hotspots)
        std::cout << fmt::format("{:<6} {:<44.44} {:>9.0f} {:>6.2f}  {}\n", h.id, h.name, h.incidents,
                                 h.own_weight, patrol::hour_of_week_label(h.peak));
    }
    for (const auto& note : set.notes) std::cout << "  - " << note << "\n";
    if (!options->csv.empty()) std::cout << "Wrote " << options->csv << "\n";
    return 0;
  };
}

}  // namespace grip::cli

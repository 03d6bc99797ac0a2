#include "grip/patrol/plan_run.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <numeric>

#include "grip/core/errors.hpp"
#include "grip/core/time_text.hpp"
#include "grip/geo/polygon_raster.hpp"
#include "grip/patrol/design_store.hpp"
#include "grip/store/incident_tables.hpp"
#include "grip/store/patrol_tables.hpp"

namespace grip::patrol {

namespace {

// The hotspot's three most frequent crime types, from the hotspot run's counts.
std::string look_for_text(const std::string& counts_json) {
  std::vector<std::pair<std::string, std::int64_t>> counts;
  const auto json = nlohmann::json::parse(counts_json.empty() ? "{}" : counts_json, nullptr, false);
  if (json.is_object())
    for (const auto& [type, count] : json.items())
      if (count.is_number()) counts.emplace_back(type, count.get<std::int64_t>());
  std::stable_sort(counts.begin(), counts.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });
  std::vector<std::string> parts;
  for (std::size_t i = 0; i < counts.size() && i < 3; ++i)
    parts.push_back(fmt::format("{} ({})", counts[i].first, counts[i].second));
  return parts.empty() ? std::string("the crime types of the hotspot run")
                       : fmt::format("{}", fmt::join(parts, ", "));
}

}  // namespace

StoreHotspots load_store_hotspots(store::Store& store) {
  auto rows = store::read_plan_hotspots(store);
  if (rows.run_id == 0 || rows.hotspots.empty())
    throw UsageError(store.path() + " has no selected hotspots: run grip hotspots first");
  StoreHotspots out;
  out.run_id = rows.run_id;
  for (auto& row : rows.hotspots) {
    PlanHotspot h;
    h.id = row.id, h.name = row.name, h.district = row.district, h.harm = row.harm;
    auto shape = geo::decode_polygon_blob(row.wkb);
    h.x = (shape.min_x + shape.max_x) / 2, h.y = (shape.min_y + shape.max_y) / 2;
    out.hotspots.push_back(std::move(h));
    out.shapes.push_back(std::move(shape));
    out.look_for.push_back(look_for_text(row.counts_by_type_json));
    out.outlines.push_back({row.id, row.name, std::move(row.wkb)});
  }
  return out;
}

ProfileSet load_profiles(store::Store& store, const std::vector<ProfileHotspotInput>& hotspots,
                         const ProfileOptions& options) {
  if (options.profile_file && !options.profile_dataset.empty())
    throw UsageError("give --profile or --profile-dataset, not both");
  if (!options.dataset.empty()) {
    const auto datasets = store::incident_datasets(store);
    if (std::find(datasets.begin(), datasets.end(), options.dataset) == datasets.end())
      throw UsageError(fmt::format("{} has no dataset '{}' (it has: {})", store.path(), options.dataset,
                                   fmt::join(datasets, ", ")));
  }
  const auto counts = count_incident_hours(store, options.dataset, hotspots);
  const std::string what =
      options.dataset.empty() ? "the store's incidents" : "dataset '" + options.dataset + "'";
  std::optional<HourOfWeek> supplied;
  std::string source;
  if (options.profile_file) {
    supplied = read_profile_file(*options.profile_file);
    source = counts.timed < kMinTimedIncidents
                 ? fmt::format("the profile supplied in {} ({} have no usable times of day)",
                               options.profile_file->string(), what)
                 : fmt::format("the profile supplied in {}, in place of the times of {}",
                               options.profile_file->string(), what);
  } else if (!options.profile_dataset.empty()) {
    const auto learned = count_incident_hours(store, options.profile_dataset, {});
    if (learned.timed < kMinTimedIncidents)
      throw UsageError(
          fmt::format("dataset '{}' has only {:.0f} time-stamped incidents: it cannot supply a profile",
                      options.profile_dataset, learned.timed));
    supplied = smooth_circular(learned.force, options.smoothing_half_width);
    source = fmt::format("learned from {:.0f} time-stamped incidents of dataset '{}' (not from {})",
                         learned.timed, options.profile_dataset, what);
  } else {
    source = fmt::format("{:.0f} time-stamped incidents of {}, harm-weighted", counts.timed, what);
  }
  return make_profiles(counts, hotspots, supplied, source, options.shrinkage_k, options.smoothing_half_width);
}

PlanRun run_plan(store::Store& store, const PlanRunOptions& options, AllocationSolver& solver) {
  PlanRun run;
  run.resources = read_resources(options.resources_file);
  if (options.mode != "walk" && options.mode != "drive")
    throw UsageError("--mode must be walk or drive, not '" + options.mode + "'");
  if (options.speed_kmh > 0) {
    run.resources.walking_kmh = options.speed_kmh;
  } else if (options.mode == "drive") {
    run.resources.walking_kmh = kDefaultDrivingKmh;
  }
  run.speed_kmh = run.resources.walking_kmh;
  auto loaded = load_store_hotspots(store);
  run.hotspot_run_id = loaded.run_id;
  run.profiles = load_profiles(store, loaded.outlines, options.profile);
  for (std::size_t h = 0; h < loaded.hotspots.size(); ++h)
    loaded.hotspots[h].profile = run.profiles.hotspots[h].shares;

  const auto forecast = store::read_forecast_harm(store, loaded.run_id);
  std::map<std::string, double> forecast_harm(forecast.expected_harm.begin(), forecast.expected_harm.end());
  const bool use_forecast = forecast.forecast_run > 0 &&
                            std::all_of(loaded.hotspots.begin(), loaded.hotspots.end(),
                                        [&](const PlanHotspot& h) { return forecast_harm.contains(h.id); });
  if (use_forecast) {
    for (auto& h : loaded.hotspots) h.harm = forecast_harm[h.id];
    run.risk_source = fmt::format("forecast run {} ({}, {}): expected harm x hour-of-week share",
                                  forecast.forecast_run, forecast.model, forecast.target_window);
  } else {
    run.risk_source = fmt::format(
        "hotspot run {} harm x hour-of-week share (no forecast stored for this run)", loaded.run_id);
  }
  run.shapes = std::move(loaded.shapes);
  run.look_for = std::move(loaded.look_for);
  run.plan = make_plan(loaded.hotspots, run.resources, options.settings, solver);
  return run;
}

StoredPlanIds store_plan(store::Store& store, const PlanRun& run) {
  const auto& plan = run.plan;
  StoredPlanIds ids;
  store::WriteTransaction transaction(store);
  if (plan.settings.design != DesignKind::kNone)
    ids.design_id = store_design(store, plan.design, run.hotspot_run_id);
  store::PatrolPlanRow row;
  row.created = utc_now_iso();
  row.first_day = plan.settings.first_day;
  row.days = plan.settings.days;
  row.seed = std::to_string(plan.settings.seed);
  row.hotspot_run_id = run.hotspot_run_id;
  row.design_id = ids.design_id;
  row.design_kind = to_string(plan.settings.design);
  row.risk_source = run.risk_source;
  row.profile_source = run.profiles.source;
  row.visits = static_cast<std::int64_t>(plan.visits.size());
  row.objective = plan.solution.objective, row.bound = plan.solution.bound, row.gap = plan.solution.gap;
  row.solver_status = plan.solution.solver + ": " + plan.solution.status;
  const auto& s = plan.settings;
  row.settings_json = nlohmann::json{{"visit_minutes", s.visit_minutes},
                                     {"min_visits_per_day", s.min_visits_per_day},
                                     {"max_visits_per_day", s.max_visits_per_day},
                                     {"cap_minutes", s.cap_minutes},
                                     {"decay", s.decay},
                                     {"treated_share", s.treated_share},
                                     {"speed_kmh", run.speed_kmh},
                                     {"road_factor", run.resources.road_factor},
                                     {"resources", run.resources.source}}
                          .dump();
  std::vector<store::PatrolVisitRow> visits;
  visits.reserve(plan.visits.size());
  for (const auto& v : plan.visits)
    visits.push_back({plan.hotspots[v.hotspot].id, plan.teams[v.team], plan.shifts[v.shift].name, v.start,
                      v.end, v.day, v.risk});
  ids.plan_id = store::write_patrol_plan(store, row, visits);
  transaction.commit();
  return ids;
}

std::string top_hours_text(const HourOfWeek& shares, int n) {
  std::vector<int> bins(kHoursPerWeek);
  std::iota(bins.begin(), bins.end(), 0);
  std::stable_sort(bins.begin(), bins.end(), [&](int a, int b) { return shares[a] > shares[b]; });
  std::vector<std::string> parts;
  for (int i = 0; i < n && i < kHoursPerWeek; ++i)
    parts.push_back(fmt::format("{} ({:.1f}%)", hour_of_week_label(bins[i]), 100 * shares[bins[i]]));
  return fmt::format("{}", fmt::join(parts, ", "));
}

}  // namespace grip::patrol

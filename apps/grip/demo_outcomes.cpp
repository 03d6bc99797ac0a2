#include "demo_outcomes.hpp"

#include <fmt/format.h>

#include "grip/core/time_text.hpp"
#include "grip/demo/random.hpp"
#include "grip/patrol/monthly_return.hpp"
#include "grip/patrol/outcomes.hpp"
#include "grip/patrol/problem_solving_log.hpp"
#include "grip/store/gps_visit_minutes.hpp"
#include "grip/store/hotspot_tables.hpp"

namespace grip::cli {
namespace {

constexpr std::uint64_t kOutcomeStream = 201;  // apart from the county's and the programme's streams
constexpr double kStopSearchShare = 0.12, kArrestShare = 0.04, kKnifeShare = 0.015;

std::string utc_text(long long seconds) { return format_iso(civil_time_in_zone(seconds, "UTC")) + "Z"; }

}  // namespace

DemoOutcomes run_demo_outcomes(store::Store& store, std::uint64_t seed) {
  DemoOutcomes out;
  const auto selected = store::read_selected_hotspots(store);
  if (selected.run_id == 0 || selected.hotspots.empty()) return out;
  const auto visits = store::read_hotspot_visit_spans(store, selected.run_id, "0000", "9999");
  if (visits.empty()) return out;
  std::string first = visits.front().first_in;
  for (const auto& v : visits) first = std::min(first, v.first_in);
  out.month = first.substr(0, 7);

  demo::Random random = demo::Random(seed).fork(kOutcomeStream);
  const auto record = [&](patrol::OutcomeInput input) {
    const auto summary = patrol::record_outcome(store, input);
    out.linked_to_visit += summary.linked_to_visit;
  };
  std::string arch_hotspot = selected.hotspots.front().id;
  for (const auto& visit : visits) {
    if (visit.first_in.substr(0, 7) != out.month) continue;
    const auto from = parse_utc_instant(visit.first_in), to = parse_utc_instant(visit.last_in);
    if (!from || !to) continue;
    ++out.visits;
    const std::string during = utc_text(*from + (*to - *from) / 2);  // inside the visit
    const double draw = random.uniform();
    if (draw < kStopSearchShare) {
      record({"stop_search", during, visit.hotspot_id, "", "SYNTHETIC", std::nullopt, std::nullopt});
      ++out.stop_searches;
    } else if (draw < kStopSearchShare + kArrestShare) {
      record({"arrest", during, visit.hotspot_id, "", "SYNTHETIC", std::nullopt, std::nullopt});
      ++out.arrests;
    } else if (draw < kStopSearchShare + kArrestShare + kKnifeShare) {
      record({"weapon_seized", during, visit.hotspot_id, "knife", "SYNTHETIC", std::nullopt, std::nullopt});
      ++out.weapons;
    }
    // The knife arch goes where the plan's top hotspot is, on its first two visits.
    if (visit.hotspot_id == arch_hotspot && out.arch_deployments < 2) {
      record({"arch_deployment", during, visit.hotspot_id, "", "SYNTHETIC", 300 + random.index(200),
              random.index(4)});
      ++out.arch_deployments;
    }
  }

  // Problem-solving beside the patrols, at the three top hotspots.
  const std::string day = out.month + "-05";
  const char* kinds[] = {"cctv", "lighting", "partner_meeting"};
  const char* owners[] = {"Hotspot team", "Neighbourhood team", "Community Safety Partnership lead"};
  const char* notes[] = {"SYNTHETIC: request a redeployable CCTV camera over the late-night taxi rank",
                         "SYNTHETIC: two street lights out on the underpass",
                         "SYNTHETIC: agree closing-time dispersal with licensed premises"};
  for (std::size_t i = 0; i < 3 && i < selected.hotspots.size(); ++i) {
    store::ActionRow action;
    action.hotspot_id = selected.hotspots[i].id;
    action.kind = kinds[i];
    action.owner = owners[i];
    action.partner = i == 2 ? "Community Safety Partnership" : "";
    action.status = i == 1 ? "done" : "open";
    action.opened = day;
    action.closed = i == 1 ? out.month + "-19" : "";
    action.notes = notes[i];
    (void)patrol::record_action(store, action);
    ++out.actions;
    out.actions_closed += i == 1 ? 1 : 0;
  }

  out.figures_json = patrol::compute_return_figures(store, out.month);
  out.summary = patrol::return_summary(out.month, out.figures_json);
  return out;
}

nlohmann::json demo_outcomes_json(const DemoOutcomes& outcomes) {
  if (outcomes.month.empty()) return nullptr;
  return {{"synthetic", true},
          {"month", outcomes.month},
          {"visits", outcomes.visits},
          {"arrests", outcomes.arrests},
          {"stop_searches", outcomes.stop_searches},
          {"weapons_seized", outcomes.weapons},
          {"arch_deployments", outcomes.arch_deployments},
          {"linked_to_visit", outcomes.linked_to_visit},
          {"actions", outcomes.actions},
          {"actions_closed", outcomes.actions_closed},
          {"draft_return",
           {{"summary", outcomes.summary}, {"figures", nlohmann::json::parse(outcomes.figures_json)}}}};
}

std::string demo_outcomes_text(const DemoOutcomes& outcomes) {
  if (outcomes.month.empty()) return "9. Outcomes: no GPS visit is stored, so none were logged.\n";
  return fmt::format(
      "9. Outcomes during the plan's GPS visits in {} (SYNTHETIC, logged through grip outcomes' own code; {} "
      "linked to the visit they fell in): {} stop searches, {} arrests, {} knives seized, {} knife-arch "
      "deployments; {} problem-solving actions (grip actions), {} closed.\n"
      "   Monthly return for {}, DRAFT (`grip return --month {}` issues it as a signed-off snapshot):\n   "
      "{}\n",
      outcomes.month, outcomes.linked_to_visit, outcomes.stop_searches, outcomes.arrests, outcomes.weapons,
      outcomes.arch_deployments, outcomes.actions, outcomes.actions_closed, outcomes.month, outcomes.month,
      outcomes.summary);
}

}  // namespace grip::cli

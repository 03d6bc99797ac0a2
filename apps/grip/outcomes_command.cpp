// `grip outcomes add|import|list`: arrests, stop searches, weapons seized and arch deployments,
// linked to a hotspot and a GPS visit (src/grip/patrol/outcomes.hpp).
#include <fmt/format.h>

#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>

#include "commands.hpp"
#include "grip/patrol/outcomes.hpp"
#include "grip/patrol/self_reported_hours.hpp"

namespace grip::cli {

Action add_outcomes_command(CLI::App& app, const GlobalOptions& global) {
  auto* group = app.add_subcommand(
      "outcomes",
      "Patrol outcomes: arrests, stop searches, weapons seized (with type) and arch deployments (people "
      "through, detections), each linked to a hotspot and to the GPS visit it happened during.");
  group->require_subcommand(1);

  struct AddOptions {
    patrol::OutcomeInput input;
    std::int64_t people = -1, detections = -1;
  };
  auto options = std::make_shared<AddOptions>();
  auto* add = group->add_subcommand("add", "Record one outcome at a hotspot");
  add->add_option("--kind", options->input.kind,
                  "One of: arrest, stop_search, weapon_seized, arch_deployment")
      ->required();
  add->add_option("--hotspot", options->input.hotspot_id, "Hotspot id of the latest run, e.g. H03")
      ->required();
  add->add_option("--at", options->input.at, "When, ISO 8601 (2024-03-01T21:40Z; no zone = UTC)")->required();
  add->add_option("--weapon-type", options->input.weapon_type,
                  "Weapon type (weapon_seized only): knife, firearm...");
  add->add_option("--people-through", options->people, "People through the arch (arch_deployment only)");
  add->add_option("--detections", options->detections, "Detections by the arch (arch_deployment only)");
  add->add_option("--notes", options->input.notes, "Notes (up to 4,000 characters; no names)");

  auto file = std::make_shared<std::string>();
  auto* import = group->add_subcommand(
      "import",
      "Import a CSV: kind,occurred_at,longitude,latitude[,weapon_type,people_through,detections,notes]; "
      "each row goes to the hotspot whose polygon (grown by 25 m) holds it; any bad row refuses the file");
  import->add_option("file", *file, "CSV file")->required()->check(CLI::ExistingFile);

  auto* list = group->add_subcommand("list", "List recorded outcomes");

  auto hours_file = std::make_shared<std::string>();
  auto* import_hours = group->add_subcommand(
      "import-hours",
      "Import officers' self-reported patrol hours: officer_id,date,hours and hotspot_id or team; the "
      "officer id "
      "is pseudonymised with the store's key as GPS ids are (never stored raw); checked against GPS hours by "
      "'grip dosage' and 'grip return'; any bad row refuses the file");
  import_hours->add_option("file", *hours_file, "CSV file")->required()->check(CLI::ExistingFile);

  return [=, &global] {
    store::Store store(global.db);
    if (list->parsed()) {
      std::vector<store::OutcomeRow> rows;
      {
        store::ReadTransaction read(store);
        rows = store::list_outcomes(store);
      }
      nlohmann::json out = nlohmann::json::array();
      for (const auto& o : rows) {
        if (global.json) {
          out.push_back({{"outcome_id", o.outcome_id},
                         {"kind", o.kind},
                         {"occurred_at", o.occurred_at},
                         {"hotspot_id", o.hotspot_id},
                         {"gps_visit_fid", o.gps_visit_fid},
                         {"weapon_type", o.weapon_type},
                         {"source", o.source}});
        } else {
          std::cout << fmt::format(
              "{:>4}  {:<16} {}  {:<6} visit {:<6} {}\n", o.outcome_id, o.kind, o.occurred_at, o.hotspot_id,
              o.gps_visit_fid == 0 ? "-" : std::to_string(o.gps_visit_fid), o.weapon_type);
        }
      }
      if (global.json) std::cout << out.dump(2) << "\n";
      if (!global.json && rows.empty()) std::cout << "No outcomes recorded.\n";
      return 0;
    }
    if (import_hours->parsed()) {
      const auto imported = patrol::import_self_reported_hours(store, *hours_file);
      if (global.json) {
        std::cout << nlohmann::json{{"rows", imported.rows},
                                    {"officers", imported.officers},
                                    {"hours", imported.hours}}
                         .dump(2)
                  << "\n";
      } else {
        std::cout << fmt::format(
            "Recorded {} self-reported rows ({:.1f} hours) for {} officers (pseudonymised).\n", imported.rows,
            imported.hours, imported.officers);
      }
      return 0;
    }
    patrol::OutcomeSummary summary;
    if (add->parsed()) {
      if (options->people >= 0) options->input.people_through = options->people;
      if (options->detections >= 0) options->input.detections = options->detections;
      summary = patrol::record_outcome(store, options->input);
    } else {
      summary = patrol::import_outcomes_csv(store, *file);
    }
    if (global.json) {
      std::cout << nlohmann::json{{"recorded", summary.recorded},
                                  {"linked_to_visit", summary.linked_to_visit},
                                  {"outcome_ids", summary.ids}}
                       .dump(2)
                << "\n";
    } else {
      std::cout << fmt::format("Recorded {} outcome{}, {} linked to a GPS visit.\n", summary.recorded,
                               summary.recorded == 1 ? "" : "s", summary.linked_to_visit);
    }
    return 0;
  };
}

}  // namespace grip::cli

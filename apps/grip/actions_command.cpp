// `grip actions add|list|status`: the problem-solving log per hotspot
// (src/grip/patrol/problem_solving_log.hpp).
#include <fmt/format.h>

#include <iostream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>

#include "commands.hpp"
#include "grip/core/errors.hpp"
#include "grip/core/output_file.hpp"
#include "grip/patrol/problem_solving_log.hpp"

namespace grip::cli {
namespace {

std::string joined(const std::vector<std::string>& words) {
  std::string out;
  for (const auto& w : words) out += (out.empty() ? "" : ", ") + w;
  return out;
}

nlohmann::json to_json(const store::ActionRow& a) {
  return {{"action_id", a.action_id},  {"hotspot_id", a.hotspot_id}, {"kind", a.kind},
          {"owner", a.owner},          {"status", a.status},         {"opened", a.opened},
          {"closed", a.closed},        {"partner", a.partner},       {"notes", a.notes},
          {"updated_at", a.updated_at}};
}

}  // namespace

Action add_actions_command(CLI::App& app, const GlobalOptions& global) {
  auto* group = app.add_subcommand(
      "actions",
      "The problem-solving log: per hotspot, actions beside patrol (CCTV or lighting requests, partner "
      "meetings with the Community Safety Partnership, licensing visits, Safe Spaces) with owner, status, "
      "dates, partner and notes.");
  group->require_subcommand(1);

  auto row = std::make_shared<store::ActionRow>();
  auto* add = group->add_subcommand("add", "Record an action for a hotspot");
  add->add_option("--hotspot", row->hotspot_id, "Hotspot id, e.g. H03 (as grip hotspots lists them)")
      ->required();
  add->add_option("--kind", row->kind, "One of: " + joined(patrol::action_kinds()))->required();
  add->add_option("--owner", row->owner, "Who carries it out: a team, role or agency (not a private person)")
      ->required();
  add->add_option("--status", row->status,
                  "One of: " + joined(patrol::action_statuses()) + " (default open)");
  add->add_option("--opened", row->opened, "Date opened, YYYY-MM-DD (default today)");
  add->add_option("--closed", row->closed, "Date closed, YYYY-MM-DD");
  add->add_option("--partner", row->partner, "Partner agency, e.g. the council or the CSP");
  add->add_option("--notes", row->notes, "Notes (up to 4,000 characters)");

  struct ListOptions {
    std::string hotspot, csv;
  };
  auto list_options = std::make_shared<ListOptions>();
  auto* list = group->add_subcommand("list", "List the log (all hotspots, or one)");
  list->add_option("--hotspot", list_options->hotspot, "Only this hotspot");
  list->add_option("--csv", list_options->csv, "Also write the list as CSV to FILE");

  struct StatusOptions {
    std::int64_t id = 0;
    std::string status, closed;
  };
  auto status_options = std::make_shared<StatusOptions>();
  auto* status = group->add_subcommand("status", "Change an action's status");
  status->add_option("id", status_options->id, "Action id")->required()->check(CLI::PositiveNumber);
  status->add_option("status", status_options->status, "One of: " + joined(patrol::action_statuses()))
      ->required();
  status->add_option("--closed", status_options->closed, "Closing date (default today for done/declined)");

  return [=, &global] {
    store::Store store(global.db);
    if (add->parsed()) {
      const std::int64_t id = patrol::record_action(store, *row);
      if (global.json) {
        std::cout << nlohmann::json{{"action_id", id}}.dump(2) << "\n";
      } else {
        std::cout << fmt::format("Recorded action {} for hotspot {} ({}).\n", id, row->hotspot_id, row->kind);
      }
      return 0;
    }
    if (status->parsed()) {
      patrol::set_action_status(store, status_options->id, status_options->status, status_options->closed);
      if (!global.json)
        std::cout << fmt::format("Action {} is now {}.\n", status_options->id, status_options->status);
      return 0;
    }
    if (!list_options->csv.empty()) check_output_path(list_options->csv, "--csv", global.db);
    std::vector<store::ActionRow> rows;
    {
      store::ReadTransaction read(store);
      rows = store::list_actions(store, list_options->hotspot);
    }
    if (!list_options->csv.empty()) write_output_file(list_options->csv, patrol::actions_csv(rows));
    if (global.json) {
      nlohmann::json out = nlohmann::json::array();
      for (const auto& a : rows) out.push_back(to_json(a));
      std::cout << out.dump(2) << "\n";
      return 0;
    }
    if (rows.empty()) {
      std::cout << "No problem-solving actions recorded"
                << (list_options->hotspot.empty() ? "" : " for " + list_options->hotspot) << ".\n";
      return 0;
    }
    std::cout << fmt::format("{:>4}  {:<8} {:<16} {:<12} {:<10} {:<10} {}\n", "id", "hotspot", "kind",
                             "status", "opened", "closed", "owner / partner");
    for (const auto& a : rows) {
      std::cout << fmt::format("{:>4}  {:<8} {:<16} {:<12} {:<10} {:<10} {}{}\n", a.action_id, a.hotspot_id,
                               a.kind, a.status, a.opened, a.closed.empty() ? "-" : a.closed, a.owner,
                               a.partner.empty() ? "" : " / " + a.partner);
    }
    return 0;
  };
}

}  // namespace grip::cli

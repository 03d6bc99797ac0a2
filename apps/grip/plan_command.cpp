// `grip plan`: hotspot patrol schedules for --days days from --from, within the officer-hours of a
// resources file, at seeded random times inside each hotspot's high-risk hours, stored with the
// design (patrol_plans, patrol_visits, patrol_designs) and written as JSON, CSV, iCalendar and
// printable HTML tasking sheets (patrol/plan_run.hpp, patrol/plan_outputs.hpp).
#include <fmt/format.h>

#include <iostream>
#include <memory>

#include "commands.hpp"
#include "grip/core/errors.hpp"
#include "grip/core/output_file.hpp"
#include "grip/patrol/plan_outputs.hpp"
#include "profile_options.hpp"

namespace grip::cli {

Action add_plan_command(CLI::App& app, const GlobalOptions& global) {
  auto* command = app.add_subcommand(
      "plan",
      "Plan hotspot patrols: how many 15-minute visits each selected hotspot gets in each shift of each day, "
      "from its risk (the latest forecast's expected harm, else its harm) x its hour-of-week profile, within "
      "the officer-hours of --resources (GLPK integer programme; objective and optimality gap reported), at "
      "random times (--seed) inside high-risk hours. Stores the plan and any --design before patrols start.");
  struct Options {
    patrol::PlanRunOptions run;
    std::string profile_file, resources, seed = "1", design = "none", csv, ics, html;
  };
  auto options = std::make_shared<Options>();
  auto& s = options->run.settings;
  command->add_option("--from", s.first_day, "First day of the plan, YYYY-MM-DD")->required();
  command->add_option("--days", s.days, "Days to plan")->capture_default_str()->check(whole_number(1, 366));
  command
      ->add_option("--resources", options->resources,
                   "Resources file: shifts and officer-hours per team (see examples/resources.json)")
      ->required();
  command->add_option("--seed", options->seed, "Seed for the visit times and the design")
      ->capture_default_str();
  command->add_option("--visit-minutes", s.visit_minutes, "Length of a visit (Koper 1995: 10-16 minutes)")
      ->capture_default_str()
      ->check(number_in(1.0, 240.0));
  command->add_option("--min-visits", s.min_visits_per_day, "Fewest visits per hotspot per treated day")
      ->capture_default_str()
      ->check(whole_number(0, 48));
  command->add_option("--max-visits", s.max_visits_per_day, "Most visits per hotspot per day")
      ->capture_default_str()
      ->check(whole_number(1, 48));
  command
      ->add_option("--cap-minutes", s.cap_minutes, "Dosage cap per hotspot over the plan, minutes (0 = none)")
      ->capture_default_str()
      ->check(number_in(0.0, 1e6));
  command
      ->add_option("--mode", options->run.mode, "Travel between hotspots: walk (5 km/h) or drive (30 km/h)")
      ->capture_default_str()
      ->check(CLI::IsMember({"walk", "drive"}));
  command
      ->add_option("--speed-kmh", options->run.speed_kmh,
                   "Travel speed, overriding --mode and the resources file")
      ->check(number_in(0.5, 200.0));
  command
      ->add_option("--design", options->design,
                   "Randomised design stored before any patrol: none, crossover (each hotspot-day "
                   "randomised) or rct (matched pairs of hotspots)")
      ->capture_default_str()
      ->check(CLI::IsMember({"none", "crossover", "rct"}));
  command->add_option("--share", s.treated_share, "Crossover: share of days treated")
      ->capture_default_str()
      ->check(number_in(0.05, 0.95));
  add_profile_options(*command, options->run.profile, options->profile_file);
  command->add_option("--csv", options->csv, "Write every visit to this CSV file");
  command->add_option("--ics", options->ics, "Write every visit to this iCalendar (.ics) file");
  command->add_option("--html", options->html,
                      "Write printable tasking sheets (one page per team, day and shift)");

  return [options, &global] {
    for (const auto& [path, option] : {std::pair{&options->csv, "--csv"}, std::pair{&options->ics, "--ics"},
                                       std::pair{&options->html, "--html"}})
      if (!path->empty()) check_output_path(*path, option, global.db);
    auto run_options = options->run;
    try {
      std::size_t used = 0;
      run_options.settings.seed = std::stoull(options->seed, &used);
      if (used != options->seed.size() || options->seed.front() == '-') throw std::invalid_argument("seed");
    } catch (const std::exception&) {
      throw UsageError("--seed must be a whole number 0..18446744073709551615, not '" + options->seed + "'");
    }
    run_options.settings.design = patrol::parse_design_kind(options->design);
    run_options.resources_file = options->resources;
    resolve_profile_file(run_options.profile, options->profile_file);
    if (run_options.settings.min_visits_per_day > run_options.settings.max_visits_per_day)
      throw UsageError("--min-visits must not exceed --max-visits");

    store::Store store(global.db);
    auto solver = patrol::make_glpk_solver(patrol::plan_solver_settings());
    const auto run = patrol::run_plan(store, run_options, *solver);
    const auto ids = patrol::store_plan(store, run);
    if (!options->csv.empty()) write_output_file(options->csv, patrol::plan_csv(run));
    if (!options->ics.empty()) write_output_file(options->ics, patrol::plan_ics(run, ids));
    if (!options->html.empty()) write_output_file(options->html, patrol::plan_tasking_html(run, ids));
    if (global.json) {
      std::cout << patrol::plan_json(run, ids).dump(2) << "\n";
      return 0;
    }
    std::cout << patrol::plan_summary_text(run, ids);
    if (ids.design_id > 0)
      std::cout << fmt::format("Design {} stored (patrol_designs) with seed {} and hash {}\n", ids.design_id,
                               run.plan.settings.seed, run.plan.design.hash);
    std::cout << fmt::format("Stored as plan {} (patrol_plans, patrol_visits)\n", ids.plan_id);
    for (const auto* path : {&options->csv, &options->ics, &options->html})
      if (!path->empty()) std::cout << "Wrote " << *path << "\n";
    return 0;
  };
}

}  // namespace grip::cli

// `grip dosage --month YYYY-MM`: patrol dosage and compliance against the plan per hotspot, day, shift
// and team (src/grip/patrol/dosage_report.hpp). Reads only; issues nothing.
#include <iostream>
#include <memory>

#include "commands.hpp"
#include "grip/core/output_file.hpp"
#include "grip/patrol/dosage_report.hpp"
#include "option_checks.hpp"

namespace grip::cli {

Action add_dosage_command(CLI::App& app, const GlobalOptions& global) {
  struct Options {
    std::string month, csv;
    patrol::DosageOptions dosage;
    double tolerance_min = static_cast<double>(patrol::kDefaultMatchToleranceS) / 60;
  };
  auto options = std::make_shared<Options>();
  auto* command = app.add_subcommand(
      "dosage",
      "Patrol dosage against the plan per hotspot, day, shift and team: planned visits and minutes, GPS "
      "visits that delivered them (one-to-one, within a tolerance), missed and unplanned visits, "
      "pass-throughs (shorter than the minimum dwell even at their upper bound; not counted as delivered) "
      "and the share of visits in the 10-15 minute Koper band.");
  command
      ->add_option("--month", options->month,
                   "Month, YYYY-MM (planned visits by their local start, GPS "
                   "visits by their first fix in UTC)")
      ->required();
  command->add_option("--csv", options->csv, "Also write the rows as CSV to FILE");
  command
      ->add_option("--min-dwell-min", options->dosage.rules.min_dwell_minutes,
                   "A GPS visit whose upper bound is under this many minutes is a pass-through")
      ->capture_default_str()
      ->check(number_in(0, 60));
  command
      ->add_option("--tolerance-min", options->tolerance_min,
                   "A visit may start or end this many minutes outside its planned window")
      ->capture_default_str()
      ->check(number_in(0, 240));
  command
      ->add_option("--plan-time-zone", options->dosage.time_zone,
                   "Time zone of the plan's local times (IANA name)")
      ->capture_default_str();

  return [=, &global] {
    if (!options->csv.empty()) check_output_path(options->csv, "--csv", global.db);
    store::Store store(global.db);
    patrol::DosageOptions dosage = options->dosage;
    dosage.rules.tolerance_s = static_cast<std::int64_t>(std::llround(options->tolerance_min * 60));
    patrol::DosageReport report;
    {
      store::ReadTransaction read(store);
      report = patrol::compute_dosage(store, options->month, dosage);
    }
    if (!options->csv.empty()) write_output_file(options->csv, patrol::dosage_csv(report));
    std::cout << (global.json ? patrol::dosage_json(report) + "\n" : patrol::dosage_text(report));
    return 0;
  };
}

}  // namespace grip::cli

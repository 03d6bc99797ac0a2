// `grip evaluate`: did serious violence fall in the treated areas, beyond the comparison areas, and
// did it move into the buffers around them? Thin: parse, run the evaluation, print or write.
#include <iostream>
#include <memory>

#include "commands.hpp"
#include "grip/core/output_file.hpp"
#include "grip/evaluation/evaluate_run.hpp"
#include "grip/evaluation/evaluation_html.hpp"
#include "grip/evaluation/evaluation_output.hpp"
#include "option_checks.hpp"

namespace grip::cli {

Action add_evaluate_command(CLI::App& app, const GlobalOptions& global) {
  auto* command = app.add_subcommand(
      "evaluate",
      "Evaluate a patrol programme: counts and harm before and after in the treated areas, the rate ratio "
      "with exact (conditional binomial, E-test) and over-dispersed (quasi-Poisson, negative binomial) "
      "intervals and a plain verdict; matched comparison areas and the difference in differences; "
      "displacement or diffusion in buffers (WDD, WDQ); the intention-to-treat effect of a stored "
      "randomised design. With no options: the latest hotspot selection over the programme period of the "
      "latest patrol design, or else the last 12 months against the 12 before.");
  struct Options {
    evaluation::EvaluationSettings settings;
    std::string csv, series_csv, html;
  };
  auto options = std::make_shared<Options>();
  auto& s = options->settings;
  command
      ->add_option(
          "--areas", s.areas,
          "Treated areas: hotspots (the selected hotspots of the latest run), force, district:NAME or "
          "ids:H01,H02")
      ->capture_default_str();
  command
      ->add_option("--comparison", s.comparison,
                   "Comparison areas: matched (runners-up of the latest run matched on pre-period harm and "
                   "trend), none, district:NAME or ids:H11,H12")
      ->capture_default_str();
  command->add_option("--before", s.before,
                      "Before period YYYY-MM..YYYY-MM (default: as many months just before --after)");
  command->add_option(
      "--after", s.after,
      "After period YYYY-MM..YYYY-MM (default: the latest patrol design's programme period, or "
      "the last 12 months stored)");
  command->add_option("--buffer-m", s.buffer_m, "Displacement buffer around the treated areas, metres")
      ->capture_default_str()
      ->check(number_in(0.0, 5000.0));
  command
      ->add_option("--crime-types", s.crime_types,
                   "Outcomes (comma-separated crime types; default: violence and sexual offences, robbery, "
                   "possession of weapons)")
      ->delimiter(',');
  command->add_option("--dataset", s.dataset, "Incident dataset (default: police.uk street when stored)");
  command->add_option("--confidence", s.confidence, "Interval level")
      ->capture_default_str()
      ->check(number_in(0.5, 0.999));
  command->add_option("--koper-dataset", s.koper_dataset,
                      "Time-stamped incidents for the Koper curve after GPS visits (default: the evaluated "
                      "dataset when it has times, else the first stored dataset that has them)");
  command
      ->add_option("--time-zone", s.time_zone,
                   "Clock of the incident times (IANA name), to set them beside the UTC GPS visits")
      ->capture_default_str();
  command->add_option("--csv", options->csv, "Also write one row per outcome to this CSV file");
  command->add_option("--series-csv", options->series_csv,
                      "Also write the monthly counts and harm per outcome and zone to this CSV file");
  command->add_option(
      "--html", options->html,
      "Also write a self-contained HTML page: the table, verdicts and a chart of the monthly counts");

  return [options, &global] {
    if (!options->csv.empty()) check_output_path(options->csv, "--csv", global.db);
    if (!options->series_csv.empty()) check_output_path(options->series_csv, "--series-csv", global.db);
    if (!options->html.empty()) check_output_path(options->html, "--html", global.db);
    store::Store store(global.db);
    const auto result = evaluation::run_evaluation(store, options->settings);
    if (!options->csv.empty()) write_output_file(options->csv, evaluation::evaluation_csv(result));
    if (!options->series_csv.empty())
      write_output_file(options->series_csv, evaluation::evaluation_series_csv(result));
    if (!options->html.empty()) write_output_file(options->html, evaluation::evaluation_html_page(result));
    if (global.json) {
      std::cout << evaluation::evaluation_json(result).dump(2) << "\n";
    } else {
      std::cout << evaluation::evaluation_text(result);
    }
    return 0;
  };
}

}  // namespace grip::cli

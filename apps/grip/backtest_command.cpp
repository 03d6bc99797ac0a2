// `grip backtest`: every forecast model on the same rolling origins; the table, CSV or JSON; the
// best model by the chosen metric becomes the store's default for grip forecast.
#include <fmt/format.h>

#include <cmath>
#include <iostream>
#include <memory>

#include "commands.hpp"
#include "forecast_options.hpp"
#include "grip/core/errors.hpp"
#include "grip/core/output_file.hpp"
#include "grip/forecast/backtest.hpp"
#include "grip/forecast/forecast_layers.hpp"
#include "option_checks.hpp"

namespace grip::cli {
namespace {

std::string mean_sd(const forecast::MetricSummary& s, const char* format = "{:.2f}") {
  if (!std::isfinite(s.mean)) return "-";
  return fmt::format(fmt::runtime(format), s.mean) +
         (std::isfinite(s.sd) ? fmt::format(fmt::runtime("±" + std::string(format)), s.sd) : "");
}

void print_backtest(const forecast::BacktestResult& r, std::int64_t run_id) {
  std::cout << fmt::format("Backtest of {} ({}): target {}; {} windows\n", r.dataset, r.crs_code,
                           fmt::join(r.target_types, " + "), r.window_text);
  std::cout << fmt::format(
      "Study area A: {}; {} cells of {:g} m = {:.1f} km2. PAI is only comparable at the same A and cell "
      "size.\n",
      r.study_area.source, r.study_area.cells_in_area, r.cell_size_m, r.study_area.area_m2 / 1e6);
  std::cout << fmt::format(
      "Origins: {} scored ({} .. {}), after {} calibration warm-up ({}); each model is fitted only on "
      "windows "
      "before its target.\n\n",
      r.scored_windows.size(), r.scored_windows.front(), r.scored_windows.back(), r.warmup_windows.size(),
      fmt::join(r.warmup_windows, ", "));
  std::cout << fmt::format("{:<15}", "model");
  for (double c : r.coverages) std::cout << fmt::format(" {:>11}", fmt::format("PAI {:g}%", 100 * c));
  std::cout << fmt::format(" {:>11} {:>11} {:>11} {:>15} {:>13} {:>11} {:>11} {:>11} {:>11} {:>6}\n",
                           "hit 5%", "PEI 5%", "RRI 5%", "Brier x1000", "log loss", "AUC", "BSS naive",
                           "PAI5/base", "BSS base", "E/O");
  std::size_t at5 = 0;
  for (std::size_t i = 0; i < r.coverages.size(); ++i) {
    if (std::abs(r.coverages[i] - 0.05) < 1e-12) at5 = i;
  }
  for (const auto& m : r.models) {
    std::cout << fmt::format("{:<15}", m.name + (m.name == r.best_model ? " *" : ""));
    for (std::size_t i = 0; i < r.coverages.size(); ++i)
      std::cout << fmt::format(" {:>11}", mean_sd(m.pai[i][0], "{:.1f}"));
    forecast::MetricSummary brier_milli{1000 * m.brier.mean, 1000 * m.brier.sd};
    std::cout << fmt::format(
        " {:>11} {:>11} {:>11} {:>15} {:>13} {:>11} {:>11} {:>11} {:>11} {:>6}\n",
        mean_sd(m.hit_rate[at5][0]), mean_sd(m.pei[at5][0]), mean_sd(m.rri[at5][0]),
        mean_sd(brier_milli, "{:.3f}"), mean_sd(m.log_loss, "{:.4f}"), mean_sd(m.auc, "{:.3f}"),
        mean_sd(m.brier_skill_vs_naive, "{:.3f}"), mean_sd(m.pai_ratio_vs_baseline[at5], "{:.3f}"),
        mean_sd(m.brier_skill_vs_baseline, "{:.3f}"),
        std::isfinite(m.expected_over_observed) ? fmt::format("{:.3f}", m.expected_over_observed) : "-");
  }
  std::cout << fmt::format(
      "(mean±sd over the scored origins; Brier and log loss of calibrated probabilities; BSS = Brier skill "
      "against naive / the best baseline ({}), > 0 beats it; PAI5/base = PAI at 5 % / the best baseline's, "
      "per origin; E/O = total calibrated expected / total observed; * = the default)\n",
      r.best_baseline.empty() ? "none run" : r.best_baseline);
  std::cout << fmt::format("Level: {}.\n", r.level);
  std::cout << "E/O before the seasonal index (isotonic counts alone):";
  for (const auto& m : r.models) {
    if (std::isfinite(m.isotonic_expected_over_observed))
      std::cout << fmt::format(" {} {:.3f}", m.name, m.isotonic_expected_over_observed);
  }
  std::cout << "\n\n";
  for (const auto& m : r.models) {
    std::cout << fmt::format("  {:<15} {} ({:.2f} s)\n", m.name, m.description, m.seconds);
    if (m.name == "sepp" || m.name == "poisson-glm" || m.name == "nb-glm" || m.name == "ensemble") {
      std::vector<std::string> fitted;
      for (const auto& [name, value] : m.last_fitted) fitted.push_back(name + " = " + value);
      std::cout << fmt::format("  {:<15} fitted at the last origin: {}\n", "", fmt::join(fitted, "; "));
    }
  }
  for (const auto& m : r.models) {
    if (m.name != r.best_model) continue;
    std::cout << "\nReliability of " << m.name
              << " (pooled over scored origins; calibrated vs uncalibrated 1 - exp(-lambda)):\n";
    std::cout << fmt::format("  {:<12} {:>9} {:>10} {:>10}   {:>9} {:>10} {:>10}\n", "p range", "cells",
                             "mean p", "observed", "cells raw", "mean p", "observed");
    for (std::size_t b = 0; b < m.reliability.size(); ++b) {
      const auto& c = m.reliability[b];
      const auto& u = m.reliability_raw[b];
      const auto show = [](double v) {
        return std::isfinite(v) ? fmt::format("{:.4f}", v) : std::string("-");
      };
      std::cout << fmt::format("  {:<12} {:>9} {:>10} {:>10}   {:>9} {:>10} {:>10}\n",
                               fmt::format("{:g}-{:g}", c.lower, c.upper), c.count, show(c.mean_predicted),
                               show(c.observed_rate), u.count, show(u.mean_predicted), show(u.observed_rate));
    }
  }
  for (const auto& m : r.models) {
    if (m.name != r.best_model || m.count_reliability.empty()) continue;
    std::cout << "\nExpected counts of " << m.name
              << " by decile of expected count (calibrated, pooled over scored origins):\n";
    std::cout << fmt::format("  {:<7} {:>9} {:>14} {:>14}\n", "decile", "cells", "mean expected",
                             "mean observed");
    for (std::size_t d = 0; d < m.count_reliability.size(); ++d) {
      const auto& bin = m.count_reliability[d];
      std::cout << fmt::format("  {:<7} {:>9} {:>14.4f} {:>14.4f}\n", d + 1, bin.cells, bin.mean_expected,
                               bin.mean_observed);
    }
  }
  if (!r.choice.comparisons.empty()) {
    std::cout << fmt::format("\nPaired gain over origins against the best baseline {} ({}; 95 % interval):\n",
                             r.best_baseline, to_string(r.metric));
    for (const auto& c : r.choice.comparisons) {
      std::cout << fmt::format("  {:<15} {:>+9.4f} [{:+.4f}, {:+.4f}] over {} origins{}\n", c.model,
                               c.mean_gain, c.lower, c.upper, c.origins,
                               !c.beats_baseline ? ""
                               : c.counts_right
                                   ? "  beats the baseline"
                                   : "  beats the baseline, but E/O is outside 0.9-1.1: not offered");
    }
  }
  if (!r.notes.empty()) {
    std::cout << "\nNotes:\n";
    for (const auto& note : r.notes) std::cout << "  - " << note << "\n";
  }
  std::cout << fmt::format(
      "\nDefault: {}, because {}. Stored as the default model for grip forecast (backtest run {}).\n",
      r.best_model, r.choice.reason, run_id);
}

}  // namespace

Action add_backtest_command(CLI::App& app, const GlobalOptions& global) {
  auto* command = app.add_subcommand("backtest",
                                     "Score every forecast model on rolling origins over the stored history "
                                     "(each trained only on what came before): hit "
                                     "rate, PAI, PEI and RRI at 1/2/5/10 % of the area, Brier, log loss and "
                                     "AUC. A model becomes the default for "
                                     "grip forecast only when it beats the best simple baseline by more than "
                                     "the origin-to-origin noise; otherwise the baseline is the default.");
  struct Options {
    ForecastCliOptions shared;
    std::string metric = "pai5";
    std::string csv;
    bool csv_raw = false;
    int warmup = -1;
  };
  auto options = std::make_shared<Options>();
  add_forecast_data_options(*command, options->shared);
  command
      ->add_option("--models", options->shared.backtest.models,
                   "Models to compare (default: all the data supports: long-run-mean, naive, moving-average, "
                   "seasonal, all-crime, ewma, kde, prospective, sepp, poisson-glm, nb-glm, ensemble; "
                   "xgboost on request)")
      ->delimiter(',');
  command->add_option("--metric", options->metric, "Choose the default by pai5 (PAI at 5 %) or brier")
      ->capture_default_str()
      ->check(CLI::IsMember({"pai5", "brier"}));
  command
      ->add_option("--origins", options->shared.backtest.max_origins,
                   "Scored origins, the most recent (default: every month; 12 weeks; 28 days)")
      ->check(whole_number(1, 10'000));
  command
      ->add_option("--warmup", options->warmup,
                   "Origins that only feed calibration and the ensemble (default: 1 month, 2 weeks, 7 days)")
      ->check(whole_number(0, 1000));
  command->add_option("--csv", options->csv, "Also write every origin's scores to this CSV file");
  command->add_flag("--score-low-volume", options->shared.backtest.score_low_volume,
                    "Also score months or weeks whose volume is far below their neighbours' (left out by "
                    "default as likely incomplete)");
  command->add_flag(
      "--csv-raw", options->csv_raw,
      "CSV: text cells exactly as stored (by default a cell starting with = + - @ tab or CR gets a leading "
      "' so spreadsheets do not run it as a formula)");

  return [options, &global] {
    if (!options->csv.empty()) check_output_path(options->csv, "--csv", global.db);  // before hours of work
    store::Store store(global.db);
    const auto data = forecast::load_forecast_data(store, resolve_data_options(options->shared));
    auto backtest = options->shared.backtest;
    backtest.metric = forecast::selection_metric_from(options->metric);
    if (options->warmup >= 0) backtest.warmup_origins = static_cast<std::size_t>(options->warmup);
    backtest.progress = [&global](std::size_t index, std::size_t count, const std::string& label) {
      show_progress(index, count, "origin " + label, global.quiet);
    };
    const auto result = forecast::run_backtest(data, backtest);
    const auto run_id = forecast::write_backtest(store, result);
    if (!options->csv.empty()) {
      write_output_file(options->csv, forecast::backtest_csv(
                                          result, options->csv_raw ? CsvText::kRaw : CsvText::kNeutralised));
    }
    if (global.json) {
      auto json = forecast::backtest_json(result);
      json["run_id"] = run_id;
      std::cout << json.dump(2) << "\n";
    } else {
      print_backtest(result, run_id);
    }
    return 0;
  };
}

}  // namespace grip::cli

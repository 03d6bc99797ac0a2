// `grip forecast`: the next window's probability of serious violence per cell and per hotspot, from
// the store's default model (or --model), written to the forecast layers, with the top places explained.
#include <fmt/format.h>

#include <iostream>
#include <memory>

#include "commands.hpp"
#include "forecast_options.hpp"
#include "grip/core/text.hpp"
#include "grip/forecast/forecast_layers.hpp"
#include "grip/forecast/forecast_run.hpp"

namespace grip::cli {

Action add_forecast_command(CLI::App& app, const GlobalOptions& global) {
  auto* command = app.add_subcommand("forecast",
                                     "Forecast P(at least one serious-violence incident) and expected harm "
                                     "for the next window, per grid cell and per "
                                     "selected hotspot, with the store's default model (chosen by grip "
                                     "backtest) or --model; writes the forecast_cells and "
                                     "forecast_hotspots layers and ranks the top places with the reasons.");
  struct Options {
    ForecastCliOptions shared;
    forecast::ForecastOptions run;
  };
  auto options = std::make_shared<Options>();
  add_forecast_data_options(*command, options->shared);
  command->add_option("--model", options->run.model,
                      "Model (default: the store's default from grip backtest)");
  command
      ->add_option(
          "--cut", options->run.probability_cut,
          "Cells with a lower probability are not written to the layer (the ranked cells always are)")
      ->capture_default_str()
      ->check(number_in(0.0, 1.0));
  command
      ->add_option("--at-least", options->run.at_least,
                   "k of the P(>= k) column (default: 5 for month windows, 2 for weeks and days)")
      ->check(whole_number(1, 1000));
  command->add_option("--top", options->run.top, "Places to rank and explain")
      ->capture_default_str()
      ->check(whole_number(1, 1000));

  return [options, &global] {
    store::Store store(global.db);
    const auto data = forecast::load_forecast_data(store, resolve_data_options(options->shared));
    auto settings = options->run;
    settings.backtest = options->shared.backtest;
    const auto run = forecast::run_forecast(store, data, settings);
    const auto written = forecast::write_forecast(store, run, data);
    if (global.json) {
      auto json = forecast::forecast_json(run, data);
      json["run_id"] = written.run_id;
      std::cout << json.dump(2) << "\n";
      return 0;
    }
    std::cout << fmt::format("Forecast for {} ({} window) of {} in {}\n", run.target_window.label,
                             data.window_spec.describe(), fmt::join(data.target_types, " + "), data.dataset);
    std::cout << fmt::format("Model: {} ({}); {}\n", run.model, run.model_description, run.model_source);
    if (!run.fitted.empty()) {
      std::vector<std::string> fitted;
      for (const auto& [name, value] : run.fitted) fitted.push_back(name + " = " + value);
      std::cout << fmt::format("Fitted: {}\n", fmt::join(fitted, "; "));
    }
    std::cout << fmt::format(
        "Study area A: {}; {} cells of {:g} m = {:.1f} km2. Expected {:.1f} incidents in the window.\n",
        data.study_area.source, data.study_area.cells_in_area, data.grid.cell_size(),
        data.study_area.area_m2 / 1e6, run.expected_total);
    std::cout << "Probabilities calibrated: " << run.calibration << "\n";
    std::cout << "Level: " << run.level << "\n\n";
    std::cout << fmt::format(
        "Ranked by expected harm; expected = calibrated count (model's own lambda beside it); "
        "P(>= {}) is Poisson at the calibrated count.\n",
        run.at_least);
    std::cout << fmt::format("{:>4} {:>10} {:>10} {:>9} {:>8} {:>8} {:>9} {:>9}  {}\n", "rank", "x", "y",
                             "harm", "P(>=1)", fmt::format("P(>={})", run.at_least), "expected", "lambda",
                             "why");
    for (std::size_t i = 0; i < run.ranked.size(); ++i) {
      const auto& r = run.ranked[i];
      std::cout << fmt::format("{:>4} {:>10.0f} {:>10.0f} {:>9.2f} {:>8.3f} {:>8.3f} {:>9.3f} {:>9.3f}  {}\n",
                               i + 1, r.x, r.y, r.expected_harm, r.probability, r.probability_at_least_k,
                               r.expected, r.expected_uncalibrated, r.explanation);
    }
    if (!run.hotspots.empty()) {
      std::cout << fmt::format("\nSelected hotspots of hotspot run {}:\n", run.hotspot_run_id);
      for (const auto& h : run.hotspots) {
        std::cout << fmt::format("  {:<4} {:<50.50} P = {:.3f}  expected {:.2f}, harm {:.1f} ({})\n", h.id,
                                 h.name, h.probability, h.expected, h.expected_harm,
                                 counted(static_cast<std::int64_t>(h.cells), "cell"));
      }
    }
    if (!run.notes.empty()) {
      std::cout << "\nNotes:\n";
      for (const auto& note : run.notes) std::cout << "  - " << note << "\n";
    }
    std::cout << fmt::format(
        "\nWrote forecast run {}: {} cells ({} with P >= {:g}, plus the ranked cells; of {} in the study "
        "area) to "
        "forecast_cells, {} hotspots to forecast_hotspots.\n",
        written.run_id, written.cells_written, run.cells_above_cut, run.probability_cut, data.cells(),
        written.hotspots_written);
    return 0;
  };
}

}  // namespace grip::cli

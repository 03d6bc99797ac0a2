// `grip forecast` as a library call: fits the chosen model on all history, forecasts the next
// window, calibrates λ → P(≥ 1) on the model's last backtest origins (isotonic, backtest.hpp),
// and gives per-cell and per-hotspot (selected hotspots of the latest hotspot run) probabilities
// and expected harm, with the top places ranked and explained. Writing: forecast_layers.hpp.
#pragma once

#include <cstddef>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "grip/forecast/backtest.hpp"
#include "grip/forecast/forecast_data.hpp"
#include "grip/store/store.hpp"

namespace grip::forecast {

// Store settings written by the backtest and read by the forecast.
inline constexpr const char* kDefaultModelSetting = "forecast.default_model";
inline constexpr const char* kDefaultModelChoiceSetting = "forecast.default_model_choice";
inline constexpr const char* kEnsembleMembersSetting = "forecast.ensemble_members";
inline constexpr const char* kFallbackModel = "long-run-mean";

struct ForecastOptions {
  std::string model;              // empty: the store's default (set by grip backtest), else kFallbackModel
  BacktestOptions backtest;       // origins used to calibrate (calibration_origins of them)
  double probability_cut = 0.01;  // cells below this P are not written to the layer (ranked cells always are)
  std::size_t at_least = 0;       // k of P(≥ k) (Poisson at the calibrated count); 0: 5 for months, 2 else
  std::size_t top = 15;           // places ranked and explained
  double nearby_m = 250.0;        // "recent incidents nearby" radius
};

struct RankedCell {
  std::size_t study_cell = 0;
  std::size_t grid_cell = 0;
  double x = 0.0, y = 0.0;  // cell centre
  double probability = 0.0, expected = 0.0, expected_harm = 0.0;
  double probability_at_least_k = 0.0;  // P(≥ k), k = ForecastRun::at_least
  double expected_uncalibrated = 0.0;   // the model's own λ
  std::string explanation;
};

struct HotspotProbability {
  std::string id, name;
  std::size_t cells = 0;
  double probability = 0.0;  // 1 − Π (1 − p_c) over its cells
  double expected = 0.0;     // Σ λ_c
  double expected_harm = 0.0;
  std::string explanation;
};

struct ForecastRun {
  std::string created;
  std::string model, model_description, model_source;
  std::vector<std::pair<std::string, std::string>> fitted;
  WindowInfo target_window;
  // Per study cell: calibrated expected count (isotonic of observed count on λ over the calibration
  // origins), the model's λ, P(≥ 1) calibrated and raw, P(≥ k), expected harm (calibrated count).
  std::vector<double> expected, expected_raw, probability, probability_raw, probability_at_least_k,
      expected_harm;
  std::size_t at_least = 2;
  std::vector<RankedCell> ranked;            // top cells by expected harm
  std::vector<HotspotProbability> hotspots;  // by P, descending
  std::int64_t hotspot_run_id = 0;
  std::string calibration;  // what the calibration was fitted on
  std::string level;        // how the counts' total was set: r and the seasonal index (level.hpp)
  double probability_cut = 0.0;
  std::size_t cells_above_cut = 0;
  std::size_t cells_in_layer = 0;   // above the cut or ranked
  double expected_total = 0.0;      // Σ calibrated expected
  double expected_raw_total = 0.0;  // Σ λ
  std::vector<std::string> notes;
};

// Throws grip::UsageError for an unknown model, a model the data cannot support, or too little history.
[[nodiscard]] ForecastRun run_forecast(store::Store& store, const ForecastData& data,
                                       const ForecastOptions& options);

[[nodiscard]] nlohmann::json forecast_json(const ForecastRun& run, const ForecastData& data);

}  // namespace grip::forecast

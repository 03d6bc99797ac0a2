// The demo's forecast step (called by `grip demo`): a backtest of every model on the synthetic
// county's time-stamped extract (weekly windows) and a SEPP fit on all its serious violence and
// robbery, compared with the triggering parameters the generator planted. The tolerance is stated
// in docs/forecast.md: the county's background is not a homogeneous Poisson process (hour-of-week
// profile, hotspots), which leaks a little into the triggering estimate.
#pragma once

#include <string>

#include "grip/forecast/backtest.hpp"
#include "grip/forecast/sepp.hpp"
#include "grip/store/store.hpp"

namespace grip::forecast {

// Cut-offs for the demo's fit: the planted triggering decays within days (mean lag 12 h) and
// metres (σ 50 m); shorter cut-offs than the 60 days / 1 km default keep the background's own
// clustering (hour of week, hotspots) from being read as triggering.
inline constexpr double kDemoTimeCutoffDays = 7.0;
inline constexpr double kDemoSpaceCutoffM = 500.0;
inline constexpr double kDemoBackgroundBandwidthM = 100.0;

struct PlantedTriggering {
  double theta = 0.3;
  double omega_per_day = 2.0;
  double sigma_m = 50.0;
};

struct DemoForecast {
  BacktestResult backtest;
  SeppModel sepp;  // fitted on every target event of the extract
  PlantedTriggering planted;
  std::size_t events = 0;
  // Recovered: |θ̂ − θ| ≤ 0.1, ω̂ within a factor 1.5 of ω, |σ̂ − σ| ≤ 30 % of σ.
  bool theta_recovered = false, omega_recovered = false, sigma_recovered = false;
};

// dataset: the extract's ingest dataset name ("incidents" for the demo's mapping, which names none).
[[nodiscard]] DemoForecast demo_forecast(store::Store& store, const PlantedTriggering& planted,
                                         const std::string& dataset = "incidents");

}  // namespace grip::forecast

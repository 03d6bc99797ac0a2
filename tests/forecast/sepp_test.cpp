#include "grip/forecast/sepp.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <numbers>
#include <numeric>
#include <random>
#include <vector>

#include "grip/core/errors.hpp"

namespace {

using grip::geo::Grid;
using namespace grip::forecast;

// Uniform, exponential, normal and Poisson draws by inverse CDF / Box–Muller from the raw
// 64-bit stream, so the sample is the same on every standard library.
class Draws {
 public:
  explicit Draws(std::uint64_t seed) : engine_(seed) {}
  double uniform() { return (static_cast<double>(engine_() >> 11) + 0.5) * 0x1.0p-53; }  // (0, 1)
  double exponential(double rate) { return -std::log(uniform()) / rate; }
  double normal() {
    return std::sqrt(-2.0 * std::log(uniform())) * std::cos(2.0 * std::numbers::pi * uniform());
  }
  std::size_t poisson(double mean) {
    const double u = uniform();
    std::size_t k = 0;
    double term = std::exp(-mean);
    double cdf = term;
    while (u > cdf) {
      ++k;
      term *= mean / static_cast<double>(k);
      cdf += term;
    }
    return k;
  }

 private:
  std::mt19937_64 engine_;
};

// The branching form of the ETAS process: background events uniform in [0, side]² × [0, days],
// each event (background or child) having Poisson(θ) children, delayed by exponential(ω) days
// and displaced by N(0, σ²I); children after `days` are not observed.
std::vector<Event> simulate_branching(std::size_t background, double side, double days, double theta,
                                      double omega, double sigma, std::uint64_t seed) {
  Draws draw(seed);
  std::vector<Event> events;
  for (std::size_t i = 0; i < background; ++i) {
    const double x = side * draw.uniform();
    const double y = side * draw.uniform();
    events.push_back({x, y, days * draw.uniform()});
  }
  for (std::size_t parent = 0; parent < events.size(); ++parent) {  // grows as children arrive
    const std::size_t children = draw.poisson(theta);
    for (std::size_t c = 0; c < children; ++c) {
      const Event& p = events[parent];
      const double t = p.t + draw.exponential(omega);
      const double x = p.x + sigma * draw.normal();
      const double y = p.y + sigma * draw.normal();
      if (t <= days) events.push_back({x, y, t});
    }
  }
  return events;
}

TEST(Sepp, EmRecoversSimulatedBranchingParameters) {
  // 7,000 background events on 20 km × 20 km over a year, θ = 0.3, mean delay 2 days, σ = 100 m:
  // about 10,000 events. The cut-offs (60 days = 30 mean delays, 1 km = 10σ) lose nothing
  // measurable. Tolerance 10 % on each parameter.
  const auto events = simulate_branching(7000, 20'000.0, 365.0, 0.3, 0.5, 100.0, 20240611);
  ASSERT_GT(events.size(), 9000u);
  ASSERT_LT(events.size(), 11000u);
  const SeppModel model = fit_sepp(events);
  EXPECT_TRUE(model.converged);
  EXPECT_NEAR(model.parameters.theta, 0.3, 0.03);
  EXPECT_NEAR(model.parameters.omega, 0.5, 0.05);
  EXPECT_NEAR(model.parameters.sigma_m, 100.0, 10.0);
  EXPECT_NEAR(model.background_events, 7000.0, 700.0);
  EXPECT_NEAR(model.background_rate_per_day * (model.period_end_days - model.period_start_days),
              model.background_events, 1e-6);
  // EM never lowers the likelihood (beyond rounding and the binned background's small error).
  for (std::size_t i = 1; i < model.log_likelihood.size(); ++i) {
    EXPECT_GE(model.log_likelihood[i],
              model.log_likelihood[i - 1] - 1e-6 * std::abs(model.log_likelihood[i - 1]))
        << "iteration " << i;
  }
  ASSERT_EQ(model.background_probability.size(), events.size());
  for (double p : model.background_probability) {
    ASSERT_GE(p, 0.0);
    ASSERT_LE(p, 1.0);
  }
}

TEST(Sepp, EmRecoversSlowerWiderTriggering) {
  // θ = 0.5, mean delay 5 days, σ = 200 m on a 15 km square: a harder, more overlapping case.
  const auto events = simulate_branching(5000, 15'000.0, 365.0, 0.5, 0.2, 200.0, 7);
  const SeppModel model = fit_sepp(events);
  EXPECT_NEAR(model.parameters.theta, 0.5, 0.05);
  EXPECT_NEAR(model.parameters.omega, 0.2, 0.02);
  EXPECT_NEAR(model.parameters.sigma_m, 200.0, 20.0);
}

TEST(Sepp, PoissonEventsFindLittleTriggering) {
  const auto events = simulate_branching(4000, 10'000.0, 365.0, 0.0, 1.0, 1.0, 99);
  const SeppModel model = fit_sepp(events);
  EXPECT_LT(model.parameters.theta, 0.05);
  EXPECT_NEAR(model.background_events, 4000.0, 200.0);
}

// A model set by hand: fitted over days 0–100, cut-offs 60 days and 1 km, no background points.
SeppModel hand_model(double theta, double background_bandwidth_m) {
  SeppModel model;
  model.parameters = {theta, 0.2, 100.0};
  model.period_start_days = 0.0;
  model.period_end_days = 100.0;
  model.background_bandwidth_m = background_bandwidth_m;
  model.time_cutoff_days = 60.0;
  model.space_cutoff_m = 1000.0;
  return model;
}

TEST(Sepp, IntensityOnGridIntegratesTriggeringByHand) {
  const SeppModel model = hand_model(0.5, 500.0);
  // No background: only triggering. 21 × 21 cells of 100 m from (0, 0); events at cell (10, 10)'s centre.
  const Grid grid(0.0, 0.0, 100.0, 21, 21);
  const std::vector<Event> history = {
      {1050.0, 1050.0, 90.0}, {1050.0, 1050.0, 30.0}, {1050.0, 1050.0, 105.0}};
  const SeppForecast f = intensity_on_grid(model, history, grid, 100.0, 10.0);
  EXPECT_EQ(f.history_used, 2u);
  EXPECT_EQ(f.history_ignored, 1u);
  // Event at day 90, window [100, 110]: θ (e^{−0.2·10} − e^{−0.2·20}) = 0.5 (0.1353353 − 0.0183156);
  // the day-30 event is 70 days back, beyond the 60-day cut-off. The centre cell holds
  // (Φ(0.5) − Φ(−0.5))² = 0.3829249² of the Gaussian.
  const double in_time = 0.5 * (0.1353352832 - 0.0183156389);
  EXPECT_NEAR(f.triggered_expected, in_time, 1e-9);  // the grid holds 10σ each side: all the mass
  EXPECT_NEAR(f.expected[grid.cell(10, 10)], in_time * 0.3829249 * 0.3829249, 1e-8);
  // Neighbour (11, 10): (Φ(1.5) − Φ(0.5)) · 0.3829249 = 0.2417303 · 0.3829249.
  EXPECT_NEAR(f.expected[grid.cell(11, 10)], in_time * 0.2417303 * 0.3829249, 1e-8);
  // An event 50 days back: only days 50–60 of its triggering fall in the window (the cut-off).
  const std::vector<Event> older = {{1050.0, 1050.0, 50.0}};
  EXPECT_NEAR(intensity_on_grid(model, older, grid, 100.0, 10.0).triggered_expected,
              0.5 * (std::exp(-10.0) - std::exp(-12.0)), 1e-9);
}

TEST(Sepp, IntensityOnGridCarriesTheBackgroundRate) {
  SeppModel model = hand_model(0.0, 200.0);
  // One background point of weight 50 in the middle of a 4 km grid: 50 events over 100 days, so a
  // 10-day window expects 5, all but the 4σ-truncated tail (e^{−8}-sized) inside the grid.
  model.background_x = {2000.0};
  model.background_y = {2000.0};
  model.background_weight = {50.0};
  const Grid grid(0.0, 0.0, 100.0, 40, 40);
  const SeppForecast f = intensity_on_grid(model, {}, grid, 100.0, 10.0);
  EXPECT_NEAR(f.background_expected, 5.0, 5.0 * 1e-3);
  EXPECT_NEAR(std::accumulate(f.expected.begin(), f.expected.end(), 0.0), 5.0, 5.0 * 1e-3);
}

// Five events at four distinct points (0, 0), (100, 50) twice, (300, 50), (300, 250). Nearest
// distinct point: 111.803 (√12500), 111.803, 200, 200; the 10 % quantile, index ⌊0.1 · 3⌋ = 0 of
// the sorted four, is 111.803. Two of five events are stacked.
TEST(Sepp, CoordinatePrecisionByHand) {
  const std::vector<Event> events = {{0, 0, 1}, {100, 50, 2}, {100, 50, 3}, {300, 50, 4}, {300, 250, 5}};
  const auto precision = coordinate_precision(events);
  EXPECT_NEAR(precision.quantum_m, std::sqrt(12500.0), 1e-9);
  EXPECT_DOUBLE_EQ(precision.stacked_share, 0.4);
}

// Every child at exactly its parent's point (coordinates rounded to 100 m): the M-step's σ is 0
// without a floor; with the 100 m floor it is held there and the fit says so.
TEST(Sepp, SigmaIsHeldAtTheFloorOnStackedCoordinates) {
  auto events = simulate_branching(300, 5000.0, 200.0, 0.4, 0.5, 1.0, 7);
  for (auto& e : events) e.x = std::round(e.x / 100.0) * 100.0, e.y = std::round(e.y / 100.0) * 100.0;
  SeppOptions options;
  options.study_box = StudyBox{-100.0, -100.0, 5100.0, 5100.0};
  options.period_start_days = 0.0;
  options.period_end_days = 200.0;
  const auto free_fit = fit_sepp(events, options);
  EXPECT_LT(free_fit.parameters.sigma_m, 50.0);  // collapsed: the stacks read as zero-distance triggering
  EXPECT_FALSE(free_fit.sigma_at_floor);
  const auto precision = coordinate_precision(events);
  EXPECT_DOUBLE_EQ(precision.quantum_m, 100.0);
  options.sigma_floor_m = precision.quantum_m;
  const auto floored = fit_sepp(events, options);
  EXPECT_DOUBLE_EQ(floored.parameters.sigma_m, 100.0);
  EXPECT_TRUE(floored.sigma_at_floor);
}

TEST(Sepp, RefusesBadInput) {
  const std::vector<Event> one = {{0.0, 0.0, 0.0}};
  EXPECT_THROW((void)fit_sepp(one), grip::UsageError);
  const std::vector<Event> same_time = {{0.0, 0.0, 1.0}, {1.0, 1.0, 1.0}};
  EXPECT_THROW((void)fit_sepp(same_time), grip::UsageError);
  const std::vector<Event> two = {{0.0, 0.0, 0.0}, {10.0, 10.0, 1.0}};
  SeppOptions bad;
  bad.initial.theta = 1.5;
  EXPECT_THROW((void)fit_sepp(two, bad), grip::UsageError);
  SeppOptions boxed;
  boxed.study_box = StudyBox{0.0, 0.0, 5.0, 5.0};
  EXPECT_THROW((void)fit_sepp(two, boxed), grip::UsageError);
}

}  // namespace

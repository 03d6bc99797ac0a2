// Self-exciting point process (ETAS form; Mohler et al. 2011, parametric as Mohler 2014):
// λ(t, x) = μ(x) + Σ_{t_i < t} θ ω e^{−ω (t − t_i)} N(x − x_i; 0, σ² I), fitted by EM
// (stochastic declustering, Zhuang, Ogata & Vere-Jones 2002). Background μ(x) = (1/T) Σ_k p_kk
// K_h(x − x_k) / m_k: a Gaussian smooth (sd h, default 500 m, truncated at 4h) of the events
// weighted by their background probabilities, edge-corrected by each kernel's mass m_k inside the
// study box, constant in time; re-estimated every iteration. Pairs more than 60 days or 1 km apart
// are not candidate parent–child pairs (triggering beyond the cut-offs is ignored). docs/sepp.md.
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <vector>

#include "grip/forecast/events.hpp"
#include "grip/geo/grid.hpp"

namespace grip::forecast {

struct SeppParameters {
  double theta = 0.5;    // expected direct offspring per event (branching ratio)
  double omega = 0.1;    // per day: offspring delay ~ exponential with mean 1/ω days
  double sigma_m = 100;  // metres: offspring displacement ~ N(0, σ² I)
};

struct StudyBox {
  double x_min = 0.0;
  double y_min = 0.0;
  double x_max = 0.0;
  double y_max = 0.0;
};

struct SeppOptions {
  double background_bandwidth_m = 500.0;  // h, sd of the background's Gaussian smooth
  double time_cutoff_days = 60.0;         // τ: older events are not candidate parents
  double space_cutoff_m = 1000.0;         // D: farther events are not candidate parents
  SeppParameters initial{};               // θ₀ must lie in (0, 1)
  std::size_t max_iterations = 200;
  double tolerance = 1e-6;  // stop when θ, ω and σ each change by less than this, relatively
  // The observation period [start, end] in days; default the first and last event's times.
  std::optional<double> period_start_days;
  std::optional<double> period_end_days;
  // The study area the background lives in; default the events' bounding box.
  std::optional<StudyBox> study_box;
  // σ never goes below this (metres; 0 = no floor). On rounded or stacked coordinates EM reads
  // events at the same point as triggering at zero distance and σ collapses; the forecast model
  // sets the floor from coordinate_precision_m.
  double sigma_floor_m = 0.0;
};

struct CoordinatePrecision {
  double quantum_m = 0.0;  // the kPrecisionQuantile quantile of each distinct point's nearest distinct point
  double stacked_share = 0.0;  // share of events at exactly the same point as another event
};
inline constexpr double kPrecisionQuantile = 0.1;
// How finely the events' coordinates resolve place: on coordinates rounded to a step q (WGS84 to 3
// decimals ≈ 90–110 m, even after projection) no two distinct points lie closer than about q, so a
// low quantile (10 %, index ⌊0.1 (m − 1)⌋ of the m distinct points' sorted distances) of the
// nearest-distinct-point distance estimates q; on unrounded coordinates it is small. Any order.
[[nodiscard]] CoordinatePrecision coordinate_precision(std::span<const Event> events);

struct SeppModel {
  SeppParameters parameters;
  double background_events = 0.0;        // Σ p_kk: expected background events in the period
  double background_rate_per_day = 0.0;  // Σ p_kk / T over the whole study box
  double period_start_days = 0.0;
  double period_end_days = 0.0;
  StudyBox study_box;
  double background_bandwidth_m = 0.0;
  double time_cutoff_days = 0.0;
  double space_cutoff_m = 0.0;
  // One entry per input event, in input order: background probability p_kk and the background
  // smooth's point weight p_kk / m_k (μ(x) = Σ_k weight_k K_h(x − x_k) / T).
  std::vector<double> background_probability;
  std::vector<double> background_x;
  std::vector<double> background_y;
  std::vector<double> background_weight;
  // Log-likelihood Σ log λ(t_i, x_i) − ∫∫ λ at the parameters entering each iteration.
  std::vector<double> log_likelihood;
  std::size_t iterations = 0;
  bool converged = false;
  std::size_t candidate_pairs = 0;  // parent–child pairs inside the cut-offs
  bool sigma_at_floor = false;      // the last M-step wanted σ below options.sigma_floor_m
};

// Fits the model to the events (any order; t in days, x and y in metres). Throws
// grip::UsageError for fewer than 2 events, a non-finite event, an event outside the period or the
// study box, a period of zero length, or an option that is not positive and finite (θ₀ in (0, 1)).
[[nodiscard]] SeppModel fit_sepp(std::span<const Event> events, const SeppOptions& options = {});

struct SeppForecast {
  std::vector<double> expected;      // expected events per cell in the window, row-major as geo::Grid
  double background_expected = 0.0;  // Σ over the grid of the background part
  double triggered_expected = 0.0;   // Σ over the grid of the triggered part
  std::size_t history_used = 0;      // history events with t ≤ window start
  std::size_t history_ignored = 0;   // history events after the window start (not yet known)
};

// Expected events per grid cell in [window_start, window_start + window_days] given the history:
// background μ integrated over each cell × window_days, plus for each history event j (t_j ≤
// window_start) θ ∫ ω e^{−ω(s − t_j)} ds over the part of the window within τ of t_j, times the
// Gaussian's mass over the cell (exact, via the normal CDF; cells beyond D of the event in x or y
// get none). P(≥ 1 event) = 1 − e^{−expected}. Throws grip::UsageError for a non-finite
// history event or window start, or window_days not positive and finite.
[[nodiscard]] SeppForecast intensity_on_grid(const SeppModel& model, std::span<const Event> history,
                                             const geo::Grid& grid, double window_start_days,
                                             double window_days);

}  // namespace grip::forecast

// The self-exciting point process (sepp.hpp) as a forecast model: refitted by EM at every origin on
// the serious-violence events before it (warm-started from the previous origin's θ, ω, σ), study
// box = the grid, period = the first window's start to the origin; the forecast is the background
// plus the triggering of past events integrated over each cell and the target window.
#include <fmt/format.h>

#include <algorithm>
#include <optional>

#include "grip/core/errors.hpp"
#include "grip/forecast/models.hpp"
#include "grip/forecast/sepp.hpp"

namespace grip::forecast {
namespace {

class SeppForecastModel : public ForecastModel {
 public:
  explicit SeppForecastModel(bool explain) : explain_(explain) {}
  std::string name() const override { return "sepp"; }
  std::string description() const override {
    return "self-exciting point process (Mohler et al. 2011), EM, 60 day / 1 km cut-offs";
  }
  bool needs_time_stamps() const override { return true; }

  ModelForecast forecast(const History& history) override {
    if (!history.data().time_stamped) throw UsageError("the SEPP model needs time-stamped incidents");
    std::vector<Event> events;
    for (const auto& event : history.events()) {
      if (event.target) events.push_back({event.x, event.y, event.t_days});
    }
    const auto& grid = history.grid();
    const auto& target = history.target_window();
    ModelForecast result;
    if (events.size() < 2) {
      result.expected.assign(history.cells(), 0.0);
      result.fitted.emplace_back("note", "fewer than two events: nothing fitted");
      return result;
    }
    SeppOptions options;
    options.period_start_days = history.window(0).start_days;
    options.period_end_days = target.start_days;
    options.study_box = StudyBox{grid.x0(), grid.y0(), grid.x_max(), grid.y_max()};
    options.max_iterations = 100;
    options.tolerance = 1e-5;
    // Rounded or stacked coordinates: σ cannot be resolved below the coordinates' step.
    const auto precision = coordinate_precision(events);
    options.sigma_floor_m = precision.quantum_m;
    if (previous_) {
      options.initial = *previous_;
      options.initial.theta = std::clamp(options.initial.theta, 0.01, 0.95);
    }
    for (const auto& event : events)
      *options.period_start_days = std::min(*options.period_start_days, event.t);
    if (previous_) options.initial.sigma_m = std::max(options.initial.sigma_m, options.sigma_floor_m * 1.5);
    const auto model = fit_sepp(events, options);
    previous_ = model.parameters;
    if (model.sigma_at_floor) {
      result.degenerate = fmt::format(
          "SEPP fit degenerate: sigma held at the coordinate-precision floor {:.1f} m ({:.0f} % of events "
          "stacked "
          "on another's point), {} EM iterations; scored, but left out of the ensemble",
          precision.quantum_m, 100.0 * precision.stacked_share, model.iterations);
    }
    const auto surface = intensity_on_grid(model, events, grid, target.start_days, target.length_days);
    result.expected = gather_study_cells(history.data(), surface.expected);
    const auto& p = model.parameters;
    result.fitted = {{"theta", fmt::format("{:.4f}", p.theta)},
                     {"omega_per_day", fmt::format("{:.4f}", p.omega)},
                     {"sigma_m", fmt::format("{:.1f}", p.sigma_m)},
                     {"background_per_day", fmt::format("{:.3f}", model.background_rate_per_day)},
                     {"iterations", std::to_string(model.iterations)},
                     {"converged", model.converged ? "yes" : "no"},
                     {"events", std::to_string(events.size())},
                     {"sigma_floor_m", fmt::format("{:.1f}", precision.quantum_m)},
                     {"stacked_share", fmt::format("{:.3f}", precision.stacked_share)}};
    if (!result.degenerate.empty()) result.fitted.emplace_back("warning", result.degenerate);
    if (explain_) {
      const auto background = intensity_on_grid(model, {}, grid, target.start_days, target.length_days);
      ModelTerm base{"background", {}}, triggered{"near-repeat triggering", {}};
      for (std::size_t c = 0; c < history.cells(); ++c) {
        const double b = background.expected[history.data().study_cells[c]];
        base.contribution.push_back(static_cast<float>(b));
        triggered.contribution.push_back(static_cast<float>(std::max(0.0, result.expected[c] - b)));
      }
      result.terms = {std::move(base), std::move(triggered)};
    }
    return result;
  }

 private:
  bool explain_;
  std::optional<SeppParameters> previous_;
};

}  // namespace

std::unique_ptr<ForecastModel> make_sepp_model(bool explain) {
  return std::make_unique<SeppForecastModel>(explain);
}

}  // namespace grip::forecast

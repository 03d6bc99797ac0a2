// One interface for every forecast model: given the History at an origin (only the windows before
// it), the expected count of serious-violence incidents in each study cell over the target window.
// P(at least one) follows as 1 − e^{−λ} under a Poisson count, and is then calibrated on earlier
// backtest windows (backtest.hpp). Models, defaults and sources: docs/forecast.md.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "grip/forecast/forecast_data.hpp"

namespace grip::forecast {

// A named part of the model's forecast per study cell, so a ranked place can say what drove it:
// counts for additive models (background vs triggered), β·x on the log scale for the regression.
struct ModelTerm {
  std::string name;
  std::vector<float> contribution;  // per study cell
};

struct ModelForecast {
  std::vector<double> expected;                             // λ per study cell for the target window
  std::vector<ModelTerm> terms;                             // may be empty
  std::vector<std::pair<std::string, std::string>> fitted;  // fitted parameters, for printing
  // Non-empty when the fit is degenerate (SEPP's σ on the coordinate-precision floor): the
  // forecast is still scored, but the model stays out of the ensemble and the output says why.
  std::string degenerate;
};

// Settings of the models, with the defaults docs/forecast.md gives; zero means "by window kind".
struct ModelOptions {
  std::size_t moving_average_windows = 0;  // 3 months, 4 weeks or 7 days
  double ewma_alpha = 0.3;
  double kde_bandwidth_m = 300.0;         // quartic radius
  double prospective_distance_m = 400.0;  // Bowers, Johnson & Pease (2004)
  double prospective_time_days = 56.0;
  std::size_t regression_training_windows =
      0;                 // target windows the regression learns from: 6 months, 26 weeks, 56 days
  double ridge = 1e-4;   // L2 penalty on the regression's slopes (not the intercept)
  bool explain = false;  // fill ModelForecast::terms
};

class ForecastModel {
 public:
  virtual ~ForecastModel() = default;
  [[nodiscard]] virtual std::string name() const = 0;
  [[nodiscard]] virtual std::string description() const = 0;
  [[nodiscard]] virtual bool needs_time_stamps() const { return false; }
  // Why the model cannot forecast this history's target (empty when it can): the seasonal baseline
  // without a window a year before.
  [[nodiscard]] virtual std::string unavailable(const History& /*history*/) const { return {}; }
  // Fits on the history and forecasts its target window. May keep state between calls (a warm
  // start), but never reads beyond the History.
  [[nodiscard]] virtual ModelForecast forecast(const History& history) = 0;
};

// The base models, in table order, simplest first: the baselines long-run-mean, naive,
// moving-average, seasonal, all-crime; then ewma, kde, prospective, sepp, poisson-glm. "ensemble" is
// built by the backtest from the best of these and is the least simple.
[[nodiscard]] const std::vector<std::string>& base_model_names();
// The simple baselines every model is judged against.
[[nodiscard]] bool is_baseline(const std::string& name);
// Position in base_model_names() (the ensemble after them all): ties go to the lower rank.
[[nodiscard]] std::size_t simplicity_rank(const std::string& name);
inline constexpr const char* kEnsembleName = "ensemble";
// Poisson gradient boosting (xgboost_learner.hpp) on the regression's features: opt-in (--models),
// not a default model, because it costs about 5 s an origin on a county grid; needs libxgboost-dev.
inline constexpr const char* kBoostedName = "xgboost";
// The interpretable over-dispersed alternative to poisson-glm (same design, NB2 with θ by ML).
inline constexpr const char* kNegativeBinomialName = "nb-glm";

// Throws grip::UsageError for an unknown name.
[[nodiscard]] std::unique_ptr<ForecastModel> make_model(const std::string& name, const ModelOptions& options,
                                                        const WindowSpec& window);

// The mean of its members' forecasts (terms are each member's λ).
class EnsembleModel : public ForecastModel {
 public:
  explicit EnsembleModel(std::vector<std::unique_ptr<ForecastModel>> members);
  [[nodiscard]] std::string name() const override { return kEnsembleName; }
  [[nodiscard]] std::string description() const override;
  [[nodiscard]] bool needs_time_stamps() const override;
  [[nodiscard]] ModelForecast forecast(const History& history) override;

 private:
  std::vector<std::unique_ptr<ForecastModel>> members_;
};

// Averages member forecasts already made (the backtest's shortcut: no refit).
[[nodiscard]] ModelForecast average_forecasts(const std::vector<const ModelForecast*>& members,
                                              const std::vector<std::string>& names);

}  // namespace grip::forecast

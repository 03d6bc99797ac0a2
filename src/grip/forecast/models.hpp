// The concrete models behind make_model (forecast_model.hpp), one file each group:
// grid_models.cpp (naive, moving average, EWMA, retrospective KDE, prospective hotspotting),
// sepp_model.cpp, poisson_model.cpp. Internal to src/grip/forecast.
#pragma once

#include <memory>
#include <span>
#include <vector>

#include "grip/forecast/forecast_model.hpp"

namespace grip::forecast {

[[nodiscard]] std::unique_ptr<ForecastModel> make_naive_model();
[[nodiscard]] std::unique_ptr<ForecastModel> make_moving_average_model(std::size_t windows);
[[nodiscard]] std::unique_ptr<ForecastModel> make_ewma_model(double alpha);
[[nodiscard]] std::unique_ptr<ForecastModel> make_kde_model(double bandwidth_m);
[[nodiscard]] std::unique_ptr<ForecastModel> make_prospective_model(double distance_m, double time_days);
[[nodiscard]] std::unique_ptr<ForecastModel> make_sepp_model(bool explain);
[[nodiscard]] std::unique_ptr<ForecastModel> make_poisson_model(const ModelOptions& options,
                                                                const WindowSpec& window);
// The same design as a negative-binomial (NB2) GLM, θ by maximum likelihood.
[[nodiscard]] std::unique_ptr<ForecastModel> make_negative_binomial_model(const ModelOptions& options,
                                                                          const WindowSpec& window);
// The same features learned by Poisson gradient boosting; throws grip::UsageError without XGBoost.
[[nodiscard]] std::unique_ptr<ForecastModel> make_boosted_model(const ModelOptions& options,
                                                                const WindowSpec& window);

// A full-grid surface gathered onto the study cells.
[[nodiscard]] std::vector<double> gather_study_cells(const ForecastData& data,
                                                     std::span<const double> per_grid_cell);

}  // namespace grip::forecast

// The learned count model: Poisson regression (poisson_regression.hpp) of each cell's count in a
// window on what was known before it, all as log(1 + x): the cell's count in the last window, its
// mean over the last short and long spans (3 and 6 months, 4 and 12 weeks, 7 and 28 days), its
// mean over all history, the mean over the short span of its neighbours (the 3×3 ring and the
// 7×7 ring outside it) and of the other crime types in the cell; plus day-of-week dummies for day
// windows and month-of-year dummies for month windows given 24 months of history. Learned on the
// last 6 months / 26 weeks / 56 days of target windows before the origin; identical rows are pooled
// (exact for Poisson), which keeps the fit fast on county grids.
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <functional>
#include <unordered_map>

#include "grip/core/errors.hpp"
#include "grip/forecast/models.hpp"
#include "grip/forecast/poisson_regression.hpp"
#include "grip/forecast/xgboost_learner.hpp"

namespace grip::forecast {
namespace {

// Σ over the (2r+1)² box around each cell of a full-grid raster (cells off the grid count zero).
std::vector<double> box_sum(const geo::Grid& grid, const std::vector<double>& values, std::size_t r) {
  const std::size_t nx = grid.nx(), ny = grid.ny();
  std::vector<double> rows(values.size(), 0.0), out(values.size(), 0.0);
  for (std::size_t y = 0; y < ny; ++y) {
    double running = 0.0;
    const double* line = &values[y * nx];
    for (std::size_t x = 0; x < std::min(r, nx); ++x) running += line[x];
    for (std::size_t x = 0; x < nx; ++x) {
      if (x + r < nx) running += line[x + r];
      if (x > r) running -= line[x - r - 1];
      rows[y * nx + x] = running;
    }
  }
  for (std::size_t x = 0; x < nx; ++x) {
    double running = 0.0;
    for (std::size_t y = 0; y < std::min(r, ny); ++y) running += rows[y * nx + x];
    for (std::size_t y = 0; y < ny; ++y) {
      if (y + r < ny) running += rows[(y + r) * nx + x];
      if (y > r) running -= rows[(y - r - 1) * nx + x];
      out[y * nx + x] = running;
    }
  }
  return out;
}

class PoissonModel : public ForecastModel {
 public:
  PoissonModel(const ModelOptions& options, WindowKind window, bool boosted)
      : options_(options), window_(window), boosted_(boosted) {
    spans_ = window == WindowKind::kMonth  ? std::array<std::size_t, 2>{3, 6}
             : window == WindowKind::kWeek ? std::array<std::size_t, 2>{4, 12}
                                           : std::array<std::size_t, 2>{7, 28};
    training_ = options.regression_training_windows != 0 ? options.regression_training_windows
                : window == WindowKind::kMonth           ? 6
                : window == WindowKind::kWeek            ? 26
                                                         : 56;
  }
  std::string name() const override { return boosted_ ? "xgboost" : "poisson-glm"; }
  std::string description() const override {
    return fmt::format(
        "{} on lagged counts 1/{}/{} windows, all history, 3x3 and 7x7 neighbours, "
        "other crime types{}",
        boosted_ ? "Poisson gradient boosting (XGBoost)" : "Poisson regression (IRLS)", spans_[0], spans_[1],
        window_ == WindowKind::kDay ? ", day of week" : "");
  }

  ModelForecast forecast(const History& history) override {
    const std::size_t origin = history.origin();
    const std::size_t first_target = origin > training_ ? origin - training_ : 1;
    const std::size_t first_needed = first_target > spans_[1] ? first_target - spans_[1] : 0;
    // Dense counts of each window the features read, and the cumulative count before first_target.
    const std::size_t cells = history.cells();
    std::vector<std::vector<double>> target(origin), other(origin);
    for (std::size_t w = first_needed; w < origin; ++w) {
      target[w] = history.counts(w, true);
      if (w + spans_[0] >= first_target) other[w] = history.counts(w, false);
    }
    std::vector<double> cumulative = history.summed_counts(0, first_needed);
    for (std::size_t w = first_needed; w < first_target; ++w) {
      for (std::size_t c = 0; c < cells; ++c) cumulative[c] += target[w][c];
    }
    const bool seasonal_days = window_ == WindowKind::kDay && origin >= 14;
    const bool seasonal_months = window_ == WindowKind::kMonth && origin >= 24;
    const std::size_t season_levels = seasonal_days ? 7 : seasonal_months ? 12 : 1;
    const std::size_t p = kLagFeatures + 1 + (season_levels - 1);
    names_ = {"intercept",
              "last window",
              fmt::format("last {} windows", spans_[0]),
              fmt::format("last {} windows", spans_[1]),
              "all history",
              "3x3 neighbours",
              "7x7 neighbours",
              "other crime types"};
    for (std::size_t s = 1; s < season_levels; ++s) {
      names_.push_back(seasonal_days ? fmt::format("day {}", s) : fmt::format("month {}", s + 1));
    }

    // Rows with identical features and season are pooled (weight = rows, response = their mean count),
    // which leaves the Poisson fit unchanged: most cells repeat a handful of small-count patterns.
    Pooled pooled;  // → (rows, Σ y)
    std::vector<double> features(cells * kLagFeatures);
    std::size_t rows_read = 0;
    for (std::size_t w = first_target; w <= origin; ++w) {
      lag_features(history, target, other, cumulative, w, features);
      if (w == origin) break;
      const std::size_t season = season_of(history, w, seasonal_days, seasonal_months);
      for (std::size_t c = 0; c < cells; ++c) {
        RowKey key{{}, season};
        std::copy_n(&features[c * kLagFeatures], kLagFeatures, key.lags.begin());
        auto& pool = pooled[key];
        pool.first += 1.0;
        pool.second += target[w][c];
        ++rows_read;
      }
      for (std::size_t c = 0; c < cells; ++c) cumulative[c] += target[w][c];
    }
    if (boosted_)
      return boosted_forecast(pooled, features, season_of(history, origin, seasonal_days, seasonal_months),
                              cells, rows_read);
    // A lag term identical to an earlier one on every training row (short history: the 3-, 6-month
    // and all-history means coincide) is collinear: it is dropped (β = 0) rather than sharing the
    // earlier term's weight.
    std::array<std::size_t, kLagFeatures> same_as{};
    for (std::size_t j = 0; j < kLagFeatures; ++j) {
      same_as[j] = j;
      for (std::size_t k = 0; k < j && same_as[j] == j; ++k) {
        if (same_as[k] != k) continue;
        const bool identical = std::all_of(pooled.begin(), pooled.end(), [&](const auto& row) {
          return row.first.lags[j] == row.first.lags[k];
        });
        if (identical) same_as[j] = k;
      }
    }
    std::vector<std::size_t> kept;  // lag features in the design
    for (std::size_t j = 0; j < kLagFeatures; ++j) {
      if (same_as[j] == j) kept.push_back(j);
    }
    const std::size_t fitted_p = 1 + kept.size() + (season_levels - 1);
    std::vector<double> design, response, weights;
    design.reserve(pooled.size() * fitted_p);
    for (const auto& [key, pool] : pooled) {
      design.push_back(1.0);
      for (const auto j : kept) design.push_back(key.lags[j]);
      for (std::size_t s = 1; s < season_levels; ++s) design.push_back(s == key.season ? 1.0 : 0.0);
      response.push_back(pool.second / pool.first);
      weights.push_back(pool.first);
    }
    ModelForecast result;
    result.expected.assign(cells, 0.0);
    if (response.empty()) return result;
    const auto reduced = fit_poisson_irls(design, fitted_p, response, weights, options_.ridge);
    // Coefficients back in the full layout (intercept, seven lags, seasons), dropped terms at 0.
    PoissonFit fit = reduced;
    fit.coefficients.assign(p, 0.0);
    fit.coefficients[0] = reduced.coefficients[0];
    for (std::size_t i = 0; i < kept.size(); ++i) fit.coefficients[kept[i] + 1] = reduced.coefficients[i + 1];
    for (std::size_t s = 1; s < season_levels; ++s)
      fit.coefficients[kLagFeatures + s] = reduced.coefficients[kept.size() + s];
    // features now hold the origin's lags (the loop stopped after computing them).
    const std::size_t season = season_of(history, origin, seasonal_days, seasonal_months);
    if (options_.explain) {
      for (std::size_t j = 1; j <= kLagFeatures; ++j)
        result.terms.push_back({names_[j], std::vector<float>(cells)});
    }
    for (std::size_t c = 0; c < cells; ++c) {
      double eta = fit.coefficients[0] + (season > 0 ? fit.coefficients[kLagFeatures + season] : 0.0);
      for (std::size_t j = 0; j < kLagFeatures; ++j) {
        const double term = fit.coefficients[j + 1] * features[c * kLagFeatures + j];
        eta += term;
        if (options_.explain) result.terms[j].contribution[c] = static_cast<float>(term);
      }
      result.expected[c] = std::exp(std::min(eta, 30.0));
    }
    for (std::size_t j = 0; j < p; ++j) {
      const bool dropped = j >= 1 && j <= kLagFeatures && same_as[j - 1] != j - 1;
      result.fitted.emplace_back("beta " + names_[j],
                                 dropped ? "dropped (same as " + names_[same_as[j - 1] + 1] + " on every row)"
                                         : fmt::format("{:+.4f}", fit.coefficients[j]));
    }
    result.fitted.emplace_back(
        "rows", fmt::format("{} cell-windows pooled into {} distinct rows", rows_read, response.size()));
    result.fitted.emplace_back(
        "irls", fmt::format("{} iterations{}", fit.iterations, fit.converged ? "" : " (not converged)"));
    return result;
  }

 private:
  static constexpr std::size_t kLagFeatures = 7;
  struct RowKey {
    std::array<double, kLagFeatures> lags;
    std::size_t season;
    bool operator==(const RowKey&) const = default;
  };
  struct RowHash {
    std::size_t operator()(const RowKey& key) const noexcept {
      std::size_t h = key.season;
      for (double v : key.lags) h = h * 1000003u ^ std::hash<double>{}(v);
      return h;
    }
  };
  using Pooled = std::unordered_map<RowKey, std::pair<double, double>, RowHash>;

  // The same pooled rows and features, learned by Poisson gradient boosting (xgboost_learner.hpp):
  // the season enters as one numeric feature (day of week or month index), which trees can split.
  ModelForecast boosted_forecast(const Pooled& pooled, const std::vector<double>& features,
                                 std::size_t season, std::size_t cells, std::size_t rows_read) const {
    constexpr std::size_t kColumns = kLagFeatures + 1;
    std::vector<float> train, label, weight, predict;
    train.reserve(pooled.size() * kColumns);
    for (const auto& [key, pool] : pooled) {
      for (double v : key.lags) train.push_back(static_cast<float>(v));
      train.push_back(static_cast<float>(key.season));
      label.push_back(static_cast<float>(pool.second / pool.first));
      weight.push_back(static_cast<float>(pool.first));
    }
    predict.reserve(cells * kColumns);
    for (std::size_t c = 0; c < cells; ++c) {
      for (std::size_t j = 0; j < kLagFeatures; ++j)
        predict.push_back(static_cast<float>(features[c * kLagFeatures + j]));
      predict.push_back(static_cast<float>(season));
    }
    ModelForecast result;
    result.expected.assign(cells, 0.0);
    if (label.empty()) return result;
    const auto fit = fit_poisson_boosting(train, kColumns, label, weight, predict, options_.explain);
    result.expected = fit.predicted;
    if (options_.explain) {
      for (std::size_t j = 0; j < kColumns; ++j) {
        result.terms.push_back(
            {j < kLagFeatures ? names_[j + 1] : std::string("season"), fit.contributions[j]});
      }
    }
    result.fitted.emplace_back("boosting", fit.summary);
    result.fitted.emplace_back(
        "rows", fmt::format("{} cell-windows pooled into {} distinct rows", rows_read, label.size()));
    return result;
  }

  static std::size_t season_of(const History& history, std::size_t w, bool days, bool months) {
    const auto& info = w < history.origin() ? history.window(w) : history.target_window();
    if (days) return static_cast<std::size_t>(info.day_of_week);
    if (months) return static_cast<std::size_t>(info.month_of_year - 1);
    return 0;
  }

  // log(1 + x) of the seven lag features of every study cell for target window w (from windows < w).
  void lag_features(const History& history, const std::vector<std::vector<double>>& target,
                    const std::vector<std::vector<double>>& other, const std::vector<double>& cumulative,
                    std::size_t w, std::vector<double>& features) const {
    const std::size_t cells = history.cells();
    const auto& data = history.data();
    const auto span_mean = [&](const std::vector<std::vector<double>>& series, std::size_t span,
                               std::size_t c) {
      const std::size_t k = std::min(span, w);
      double sum = 0.0;
      for (std::size_t v = w - k; v < w; ++v) sum += series[v][c];
      return sum / static_cast<double>(k);
    };
    std::vector<double> recent_grid(history.grid().cell_count(), 0.0);
    for (std::size_t c = 0; c < cells; ++c)
      recent_grid[data.study_cells[c]] = span_mean(target, spans_[0], c);
    const auto near = box_sum(history.grid(), recent_grid, 1);
    const auto wide = box_sum(history.grid(), recent_grid, 3);
    for (std::size_t c = 0; c < cells; ++c) {
      const std::size_t g = data.study_cells[c];
      double* f = &features[c * kLagFeatures];
      f[0] = target[w - 1][c];
      f[1] = span_mean(target, spans_[0], c);
      f[2] = span_mean(target, spans_[1], c);
      f[3] = cumulative[c] / static_cast<double>(w);
      f[4] = near[g] - recent_grid[g];
      f[5] = wide[g] - near[g];
      f[6] = span_mean(other, spans_[0], c);
      for (std::size_t j = 0; j < kLagFeatures; ++j) f[j] = std::log1p(std::max(0.0, f[j]));
    }
  }

  ModelOptions options_;
  WindowKind window_;
  bool boosted_ = false;
  std::array<std::size_t, 2> spans_{};
  std::size_t training_ = 0;
  std::vector<std::string> names_;
};

}  // namespace

std::unique_ptr<ForecastModel> make_poisson_model(const ModelOptions& options, WindowKind window) {
  return std::make_unique<PoissonModel>(options, window, false);
}

std::unique_ptr<ForecastModel> make_boosted_model(const ModelOptions& options, WindowKind window) {
  if (!xgboost_available()) throw UsageError("model xgboost: this Grip was built without libxgboost-dev");
  return std::make_unique<PoissonModel>(options, window, true);
}

}  // namespace grip::forecast

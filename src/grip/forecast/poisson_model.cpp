// The learned count models: Poisson regression (poisson_regression.hpp), the same design as a
// negative-binomial NB2 GLM (negative_binomial_regression.hpp), or XGBoost, of each cell's count in a
// window on what was known before it, as log(1 + x): the cell's count in the last window, its mean
// over the short and long spans (3/6 months, 4/12 weeks, 7/28 days, 7/28 days of shifts), all
// history, the 3×3 ring and the 7×7 ring outside it, every crime type over all history (the
// all-crime baseline's signal); leading indicators (public order, ASB, weapons,
// drugs, the rest: each type group's mean over the short span in the cell); place features
// (place_features.hpp: distance to the nearest all-crime peak, the district's and LSOA's rate);
// plus day-of-week, shift-slot or month-of-year dummies. Learned on the last 6 months / 26 weeks /
// 56 days or shifts of target windows before the origin; identical rows are pooled (exact), which
// keeps the fit fast on county grids. Terms constant or equal to an earlier one are dropped.
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <cstdint>

#include "grip/core/errors.hpp"
#include "grip/forecast/models.hpp"
#include "grip/forecast/negative_binomial_regression.hpp"
#include "grip/forecast/place_features.hpp"
#include "grip/forecast/poisson_regression.hpp"
#include "grip/forecast/xgboost_learner.hpp"

namespace grip::forecast {
namespace {

class PoissonModel : public ForecastModel {
 public:
  enum class Learner { kPoisson, kNegativeBinomial, kBoosted };
  PoissonModel(const ModelOptions& options, const WindowSpec& window, Learner learner)
      : options_(options),
        window_(window.kind),
        spec_(window),
        learner_(learner),
        boosted_(learner == Learner::kBoosted) {
    // Shifts: the windows of the last 7 and 28 days (21 and 84 shifts of 8 h).
    spans_ = window.kind == WindowKind::kMonth  ? std::array<std::size_t, 2>{3, 6}
             : window.kind == WindowKind::kWeek ? std::array<std::size_t, 2>{4, 12}
             : window.kind == WindowKind::kShift
                 ? std::array{window.windows_in_days(7.0), window.windows_in_days(28.0)}
                 : std::array<std::size_t, 2>{7, 28};
    training_ = by_window_kind(window.kind, options.regression_training_windows, 6, 26, 56);
    season_levels_ = season_levels(window);
  }
  std::string name() const override {
    return boosted_                                 ? kBoostedName
           : learner_ == Learner::kNegativeBinomial ? kNegativeBinomialName
                                                    : "poisson-glm";
  }
  std::string description() const override {
    return fmt::format(
        "{} on lagged counts 1/{}/{} windows, all history, 3x3 and 7x7 neighbours, other crime types by "
        "group, distance to an all-crime peak, district and LSOA rates{}",
        boosted_                                 ? "Poisson gradient boosting (XGBoost)"
        : learner_ == Learner::kNegativeBinomial ? "negative-binomial (NB2) regression, theta by ML"
                                                 : "Poisson regression (IRLS)",
        spans_[0], spans_[1],
        window_ == WindowKind::kDay     ? ", day of week"
        : window_ == WindowKind::kShift ? (spec_.recurring() ? ", day of week" : ", shift of day")
                                        : "");
  }

  ModelForecast forecast(const History& history) override {
    const std::size_t origin = history.origin();
    const std::size_t first_target = origin > training_ ? origin - training_ : 1;
    const std::size_t first_needed = first_target > spans_[1] ? first_target - spans_[1] : 0;
    // Dense counts of each window the features read, and the cumulative count before first_target.
    const std::size_t cells = history.cells();
    std::vector<std::vector<double>> target(origin);
    for (std::size_t w = first_needed; w < origin; ++w) target[w] = history.counts(w, true);
    std::vector<double> cumulative = history.summed_counts(0, first_needed);
    for (std::size_t w = first_needed; w < first_target; ++w) {
      for (std::size_t c = 0; c < cells; ++c) cumulative[c] += target[w][c];
    }
    // The other crime types by group (leading indicators), each window the short span reads.
    const auto group_of_type = indicator_groups(history.data());
    std::vector<std::array<std::vector<double>, kIndicatorGroups>> groups(origin);
    const auto place = place_features(history, first_target);
    // Every type's count before first_target: the all-crime baseline's signal as a term.
    std::vector<double> all_cumulative = history.summed_counts(0, first_target, false);
    for (std::size_t c = 0; c < cells; ++c) all_cumulative[c] += cumulative[c];
    for (std::size_t w = first_target > spans_[0] ? first_target - spans_[0] : 0; w < origin; ++w) {
      for (auto& g : groups[w]) g.assign(cells, 0.0);
      for (const auto& event : history.window_events(w)) {
        if (!event.target) groups[w][group_of_type[event.type]][event.cell] += 1.0;
      }
    }
    const bool seasonal_days = window_ == WindowKind::kDay && spec_.length() == 1.0 && origin >= 14;
    const bool seasonal_months = window_ == WindowKind::kMonth && origin >= 24;
    const bool seasonal_shifts =
        window_ == WindowKind::kShift && season_levels_ > 1 && origin >= 2 * season_levels_;
    const std::size_t season_levels = seasonal_days     ? 7
                                      : seasonal_months ? 12
                                      : seasonal_shifts ? season_levels_
                                                        : 1;
    const std::size_t p = kLagFeatures + 1 + (season_levels - 1);
    names_ = {"intercept",
              "last window",
              fmt::format("last {} windows", spans_[0]),
              fmt::format("last {} windows", spans_[1]),
              "all history",
              "3x3 neighbours",
              "7x7 neighbours",
              "all crime, all history",
              "public order",
              "anti-social behaviour",
              "possession of weapons",
              "drugs",
              "other crime types",
              "distance to an all-crime peak",
              "district rate",
              "LSOA rate"};
    for (std::size_t s = 1; s < season_levels; ++s) {
      names_.push_back(seasonal_days     ? fmt::format("day {}", s)
                       : seasonal_shifts ? fmt::format("slot {}", s)
                                         : fmt::format("month {}", s + 1));
    }

    // Rows with identical features and season are pooled (weight = rows, response = their mean count),
    // which leaves the Poisson fit unchanged: most cells repeat a handful of small-count patterns.
    Pooled pooled;  // → (rows, Σ y)
    std::vector<double> features(cells * kLagFeatures);
    std::size_t rows_read = 0;
    LagScratch scratch;
    for (std::size_t w = first_target; w <= origin; ++w) {
      lag_features(history, target, groups, cumulative, all_cumulative, place, w, features, scratch);
      if (w == origin) break;
      const std::size_t season = season_of(history, w, seasonal_days, seasonal_months, seasonal_shifts);
      for (std::size_t c = 0; c < cells; ++c) {
        // NB: θ depends on each count, so rows pool only with equal counts too (exact for both fits).
        RowKey key{{}, season, learner_ == Learner::kNegativeBinomial ? target[w][c] : -1.0};
        std::copy_n(&features[c * kLagFeatures], kLagFeatures, key.lags.begin());
        auto& pool = pooled[key];
        pool.first += 1.0;
        pool.second += target[w][c];
        ++rows_read;
      }
      for (std::size_t c = 0; c < cells; ++c) {
        cumulative[c] += target[w][c];
        all_cumulative[c] += target[w][c];
        for (const auto& g : groups[w]) all_cumulative[c] += g[c];
      }
    }
    if (boosted_)
      return boosted_forecast(pooled, features,
                              season_of(history, origin, seasonal_days, seasonal_months, seasonal_shifts),
                              cells, rows_read);
    // A lag term identical to an earlier one on every training row (short history: the 3-, 6-month
    // and all-history means coincide) is collinear: it is dropped (β = 0) rather than sharing the
    // earlier term's weight.
    // A term constant on every row (a crime type the data lacks, no districts) is dropped too.
    std::array<std::size_t, kLagFeatures> same_as{};
    std::array<bool, kLagFeatures> constant{};
    const auto& keys = pooled.keys();
    for (std::size_t j = 0; j < kLagFeatures; ++j) {
      const double first_value = keys.empty() ? 0.0 : keys.front().lags[j];
      constant[j] = std::all_of(keys.begin(), keys.end(),
                                [&](const RowKey& row) { return row.lags[j] == first_value; });
    }
    for (std::size_t j = 0; j < kLagFeatures; ++j) {
      same_as[j] = j;
      if (constant[j]) continue;
      for (std::size_t k = 0; k < j && same_as[j] == j; ++k) {
        if (same_as[k] != k || constant[k]) continue;
        const bool identical = std::all_of(keys.begin(), keys.end(),
                                           [&](const RowKey& row) { return row.lags[j] == row.lags[k]; });
        if (identical) same_as[j] = k;
      }
    }
    std::vector<std::size_t> kept;  // lag features in the design
    for (std::size_t j = 0; j < kLagFeatures; ++j) {
      if (same_as[j] == j && !constant[j]) kept.push_back(j);
    }
    const std::size_t fitted_p = 1 + kept.size() + (season_levels - 1);
    std::vector<double> design, response, weights;
    design.reserve(pooled.size() * fitted_p);
    for (std::size_t row = 0; row < keys.size(); ++row) {
      const RowKey& key = keys[row];
      const auto& pool = pooled.totals()[row];
      design.push_back(1.0);
      for (const auto j : kept) design.push_back(key.lags[j]);
      for (std::size_t s = 1; s < season_levels; ++s) design.push_back(s == key.season ? 1.0 : 0.0);
      response.push_back(pool.second / pool.first);
      weights.push_back(pool.first);
    }
    ModelForecast result;
    result.expected.assign(cells, 0.0);
    if (response.empty()) return result;
    // Warm start from the previous origin's fit when the same terms are in the design (a backtest
    // refits at every origin; IRLS then needs a few iterations instead of about 40).
    std::vector<double> start;
    if (previous_kept_ == kept && previous_.size() == fitted_p) start = previous_;
    PoissonFit reduced;
    double theta = 0.0, theta_se = 0.0;
    if (learner_ == Learner::kNegativeBinomial) {
      auto nb = fit_negative_binomial(design, fitted_p, response, weights, options_.ridge, start,
                                      start.empty() ? 0.0 : previous_theta_);
      reduced.coefficients = std::move(nb.coefficients);
      reduced.iterations = nb.iterations;
      reduced.converged = nb.converged;
      theta = nb.theta, theta_se = nb.theta_se;
    } else {
      reduced = fit_log_link_irls(design, fitted_p, response, weights, options_.ridge, kPoissonSize, start);
    }
    previous_ = reduced.coefficients, previous_kept_ = kept, previous_theta_ = theta;
    // Coefficients back in the full layout (intercept, every term, seasons), dropped terms at 0.
    PoissonFit fit = reduced;
    fit.coefficients.assign(p, 0.0);
    fit.coefficients[0] = reduced.coefficients[0];
    for (std::size_t i = 0; i < kept.size(); ++i) fit.coefficients[kept[i] + 1] = reduced.coefficients[i + 1];
    for (std::size_t s = 1; s < season_levels; ++s)
      fit.coefficients[kLagFeatures + s] = reduced.coefficients[kept.size() + s];
    // features now hold the origin's lags (the loop stopped after computing them).
    const std::size_t season = season_of(history, origin, seasonal_days, seasonal_months, seasonal_shifts);
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
      const bool lag = j >= 1 && j <= kLagFeatures;
      if (lag && constant[j - 1]) {
        result.fitted.emplace_back("beta " + names_[j], "dropped (constant on every row)");
        continue;
      }
      const bool dropped = lag && same_as[j - 1] != j - 1;
      result.fitted.emplace_back("beta " + names_[j],
                                 dropped ? "dropped (same as " + names_[same_as[j - 1] + 1] + " on every row)"
                                         : fmt::format("{:+.4f}", fit.coefficients[j]));
    }
    result.fitted.emplace_back(
        "rows", fmt::format("{} cell-windows pooled into {} distinct rows", rows_read, response.size()));
    if (learner_ == Learner::kNegativeBinomial) {
      result.fitted.emplace_back("theta", theta >= kMaxTheta
                                              ? std::string("no over-dispersion (Poisson)")
                                              : fmt::format("{:.4f} (SE {:.4f})", theta, theta_se));
    }
    result.fitted.emplace_back(
        learner_ == Learner::kNegativeBinomial ? "beta/theta alternations" : "irls",
        fmt::format("{} iterations{}", fit.iterations, fit.converged ? "" : " (not converged)"));
    return result;
  }

 private:
  static constexpr std::size_t kLagFeatures = 15;
  static constexpr std::size_t kIndicatorGroups = 5;  // public order, ASB, weapons, drugs, the rest
  static constexpr std::size_t kPlaceFeatures = 3;    // distance to a peak, district rate, LSOA rate
  struct RowKey {
    std::array<double, kLagFeatures> lags;
    std::size_t season;
    double count;  // the response (NB), or −1 when rows pool regardless of it (Poisson, boosting)
    bool operator==(const RowKey&) const = default;
  };
  // The distinct rows in the order first seen (so the design, and the fit's last digits, do not
  // depend on a hash table's iteration order), with (rows, Σ y) each, found through an
  // open-addressing index. The Essex months give 980,406 cell-windows an origin, pooled into 284,693
  // rows for nb-glm; std::unordered_map's node per row made the lookups, and the column checks that
  // walk every row, chase pointers (half of the model's own time in the demo's profile).
  class Pooled {
   public:
    std::pair<double, double>& operator[](const RowKey& key) {
      if (2 * (keys_.size() + 1) > slots_.size()) grow();
      for (std::size_t slot = hash(key) & (slots_.size() - 1);; slot = (slot + 1) & (slots_.size() - 1)) {
        const std::uint32_t index = slots_[slot];
        if (index == kEmpty) {
          slots_[slot] = static_cast<std::uint32_t>(keys_.size());
          keys_.push_back(key);
          return totals_.emplace_back(0.0, 0.0);
        }
        if (keys_[index] == key) return totals_[index];
      }
    }
    [[nodiscard]] std::size_t size() const { return keys_.size(); }
    [[nodiscard]] bool empty() const { return keys_.empty(); }
    [[nodiscard]] const std::vector<RowKey>& keys() const { return keys_; }
    [[nodiscard]] const std::vector<std::pair<double, double>>& totals() const { return totals_; }

   private:
    static constexpr std::uint32_t kEmpty = 0xffffffffu;
    static std::uint64_t bits(double v) { return std::bit_cast<std::uint64_t>(v + 0.0); }  // −0 as +0
    static std::size_t hash(const RowKey& key) {
      std::uint64_t h = key.season * 0x9e3779b97f4a7c15ull ^ bits(key.count);
      for (double v : key.lags) h = (h ^ bits(v)) * 0xff51afd7ed558ccdull, h ^= h >> 32;
      return static_cast<std::size_t>(h ^ (h >> 29));
    }
    void grow() {
      slots_.assign(std::max<std::size_t>(64, slots_.size() * 2), kEmpty);
      for (std::size_t i = 0; i < keys_.size(); ++i) {
        std::size_t slot = hash(keys_[i]) & (slots_.size() - 1);
        while (slots_[slot] != kEmpty) slot = (slot + 1) & (slots_.size() - 1);
        slots_[slot] = static_cast<std::uint32_t>(i);
      }
    }
    std::vector<RowKey> keys_;
    std::vector<std::pair<double, double>> totals_;
    std::vector<std::uint32_t> slots_;
  };

  // The same pooled rows and features, learned by Poisson gradient boosting (xgboost_learner.hpp):
  // the season enters as one numeric feature (day of week or month index), which trees can split.
  ModelForecast boosted_forecast(const Pooled& pooled, const std::vector<double>& features,
                                 std::size_t season, std::size_t cells, std::size_t rows_read) const {
    constexpr std::size_t kColumns = kLagFeatures + 1;
    std::vector<float> train, label, weight, predict;
    train.reserve(pooled.size() * kColumns);
    for (std::size_t row = 0; row < pooled.size(); ++row) {
      const RowKey& key = pooled.keys()[row];
      const auto& pool = pooled.totals()[row];
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

  // Shift windows: the slot of the day for tiling shifts (8 h: 3 slots), the chosen weekday's rank for
  // a recurring window (Fri, Sat: 2); 1 (none) when the day is not a whole number of shifts.
  static std::size_t season_levels(const WindowSpec& spec) {
    if (spec.kind != WindowKind::kShift) return 1;
    if (spec.recurring()) return static_cast<std::size_t>(std::popcount(spec.weekdays));
    const double per_day = spec.windows_per_day();
    return std::abs(per_day - std::round(per_day)) < 1e-9 ? static_cast<std::size_t>(std::round(per_day)) : 1;
  }

  std::size_t season_of(const History& history, std::size_t w, bool days, bool months, bool shifts) const {
    const auto& info = w < history.origin() ? history.window(w) : history.target_window();
    if (days) return static_cast<std::size_t>(info.day_of_week);
    if (months) return static_cast<std::size_t>(info.month_of_year - 1);
    if (shifts && spec_.recurring()) {
      return static_cast<std::size_t>(
          std::popcount(static_cast<unsigned>(spec_.weekdays) & ((1u << info.day_of_week) - 1u)));
    }
    if (shifts) {
      const double minutes = spec_.length() * 1440.0;
      const auto slot = static_cast<std::size_t>(std::floor(info.start_minute / minutes + 1e-9));
      return std::min(slot, season_levels_ - 1);
    }
    return 0;
  }

  // The group of each crime type: the leading indicators, then every other non-target type.
  static std::vector<std::size_t> indicator_groups(const ForecastData& data) {
    static constexpr std::array<const char*, 4> kIndicators = {"Public order", "Anti-social behaviour",
                                                               "Possession of weapons", "Drugs"};
    std::vector<std::size_t> group(data.types.size(), kIndicatorGroups - 1);
    for (std::size_t t = 0; t < data.types.size(); ++t) {
      for (std::size_t g = 0; g < kIndicators.size(); ++g) {
        if (data.types[t] == kIndicators[g]) group[t] = g;
      }
    }
    return group;
  }

  // The place features of every cell, from windows [0, first_target) only: before every training
  // target and the same for every row of the origin (so rows still pool, and no row can learn from
  // its own window). Distance to the nearest all-crime peak in km (capped at 10 km) and the district's
  // and LSOA's rate per cell and window, as log(1 + x) rounded to 0.1, 0.001 and 0.01 (so rows pool).
  static std::vector<double> place_features(const History& history, std::size_t first_target) {
    const auto& data = history.data();
    const std::size_t cells = history.cells();
    const auto target = history.summed_counts(0, first_target, true);
    const auto other = history.summed_counts(0, first_target, false);
    std::vector<double> all_grid(history.grid().cell_count(), 0.0);
    for (std::size_t c = 0; c < cells; ++c) all_grid[data.study_cells[c]] = target[c] + other[c];
    const auto peaks =
        density_peaks(history.grid(), all_grid, kPeakBoxRadiusCells, kPeakCount, kPeakSeparationM);
    const auto distance = distance_to_nearest(history.grid(), data.study_cells, peaks);
    const auto windows = static_cast<double>(first_target);
    const auto district = data.district_of_cell.size() == cells
                              ? area_mean_rate(data.district_of_cell, target, windows)
                              : std::vector<double>(cells, 0.0);
    const auto lsoa = data.lsoa_of_cell.size() == cells ? area_mean_rate(data.lsoa_of_cell, target, windows)
                                                        : std::vector<double>(cells, 0.0);
    const auto rounded = [](double value, double step) { return std::round(value / step) * step; };
    std::vector<double> place(cells * kPlaceFeatures);
    for (std::size_t c = 0; c < cells; ++c) {
      const double metres = std::isfinite(distance[c]) ? std::min(distance[c], 1e4) : 1e4;
      place[c * kPlaceFeatures] = rounded(std::log1p(metres / 1000.0), 0.1);
      place[c * kPlaceFeatures + 1] = rounded(std::log1p(district[c]), 1e-3);
      place[c * kPlaceFeatures + 2] = rounded(std::log1p(lsoa[c]), 1e-2);
    }
    return place;
  }

  // Per-cell sums over the spans, reused from window to window.
  struct LagScratch {
    std::vector<double> short_sum, long_sum, recent_grid;
    std::array<std::vector<double>, kIndicatorGroups> group_sum;
  };

  // Σ series(v)[c] over the last min(span, w) windows before w, into sum; returns that window count.
  // Window by window down the cells: each cell adds the same values in the same order as a loop
  // over its own windows would (so the same sums), but every pass reads one contiguous vector.
  template <typename Series>
  static double span_sum(Series&& series, std::size_t span, std::size_t w, std::vector<double>& sum) {
    const std::size_t k = std::min(span, w);
    std::fill(sum.begin(), sum.end(), 0.0);
    for (std::size_t v = w - k; v < w; ++v) {
      const std::vector<double>& values = series(v);
      for (std::size_t c = 0; c < sum.size(); ++c) sum[c] += values[c];
    }
    return static_cast<double>(k);
  }

  // log(1 + x) of the features of every study cell for target window w, all from windows < w.
  void lag_features(const History& history, const std::vector<std::vector<double>>& target,
                    const std::vector<std::array<std::vector<double>, kIndicatorGroups>>& groups,
                    const std::vector<double>& cumulative, const std::vector<double>& all_cumulative,
                    const std::vector<double>& place, std::size_t w, std::vector<double>& features,
                    LagScratch& scratch) const {
    const std::size_t cells = history.cells();
    const auto& data = history.data();
    scratch.short_sum.resize(cells), scratch.long_sum.resize(cells);
    const auto target_of = [&](std::size_t v) -> const std::vector<double>& { return target[v]; };
    const double short_windows = span_sum(target_of, spans_[0], w, scratch.short_sum);
    const double long_windows = span_sum(target_of, spans_[1], w, scratch.long_sum);
    for (std::size_t k = 0; k < kIndicatorGroups; ++k) {  // the short span too: short_windows each
      scratch.group_sum[k].resize(cells);
      (void)span_sum([&](std::size_t v) -> const std::vector<double>& { return groups[v][k]; }, spans_[0], w,
                     scratch.group_sum[k]);
    }
    auto& recent_grid = scratch.recent_grid;
    recent_grid.assign(history.grid().cell_count(), 0.0);
    for (std::size_t c = 0; c < cells; ++c)
      recent_grid[data.study_cells[c]] = scratch.short_sum[c] / short_windows;
    const auto near = box_sum(history.grid(), recent_grid, 1);
    const auto wide = box_sum(history.grid(), recent_grid, 3);
    const auto windows = static_cast<double>(w);
    for (std::size_t c = 0; c < cells; ++c) {
      const std::size_t g = data.study_cells[c];
      double* f = &features[c * kLagFeatures];
      f[0] = target[w - 1][c];
      f[1] = scratch.short_sum[c] / short_windows;
      f[2] = scratch.long_sum[c] / long_windows;
      f[3] = cumulative[c] / windows;
      f[4] = near[g] - recent_grid[g];
      f[5] = wide[g] - near[g];
      f[6] = all_cumulative[c] / windows;
      for (std::size_t k = 0; k < kIndicatorGroups; ++k) f[7 + k] = scratch.group_sum[k][c] / short_windows;
      for (std::size_t j = 0; j < kLagFeatures - kPlaceFeatures; ++j) f[j] = std::log1p(std::max(0.0, f[j]));
      std::copy_n(&place[c * kPlaceFeatures], kPlaceFeatures, f + (kLagFeatures - kPlaceFeatures));
    }
  }

  ModelOptions options_;
  WindowKind window_;
  WindowSpec spec_;
  Learner learner_ = Learner::kPoisson;
  std::vector<double> previous_;  // the last fit's coefficients (intercept, kept terms, seasons)
  std::vector<std::size_t> previous_kept_;
  double previous_theta_ = 0.0;
  bool boosted_ = false;
  std::size_t season_levels_ = 1;
  std::array<std::size_t, 2> spans_{};
  std::size_t training_ = 0;
  std::vector<std::string> names_;
};

}  // namespace

std::unique_ptr<ForecastModel> make_poisson_model(const ModelOptions& options, const WindowSpec& window) {
  return std::make_unique<PoissonModel>(options, window, PoissonModel::Learner::kPoisson);
}

std::unique_ptr<ForecastModel> make_negative_binomial_model(const ModelOptions& options,
                                                            const WindowSpec& window) {
  return std::make_unique<PoissonModel>(options, window, PoissonModel::Learner::kNegativeBinomial);
}

std::unique_ptr<ForecastModel> make_boosted_model(const ModelOptions& options, const WindowSpec& window) {
  if (!xgboost_available()) throw UsageError("model xgboost: this Grip was built without libxgboost-dev");
  return std::make_unique<PoissonModel>(options, window, PoissonModel::Learner::kBoosted);
}

}  // namespace grip::forecast

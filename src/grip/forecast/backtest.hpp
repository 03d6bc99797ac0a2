// Rolling-origin backtest (Tashman 2000): at each origin k every model is fitted on windows
// [0, k) only and forecasts window k; all models see the same origins. Scores per origin: hit rate,
// PAI, PEI and RRI at each coverage of the study area (metrics.hpp, ranking cells by λ), and Brier,
// log loss (calibrated probabilities) and ROC AUC (λ). Probabilities are 1 − e^{−λ} calibrated by
// isotonic regression (calibration.hpp) on the model's (λ, outcome) pairs of the previous
// calibration_origins origins, so the first warmup_origins origins only feed calibration and the
// ensemble's choice and are not scored. Expected counts are calibrated on the same pairs (isotonic
// of count on λ), then multiplied by the seasonal index s (level.hpp), the same for every model at an
// origin, baselines included. Isotonic regression keeps the total on the pairs it was fitted on (the
// weighted mean of a PAV fit is the data's), so it carries the calibration windows' level; s moves
// that level to the target's time of year. Scaling to the model's own total instead (Σλ × Σ observed
// / Σ λ on the pairs) was measured and rejected: the learned models' Σλ drifts from origin to origin
// (docs/forecast.md), and the scaling passed the drift on.
// The ensemble at origin k is the mean of the ensemble_size
// base models best by the selection metric over origins before k. docs/forecast.md.
#pragma once

#include <cstddef>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "grip/core/csv_text.hpp"
#include "grip/forecast/calibration.hpp"
#include "grip/forecast/default_choice.hpp"
#include "grip/forecast/forecast_data.hpp"
#include "grip/forecast/forecast_model.hpp"
#include "grip/forecast/metrics.hpp"

namespace grip::forecast {

enum class SelectionMetric { kPai5, kBrier };
[[nodiscard]] const char* to_string(SelectionMetric metric) noexcept;
[[nodiscard]] SelectionMetric selection_metric_from(const std::string& text);  // "pai5" or "brier"

struct BacktestOptions {
  std::vector<std::string> models;            // empty: every base model the data supports, plus the ensemble
  std::size_t min_train_windows = 0;          // 0: 3 months, 8 weeks, 28 days
  std::size_t max_origins = 0;                // 0: every month; 12 weeks; 28 days (the most recent)
  std::optional<std::size_t> warmup_origins;  // none: 1 month, 2 weeks, 7 days
  std::size_t calibration_origins = 0;        // 0: 3 months, 8 weeks, 28 days
  std::vector<double> coverages{kDefaultCoverages.begin(), kDefaultCoverages.end()};
  SelectionMetric metric = SelectionMetric::kPai5;
  std::size_t ensemble_size = 3;
  ModelOptions model_options;
  bool score_low_volume = false;  // score windows flagged low_volume too (by default they are left out)
  unsigned threads = 0;           // base models run at once; 0: up to 4, by cores and memory
  std::function<void(std::size_t, std::size_t, const std::string&)>
      progress;  // (origin index, origins, label)
};

struct OriginScore {
  std::size_t origin = 0;                 // index of the target window
  std::string window;                     // its label
  std::vector<CoverageMetrics> coverage;  // one per coverage
  double brier = 0.0;                     // calibrated probabilities
  double brier_raw = 0.0;                 // 1 − e^{−λ}, uncalibrated
  double brier_baseline = 0.0;            // the best baseline's Brier at this origin (after the run)
  double log_loss = 0.0;
  double auc = 0.0;
  double expected_total = 0.0;           // Σ calibrated expected count over the study area (isotonic × s)
  double expected_isotonic_total = 0.0;  // Σ of the isotonic counts alone, before the seasonal index
  double level_ratio = 1.0;              // Σ observed / Σ λ on the calibration pairs (shown, not applied)
  double seasonal_index = 1.0;           // s (level.hpp), the same for every model at this origin
  double expected_raw_total = 0.0;       // Σ λ as the model gave it
  double observed_total = 0.0;
  double cells_with_incident = 0.0;
};

struct MetricSummary {
  double mean = 0.0;
  double sd = 0.0;  // sample standard deviation over origins (NaN for one origin)
};

// Pooled (λ, outcome) pairs, binned on log(1 + λ), which is all calibration needs.
struct CalibrationBins {
  std::vector<double> lambda_sum, outcome_sum, observed_sum, count;
  void add(std::span<const double> expected, std::span<const double> observed);
  void merge(const CalibrationBins& other);
  [[nodiscard]] bool empty() const noexcept { return lambda_sum.empty(); }
  // The isotonic map from λ to P(≥ 1), fitted on the bins (weights = pairs per bin).
  [[nodiscard]] IsotonicCalibration fit() const;
  // The isotonic map from λ to the expected count (mean observed count): calibrated counts, so that
  // Σ expected matches Σ observed on the pairs and a cell's λ is not inflated.
  [[nodiscard]] IsotonicCalibration fit_counts() const;
  // Σ observed / Σ λ over the pairs (1 when Σ λ is 0): how far the model's own total was off.
  [[nodiscard]] double level_ratio() const;
  // Calibrated counts for a new origin's λ: the isotonic counts × the seasonal index s.
  [[nodiscard]] std::vector<double> counts(std::span<const double> expected,
                                           double seasonal_index = 1.0) const;
};

// Mean calibrated expected vs mean observed count per decile of expected count (cells ranked by
// calibrated expected count, ties by index), pooled over the scored origins.
struct CountReliabilityBin {
  std::size_t cells = 0;
  double mean_expected = 0.0;
  double mean_observed = 0.0;
};

struct ModelBacktest {
  std::string name;
  std::string description;
  std::vector<OriginScore> origins;                                 // scored origins only
  std::vector<std::vector<MetricSummary>> hit_rate, pai, pei, rri;  // [coverage] → summary (one element)
  bool baseline = false;    // one of the simple baselines (is_baseline)
  bool degenerate = false;  // its fit was degenerate at the last origin: never the default
  MetricSummary brier, brier_raw, log_loss, auc, brier_skill_vs_naive;
  // Against the best baseline (BacktestResult::best_baseline), per origin then mean ± sd:
  // PAI / PAI_baseline at each coverage and 1 − Brier / Brier_baseline.
  std::vector<MetricSummary> pai_ratio_vs_baseline;
  MetricSummary brier_skill_vs_baseline;
  // Σ calibrated expected / Σ observed over the scored origins (1 = counts right in total), and the
  // same for the model's own λ.
  double expected_over_observed = 0.0;
  double raw_expected_over_observed = 0.0;
  double isotonic_expected_over_observed = 0.0;        // the isotonic counts before the level scaling
  std::vector<CountReliabilityBin> count_reliability;  // deciles of expected count
  std::vector<std::pair<std::string, std::string>> last_fitted;  // at the last origin
  std::vector<std::vector<std::string>> ensemble_members;        // per scored origin (ensemble only)
  std::vector<ReliabilityBin> reliability;                       // calibrated p, pooled over scored origins
  std::vector<ReliabilityBin> reliability_raw;                   // 1 − e^{−λ}
  CalibrationBins calibration;  // the last calibration_origins origins: what grip forecast calibrates with
  double seconds = 0.0;
  [[nodiscard]] double selection_score(SelectionMetric metric) const;  // larger is better
};

struct BacktestResult {
  std::string dataset;
  std::string crs_code;
  analysis::StudyArea study_area;
  double cell_size_m = 0.0;
  WindowKind window = WindowKind::kMonth;
  std::string window_text;  // WindowSpec::describe(): "day", "8 h from 06:00", "Fri, Sat 20:00-04:00"
  std::vector<std::string> target_types;
  std::vector<double> coverages;
  std::vector<std::string> scored_windows;  // labels of the scored target windows
  std::vector<std::string> warmup_windows;
  SelectionMetric metric = SelectionMetric::kPai5;
  std::vector<ModelBacktest> models;
  std::string best_model;                     // the default: choice.model
  std::string best_baseline;                  // the yardstick every skill column uses
  DefaultChoice choice;                       // why the default won
  std::vector<std::string> ensemble_members;  // the best base models over all scored origins
  // Windows whose pairs form each model's `calibration` (the last calibration_origins origins), for
  // grip forecast's seasonal index; and how the scored origins' level was set, in words.
  std::vector<std::size_t> calibration_windows;
  std::string level;
  std::vector<std::string> notes;
};

// Throws grip::UsageError when the data has too few windows for one scored origin, or a model
// needs time stamps the data lacks (then it is left out with a note if models were not named).
[[nodiscard]] BacktestResult run_backtest(const ForecastData& data, const BacktestOptions& options);

// The reliability table's fixed edges: 0, 0.01, 0.02, 0.05, 0.1, 0.2, 0.3, 0.5, 0.7, 1.
[[nodiscard]] std::span<const double> reliability_edges();

[[nodiscard]] nlohmann::json backtest_json(const BacktestResult& result);
// One row per model × scored origin × coverage, plus each model's mean and sd rows. Text cells go
// through csv_text_cell() (formula-like text neutralised unless `text` is kRaw).
[[nodiscard]] std::string backtest_csv(const BacktestResult& result, CsvText text = CsvText::kNeutralised);

}  // namespace grip::forecast

// The rolling-origin backtest: every model on the same origins, scored on windows it never saw.
#include "grip/forecast/backtest.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <cmath>
#include <exception>
#include <functional>
#include <limits>
#include <map>
#include <numeric>
#include <system_error>
#include <thread>

#include "grip/core/errors.hpp"
#include "grip/core/memory_budget.hpp"
#include "grip/forecast/baselines.hpp"
#include "grip/forecast/forecast_memory.hpp"
#include "grip/forecast/level.hpp"

namespace grip::forecast {
namespace {

constexpr double kBinsPerUnit = 1000.0;  // calibration bins per unit of log(1 + λ)
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr std::array<double, 10> kReliabilityEdges = {0.0, 0.01, 0.02, 0.05, 0.1, 0.2, 0.3, 0.5, 0.7, 1.0};

MetricSummary summarise(const std::vector<double>& values) {
  std::vector<double> finite;
  for (double v : values) {
    if (std::isfinite(v)) finite.push_back(v);
  }
  MetricSummary summary{kNaN, kNaN};
  if (finite.empty()) return summary;
  summary.mean = std::accumulate(finite.begin(), finite.end(), 0.0) / static_cast<double>(finite.size());
  if (finite.size() > 1) {
    double ss = 0.0;
    for (double v : finite) ss += (v - summary.mean) * (v - summary.mean);
    summary.sd = std::sqrt(ss / static_cast<double>(finite.size() - 1));
  }
  return summary;
}

std::size_t coverage_index(const std::vector<double>& coverages, double coverage) {
  for (std::size_t i = 0; i < coverages.size(); ++i) {
    if (std::abs(coverages[i] - coverage) < 1e-12) return i;
  }
  return coverages.size();
}

struct ModelState {
  std::unique_ptr<ForecastModel> model;  // null for the ensemble
  ModelBacktest result;
  std::vector<CalibrationBins> bins_by_origin;
  std::vector<double> selection_by_origin;  // larger is better, every origin (warm-up too)
  std::vector<ReliabilityBin> reliability, reliability_raw;
  std::vector<CountReliabilityBin> count_deciles;  // sums until the summaries turn them into means
  std::string degenerate;                          // the latest origin's warning, if any
};

// Adds one origin's cells to the decile sums: cells ranked by expected count (ties by index),
// decile g holding ranks [g·n/10, (g+1)·n/10).
void add_count_deciles(std::vector<CountReliabilityBin>& deciles, std::span<const double> expected,
                       std::span<const double> observed) {
  constexpr std::size_t kDeciles = 10;
  deciles.resize(kDeciles);
  std::vector<std::size_t> order(expected.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return expected[a] < expected[b]; });
  const std::size_t n = order.size();
  for (std::size_t g = 0; g < kDeciles; ++g) {
    for (std::size_t i = g * n / kDeciles; i < (g + 1) * n / kDeciles; ++i) {
      deciles[g].cells += 1;
      deciles[g].mean_expected += expected[order[i]];
      deciles[g].mean_observed += observed[order[i]];
    }
  }
}

void merge_reliability(std::vector<ReliabilityBin>& total, const std::vector<ReliabilityBin>& add) {
  if (total.empty()) {
    total = add;
    for (auto& bin : total) {
      if (bin.count == 0) bin.mean_predicted = bin.observed_rate = 0.0;
    }
    return;
  }
  for (std::size_t b = 0; b < total.size(); ++b) {
    if (add[b].count == 0) continue;
    const double n0 = static_cast<double>(total[b].count), n1 = static_cast<double>(add[b].count);
    total[b].mean_predicted = (total[b].mean_predicted * n0 + add[b].mean_predicted * n1) / (n0 + n1);
    total[b].observed_rate = (total[b].observed_rate * n0 + add[b].observed_rate * n1) / (n0 + n1);
    total[b].count += add[b].count;
  }
}

void finish_reliability(std::vector<ReliabilityBin>& bins) {
  for (auto& bin : bins) {
    if (bin.count == 0) bin.mean_predicted = bin.observed_rate = kNaN;
  }
}

// The base models at one origin side by side: each keeps only its own state and reads the
// immutable history, so each computes exactly what it computes alone (the backtest's digits do not
// depend on the thread count). The first failure in model order is rethrown once all have stopped.
void run_side_by_side(std::size_t models, unsigned threads, const std::function<void(std::size_t)>& run) {
  std::vector<std::exception_ptr> failures(models);
  std::atomic<std::size_t> next{0};
  const auto work = [&] {
    for (std::size_t m = next++; m < models; m = next++) {
      try {
        run(m);
      } catch (...) {
        failures[m] = std::current_exception();
      }
    }
  };
  std::vector<std::thread> helpers;
  for (unsigned t = 1; t < threads && t < models; ++t) {
    try {
      helpers.emplace_back(work);
    } catch (const std::system_error&) {
      break;  // no more threads to be had (a process limit): this thread and those started do it all
    }
  }
  work();
  for (auto& helper : helpers) helper.join();
  for (const auto& failure : failures) {
    if (failure) std::rethrow_exception(failure);
  }
}

// Up to 4 models at once, fewer on fewer cores or when the extra models' working sets (the GLMs'
// dense counts per window, forecast_memory.hpp) would not fit in the memory available.
unsigned backtest_model_threads(std::size_t models, std::size_t cells, std::size_t windows) {
  unsigned threads = std::clamp(std::thread::hardware_concurrency(), 1U, 4U);
  threads = static_cast<unsigned>(std::min<std::size_t>(threads, std::max<std::size_t>(models, 1)));
  if (const auto budget = available_memory()) {
    const double committed = forecast_bytes_per_cell(windows) * static_cast<double>(cells);
    const double per_thread = forecast_model_bytes_per_cell(windows) * static_cast<double>(cells);
    while (threads > 1 && committed + (threads - 1) * per_thread > static_cast<double>(budget->bytes))
      --threads;
  }
  return threads;
}

// Means and sds over the scored origins, the calibration kept for grip forecast, reliability.
void summarise_models(std::vector<ModelState>& states, const std::vector<double>& coverages,
                      std::size_t calibration_origins) {
  for (auto& state : states) {
    auto& r = state.result;
    const std::size_t have = state.bins_by_origin.size();
    for (std::size_t b = have > calibration_origins ? have - calibration_origins : 0; b < have; ++b) {
      r.calibration.merge(state.bins_by_origin[b]);
    }
    finish_reliability(state.reliability);
    finish_reliability(state.reliability_raw);
    r.reliability = std::move(state.reliability);
    r.reliability_raw = std::move(state.reliability_raw);
    for (auto& decile : state.count_deciles) {
      const double n = static_cast<double>(decile.cells);
      decile.mean_expected = n > 0 ? decile.mean_expected / n : kNaN;
      decile.mean_observed = n > 0 ? decile.mean_observed / n : kNaN;
    }
    r.count_reliability = std::move(state.count_deciles);
    const auto collect = [&](auto&& get) {
      std::vector<double> values;
      for (const auto& o : r.origins) values.push_back(get(o));
      return summarise(values);
    };
    for (std::size_t i = 0; i < coverages.size(); ++i) {
      r.hit_rate.push_back({collect([&](const OriginScore& o) { return o.coverage[i].hit_rate; })});
      r.pai.push_back({collect([&](const OriginScore& o) { return o.coverage[i].pai; })});
      r.pei.push_back({collect([&](const OriginScore& o) { return o.coverage[i].pei; })});
      r.rri.push_back({collect([&](const OriginScore& o) { return o.coverage[i].rri; })});
    }
    r.brier = collect([](const OriginScore& o) { return o.brier; });
    r.brier_raw = collect([](const OriginScore& o) { return o.brier_raw; });
    r.log_loss = collect([](const OriginScore& o) { return o.log_loss; });
    r.auc = collect([](const OriginScore& o) { return o.auc; });
    double expected = 0.0, raw = 0.0, isotonic = 0.0, observed = 0.0;
    for (const auto& o : r.origins) {
      expected += o.expected_total, raw += o.expected_raw_total, observed += o.observed_total;
      isotonic += o.expected_isotonic_total;
    }
    r.expected_over_observed = observed > 0 ? expected / observed : kNaN;
    r.raw_expected_over_observed = observed > 0 ? raw / observed : kNaN;
    r.isotonic_expected_over_observed = observed > 0 ? isotonic / observed : kNaN;
  }
}

// "isotonic counts (...) x seasonal index, mean 0.865 (0.695-1.073 over 28 of 28 scored origins), from
// 2010-2016".
std::string describe_levels(const std::vector<SeasonalIndex>& levels) {
  const std::string head = "isotonic counts (the calibration windows' level)";
  double low = kInf, high = -kInf, sum = 0.0;
  int first = 0, last = 0;
  std::size_t with = 0;
  for (const auto& level : levels) {
    if (level.years == 0) continue;
    low = std::min(low, level.index), high = std::max(high, level.index), sum += level.index;
    first = with == 0 ? level.first_year : std::min(first, level.first_year);
    last = std::max(last, level.last_year);
    ++with;
  }
  if (with == 0) return head + "; no seasonal index: no earlier year in the data";
  const std::string years = first == last ? fmt::format("{}", first) : fmt::format("{}-{}", first, last);
  return fmt::format("{} x seasonal index, mean {:.3f} ({:.3f}-{:.3f} over {} of {} scored origins), from {}",
                     head, sum / static_cast<double>(with), low, high, with, levels.size(), years);
}

// The origin's value of the selection metric, larger is better.
double selection_value(const OriginScore& o, SelectionMetric metric, std::size_t at_5) {
  return metric == SelectionMetric::kBrier ? -o.brier : o.coverage[at_5].pai;
}

// Skill against naive and against the best baseline, and the default chosen by paired comparison.
void compare_with_baselines(BacktestResult& result, std::size_t at_5, const BacktestOptions& options) {
  const ModelBacktest* naive = nullptr;
  std::vector<CandidateScores> candidates;
  for (const auto& m : result.models) {
    if (m.name == "naive") naive = &m;
    if (m.degenerate) continue;  // scored and shown, but never offered as the default
    CandidateScores candidate{m.name, m.baseline, {}, m.expected_over_observed};
    for (const auto& o : m.origins) candidate.scores.push_back(selection_value(o, options.metric, at_5));
    candidates.push_back(std::move(candidate));
  }
  std::stable_sort(candidates.begin(), candidates.end(), [](const auto& a, const auto& b) {
    return simplicity_rank(a.name) < simplicity_rank(b.name);
  });
  const bool any_baseline =
      std::any_of(candidates.begin(), candidates.end(), [](const auto& c) { return c.baseline; });
  if (any_baseline) {
    result.choice =
        choose_default(candidates, options.metric == SelectionMetric::kBrier ? "minus Brier" : "PAI at 5 %");
  } else {
    // Only models were named: the best by mean, and the output says no baseline was there to beat.
    double best = -kInf;
    for (const auto& m : result.models) {
      const double score = m.selection_score(options.metric);
      if (result.choice.model.empty() || score > best) best = score, result.choice.model = m.name;
    }
    result.choice.reason = "best by mean " + std::string(to_string(options.metric)) +
                           "; no baseline was in the backtest, so no paired comparison was made";
  }
  result.best_model = result.choice.model;
  result.best_baseline = result.choice.best_baseline;
  const ModelBacktest* baseline = nullptr;
  for (const auto& m : result.models) {
    if (m.name == result.best_baseline) baseline = &m;
  }
  for (auto& r : result.models) {
    r.brier_skill_vs_naive = r.brier_skill_vs_baseline = {kNaN, kNaN};
    r.pai_ratio_vs_baseline.assign(result.coverages.size(), {kNaN, kNaN});
    if (naive) {
      std::vector<double> skill;
      for (std::size_t o = 0; o < r.origins.size(); ++o)
        skill.push_back(brier_skill_score(r.origins[o].brier, naive->origins[o].brier));
      r.brier_skill_vs_naive = summarise(skill);
    }
    if (!baseline) continue;
    std::vector<double> skill;
    for (std::size_t o = 0; o < r.origins.size(); ++o) {
      r.origins[o].brier_baseline = baseline->origins[o].brier;
      skill.push_back(brier_skill_score(r.origins[o].brier, baseline->origins[o].brier));
    }
    r.brier_skill_vs_baseline = summarise(skill);
    for (std::size_t i = 0; i < result.coverages.size(); ++i) {
      std::vector<double> ratio;
      for (std::size_t o = 0; o < r.origins.size(); ++o) {
        const double b = baseline->origins[o].coverage[i].pai;
        ratio.push_back(b > 0 ? r.origins[o].coverage[i].pai / b : kNaN);
      }
      r.pai_ratio_vs_baseline[i] = summarise(ratio);
    }
  }
}

}  // namespace

const char* to_string(SelectionMetric metric) noexcept {
  return metric == SelectionMetric::kPai5 ? "pai5" : "brier";
}

SelectionMetric selection_metric_from(const std::string& text) {
  if (text == "pai5") return SelectionMetric::kPai5;
  if (text == "brier") return SelectionMetric::kBrier;
  throw UsageError("--metric must be pai5 or brier, not '" + text + "'");
}

std::span<const double> reliability_edges() { return kReliabilityEdges; }

void CalibrationBins::add(std::span<const double> expected, std::span<const double> observed) {
  for (std::size_t c = 0; c < expected.size(); ++c) {
    const auto bin =
        static_cast<std::size_t>(std::lround(std::log1p(std::max(0.0, expected[c])) * kBinsPerUnit));
    if (bin >= count.size()) {
      lambda_sum.resize(bin + 1, 0.0), outcome_sum.resize(bin + 1, 0.0), observed_sum.resize(bin + 1, 0.0),
          count.resize(bin + 1, 0.0);
    }
    lambda_sum[bin] += expected[c];
    outcome_sum[bin] += observed[c] > 0 ? 1.0 : 0.0;
    observed_sum[bin] += observed[c];
    count[bin] += 1.0;
  }
}

void CalibrationBins::merge(const CalibrationBins& other) {
  if (other.count.size() > count.size()) {
    lambda_sum.resize(other.count.size(), 0.0), outcome_sum.resize(other.count.size(), 0.0),
        observed_sum.resize(other.count.size(), 0.0), count.resize(other.count.size(), 0.0);
  }
  for (std::size_t b = 0; b < other.count.size(); ++b) {
    lambda_sum[b] += other.lambda_sum[b], outcome_sum[b] += other.outcome_sum[b],
        observed_sum[b] += other.observed_sum[b], count[b] += other.count[b];
  }
}

IsotonicCalibration CalibrationBins::fit_counts() const {
  std::vector<double> scores, means, weights;
  for (std::size_t b = 0; b < count.size(); ++b) {
    if (count[b] == 0) continue;
    scores.push_back(lambda_sum[b] / count[b]);
    means.push_back(observed_sum[b] / count[b]);
    weights.push_back(count[b]);
  }
  return IsotonicCalibration(scores, means, weights);
}

double CalibrationBins::level_ratio() const {
  const double lambda = std::accumulate(lambda_sum.begin(), lambda_sum.end(), 0.0);
  const double observed = std::accumulate(observed_sum.begin(), observed_sum.end(), 0.0);
  return lambda > 0.0 ? observed / lambda : 1.0;
}

std::vector<double> CalibrationBins::counts(std::span<const double> expected, double seasonal_index) const {
  if (!std::isfinite(seasonal_index) || seasonal_index < 0.0)
    throw UsageError(
        fmt::format("count calibration: seasonal index {} must be finite and >= 0", seasonal_index));
  auto calibrated = fit_counts().apply(expected);
  for (double& value : calibrated) value *= seasonal_index;
  return calibrated;
}

IsotonicCalibration CalibrationBins::fit() const {
  std::vector<double> scores, outcomes, weights;
  for (std::size_t b = 0; b < count.size(); ++b) {
    if (count[b] == 0) continue;
    scores.push_back(lambda_sum[b] / count[b]);
    outcomes.push_back(outcome_sum[b] / count[b]);
    weights.push_back(count[b]);
  }
  return IsotonicCalibration(scores, outcomes, weights);
}

double ModelBacktest::selection_score(SelectionMetric metric) const {
  if (metric == SelectionMetric::kBrier) return std::isfinite(brier.mean) ? -brier.mean : -kInf;
  for (std::size_t i = 0; i < pai.size(); ++i) {
    if (!origins.empty() && std::abs(origins.front().coverage[i].coverage - 0.05) < 1e-12) {
      return std::isfinite(pai[i][0].mean) ? pai[i][0].mean : -kInf;
    }
  }
  return -kInf;
}

BacktestResult run_backtest(const ForecastData& data, const BacktestOptions& options) {
  BacktestResult result;
  result.dataset = data.dataset;
  result.crs_code = data.crs_code;
  result.study_area = data.study_area;
  result.cell_size_m = data.grid.cell_size();
  result.window = data.window;
  result.window_text = data.spec().describe();
  result.target_types = data.target_types;
  result.metric = options.metric;
  result.notes = data.notes;
  auto coverages = options.coverages;
  if (coverage_index(coverages, 0.05) == coverages.size())
    coverages.push_back(0.05);  // the selection needs PAI at 5 %
  std::sort(coverages.begin(), coverages.end());
  result.coverages = coverages;
  const std::size_t at_5 = coverage_index(coverages, 0.05);

  const auto by_kind = [&](std::size_t given, std::size_t month, std::size_t week, std::size_t day) {
    return by_window_kind(data.window, given, month, week, day);
  };
  const std::size_t min_train = std::max<std::size_t>(1, by_kind(options.min_train_windows, 3, 8, 28));
  const std::size_t max_origins = by_kind(options.max_origins, SIZE_MAX, 12, 28);
  const std::size_t warmup = options.warmup_origins ? *options.warmup_origins : by_kind(0, 1, 2, 7);
  const std::size_t calibration_origins = by_kind(options.calibration_origins, 3, 8, 28);
  const std::size_t windows = data.windows.size();
  if (windows < min_train + warmup + 1) {
    throw UsageError(fmt::format(
        "{} windows ({}) of data: a backtest needs at least {} (training {}, calibration warm-up {}, "
        "one scored); lower --min-train or --warmup",
        windows, data.spec().describe(), min_train + warmup + 1, min_train, warmup));
  }
  const std::size_t scored = std::min(max_origins, windows - min_train - warmup);
  const std::size_t first_scored = windows - scored;
  const std::size_t first_origin = first_scored - warmup;
  const auto left_out = [&](std::size_t k) {
    return data.windows[k].low_volume && !options.score_low_volume;
  };
  std::vector<std::string> unscored;
  for (std::size_t k = first_origin; k < windows; ++k) {
    if (left_out(k)) {
      unscored.push_back(data.windows[k].label);
      continue;
    }
    (k < first_scored ? result.warmup_windows : result.scored_windows).push_back(data.windows[k].label);
  }
  if (!unscored.empty()) {
    result.notes.push_back(fmt::format(
        "{} left out of scoring and calibration: volume far below the neighbouring windows (likely an "
        "incomplete extract; --score-low-volume scores them)",
        fmt::join(unscored, ", ")));
  }
  if (result.scored_windows.empty())
    throw UsageError("every window that could be scored is flagged as low volume; use --score-low-volume");

  // Models.
  std::vector<std::string> names = options.models;
  bool want_ensemble = names.empty();
  const bool named = !names.empty();
  if (names.empty()) {
    for (const auto& name : base_model_names()) {
      if (name == "sepp" && !data.time_stamped) {
        result.notes.push_back("SEPP left out: it needs time-stamped incidents and " + data.dataset +
                               " has months only");
        continue;
      }
      names.push_back(name);
    }
  } else {
    names.erase(std::remove_if(names.begin(), names.end(),
                               [&](const std::string& n) {
                                 if (n == kEnsembleName) want_ensemble = true;
                                 return n == kEnsembleName;
                               }),
                names.end());
  }
  std::vector<ModelState> states;
  const auto first_history = data.history(first_origin);
  for (const auto& name : names) {
    ModelState state;
    state.model = make_model(name, options.model_options, data.spec());
    if (state.model->needs_time_stamps() && !data.time_stamped) {
      throw UsageError(
          fmt::format("model {} needs time-stamped incidents; {} has months only", name, data.dataset));
    }
    if (const auto why = state.model->unavailable(first_history); !why.empty()) {
      if (named) throw UsageError(fmt::format("model {} cannot run from the first origin: {}", name, why));
      result.notes.push_back(fmt::format("{} left out: {}", name, why));
      continue;
    }
    state.result.name = name;
    state.result.baseline = is_baseline(name);
    state.result.description = state.model->description();
    states.push_back(std::move(state));
  }
  const std::size_t base_count = states.size();
  if (want_ensemble) {
    if (base_count < 2) throw UsageError("the ensemble needs at least two base models");
    ModelState state;
    state.result.name = kEnsembleName;
    state.result.description =
        fmt::format("mean of the {} base models best by {} on earlier origins",
                    std::min(options.ensemble_size, base_count), to_string(options.metric));
    states.push_back(std::move(state));
  }

  const std::size_t cells = data.cells();
  const unsigned model_threads =
      options.threads > 0 ? options.threads : backtest_model_threads(base_count, cells, windows);
  std::vector<double> outcome(cells), probability(cells), raw_probability(cells), counts(cells);
  std::vector<std::size_t> origin_windows;  // the window of each entry of bins_by_origin
  std::vector<SeasonalIndex> scored_levels;
  for (std::size_t k = first_origin; k < windows; ++k) {
    if (left_out(k)) continue;
    if (options.progress) options.progress(k - first_origin, windows - first_origin, data.windows[k].label);
    const auto history = data.history(k);
    // The level every model's counts get at this origin, from the calibration windows' history.
    const std::vector<std::size_t> calibration_windows(
        origin_windows.end() -
            static_cast<std::ptrdiff_t>(std::min(calibration_origins, origin_windows.size())),
        origin_windows.end());
    const auto level = seasonal_index(history, calibration_windows);
    if (k >= first_scored) scored_levels.push_back(level);
    const auto observed = observed_counts(data, k);
    const auto previous = observed_counts(data, k - 1);
    for (std::size_t c = 0; c < cells; ++c) outcome[c] = observed[c] > 0 ? 1.0 : 0.0;
    std::vector<ModelForecast> forecasts(states.size());
    run_side_by_side(base_count, model_threads, [&](std::size_t m) {
      const auto start = std::chrono::steady_clock::now();
      forecasts[m] = states[m].model->forecast(history);
      states[m].result.seconds +=
          std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    });
    for (std::size_t m = 0; m < base_count; ++m) {
      states[m].result.last_fitted = forecasts[m].fitted;
      if (!forecasts[m].degenerate.empty() && states[m].degenerate.empty())
        result.notes.push_back(
            fmt::format("{} (first at origin {})", forecasts[m].degenerate, data.windows[k].label));
      states[m].degenerate = forecasts[m].degenerate;
    }
    if (want_ensemble) {
      // Members: the base models best by the metric on origins before k (all of them at the first).
      std::vector<std::pair<double, std::size_t>> ranking;
      for (std::size_t m = 0; m < base_count; ++m) {
        if (!states[m].degenerate.empty()) continue;  // a degenerate fit never joins the ensemble
        const auto& past = states[m].selection_by_origin;
        const auto finite =
            std::count_if(past.begin(), past.end(), [](double v) { return std::isfinite(v); });
        double mean = 0.0;
        for (double v : past) mean += std::isfinite(v) ? v : 0.0;
        ranking.emplace_back(finite > 0 ? mean / static_cast<double>(finite) : 0.0, m);
      }
      std::stable_sort(ranking.begin(), ranking.end(),
                       [](const auto& a, const auto& b) { return a.first > b.first; });
      const std::size_t n = states[0].selection_by_origin.empty()
                                ? ranking.size()
                                : std::min(options.ensemble_size, ranking.size());
      if (n == 0)
        throw UsageError("every base model of the ensemble is degenerate at origin " + data.windows[k].label);
      std::vector<const ModelForecast*> members;
      std::vector<std::string> member_names;
      for (std::size_t i = 0; i < n; ++i) {
        members.push_back(&forecasts[ranking[i].second]);
        member_names.push_back(states[ranking[i].second].result.name);
      }
      forecasts.back() = average_forecasts(members, member_names);
      states.back().result.last_fitted = forecasts.back().fitted;
      if (k >= first_scored && !left_out(k)) states.back().result.ensemble_members.push_back(member_names);
    }

    for (std::size_t m = 0; m < states.size(); ++m) {
      auto& state = states[m];
      const auto& expected = forecasts[m].expected;
      CalibrationBins calibration;
      const std::size_t have = state.bins_by_origin.size();
      for (std::size_t b = have > calibration_origins ? have - calibration_origins : 0; b < have; ++b) {
        calibration.merge(state.bins_by_origin[b]);
      }
      raw_probability = probability_at_least_one(expected);
      double isotonic_total = 0.0, level_ratio = 1.0;
      if (calibration.empty()) {
        probability = raw_probability;
        counts = expected;
        isotonic_total = std::accumulate(expected.begin(), expected.end(), 0.0);
      } else {
        probability = calibration.fit().apply(expected);
        const auto isotonic = calibration.fit_counts().apply(expected);
        isotonic_total = std::accumulate(isotonic.begin(), isotonic.end(), 0.0);
        level_ratio = calibration.level_ratio();
        counts = calibration.counts(expected, level.index);
      }
      const double brier = brier_score(probability, outcome);
      OriginScore score;
      score.origin = k;
      score.window = data.windows[k].label;
      score.coverage = coverage_metrics(expected, data.grid.cell_area(), observed, coverages, previous);
      score.brier = brier;
      score.brier_raw = brier_score(raw_probability, outcome);
      score.log_loss = log_loss(probability, outcome);
      score.auc = roc_auc(expected, outcome);
      score.expected_total = std::accumulate(counts.begin(), counts.end(), 0.0);
      score.expected_raw_total = std::accumulate(expected.begin(), expected.end(), 0.0);
      score.expected_isotonic_total = isotonic_total;
      score.level_ratio = level_ratio;
      score.seasonal_index = calibration.empty() ? 1.0 : level.index;
      score.observed_total = std::accumulate(observed.begin(), observed.end(), 0.0);
      score.cells_with_incident = std::accumulate(outcome.begin(), outcome.end(), 0.0);
      state.selection_by_origin.push_back(
          options.metric == SelectionMetric::kBrier ? -brier : score.coverage[at_5].pai);
      if (k >= first_scored) {
        merge_reliability(state.reliability, reliability_by_edges(probability, outcome, kReliabilityEdges));
        merge_reliability(state.reliability_raw,
                          reliability_by_edges(raw_probability, outcome, kReliabilityEdges));
        add_count_deciles(state.count_deciles, counts, observed);
        state.result.origins.push_back(std::move(score));
      }
      state.bins_by_origin.emplace_back();
      state.bins_by_origin.back().add(expected, observed);
    }
    origin_windows.push_back(k);
  }
  result.calibration_windows.assign(origin_windows.end() - static_cast<std::ptrdiff_t>(std::min(
                                                               calibration_origins, origin_windows.size())),
                                    origin_windows.end());
  result.level = describe_levels(scored_levels);

  summarise_models(states, coverages, calibration_origins);
  for (auto& state : states) {
    state.result.degenerate = !state.degenerate.empty();
    result.models.push_back(std::move(state.result));
  }
  compare_with_baselines(result, at_5, options);
  // The ensemble's members for grip forecast: the base models best by the metric.
  std::vector<std::pair<double, std::string>> base_ranking;
  for (std::size_t m = 0; m < base_count; ++m) {
    if (states[m].degenerate.empty())
      base_ranking.emplace_back(result.models[m].selection_score(options.metric), result.models[m].name);
  }
  std::stable_sort(base_ranking.begin(), base_ranking.end(),
                   [](const auto& a, const auto& b) { return a.first > b.first; });
  for (std::size_t i = 0; i < std::min(options.ensemble_size, base_ranking.size()); ++i)
    result.ensemble_members.push_back(base_ranking[i].second);
  return result;
}

}  // namespace grip::forecast

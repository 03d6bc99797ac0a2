// The default model by a paired comparison over origins against the best baseline (default_choice.hpp).
#include "grip/forecast/default_choice.hpp"

#include <fmt/format.h>

#include <array>
#include <cmath>
#include <limits>

#include "grip/core/errors.hpp"

namespace grip::forecast {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
// Student t 0.975 quantiles, df 1..30 (any statistics table).
constexpr std::array<double, 30> kT975 = {
    12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.160, 2.145, 2.131,
    2.120,  2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042};

double mean_of(const std::vector<double>& values) {
  double sum = 0.0;
  std::size_t n = 0;
  for (double v : values) {
    if (std::isfinite(v)) sum += v, ++n;
  }
  return n > 0 ? sum / static_cast<double>(n) : -std::numeric_limits<double>::infinity();
}

}  // namespace

double student_t_975(std::size_t df) {
  if (df == 0) throw UsageError("Student t needs at least one degree of freedom");
  return df <= kT975.size() ? kT975[df - 1] : 1.96 + 2.4 / static_cast<double>(df);
}

PairedComparison paired_comparison(std::string model, std::span<const double> model_scores,
                                   std::span<const double> baseline_scores) {
  if (model_scores.size() != baseline_scores.size())
    throw UsageError(
        fmt::format("paired comparison of {} and {} scores", model_scores.size(), baseline_scores.size()));
  std::vector<double> d;
  for (std::size_t o = 0; o < model_scores.size(); ++o) {
    if (std::isfinite(model_scores[o]) && std::isfinite(baseline_scores[o]))
      d.push_back(model_scores[o] - baseline_scores[o]);
  }
  PairedComparison result{std::move(model), d.size(), kNaN, kNaN, kNaN, kNaN, false};
  if (d.empty()) return result;
  double sum = 0.0;
  for (double v : d) sum += v;
  result.mean_gain = sum / static_cast<double>(d.size());
  if (d.size() < 2) return result;
  double ss = 0.0;
  for (double v : d) ss += (v - result.mean_gain) * (v - result.mean_gain);
  result.sd = std::sqrt(ss / static_cast<double>(d.size() - 1));
  const double half = student_t_975(d.size() - 1) * result.sd / std::sqrt(static_cast<double>(d.size()));
  result.lower = result.mean_gain - half;
  result.upper = result.mean_gain + half;
  result.beats_baseline = result.lower > 0.0;
  return result;
}

DefaultChoice choose_default(const std::vector<CandidateScores>& candidates,
                             const std::string& metric_label) {
  DefaultChoice choice;
  const CandidateScores* simplest = nullptr;
  const CandidateScores* best = nullptr;
  for (const auto& c : candidates) {
    if (!c.baseline) continue;
    if (!simplest) simplest = &c;
    if (!best || mean_of(c.scores) > mean_of(best->scores)) best = &c;  // strict: ties to the simpler
  }
  if (!best) throw UsageError("the default is chosen against a baseline; the backtest ran none");
  const std::size_t origins = best->scores.size();
  if (origins < kMinOriginsForChoice) {
    choice.model = choice.best_baseline = simplest->name;
    choice.reason = fmt::format(
        "only {} scored origin{}: at least {} are needed to tell a model's gain from origin-to-origin noise, "
        "so the simplest baseline ({}) is the default",
        origins, origins == 1 ? "" : "s", kMinOriginsForChoice, simplest->name);
    return choice;
  }
  choice.best_baseline = choice.model = best->name;
  const PairedComparison* winner = nullptr;
  for (const auto& c : candidates) {
    if (c.baseline) continue;
    auto comparison = paired_comparison(c.name, c.scores, best->scores);
    comparison.expected_over_observed = c.expected_over_observed;
    comparison.counts_right =
        c.expected_over_observed >= kCountRatioLow && c.expected_over_observed <= kCountRatioHigh;
    choice.comparisons.push_back(std::move(comparison));
  }
  bool refused_for_counts = false;
  for (const auto& comparison : choice.comparisons) {
    if (comparison.beats_baseline && !comparison.counts_right) refused_for_counts = true;
    if (comparison.beats_baseline && comparison.counts_right &&
        (!winner || comparison.mean_gain > winner->mean_gain))
      winner = &comparison;
  }
  if (winner) {
    choice.model = winner->model;
    choice.reason = fmt::format(
        "{} beats the best baseline {} on {} by {:+.4g} per origin (95 % interval {:+.4g} to {:+.4g} over {} "
        "origins), more than the origin-to-origin noise",
        winner->model, best->name, metric_label, winner->mean_gain, winner->lower, winner->upper,
        winner->origins);
  } else {
    choice.reason = fmt::format(
        "no model beats the best baseline {} on {} by more than the origin-to-origin noise (95 % interval of "
        "the paired gain over {} origins not above 0){}, so the baseline is the default",
        best->name, metric_label, origins,
        refused_for_counts ? " with its expected counts within 10 % of the observed in total" : "");
  }
  return choice;
}

}  // namespace grip::forecast

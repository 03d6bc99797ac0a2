// The backtest as JSON and CSV (the CLI's --json and --csv).
#include <fmt/format.h>

#include <cmath>

#include "grip/forecast/backtest.hpp"

namespace grip::forecast {
namespace {

nlohmann::json number(double value) {
  return std::isfinite(value) ? nlohmann::json(value) : nlohmann::json(nullptr);
}
nlohmann::json summary(const MetricSummary& s) { return {{"mean", number(s.mean)}, {"sd", number(s.sd)}}; }
std::string cell(double value) { return std::isfinite(value) ? fmt::format("{:.6g}", value) : std::string(); }

nlohmann::json choice_json(const DefaultChoice& choice) {
  nlohmann::json comparisons = nlohmann::json::array();
  for (const auto& c : choice.comparisons) {
    comparisons.push_back({{"model", c.model},
                           {"origins", c.origins},
                           {"mean_gain", number(c.mean_gain)},
                           {"sd", number(c.sd)},
                           {"lower_95", number(c.lower)},
                           {"upper_95", number(c.upper)},
                           {"beats_baseline", c.beats_baseline},
                           {"expected_over_observed", number(c.expected_over_observed)},
                           {"counts_right", c.counts_right}});
  }
  return {{"model", choice.model},
          {"best_baseline", choice.best_baseline},
          {"reason", choice.reason},
          {"paired_comparisons_vs_best_baseline", comparisons}};
}

}  // namespace

nlohmann::json backtest_json(const BacktestResult& result) {
  nlohmann::json models = nlohmann::json::array();
  for (const auto& m : result.models) {
    nlohmann::json coverage = nlohmann::json::array();
    for (std::size_t i = 0; i < result.coverages.size(); ++i) {
      coverage.push_back({{"coverage", result.coverages[i]},
                          {"hit_rate", summary(m.hit_rate[i][0])},
                          {"pai", summary(m.pai[i][0])},
                          {"pei", summary(m.pei[i][0])},
                          {"rri", summary(m.rri[i][0])}});
    }
    nlohmann::json origins = nlohmann::json::array();
    for (const auto& o : m.origins) {
      nlohmann::json by_coverage = nlohmann::json::array();
      for (const auto& c : o.coverage) {
        by_coverage.push_back({{"coverage", c.coverage},
                               {"cells", c.cells_flagged},
                               {"hit_rate", number(c.hit_rate)},
                               {"pai", number(c.pai)},
                               {"pei", number(c.pei)},
                               {"rri", number(c.rri)}});
      }
      origins.push_back({{"window", o.window},
                         {"brier", number(o.brier)},
                         {"brier_uncalibrated", number(o.brier_raw)},
                         {"log_loss", number(o.log_loss)},
                         {"auc", number(o.auc)},
                         {"expected", o.expected_total},
                         {"expected_uncalibrated", o.expected_raw_total},
                         {"expected_isotonic", o.expected_isotonic_total},
                         {"level_ratio", number(o.level_ratio)},
                         {"seasonal_index", number(o.seasonal_index)},
                         {"observed", o.observed_total},
                         {"coverage", by_coverage}});
    }
    nlohmann::json reliability = nlohmann::json::array();
    for (std::size_t b = 0; b < m.reliability.size(); ++b) {
      reliability.push_back({{"lower", m.reliability[b].lower},
                             {"upper", m.reliability[b].upper},
                             {"count", m.reliability[b].count},
                             {"mean_predicted", number(m.reliability[b].mean_predicted)},
                             {"observed_rate", number(m.reliability[b].observed_rate)},
                             {"uncalibrated_count", m.reliability_raw[b].count},
                             {"uncalibrated_mean_predicted", number(m.reliability_raw[b].mean_predicted)},
                             {"uncalibrated_observed_rate", number(m.reliability_raw[b].observed_rate)}});
    }
    nlohmann::json counts = nlohmann::json::array();
    for (const auto& d : m.count_reliability) {
      counts.push_back({{"cells", d.cells},
                        {"mean_expected", number(d.mean_expected)},
                        {"mean_observed", number(d.mean_observed)}});
    }
    nlohmann::json pai_ratio = nlohmann::json::array();
    for (std::size_t i = 0; i < m.pai_ratio_vs_baseline.size(); ++i)
      pai_ratio.push_back(
          {{"coverage", result.coverages[i]}, {"ratio", summary(m.pai_ratio_vs_baseline[i])}});
    nlohmann::json fitted = nlohmann::json::object();
    for (const auto& [name, value] : m.last_fitted) fitted[name] = value;
    models.push_back({{"name", m.name},
                      {"description", m.description},
                      {"coverage", coverage},
                      {"brier", summary(m.brier)},
                      {"brier_uncalibrated", summary(m.brier_raw)},
                      {"log_loss", summary(m.log_loss)},
                      {"auc", summary(m.auc)},
                      {"baseline", m.baseline},
                      {"brier_skill_vs_naive", summary(m.brier_skill_vs_naive)},
                      {"brier_skill_vs_best_baseline", summary(m.brier_skill_vs_baseline)},
                      {"pai_ratio_vs_best_baseline", pai_ratio},
                      {"expected_over_observed", number(m.expected_over_observed)},
                      {"uncalibrated_expected_over_observed", number(m.raw_expected_over_observed)},
                      {"isotonic_expected_over_observed", number(m.isotonic_expected_over_observed)},
                      {"count_reliability_by_decile", counts},
                      {"seconds", m.seconds},
                      {"fitted_at_last_origin", fitted},
                      {"reliability", reliability},
                      {"origins", origins}});
  }
  return {{"dataset", result.dataset},
          {"crs", result.crs_code},
          {"study_area",
           {{"source", result.study_area.source},
            {"cells", result.study_area.cells_in_area},
            {"area_km2", result.study_area.area_m2 / 1e6}}},
          {"cell_size_m", result.cell_size_m},
          {"window", to_string(result.window)},
          {"window_spec", result.window_text},
          {"target_types", result.target_types},
          {"scored_windows", result.scored_windows},
          {"warmup_windows", result.warmup_windows},
          {"level", result.level},
          {"metric", to_string(result.metric)},
          {"best_model", result.best_model},
          {"best_baseline", result.best_baseline},
          {"default_choice", choice_json(result.choice)},
          {"ensemble_members", result.ensemble_members},
          {"notes", result.notes},
          {"models", models}};
}

std::string backtest_csv(const BacktestResult& result, CsvText text) {
  // The skill columns compare with the best baseline at the same origin (and coverage).
  const ModelBacktest* baseline = nullptr;
  for (const auto& m : result.models) {
    if (m.name == result.best_baseline) baseline = &m;
  }
  std::string out =
      "model,window,coverage,cells_flagged,hit_rate,pai,pei,rri,brier,brier_uncalibrated,log_loss,auc,"
      "pai_ratio_vs_best_baseline,brier_skill_vs_best_baseline,expected,observed\n";
  for (const auto& m : result.models) {
    for (std::size_t o = 0; o < m.origins.size(); ++o) {
      const auto& origin = m.origins[o];
      for (std::size_t i = 0; i < origin.coverage.size(); ++i) {
        const auto& c = origin.coverage[i];
        const double base_pai = baseline ? baseline->origins[o].coverage[i].pai : std::nan("");
        const double ratio = base_pai > 0 ? c.pai / base_pai : std::nan("");
        const double skill =
            baseline ? brier_skill_score(origin.brier, baseline->origins[o].brier) : std::nan("");
        out += fmt::format("{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{}\n", csv_text_cell(m.name, text),
                           csv_text_cell(origin.window, text), c.coverage, c.cells_flagged, cell(c.hit_rate),
                           cell(c.pai), cell(c.pei), cell(c.rri), cell(origin.brier), cell(origin.brier_raw),
                           cell(origin.log_loss), cell(origin.auc), cell(ratio), cell(skill),
                           cell(origin.expected_total), cell(origin.observed_total));
      }
    }
    for (const char* stat : {"mean", "sd"}) {
      const bool mean = std::string(stat) == "mean";
      const auto pick = [&](const MetricSummary& s) { return cell(mean ? s.mean : s.sd); };
      for (std::size_t i = 0; i < result.coverages.size(); ++i) {
        out += fmt::format("{},{},{},,{},{},{},{},{},{},{},{},{},{},,\n", csv_text_cell(m.name, text), stat,
                           result.coverages[i], pick(m.hit_rate[i][0]), pick(m.pai[i][0]), pick(m.pei[i][0]),
                           pick(m.rri[i][0]), pick(m.brier), pick(m.brier_raw), pick(m.log_loss), pick(m.auc),
                           pick(m.pai_ratio_vs_baseline[i]), pick(m.brier_skill_vs_baseline));
      }
    }
  }
  return out;
}

}  // namespace grip::forecast

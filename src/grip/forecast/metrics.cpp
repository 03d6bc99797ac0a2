#include "grip/forecast/metrics.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <string>

#include "grip/core/errors.hpp"

namespace grip::forecast {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kAreaSlack = 1e-9;

std::string value_text(double v) { return fmt::format("{}", v); }

void check_same_length(std::size_t a, std::size_t b, const char* what_a, const char* what_b) {
  if (a != b) {
    throw UsageError(std::string(what_a) + " has " + fmt::format("{}", a) + " values but " + what_b +
                     " has " + fmt::format("{}", b));
  }
}

void check_finite(std::span<const double> values, const char* what) {
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (!std::isfinite(values[i])) {
      throw UsageError(std::string(what) + "[" + fmt::format("{}", i) + "] is not finite (" +
                       value_text(values[i]) + ")");
    }
  }
}

void check_non_negative(std::span<const double> values, const char* what) {
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (!std::isfinite(values[i]) || values[i] < 0.0) {
      throw UsageError(std::string(what) + "[" + fmt::format("{}", i) + "] must be finite and >= 0, got " +
                       value_text(values[i]));
    }
  }
}

void check_positive(std::span<const double> values, const char* what) {
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (!std::isfinite(values[i]) || values[i] <= 0.0) {
      throw UsageError(std::string(what) + "[" + fmt::format("{}", i) + "] must be finite and > 0, got " +
                       value_text(values[i]));
    }
  }
}

void check_coverage(double coverage) {
  if (!std::isfinite(coverage) || coverage <= 0.0 || coverage > 1.0) {
    throw UsageError("coverage must be in (0, 1], got " + value_text(coverage));
  }
}

// Cell indices of the first `needed` cells in the order "key descending, index ascending".
// Only the first `needed` are sorted; the rest follow in no particular order.
std::vector<std::size_t> rank_descending(std::span<const double> keys, std::size_t needed) {
  std::vector<std::size_t> order(keys.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  auto before = [&keys](std::size_t a, std::size_t b) {
    return keys[a] > keys[b] || (keys[a] == keys[b] && a < b);
  };
  needed = std::min(needed, order.size());
  if (needed < order.size()) {
    std::nth_element(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(needed), order.end(), before);
  }
  std::sort(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(needed), before);
  return order;
}

bool all_equal(std::span<const double> values) {
  return std::all_of(values.begin(), values.end(), [&](double v) { return v == values.front(); });
}

// The most cells any set within `max_coverage` of the area could hold: each cell is at least the
// smallest area, so no more than floor(max_coverage·A / min_area) (+1 for rounding) cells fit.
std::size_t cells_bound(std::span<const double> cell_areas, double study_area, double max_coverage) {
  const double smallest = *std::min_element(cell_areas.begin(), cell_areas.end());
  const double bound = std::floor(max_coverage * study_area * (1.0 + kAreaSlack) / smallest) + 1.0;
  return bound >= static_cast<double>(cell_areas.size()) ? cell_areas.size()
                                                         : static_cast<std::size_t>(bound);
}

// Takes cells in `order` while they fit in `limit`; stops at the first that does not.
std::size_t take_while_fits(std::span<const std::size_t> order, std::span<const double> cell_areas,
                            double limit, double& area) {
  area = 0.0;
  std::size_t taken = 0;
  for (std::size_t cell : order) {
    if (area + cell_areas[cell] > limit) break;
    area += cell_areas[cell];
    ++taken;
  }
  return taken;
}

void check_scores_and_areas(std::span<const double> scores, std::span<const double> cell_areas) {
  if (scores.empty()) throw UsageError("scores is empty: a risk surface needs at least one cell");
  check_same_length(scores.size(), cell_areas.size(), "scores", "cell_areas");
  check_finite(scores, "scores");
  check_positive(cell_areas, "cell_areas");
}

}  // namespace

std::vector<std::size_t> top_cells_by_coverage(std::span<const double> scores,
                                               std::span<const double> cell_areas, double coverage) {
  check_scores_and_areas(scores, cell_areas);
  check_coverage(coverage);
  const double study_area = std::accumulate(cell_areas.begin(), cell_areas.end(), 0.0);
  std::vector<std::size_t> order = rank_descending(scores, cells_bound(cell_areas, study_area, coverage));
  double area = 0.0;
  const std::size_t taken =
      take_while_fits(order, cell_areas, coverage * study_area * (1.0 + kAreaSlack), area);
  order.resize(taken);
  return order;
}

std::vector<CoverageMetrics> coverage_metrics(std::span<const double> scores,
                                              std::span<const double> cell_areas,
                                              std::span<const double> observed,
                                              std::span<const double> coverages,
                                              std::span<const double> previous) {
  check_scores_and_areas(scores, cell_areas);
  check_same_length(scores.size(), observed.size(), "scores", "observed");
  check_non_negative(observed, "observed");
  if (!previous.empty()) {
    check_same_length(scores.size(), previous.size(), "scores", "previous");
    check_non_negative(previous, "previous");
  }
  if (coverages.empty()) throw UsageError("coverages is empty: give at least one coverage fraction");
  for (double c : coverages) check_coverage(c);

  const double study_area = std::accumulate(cell_areas.begin(), cell_areas.end(), 0.0);
  const double total = std::accumulate(observed.begin(), observed.end(), 0.0);
  const double previous_total = std::accumulate(previous.begin(), previous.end(), 0.0);
  const double max_coverage = *std::max_element(coverages.begin(), coverages.end());
  const std::size_t bound = cells_bound(cell_areas, study_area, max_coverage);
  const bool equal_areas = all_equal(cell_areas);

  const std::vector<std::size_t> by_score = rank_descending(scores, bound);
  // The best possible set ranks cells by incidents per unit area; with equal areas that is the
  // count itself and only the top `bound` cells can matter.
  std::vector<double> density(observed.size());
  for (std::size_t i = 0; i < observed.size(); ++i) density[i] = observed[i] / cell_areas[i];
  const std::vector<std::size_t> by_observed = rank_descending(density, equal_areas ? bound : density.size());

  std::vector<CoverageMetrics> results;
  results.reserve(coverages.size());
  for (double coverage : coverages) {
    CoverageMetrics m;
    m.coverage = coverage;
    m.study_area = study_area;
    m.total = total;
    m.previous_total = previous.empty() ? kNaN : previous_total;
    const double limit = coverage * study_area * (1.0 + kAreaSlack);
    m.cells_flagged = take_while_fits(by_score, cell_areas, limit, m.area_flagged);
    m.area_share = m.area_flagged / study_area;
    double previous_captured = 0.0;
    for (std::size_t r = 0; r < m.cells_flagged; ++r) {
      m.captured += observed[by_score[r]];
      if (!previous.empty()) previous_captured += previous[by_score[r]];
    }
    // n*: with equal areas the same number of cells holding the most incidents; otherwise a greedy
    // fill within area a that skips cells that do not fit, floored at n (the forecast's own set
    // is one candidate).
    double best = 0.0;
    if (equal_areas) {
      for (std::size_t r = 0; r < m.cells_flagged; ++r) best += observed[by_observed[r]];
    } else {
      double area = 0.0;
      const double best_limit = m.area_flagged * (1.0 + kAreaSlack);
      for (std::size_t cell : by_observed) {
        if (observed[cell] <= 0.0) break;
        if (area + cell_areas[cell] <= best_limit) {
          area += cell_areas[cell];
          best += observed[cell];
        }
      }
    }
    m.best_captured = std::max(best, m.captured);
    m.hit_rate = total > 0.0 ? m.captured / total : kNaN;
    m.pai = (total > 0.0 && m.area_flagged > 0.0) ? m.hit_rate / m.area_share : kNaN;
    m.pei = m.best_captured > 0.0 ? m.captured / m.best_captured : kNaN;
    if (previous.empty()) {
      m.previous_captured = kNaN;
      m.rri = kNaN;
    } else {
      m.previous_captured = previous_captured;
      m.rri = (previous_captured > 0.0 && previous_total > 0.0 && total > 0.0)
                  ? (m.captured / previous_captured) / (total / previous_total)
                  : kNaN;
    }
    results.push_back(m);
  }
  return results;
}

std::vector<CoverageMetrics> coverage_metrics(std::span<const double> scores, double cell_area,
                                              std::span<const double> observed,
                                              std::span<const double> coverages,
                                              std::span<const double> previous) {
  if (!std::isfinite(cell_area) || cell_area <= 0.0) {
    throw UsageError("cell_area must be finite and > 0, got " + value_text(cell_area));
  }
  const std::vector<double> areas(scores.size(), cell_area);
  return coverage_metrics(scores, areas, observed, coverages, previous);
}

namespace {

void check_binary(std::span<const double> probabilities, std::span<const double> outcomes, const char* what,
                  bool probabilities_in_unit) {
  if (probabilities.empty()) throw UsageError(std::string(what) + ": no predictions given");
  check_same_length(probabilities.size(), outcomes.size(), "predictions", "outcomes");
  for (std::size_t i = 0; i < probabilities.size(); ++i) {
    const double p = probabilities[i];
    if (!std::isfinite(p) || (probabilities_in_unit && (p < 0.0 || p > 1.0))) {
      throw UsageError(std::string(what) + ": prediction[" + fmt::format("{}", i) + "] = " + value_text(p) +
                       (probabilities_in_unit ? " is not a probability in [0, 1]" : " is not finite"));
    }
    if (outcomes[i] != 0.0 && outcomes[i] != 1.0) {
      throw UsageError(std::string(what) + ": outcome[" + fmt::format("{}", i) +
                       "] = " + value_text(outcomes[i]) + " is not 0 or 1");
    }
  }
}

}  // namespace

double brier_score(std::span<const double> probabilities, std::span<const double> outcomes) {
  check_binary(probabilities, outcomes, "brier_score", true);
  double sum = 0.0;
  for (std::size_t i = 0; i < probabilities.size(); ++i) {
    const double e = probabilities[i] - outcomes[i];
    sum += e * e;
  }
  return sum / static_cast<double>(probabilities.size());
}

double log_loss(std::span<const double> probabilities, std::span<const double> outcomes) {
  check_binary(probabilities, outcomes, "log_loss", true);
  double sum = 0.0;
  for (std::size_t i = 0; i < probabilities.size(); ++i) {
    // Clipping p to [ε, 1 − ε] is clipping the probability given to what happened at ε; 1 − p
    // is exact for p near 1, whereas 1 − ε itself does not round-trip in double.
    const double p = probabilities[i];
    sum -= std::log(std::max(outcomes[i] == 1.0 ? p : 1.0 - p, kLogLossClip));
  }
  return sum / static_cast<double>(probabilities.size());
}

double brier_skill_score(double brier, double brier_baseline) {
  if (!std::isfinite(brier) || brier < 0.0 || !std::isfinite(brier_baseline) || brier_baseline < 0.0) {
    throw UsageError("brier_skill_score: Brier scores must be finite and >= 0, got " + value_text(brier) +
                     " and " + value_text(brier_baseline));
  }
  return brier_baseline > 0.0 ? 1.0 - brier / brier_baseline : kNaN;
}

double roc_auc(std::span<const double> scores, std::span<const double> outcomes) {
  check_binary(scores, outcomes, "roc_auc", false);
  const std::size_t n = scores.size();
  std::vector<std::size_t> order(n);
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return scores[a] < scores[b]; });
  // Sum of the positives' mid-ranks (1-based); a tied group shares the mean of its ranks.
  double positive_rank_sum = 0.0;
  double positives = 0.0;
  for (std::size_t start = 0; start < n;) {
    std::size_t end = start + 1;
    while (end < n && scores[order[end]] == scores[order[start]]) ++end;
    const double mid_rank = (static_cast<double>(start + 1) + static_cast<double>(end)) / 2.0;
    for (std::size_t r = start; r < end; ++r) {
      if (outcomes[order[r]] == 1.0) {
        positive_rank_sum += mid_rank;
        positives += 1.0;
      }
    }
    start = end;
  }
  const double negatives = static_cast<double>(n) - positives;
  if (positives == 0.0 || negatives == 0.0) return kNaN;
  return (positive_rank_sum - positives * (positives + 1.0) / 2.0) / (positives * negatives);
}

namespace {

void finish_bins(std::vector<ReliabilityBin>& bins, std::span<const double> sum_p,
                 std::span<const double> sum_y) {
  for (std::size_t b = 0; b < bins.size(); ++b) {
    const double count = static_cast<double>(bins[b].count);
    bins[b].mean_predicted = bins[b].count > 0 ? sum_p[b] / count : kNaN;
    bins[b].observed_rate = bins[b].count > 0 ? sum_y[b] / count : kNaN;
  }
}

}  // namespace

std::vector<ReliabilityBin> reliability_by_edges(std::span<const double> probabilities,
                                                 std::span<const double> outcomes,
                                                 std::span<const double> edges) {
  check_binary(probabilities, outcomes, "reliability_by_edges", false);
  if (edges.size() < 2)
    throw UsageError("reliability_by_edges: need at least 2 bin edges, got " +
                     fmt::format("{}", edges.size()));
  check_finite(edges, "edges");
  for (std::size_t e = 1; e < edges.size(); ++e) {
    if (!(edges[e] > edges[e - 1])) {
      throw UsageError("reliability_by_edges: edges must increase strictly, but edges[" +
                       fmt::format("{}", e) + "] = " + value_text(edges[e]) + " follows " +
                       value_text(edges[e - 1]));
    }
  }
  const std::size_t bin_count = edges.size() - 1;
  std::vector<ReliabilityBin> bins(bin_count);
  for (std::size_t b = 0; b < bin_count; ++b) {
    bins[b].lower = edges[b];
    bins[b].upper = edges[b + 1];
  }
  std::vector<double> sum_p(bin_count, 0.0);
  std::vector<double> sum_y(bin_count, 0.0);
  for (std::size_t i = 0; i < probabilities.size(); ++i) {
    const double p = probabilities[i];
    if (p < edges.front() || p > edges.back()) {
      throw UsageError("reliability_by_edges: prediction[" + fmt::format("{}", i) + "] = " + value_text(p) +
                       " lies outside the bin edges [" + value_text(edges.front()) + ", " +
                       value_text(edges.back()) + "]");
    }
    // upper_bound finds the first edge above p; the bin is the one before it (last bin closed).
    auto it = std::upper_bound(edges.begin(), edges.end(), p);
    std::size_t b = static_cast<std::size_t>(it - edges.begin());
    b = std::min(b == 0 ? 0 : b - 1, bin_count - 1);
    ++bins[b].count;
    sum_p[b] += p;
    sum_y[b] += outcomes[i];
  }
  finish_bins(bins, sum_p, sum_y);
  return bins;
}

std::vector<ReliabilityBin> reliability_by_quantile(std::span<const double> probabilities,
                                                    std::span<const double> outcomes, std::size_t groups) {
  check_binary(probabilities, outcomes, "reliability_by_quantile", false);
  const std::size_t n = probabilities.size();
  if (groups == 0 || groups > n) {
    throw UsageError("reliability_by_quantile: groups must be between 1 and " + fmt::format("{}", n) +
                     ", got " + fmt::format("{}", groups));
  }
  std::vector<std::size_t> order(n);
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return probabilities[a] < probabilities[b]; });
  std::vector<ReliabilityBin> bins(groups);
  std::vector<double> sum_p(groups, 0.0);
  std::vector<double> sum_y(groups, 0.0);
  for (std::size_t g = 0; g < groups; ++g) {
    const std::size_t begin = g * n / groups;
    const std::size_t end = (g + 1) * n / groups;
    bins[g].count = end - begin;
    bins[g].lower = probabilities[order[begin]];
    bins[g].upper = probabilities[order[end - 1]];
    for (std::size_t r = begin; r < end; ++r) {
      sum_p[g] += probabilities[order[r]];
      sum_y[g] += outcomes[order[r]];
    }
  }
  finish_bins(bins, sum_p, sum_y);
  return bins;
}

}  // namespace grip::forecast

#include "grip/forecast/sepp.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <numbers>
#include <numeric>
#include <string>

#include "grip/core/errors.hpp"

namespace grip::forecast {
namespace {

constexpr double kBackgroundTruncation = 4.0;  // background kernel support, in bandwidths
constexpr double kNodesPerBandwidth = 4.0;     // background smoothing grid: spacing h / 4 ...
constexpr double kMaxBackgroundNodes = 4.0e6;  // ... coarsened so the grid stays below this
constexpr double kMaxBucketsPerAxis = 1024.0;  // pair-search buckets: at least D wide, at most this many

double normal_cdf(double z) { return 0.5 * std::erfc(-z / std::numbers::sqrt2); }

// Mass of N(centre, sd²) in [low, high].
double normal_mass(double centre, double sd, double low, double high) {
  return normal_cdf((high - centre) / sd) - normal_cdf((low - centre) / sd);
}

void check_positive(double value, const char* what) {
  if (!std::isfinite(value) || value <= 0.0) {
    throw UsageError(std::string("fit_sepp: ") + what + " must be positive and finite, got " +
                     fmt::format("{}", value));
  }
}

// Candidate parents of each event (events sorted by time), compressed rows: for child i the
// parents are entries [row_start[i], row_start[i+1]) with time gap and squared distance.
struct CandidatePairs {
  std::vector<std::size_t> row_start;
  std::vector<std::uint32_t> parent;
  std::vector<double> gap_days;
  std::vector<double> distance2;
};

// Buckets the events in squares at least D wide (at most kMaxBucketsPerAxis per axis); each
// bucket keeps its events in time order, so the parents of i in the 3 × 3 buckets around it
// are one binary search away: O(n · k) for k candidates per event.
CandidatePairs find_candidate_pairs(std::span<const double> xs, std::span<const double> ys,
                                    std::span<const double> ts, const StudyBox& box, double time_cutoff,
                                    double space_cutoff) {
  const std::size_t n = ts.size();
  const double width = box.x_max - box.x_min;
  const double height = box.y_max - box.y_min;
  const double bucket = std::max({space_cutoff, width / kMaxBucketsPerAxis, height / kMaxBucketsPerAxis});
  const auto nbx = static_cast<std::size_t>(std::floor(width / bucket)) + 1;
  const auto nby = static_cast<std::size_t>(std::floor(height / bucket)) + 1;
  std::vector<std::size_t> bucket_of(n);
  std::vector<std::size_t> bucket_start(nbx * nby + 1, 0);
  for (std::size_t i = 0; i < n; ++i) {
    const auto bx = std::min(static_cast<std::size_t>((xs[i] - box.x_min) / bucket), nbx - 1);
    const auto by = std::min(static_cast<std::size_t>((ys[i] - box.y_min) / bucket), nby - 1);
    bucket_of[i] = by * nbx + bx;
    ++bucket_start[bucket_of[i] + 1];
  }
  std::partial_sum(bucket_start.begin(), bucket_start.end(), bucket_start.begin());
  std::vector<std::uint32_t> members(n);
  std::vector<double> member_time(n);
  {
    std::vector<std::size_t> fill(bucket_start.begin(), bucket_start.end() - 1);
    for (std::size_t i = 0; i < n; ++i) {  // in time order, so each bucket stays sorted by time
      const std::size_t slot = fill[bucket_of[i]]++;
      members[slot] = static_cast<std::uint32_t>(i);
      member_time[slot] = ts[i];
    }
  }
  CandidatePairs pairs;
  pairs.row_start.resize(n + 1, 0);
  const double cutoff2 = space_cutoff * space_cutoff;
  for (std::size_t i = 0; i < n; ++i) {
    pairs.row_start[i] = pairs.parent.size();
    const std::size_t bx = bucket_of[i] % nbx;
    const std::size_t by = bucket_of[i] / nbx;
    for (std::size_t yy = (by == 0 ? 0 : by - 1); yy <= std::min(by + 1, nby - 1); ++yy) {
      for (std::size_t xx = (bx == 0 ? 0 : bx - 1); xx <= std::min(bx + 1, nbx - 1); ++xx) {
        const std::size_t b = yy * nbx + xx;
        const auto first = member_time.begin() + static_cast<std::ptrdiff_t>(bucket_start[b]);
        const auto last = member_time.begin() + static_cast<std::ptrdiff_t>(bucket_start[b + 1]);
        // Parents strictly earlier than i and no more than τ earlier.
        auto it = std::lower_bound(first, last, ts[i] - time_cutoff);
        const auto end = std::lower_bound(it, last, ts[i]);
        for (; it != end; ++it) {
          const std::uint32_t j = members[static_cast<std::size_t>(it - member_time.begin())];
          const double dx = xs[i] - xs[j];
          const double dy = ys[i] - ys[j];
          const double d2 = dx * dx + dy * dy;
          if (d2 <= cutoff2) {
            pairs.parent.push_back(j);
            pairs.gap_days.push_back(ts[i] - ts[j]);
            pairs.distance2.push_back(d2);
          }
        }
      }
    }
  }
  pairs.row_start[n] = pairs.parent.size();
  return pairs;
}

// The background density at the events, Σ_k w_k K_h(x_i − x_k), by linear binning of the weights
// onto a node grid of spacing ≈ h/4 over the study box, a separable Gaussian convolution truncated
// at 4h, and bilinear interpolation back at the events. Cost per evaluation is O(nodes · taps)
// however clustered the events are; the binning error is well under 1 % at this spacing.
class BackgroundSmoother {
 public:
  BackgroundSmoother(std::span<const double> xs, std::span<const double> ys, const StudyBox& box,
                     double bandwidth)
      : xs_(xs), ys_(ys), x0_(box.x_min), y0_(box.y_min) {
    const double width = box.x_max - box.x_min;
    const double height = box.y_max - box.y_min;
    spacing_ = bandwidth / kNodesPerBandwidth;
    spacing_ = std::max(
        spacing_, std::sqrt(std::max(width, bandwidth) * std::max(height, bandwidth) / kMaxBackgroundNodes));
    nx_ = static_cast<std::size_t>(std::floor(width / spacing_)) + 2;
    ny_ = static_cast<std::size_t>(std::floor(height / spacing_)) + 2;
    const auto radius = static_cast<std::size_t>(std::ceil(kBackgroundTruncation * bandwidth / spacing_));
    taps_.resize(radius + 1);
    const double norm = 1.0 / (std::sqrt(2.0 * std::numbers::pi) * bandwidth);
    for (std::size_t m = 0; m <= radius; ++m) {
      const double z = static_cast<double>(m) * spacing_ / bandwidth;
      taps_[m] = norm * std::exp(-0.5 * z * z);
    }
    binned_.resize(nx_ * ny_);
    across_.resize(nx_ * ny_);
    density_.resize(nx_ * ny_);
  }

  // density_at[i] = Σ_k weights[k] K_h(x_i − x_k) per square metre.
  void evaluate(std::span<const double> weights, std::span<double> density_at) {
    std::fill(binned_.begin(), binned_.end(), 0.0);
    for (std::size_t k = 0; k < xs_.size(); ++k) {
      Corner c = corner(xs_[k], ys_[k]);
      const double w = weights[k];
      binned_[c.node] += w * (1 - c.fx) * (1 - c.fy);
      binned_[c.node + 1] += w * c.fx * (1 - c.fy);
      binned_[c.node + nx_] += w * (1 - c.fx) * c.fy;
      binned_[c.node + nx_ + 1] += w * c.fx * c.fy;
    }
    convolve_rows(binned_, across_);
    convolve_columns(across_, density_);
    for (std::size_t i = 0; i < xs_.size(); ++i) {
      Corner c = corner(xs_[i], ys_[i]);
      density_at[i] = density_[c.node] * (1 - c.fx) * (1 - c.fy) + density_[c.node + 1] * c.fx * (1 - c.fy) +
                      density_[c.node + nx_] * (1 - c.fx) * c.fy + density_[c.node + nx_ + 1] * c.fx * c.fy;
    }
  }

 private:
  struct Corner {
    std::size_t node;
    double fx;
    double fy;
  };

  Corner corner(double x, double y) const {
    const double gx = (x - x0_) / spacing_;
    const double gy = (y - y0_) / spacing_;
    const auto ix = std::min(static_cast<std::size_t>(gx), nx_ - 2);
    const auto iy = std::min(static_cast<std::size_t>(gy), ny_ - 2);
    return {iy * nx_ + ix, gx - static_cast<double>(ix), gy - static_cast<double>(iy)};
  }

  // Each tap is one pass over a shifted row, so the inner loops vectorise.
  void convolve_rows(const std::vector<double>& in, std::vector<double>& out) const {
    const std::size_t r = std::min(taps_.size() - 1, nx_ - 1);
    for (std::size_t row = 0; row < ny_; ++row) {
      const double* src = in.data() + row * nx_;
      double* dst = out.data() + row * nx_;
      for (std::size_t c = 0; c < nx_; ++c) dst[c] = taps_[0] * src[c];
      for (std::size_t m = 1; m <= r; ++m) {
        const double tap = taps_[m];
        for (std::size_t c = m; c < nx_; ++c) dst[c] += tap * src[c - m];
        for (std::size_t c = 0; c + m < nx_; ++c) dst[c] += tap * src[c + m];
      }
    }
  }

  void convolve_columns(const std::vector<double>& in, std::vector<double>& out) const {
    const std::size_t r = taps_.size() - 1;
    for (std::size_t row = 0; row < ny_; ++row) {
      double* dst = out.data() + row * nx_;
      const double* centre = in.data() + row * nx_;
      for (std::size_t c = 0; c < nx_; ++c) dst[c] = taps_[0] * centre[c];
      for (std::size_t m = 1; m <= r; ++m) {
        const double tap = taps_[m];
        if (row >= m) {
          const double* below = in.data() + (row - m) * nx_;
          for (std::size_t c = 0; c < nx_; ++c) dst[c] += tap * below[c];
        }
        if (row + m < ny_) {
          const double* above = in.data() + (row + m) * nx_;
          for (std::size_t c = 0; c < nx_; ++c) dst[c] += tap * above[c];
        }
      }
    }
  }

  std::span<const double> xs_;
  std::span<const double> ys_;
  double x0_;
  double y0_;
  double spacing_ = 0.0;
  std::size_t nx_ = 0;
  std::size_t ny_ = 0;
  std::vector<double> taps_;
  std::vector<double> binned_;
  std::vector<double> across_;
  std::vector<double> density_;
};

double relative_change(double before, double after) {
  return std::abs(after - before) / std::max(std::abs(before), 1e-300);
}

}  // namespace

CoordinatePrecision coordinate_precision(std::span<const Event> events) {
  CoordinatePrecision result;
  if (events.size() < 2) return result;
  std::vector<std::pair<double, double>> points;
  points.reserve(events.size());
  for (const auto& e : events) points.emplace_back(e.x, e.y);
  std::sort(points.begin(), points.end());
  std::size_t stacked = 0;
  for (std::size_t i = 0; i < points.size(); ++i) {
    const bool same_as_previous = i > 0 && points[i] == points[i - 1];
    const bool same_as_next = i + 1 < points.size() && points[i] == points[i + 1];
    if (same_as_previous || same_as_next) ++stacked;
  }
  result.stacked_share = static_cast<double>(stacked) / static_cast<double>(points.size());
  points.erase(std::unique(points.begin(), points.end()), points.end());
  if (points.size() < 2) return result;
  // Nearest other distinct point of each, scanning outwards in x order until |Δx| exceeds the best.
  std::vector<double> nearest(points.size(), std::numeric_limits<double>::infinity());
  for (std::size_t i = 0; i < points.size(); ++i) {
    double best2 = std::numeric_limits<double>::infinity();
    for (std::size_t j = i + 1; j < points.size(); ++j) {
      const double dx = points[j].first - points[i].first;
      if (dx * dx >= best2) break;
      const double dy = points[j].second - points[i].second;
      best2 = std::min(best2, dx * dx + dy * dy);
    }
    for (std::size_t j = i; j-- > 0;) {
      const double dx = points[i].first - points[j].first;
      if (dx * dx >= best2) break;
      const double dy = points[j].second - points[i].second;
      best2 = std::min(best2, dx * dx + dy * dy);
    }
    nearest[i] = std::sqrt(best2);
  }
  const auto at = static_cast<std::ptrdiff_t>(kPrecisionQuantile * static_cast<double>(nearest.size() - 1));
  std::nth_element(nearest.begin(), nearest.begin() + at, nearest.end());
  result.quantum_m = nearest[static_cast<std::size_t>(at)];
  return result;
}

SeppModel fit_sepp(std::span<const Event> events, const SeppOptions& options) {
  check_events(events, "fit_sepp");
  const std::size_t n = events.size();
  if (n < 2) throw UsageError("fit_sepp: needs at least 2 events, got " + fmt::format("{}", n));
  if (n > std::numeric_limits<std::uint32_t>::max())
    throw UsageError("fit_sepp: too many events (" + fmt::format("{}", n) + ")");
  check_positive(options.background_bandwidth_m, "background_bandwidth_m");
  check_positive(options.time_cutoff_days, "time_cutoff_days");
  check_positive(options.space_cutoff_m, "space_cutoff_m");
  check_positive(options.initial.omega, "initial omega");
  check_positive(options.initial.sigma_m, "initial sigma_m");
  if (!(options.initial.theta > 0.0 && options.initial.theta < 1.0)) {
    throw UsageError("fit_sepp: initial theta must lie in (0, 1), got " +
                     fmt::format("{}", options.initial.theta));
  }
  if (!std::isfinite(options.tolerance) || options.tolerance < 0.0) {
    throw UsageError("fit_sepp: tolerance must be finite and >= 0, got " +
                     fmt::format("{}", options.tolerance));
  }

  // Work in time order; outputs go back to input order through `order`.
  std::vector<std::size_t> order(n);
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return events[a].t < events[b].t; });
  std::vector<double> xs(n);
  std::vector<double> ys(n);
  std::vector<double> ts(n);
  for (std::size_t r = 0; r < n; ++r) {
    xs[r] = events[order[r]].x;
    ys[r] = events[order[r]].y;
    ts[r] = events[order[r]].t;
  }

  SeppModel model;
  model.period_start_days = options.period_start_days.value_or(ts.front());
  model.period_end_days = options.period_end_days.value_or(ts.back());
  if (!std::isfinite(model.period_start_days) || !std::isfinite(model.period_end_days) ||
      !(model.period_end_days > model.period_start_days)) {
    throw UsageError("fit_sepp: the period [" + fmt::format("{}", model.period_start_days) + ", " +
                     fmt::format("{}", model.period_end_days) + "] days must have positive length");
  }
  if (ts.front() < model.period_start_days || ts.back() > model.period_end_days) {
    throw UsageError("fit_sepp: events run from day " + fmt::format("{}", ts.front()) + " to " +
                     fmt::format("{}", ts.back()) + ", outside the period [" +
                     fmt::format("{}", model.period_start_days) + ", " +
                     fmt::format("{}", model.period_end_days) + "]");
  }
  if (options.study_box) {
    model.study_box = *options.study_box;
  } else {
    model.study_box = {*std::min_element(xs.begin(), xs.end()), *std::min_element(ys.begin(), ys.end()),
                       *std::max_element(xs.begin(), xs.end()), *std::max_element(ys.begin(), ys.end())};
  }
  const StudyBox& box = model.study_box;
  if (!(box.x_max > box.x_min) || !(box.y_max > box.y_min) || !std::isfinite(box.x_min) ||
      !std::isfinite(box.x_max) || !std::isfinite(box.y_min) || !std::isfinite(box.y_max)) {
    throw UsageError("fit_sepp: the study box must have positive width and height, got x [" +
                     fmt::format("{}", box.x_min) + ", " + fmt::format("{}", box.x_max) + "], y [" +
                     fmt::format("{}", box.y_min) + ", " + fmt::format("{}", box.y_max) + "]");
  }
  for (std::size_t r = 0; r < n; ++r) {
    if (xs[r] < box.x_min || xs[r] > box.x_max || ys[r] < box.y_min || ys[r] > box.y_max) {
      throw UsageError("fit_sepp: event " + fmt::format("{}", order[r]) + " at (" + fmt::format("{}", xs[r]) +
                       ", " + fmt::format("{}", ys[r]) + ") lies outside the study box");
    }
  }
  model.background_bandwidth_m = options.background_bandwidth_m;
  model.time_cutoff_days = options.time_cutoff_days;
  model.space_cutoff_m = options.space_cutoff_m;
  const double period = model.period_end_days - model.period_start_days;
  const double h = options.background_bandwidth_m;

  // Edge correction: the share of each event's background kernel inside the box.
  std::vector<double> inv_mass(n);
  for (std::size_t k = 0; k < n; ++k) {
    inv_mass[k] =
        1.0 / (normal_mass(xs[k], h, box.x_min, box.x_max) * normal_mass(ys[k], h, box.y_min, box.y_max));
  }

  const CandidatePairs pairs =
      find_candidate_pairs(xs, ys, ts, box, options.time_cutoff_days, options.space_cutoff_m);
  model.candidate_pairs = pairs.parent.size();
  std::size_t widest_row = 0;
  for (std::size_t i = 0; i < n; ++i)
    widest_row = std::max(widest_row, pairs.row_start[i + 1] - pairs.row_start[i]);
  std::vector<double> trigger(widest_row);

  BackgroundSmoother smoother(xs, ys, box, h);
  std::vector<double> background_p(n, 1.0 - options.initial.theta);
  std::vector<double> smooth_weight(n);
  std::vector<double> mu(n);
  SeppParameters p = options.initial;

  for (std::size_t iteration = 0; iteration < options.max_iterations; ++iteration) {
    // Background at the events from the current background probabilities.
    for (std::size_t k = 0; k < n; ++k) smooth_weight[k] = background_p[k] * inv_mass[k] / period;
    smoother.evaluate(smooth_weight, mu);
    const double background_integral = std::accumulate(background_p.begin(), background_p.end(), 0.0);

    // E-step and the sums the M-step needs, in one pass over the pairs.
    const double amplitude = p.theta * p.omega / (2.0 * std::numbers::pi * p.sigma_m * p.sigma_m);
    const double inv_two_sigma2 = 1.0 / (2.0 * p.sigma_m * p.sigma_m);
    double sum_p = 0.0;
    double sum_p_gap = 0.0;
    double sum_p_d2 = 0.0;
    double sum_log_lambda = 0.0;
    double trigger_integral = 0.0;
    const double spatial_mass =
        -std::expm1(-options.space_cutoff_m * options.space_cutoff_m * inv_two_sigma2);
    for (std::size_t i = 0; i < n; ++i) {
      const std::size_t begin = pairs.row_start[i];
      const std::size_t count = pairs.row_start[i + 1] - begin;
      double lambda = mu[i];
      for (std::size_t q = 0; q < count; ++q) {
        // Below e^−745 a double is 0; skipping std::exp there avoids its slow underflow path
        // (small σ against a 1 km cut-off: most far pairs).
        const double exponent =
            -p.omega * pairs.gap_days[begin + q] - pairs.distance2[begin + q] * inv_two_sigma2;
        trigger[q] = exponent < -745.0 ? 0.0 : amplitude * std::exp(exponent);
        lambda += trigger[q];
      }
      sum_log_lambda += std::log(lambda);
      const double inv_lambda = 1.0 / lambda;
      for (std::size_t q = 0; q < count; ++q) {
        const double pij = trigger[q] * inv_lambda;
        sum_p += pij;
        sum_p_gap += pij * pairs.gap_days[begin + q];
        sum_p_d2 += pij * pairs.distance2[begin + q];
      }
      background_p[i] = mu[i] * inv_lambda;
      const double reach = std::min(model.period_end_days - ts[i], options.time_cutoff_days);
      trigger_integral += -std::expm1(-p.omega * reach);
    }
    trigger_integral *= p.theta * spatial_mass;
    model.log_likelihood.push_back(sum_log_lambda - background_integral - trigger_integral);

    // M-step (METHODS.md): θ = Σ p_ij / n, 1/ω = Σ p_ij Δt / Σ p_ij, σ² = Σ p_ij d² / (2 Σ p_ij).
    SeppParameters next = p;
    next.theta = sum_p / static_cast<double>(n);
    if (sum_p > 0.0 && sum_p_gap > 0.0 && sum_p_d2 > 0.0) {
      next.omega = sum_p / sum_p_gap;
      next.sigma_m = std::sqrt(sum_p_d2 / (2.0 * sum_p));
    }
    model.sigma_at_floor = next.sigma_m < options.sigma_floor_m;
    next.sigma_m = std::max(next.sigma_m, options.sigma_floor_m);
    model.iterations = iteration + 1;
    const bool settled = relative_change(p.theta, next.theta) < options.tolerance &&
                         relative_change(p.omega, next.omega) < options.tolerance &&
                         relative_change(p.sigma_m, next.sigma_m) < options.tolerance;
    p = next;
    if (settled || next.theta == 0.0) {
      model.converged = true;
      break;
    }
  }

  model.parameters = p;
  model.background_events = std::accumulate(background_p.begin(), background_p.end(), 0.0);
  model.background_rate_per_day = model.background_events / period;
  model.background_probability.resize(n);
  model.background_x.resize(n);
  model.background_y.resize(n);
  model.background_weight.resize(n);
  for (std::size_t r = 0; r < n; ++r) {
    const std::size_t k = order[r];
    model.background_probability[k] = background_p[r];
    model.background_x[k] = xs[r];
    model.background_y[k] = ys[r];
    model.background_weight[k] = background_p[r] * inv_mass[r];
  }
  return model;
}

namespace {

// Adds coefficient × (Gaussian mass over each cell) for a Gaussian at (x, y) with sd `sd`, over
// the cells within `reach` metres in x and in y. The mass is separable, so it costs one CDF per
// column and per row and one multiply-add per cell.
double add_gaussian_masses(const geo::Grid& grid, double x, double y, double sd, double reach,
                           double coefficient, std::vector<double>& column_mass, std::vector<double>& out) {
  const double s = grid.cell_size();
  const double c_low = std::floor(grid.col_coordinate(x - reach));
  const double c_high = std::floor(grid.col_coordinate(x + reach));
  const double r_low = std::floor(grid.row_coordinate(y - reach));
  const double r_high = std::floor(grid.row_coordinate(y + reach));
  const auto nx = static_cast<double>(grid.nx());
  const auto ny = static_cast<double>(grid.ny());
  if (c_high < 0.0 || r_high < 0.0 || c_low >= nx || r_low >= ny) return 0.0;
  const auto c0 = static_cast<std::size_t>(std::max(c_low, 0.0));
  const auto c1 = static_cast<std::size_t>(std::min(c_high, nx - 1.0));
  const auto r0 = static_cast<std::size_t>(std::max(r_low, 0.0));
  const auto r1 = static_cast<std::size_t>(std::min(r_high, ny - 1.0));
  column_mass.resize(c1 - c0 + 1);
  double previous = normal_cdf((grid.x0() + static_cast<double>(c0) * s - x) / sd);
  double column_total = 0.0;
  for (std::size_t c = c0; c <= c1; ++c) {
    const double next = normal_cdf((grid.x0() + static_cast<double>(c + 1) * s - x) / sd);
    column_mass[c - c0] = coefficient * (next - previous);
    column_total += column_mass[c - c0];
    previous = next;
  }
  double added = 0.0;
  previous = normal_cdf((grid.y0() + static_cast<double>(r0) * s - y) / sd);
  for (std::size_t r = r0; r <= r1; ++r) {
    const double next = normal_cdf((grid.y0() + static_cast<double>(r + 1) * s - y) / sd);
    const double row_mass = next - previous;
    previous = next;
    double* row = out.data() + r * grid.nx() + c0;
    for (std::size_t c = 0; c <= c1 - c0; ++c) row[c] += row_mass * column_mass[c];
    added += row_mass * column_total;
  }
  return added;
}

}  // namespace

SeppForecast intensity_on_grid(const SeppModel& model, std::span<const Event> history, const geo::Grid& grid,
                               double window_start_days, double window_days) {
  check_events(history, "intensity_on_grid");
  if (!std::isfinite(window_start_days)) {
    throw UsageError("intensity_on_grid: window start is not finite (" +
                     fmt::format("{}", window_start_days) + ")");
  }
  if (!std::isfinite(window_days) || window_days <= 0.0) {
    throw UsageError("intensity_on_grid: window length must be positive and finite, got " +
                     fmt::format("{}", window_days));
  }
  const double period = model.period_end_days - model.period_start_days;
  if (!(period > 0.0) || model.background_weight.size() != model.background_x.size() ||
      model.background_weight.size() != model.background_y.size()) {
    throw UsageError("intensity_on_grid: the model is not a fitted SEPP model (empty period or background)");
  }
  SeppForecast forecast;
  forecast.expected.assign(grid.cell_count(), 0.0);
  std::vector<double> scratch;
  const double h = model.background_bandwidth_m;
  for (std::size_t k = 0; k < model.background_weight.size(); ++k) {
    const double coefficient = model.background_weight[k] * window_days / period;
    if (coefficient == 0.0) continue;
    forecast.background_expected +=
        add_gaussian_masses(grid, model.background_x[k], model.background_y[k], h, kBackgroundTruncation * h,
                            coefficient, scratch, forecast.expected);
  }
  const SeppParameters& p = model.parameters;
  const double window_end = window_start_days + window_days;
  for (const Event& e : history) {
    if (e.t > window_start_days) {
      ++forecast.history_ignored;
      continue;
    }
    ++forecast.history_used;
    const double from = window_start_days - e.t;
    const double to = std::min(window_end - e.t, model.time_cutoff_days);
    if (!(to > from) || p.theta == 0.0) continue;
    const double coefficient = p.theta * (std::exp(-p.omega * from) - std::exp(-p.omega * to));
    forecast.triggered_expected += add_gaussian_masses(grid, e.x, e.y, p.sigma_m, model.space_cutoff_m,
                                                       coefficient, scratch, forecast.expected);
  }
  return forecast;
}

}  // namespace grip::forecast

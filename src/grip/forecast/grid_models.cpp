// The baseline models (naive, long-run mean of all prior windows, moving average, seasonal = the same
// window a year before, all-crime history scaled to the target's share; EWMA: baselines.hpp), the
// retrospective KDE hotspot
// (kde.hpp: quartic, 300 m, the whole history's mean per window) and prospective hotspotting
// (prospective.hpp: 400 m, 8 weeks, scaled to the recent mean count per window), the ensemble, and
// the factory.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <optional>

#include "grip/core/errors.hpp"
#include "grip/forecast/baselines.hpp"
#include "grip/forecast/models.hpp"
#include "grip/forecast/prospective.hpp"
#include "grip/forecast/xgboost_learner.hpp"
#include "grip/hotspot/kde.hpp"

namespace grip::forecast {
namespace {

class NaiveModel : public ForecastModel {
 public:
  std::string name() const override { return "naive"; }
  std::string description() const override { return "last window's count"; }
  ModelForecast forecast(const History& history) override {
    return {history.counts(history.origin() - 1), {}, {}, {}};
  }
};

// λ_c = Σ_{w < origin} x_{c,w} / origin: the strongest simple yardstick on place-stable crime.
class LongRunMeanModel : public ForecastModel {
 public:
  std::string name() const override { return "long-run-mean"; }
  std::string description() const override { return "mean count of all prior windows"; }
  ModelForecast forecast(const History& history) override {
    auto sum = history.summed_counts(0, history.origin());
    for (auto& value : sum) value /= static_cast<double>(history.origin());
    return {std::move(sum), {}, {{"windows", std::to_string(history.origin())}}, {}};
  }
};

// The window a year before the target: the same calendar month (month windows) or the window that
// starts 364 days earlier (weeks and days: the same weekday). Without one the model is unavailable.
std::optional<std::size_t> year_before(const History& history) {
  const auto& target = history.target_window();
  const double lag = history.data().window == WindowKind::kMonth ? 365.25 : 364.0;
  for (std::size_t w = history.origin(); w-- > 0;) {
    const double gap = target.start_days - history.window(w).start_days;
    if (std::abs(gap - lag) <= 0.5 * target.length_days + 1e-9) return w;
    if (gap > lag + target.length_days) break;
  }
  return std::nullopt;
}

class SeasonalModel : public ForecastModel {
 public:
  std::string name() const override { return "seasonal"; }
  std::string description() const override { return "count of the same window a year before"; }
  std::string unavailable(const History& history) const override {
    return year_before(history)
               ? std::string()
               : fmt::format("no window a year before {} in the history", history.target_window().label);
  }
  ModelForecast forecast(const History& history) override {
    const auto w = year_before(history);
    if (!w) throw UsageError("the seasonal baseline needs " + unavailable(history));
    return {history.counts(*w), {}, {{"window", history.window(*w).label}}, {}};
  }
};

// All crime as a predictor of violence: λ_c = (all types' count in c over prior windows) × (target
// share of all crime over prior windows) / windows, so Σ λ equals the long-run mean total.
class AllCrimeModel : public ForecastModel {
 public:
  std::string name() const override { return "all-crime"; }
  std::string description() const override {
    return "mean all-crime count of prior windows x the target's share of all crime";
  }
  ModelForecast forecast(const History& history) override {
    const auto target = history.summed_counts(0, history.origin(), true);
    const auto other = history.summed_counts(0, history.origin(), false);
    const double target_total = std::accumulate(target.begin(), target.end(), 0.0);
    const double all_total = target_total + std::accumulate(other.begin(), other.end(), 0.0);
    const double share = all_total > 0 ? target_total / all_total : 0.0;
    const double scale = share / static_cast<double>(history.origin());
    // The two parts explain a cell: its own serious-violence history and the other crime around it.
    ModelTerm own{"serious-violence history", std::vector<float>(target.size())};
    ModelTerm rest{"other crime history", std::vector<float>(target.size())};
    std::vector<double> expected(target.size());
    for (std::size_t c = 0; c < target.size(); ++c) {
      expected[c] = scale * (target[c] + other[c]);
      own.contribution[c] = static_cast<float>(scale * target[c]);
      rest.contribution[c] = static_cast<float>(scale * other[c]);
    }
    return {std::move(expected),
            {std::move(own), std::move(rest)},
            {{"target_share", fmt::format("{:.4f}", share)}},
            {}};
  }
};

class MovingAverageModel : public ForecastModel {
 public:
  explicit MovingAverageModel(std::size_t windows) : windows_(windows) {}
  std::string name() const override { return "moving-average"; }
  std::string description() const override {
    return fmt::format("mean count of the last {} windows", windows_);
  }
  ModelForecast forecast(const History& history) override {
    const std::size_t k = std::min(windows_, history.origin());
    auto sum = history.summed_counts(history.origin() - k, history.origin());
    for (auto& value : sum) value /= static_cast<double>(k);
    return {std::move(sum), {}, {{"windows", std::to_string(k)}}, {}};
  }

 private:
  std::size_t windows_;
};

class EwmaModel : public ForecastModel {
 public:
  explicit EwmaModel(double alpha) : alpha_(alpha) {}
  std::string name() const override { return "ewma"; }
  std::string description() const override {
    return fmt::format("exponentially weighted mean count, alpha {:g}", alpha_);
  }
  ModelForecast forecast(const History& history) override {
    // s_1 = x_1, s_w = α x_w + (1 − α) s_{w−1}, as exponential_forecast in baselines.hpp, one window at a
    // time.
    std::vector<double> smooth = history.counts(0);
    for (std::size_t w = 1; w < history.origin(); ++w) {
      std::vector<double> level(history.cells(), 0.0);
      for (const auto& event : history.window_events(w)) {
        if (event.target) level[event.cell] += 1.0;
      }
      for (std::size_t c = 0; c < smooth.size(); ++c)
        smooth[c] = alpha_ * level[c] + (1 - alpha_) * smooth[c];
    }
    return {std::move(smooth), {}, {{"alpha", fmt::format("{:g}", alpha_)}}, {}};
  }

 private:
  double alpha_;
};

class KdeModel : public ForecastModel {
 public:
  explicit KdeModel(double bandwidth_m) : bandwidth_m_(bandwidth_m) {}
  std::string name() const override { return "kde"; }
  std::string description() const override {
    return fmt::format("retrospective KDE of all history, quartic {:g} m, per window", bandwidth_m_);
  }
  ModelForecast forecast(const History& history) override {
    std::vector<double> xs, ys;
    for (const auto& event : history.events()) {
      if (event.target) xs.push_back(event.x), ys.push_back(event.y);
    }
    std::vector<double> expected(history.cells(), 0.0);
    if (!xs.empty()) {
      const auto surface = hotspot::kernel_density(
          history.grid(), xs, ys, {},
          {hotspot::KernelShape::kQuartic, bandwidth_m_, hotspot::KdePlacement::kExact});
      expected = gather_study_cells(history.data(), surface.density);
      const double scale = history.grid().cell_area() / static_cast<double>(history.origin());
      for (auto& value : expected) value *= scale;
    }
    return {std::move(expected), {}, {{"bandwidth_m", fmt::format("{:g}", bandwidth_m_)}}, {}};
  }

 private:
  double bandwidth_m_;
};

class ProspectiveModel : public ForecastModel {
 public:
  ProspectiveModel(double distance_m, double time_days) : distance_m_(distance_m), time_days_(time_days) {}
  std::string name() const override { return "prospective"; }
  std::string description() const override {
    return fmt::format("prospective hotspotting, {:g} m and {:g} days, scaled to the last 3 windows' mean",
                       distance_m_, time_days_);
  }
  ModelForecast forecast(const History& history) override {
    std::vector<Event> events;
    for (const auto& event : history.events()) {
      if (event.target) events.push_back({event.x, event.y, event.t_days});
    }
    ProspectiveOptions options;
    options.distance_bandwidth_m = distance_m_;
    options.time_bandwidth_days = time_days_;
    const auto surface =
        prospective_risk(history.grid(), events, history.target_window().start_days, options);
    auto expected = gather_study_cells(history.data(), surface.risk);
    // Risk is a score; scale it so the study area expects the recent mean count per window.
    const std::size_t k = std::min<std::size_t>(3, history.origin());
    const auto recent = history.summed_counts(history.origin() - k, history.origin());
    const double recent_mean = std::accumulate(recent.begin(), recent.end(), 0.0) / static_cast<double>(k);
    const double total_risk = std::accumulate(expected.begin(), expected.end(), 0.0);
    for (auto& value : expected) value = total_risk > 0 ? value * recent_mean / total_risk : 0.0;
    return {std::move(expected), {}, {{"events_used", std::to_string(surface.events_used)}}, {}};
  }

 private:
  double distance_m_, time_days_;
};

}  // namespace

std::vector<double> gather_study_cells(const ForecastData& data, std::span<const double> per_grid_cell) {
  std::vector<double> out(data.cells());
  for (std::size_t c = 0; c < out.size(); ++c) out[c] = per_grid_cell[data.study_cells[c]];
  return out;
}

std::unique_ptr<ForecastModel> make_naive_model() { return std::make_unique<NaiveModel>(); }
std::unique_ptr<ForecastModel> make_moving_average_model(std::size_t windows) {
  return std::make_unique<MovingAverageModel>(windows);
}
std::unique_ptr<ForecastModel> make_ewma_model(double alpha) {
  if (!(alpha > 0 && alpha <= 1))
    throw UsageError(fmt::format("EWMA alpha must lie in (0, 1], not {}", alpha));
  return std::make_unique<EwmaModel>(alpha);
}
std::unique_ptr<ForecastModel> make_kde_model(double bandwidth_m) {
  return std::make_unique<KdeModel>(bandwidth_m);
}
std::unique_ptr<ForecastModel> make_prospective_model(double distance_m, double time_days) {
  return std::make_unique<ProspectiveModel>(distance_m, time_days);
}

const std::vector<std::string>& base_model_names() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> list = {
        "long-run-mean", "naive",       "moving-average", "seasonal",    "all-crime",          "ewma",
        "kde",           "prospective", "sepp",           "poisson-glm", kNegativeBinomialName};
    return list;
  }();
  return names;
}

bool is_baseline(const std::string& name) {
  return name == "long-run-mean" || name == "naive" || name == "moving-average" || name == "seasonal" ||
         name == "all-crime";
}

std::size_t simplicity_rank(const std::string& name) {
  const auto& names = base_model_names();
  if (name == kBoostedName) return names.size();  // opt-in, after every default model
  const auto found = std::find(names.begin(), names.end(), name);
  return found == names.end() ? names.size() + 1 : static_cast<std::size_t>(found - names.begin());
}

std::unique_ptr<ForecastModel> make_model(const std::string& name, const ModelOptions& options,
                                          const WindowSpec& window) {
  // Days and shifts: the windows of the last 7 days (21 shifts of 8 h; 2 Fri/Sat nights).
  const std::size_t ma = by_window_kind(window.kind, options.moving_average_windows, 3, 4,
                                        window.kind == WindowKind::kShift ? window.windows_in_days(7.0) : 7);
  if (name == "naive") return make_naive_model();
  if (name == "long-run-mean") return std::make_unique<LongRunMeanModel>();
  if (name == "seasonal") return std::make_unique<SeasonalModel>();
  if (name == "all-crime") return std::make_unique<AllCrimeModel>();
  if (name == "moving-average") return make_moving_average_model(ma);
  if (name == "ewma") return make_ewma_model(options.ewma_alpha);
  if (name == "kde") return make_kde_model(options.kde_bandwidth_m);
  if (name == "prospective")
    return make_prospective_model(options.prospective_distance_m, options.prospective_time_days);
  if (name == "sepp") return make_sepp_model(options.explain);
  if (name == "poisson-glm") return make_poisson_model(options, window);
  if (name == kNegativeBinomialName) return make_negative_binomial_model(options, window);
  if (name == kBoostedName) return make_boosted_model(options, window);
  throw UsageError(fmt::format("unknown model '{}'; known: {}, {}, {}", name,
                               fmt::join(base_model_names(), ", "), kBoostedName, kEnsembleName));
}

EnsembleModel::EnsembleModel(std::vector<std::unique_ptr<ForecastModel>> members)
    : members_(std::move(members)) {
  if (members_.empty()) throw UsageError("an ensemble needs at least one member");
}

std::string EnsembleModel::description() const {
  std::vector<std::string> names;
  for (const auto& member : members_) names.push_back(member->name());
  return fmt::format("mean of {}", fmt::join(names, ", "));
}

bool EnsembleModel::needs_time_stamps() const {
  return std::any_of(members_.begin(), members_.end(),
                     [](const auto& member) { return member->needs_time_stamps(); });
}

ModelForecast EnsembleModel::forecast(const History& history) {
  std::vector<ModelForecast> forecasts;
  std::vector<std::string> names;
  for (auto& member : members_) {
    forecasts.push_back(member->forecast(history));
    names.push_back(member->name());
  }
  std::vector<const ModelForecast*> pointers;
  for (const auto& forecast : forecasts) pointers.push_back(&forecast);
  return average_forecasts(pointers, names);
}

ModelForecast average_forecasts(const std::vector<const ModelForecast*>& members,
                                const std::vector<std::string>& names) {
  if (members.empty() || members.size() != names.size())
    throw UsageError("an ensemble needs one name per member forecast");
  ModelForecast mean;
  mean.expected.assign(members.front()->expected.size(), 0.0);
  const double share = 1.0 / static_cast<double>(members.size());
  for (std::size_t m = 0; m < members.size(); ++m) {
    const auto& expected = members[m]->expected;
    if (expected.size() != mean.expected.size())
      throw UsageError("ensemble members forecast different cells");
    ModelTerm term{names[m], std::vector<float>(expected.size())};
    for (std::size_t c = 0; c < expected.size(); ++c) {
      mean.expected[c] += share * expected[c];
      term.contribution[c] = static_cast<float>(share * expected[c]);
    }
    mean.terms.push_back(std::move(term));
  }
  mean.fitted.emplace_back("members", fmt::format("{}", fmt::join(names, ", ")));
  return mean;
}

}  // namespace grip::forecast

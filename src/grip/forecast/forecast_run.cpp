// The next window's forecast from all history, calibrated, per cell and per hotspot, explained.
#include "grip/forecast/forecast_run.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <ctime>
#include <memory>
#include <numeric>
#include <sstream>

#include "grip/core/errors.hpp"
#include "grip/core/text.hpp"
#include "grip/core/time_text.hpp"
#include "grip/forecast/baselines.hpp"
#include "grip/forecast/level.hpp"
#include "grip/geo/polygon_raster.hpp"
#include "grip/store/hotspot_tables.hpp"

namespace grip::forecast {
namespace {

constexpr double kHarmShrinkage = 5.0;  // incidents' worth of the force mean in each cell's harm per incident

std::vector<std::string> split_names(const std::string& text) {
  std::vector<std::string> names;
  std::stringstream stream(text);
  for (std::string name; std::getline(stream, name, ',');) {
    if (!name.empty()) names.push_back(name);
  }
  return names;
}

struct StoredHotspot {
  std::string id, name;
  std::vector<std::size_t> study_cells;
};

std::vector<StoredHotspot> read_selected_hotspots(store::Store& store, const ForecastData& data,
                                                  std::int64_t& run_id) {
  std::vector<StoredHotspot> hotspots;
  const auto stored = store::read_selected_hotspots(store);
  if (stored.hotspots.empty()) return hotspots;
  run_id = stored.run_id;
  std::vector<std::uint8_t> mask(data.grid.cell_count());
  for (const auto& row : stored.hotspots) {
    StoredHotspot hotspot;
    hotspot.id = row.id;
    hotspot.name = row.name;
    geo::RingSet shape;
    try {
      shape = geo::decode_polygon_blob(row.wkb);
    } catch (const std::invalid_argument& error) {
      throw StoreError("hotspot " + hotspot.id + " has an unreadable geometry: " + error.what());
    }
    std::fill(mask.begin(), mask.end(), 0);
    geo::rasterise(data.grid, shape, mask);
    for (std::size_t g = 0; g < mask.size(); ++g) {
      if (mask[g] && data.study_index[g] >= 0)
        hotspot.study_cells.push_back(static_cast<std::size_t>(data.study_index[g]));
    }
    hotspots.push_back(std::move(hotspot));
  }
  return hotspots;
}

// P(N ≥ k) for N ~ Poisson(λ): 1 − Σ_{i<k} e^{−λ} λ^i / i!.
double poisson_at_least(double lambda, std::size_t k) {
  if (k == 0) return 1.0;
  double term = std::exp(-lambda), below = 0.0;
  for (std::size_t i = 0; i < k; ++i) {
    below += term;
    term *= lambda / static_cast<double>(i + 1);
  }
  return std::clamp(1.0 - below, 0.0, 1.0);
}

// "which model terms drove it": the two largest positive contributions.
std::string drivers(const ModelForecast& forecast, std::size_t cell) {
  std::vector<std::pair<float, std::string>> terms;
  for (const auto& term : forecast.terms) {
    if (term.contribution[cell] > 0) terms.emplace_back(term.contribution[cell], term.name);
  }
  std::sort(terms.begin(), terms.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
  std::vector<std::string> text;
  for (std::size_t i = 0; i < std::min<std::size_t>(2, terms.size()); ++i)
    text.push_back(fmt::format("{} {:+.2f}", terms[i].second, terms[i].first));
  return text.empty() ? std::string() : fmt::format("; driven by {}", fmt::join(text, ", "));
}

}  // namespace

ForecastRun run_forecast(store::Store& store, const ForecastData& data, const ForecastOptions& options) {
  ForecastRun run;
  run.created = utc_now_iso();
  run.probability_cut = options.probability_cut;
  run.target_window = data.next_window;
  run.notes = data.notes;
  // Which model.
  std::vector<std::string> members;
  if (!options.model.empty()) {
    run.model = options.model;
    run.model_source = "given (--model)";
  } else if (const auto stored = store.setting(kDefaultModelSetting)) {
    run.model = *stored;
    run.model_source =
        "store default: " + store.setting(kDefaultModelChoiceSetting).value_or("chosen by grip backtest");
  } else {
    run.model = kFallbackModel;
    run.model_source =
        "no backtest stored yet, so the simplest baseline, the long-run mean (run grip backtest to choose on "
        "evidence)";
  }
  if (run.model == kEnsembleName) {
    members = split_names(store.setting(kEnsembleMembersSetting).value_or("poisson-glm,prospective,kde"));
    std::erase_if(members, [&](const std::string& name) { return name == "sepp" && !data.time_stamped; });
  }
  // Calibration: the model's last origins, each fitted only on what came before it.
  BacktestOptions calibration = options.backtest;
  calibration.models = members.empty() ? std::vector<std::string>{run.model} : members;
  if (!members.empty()) {
    calibration.models.push_back(kEnsembleName);
    calibration.ensemble_size = members.size();
  }
  calibration.max_origins = by_window_kind(data.window, options.backtest.calibration_origins, 3, 8, 28);
  calibration.warmup_origins = 1;
  const auto backtest = run_backtest(data, calibration);
  const auto& calibrated_model = backtest.models.back();
  run.calibration = fmt::format(
      "isotonic on {} backtest windows ({} to {}), each forecast from the windows before it",
      backtest.scored_windows.size() + backtest.warmup_windows.size(),
      backtest.warmup_windows.empty() ? backtest.scored_windows.front() : backtest.warmup_windows.front(),
      backtest.scored_windows.back());

  // The forecast itself, from all history.
  ModelOptions model_options = options.backtest.model_options;
  model_options.explain = true;
  std::unique_ptr<ForecastModel> model;
  if (members.empty()) {
    model = make_model(run.model, model_options, data.spec());
  } else {
    std::vector<std::unique_ptr<ForecastModel>> parts;
    for (const auto& name : members) parts.push_back(make_model(name, model_options, data.spec()));
    model = std::make_unique<EnsembleModel>(std::move(parts));
  }
  if (model->needs_time_stamps() && !data.time_stamped)
    throw UsageError("model " + run.model + " needs time-stamped incidents");
  run.model_description = model->description();
  const auto history = data.history(data.windows.size());
  const auto forecast = model->forecast(history);
  run.fitted = forecast.fitted;
  run.expected_raw = forecast.expected;
  run.probability_raw = probability_at_least_one(run.expected_raw);
  const bool calibrated = !calibrated_model.calibration.empty();
  run.probability =
      calibrated ? calibrated_model.calibration.fit().apply(run.expected_raw) : run.probability_raw;
  if (calibrated) {
    const auto level = seasonal_index(history, backtest.calibration_windows);
    run.expected = calibrated_model.calibration.counts(run.expected_raw, level.index);
    run.level = "isotonic counts (the calibration windows' level) x " + level.describe();
  } else {
    run.expected = run.expected_raw;
    run.level = "uncalibrated: the model's own λ";
  }
  run.expected_total = std::accumulate(run.expected.begin(), run.expected.end(), 0.0);
  run.expected_raw_total = std::accumulate(run.expected_raw.begin(), run.expected_raw.end(), 0.0);
  run.at_least = options.at_least != 0 ? options.at_least : data.window == WindowKind::kMonth ? 5 : 2;
  run.probability_at_least_k.resize(run.expected.size());
  for (std::size_t c = 0; c < run.expected.size(); ++c)
    run.probability_at_least_k[c] = poisson_at_least(run.expected[c], run.at_least);

  // Expected harm: λ × the cell's harm per serious-violence incident, shrunk to the force mean.
  const std::size_t cells = data.cells();
  std::vector<double> harm(cells, 0.0), count(cells, 0.0);
  double harm_total = 0.0, count_total = 0.0;
  for (const auto& event : history.events()) {
    if (!event.target) continue;
    harm[event.cell] += event.harm, count[event.cell] += 1.0;
    harm_total += event.harm, count_total += 1.0;
  }
  const double mean_harm = count_total > 0 ? harm_total / count_total : 0.0;
  run.expected_harm.resize(cells);
  for (std::size_t c = 0; c < cells; ++c) {
    run.expected_harm[c] =
        run.expected[c] * (harm[c] + kHarmShrinkage * mean_harm) / (count[c] + kHarmShrinkage);
  }
  run.cells_above_cut =
      static_cast<std::size_t>(std::count_if(run.probability.begin(), run.probability.end(),
                                             [&](double p) { return p >= options.probability_cut; }));

  // Ranked cells, explained by recent incidents nearby and the model's terms.
  std::vector<std::size_t> order(cells);
  std::iota(order.begin(), order.end(), 0);
  const std::size_t top = std::min(options.top, cells);
  // By expected harm (for month windows P(≥ 1) is 1 in every top cell and cannot rank them), then
  // the model's own λ (calibration flattens the top), then the lower index.
  std::partial_sort(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(top), order.end(),
                    [&](std::size_t a, std::size_t b) {
                      if (run.expected_harm[a] != run.expected_harm[b])
                        return run.expected_harm[a] > run.expected_harm[b];
                      if (run.expected_raw[a] != run.expected_raw[b])
                        return run.expected_raw[a] > run.expected_raw[b];
                      return a < b;
                    });
  const std::size_t recent_from = data.windows.size() > 3 ? data.windows.size() - 3 : 0;
  const auto recent = history.events().subspan(data.window_begin[recent_from]);
  for (std::size_t i = 0; i < top; ++i) {
    RankedCell ranked;
    ranked.study_cell = order[i];
    ranked.grid_cell = data.study_cells[order[i]];
    const auto centre = data.grid.cell_centre(ranked.grid_cell);
    ranked.x = centre.x, ranked.y = centre.y;
    ranked.probability = run.probability[order[i]];
    ranked.expected = run.expected[order[i]];
    ranked.expected_harm = run.expected_harm[order[i]];
    ranked.probability_at_least_k = run.probability_at_least_k[order[i]];
    ranked.expected_uncalibrated = run.expected_raw[order[i]];
    std::size_t near = 0, weapons = 0;
    double latest = -1e300;
    std::string latest_label;
    for (const auto& event : recent) {
      const double d2 =
          (event.x - centre.x) * (event.x - centre.x) + (event.y - centre.y) * (event.y - centre.y);
      if (d2 > options.nearby_m * options.nearby_m) continue;
      if (event.target) {
        ++near;
        if (event.t_days > latest) latest = event.t_days, latest_label = data.windows[event.window].label;
      } else if (data.types[event.type] == kWeaponsType) {
        ++weapons;
      }
    }
    ranked.explanation = fmt::format(
        "{} within {:g} m in the last {}{}{}{}",
        counted(static_cast<std::int64_t>(near), "serious-violence incident"), options.nearby_m,
        counted(static_cast<std::int64_t>(data.windows.size() - recent_from), to_string(data.window)),
        near > 0 ? " (latest " + latest_label + ")" : std::string(),
        weapons > 0 ? fmt::format("; {} weapons possession (police-generated, not in the target)", weapons)
                    : "",
        drivers(forecast, order[i]));
    run.ranked.push_back(std::move(ranked));
  }

  std::vector<std::uint8_t> in_layer(cells, 0);
  for (std::size_t c = 0; c < cells; ++c) in_layer[c] = run.probability[c] >= options.probability_cut;
  for (const auto& r : run.ranked) in_layer[r.study_cell] = 1;
  run.cells_in_layer = static_cast<std::size_t>(std::count(in_layer.begin(), in_layer.end(), 1));
  if (run.cells_above_cut == 0) {
    const double highest =
        cells > 0 ? *std::max_element(run.probability.begin(), run.probability.end()) : 0.0;
    run.notes.push_back(fmt::format(
        "No cell reaches P >= {:g}: the highest P(>= 1) is {:.4f}, because one {} holds only {:.1f} expected "
        "incidents over {} cells; the layer holds the {} ranked cells only. Lower --cut, or use a longer "
        "--window",
        options.probability_cut, highest, to_string(data.window), run.expected_total, cells,
        run.ranked.size()));
  }
  if (data.window == WindowKind::kMonth && !run.ranked.empty() && run.ranked.back().probability > 0.99) {
    run.notes.push_back(fmt::format(
        "P(>= 1) is about 1 for every ranked cell in a month window; cells are ranked by expected harm, and "
        "P(>= {}) and the expected count tell them apart",
        run.at_least));
  }

  // Selected hotspots of the latest hotspot run.
  for (auto& stored : read_selected_hotspots(store, data, run.hotspot_run_id)) {
    HotspotProbability hotspot;
    hotspot.id = stored.id, hotspot.name = stored.name, hotspot.cells = stored.study_cells.size();
    double none = 1.0;
    for (const auto c : stored.study_cells) {
      none *= 1.0 - run.probability[c];
      hotspot.expected += run.expected[c];
      hotspot.expected_harm += run.expected_harm[c];
    }
    hotspot.probability = 1.0 - none;
    hotspot.explanation =
        fmt::format("{} cells; expected {:.2f} serious-violence incidents (harm {:.1f}) in {}", hotspot.cells,
                    hotspot.expected, hotspot.expected_harm, run.target_window.label);
    run.hotspots.push_back(std::move(hotspot));
  }
  std::stable_sort(run.hotspots.begin(), run.hotspots.end(), [](const auto& a, const auto& b) {
    return a.probability != b.probability ? a.probability > b.probability : a.expected > b.expected;
  });
  if (run.hotspots.empty())
    run.notes.push_back("No hotspot run stored: run grip hotspots for per-hotspot probabilities");
  else
    run.notes.push_back(
        "A hotspot's probability treats its cells as independent: 1 - product of (1 - p) over its cells");
  return run;
}

nlohmann::json forecast_json(const ForecastRun& run, const ForecastData& data) {
  nlohmann::json fitted = nlohmann::json::object();
  for (const auto& [name, value] : run.fitted) fitted[name] = value;
  nlohmann::json ranked = nlohmann::json::array();
  for (std::size_t i = 0; i < run.ranked.size(); ++i) {
    const auto& r = run.ranked[i];
    ranked.push_back({{"rank", i + 1},
                      {"cell", r.grid_cell},
                      {"x", r.x},
                      {"y", r.y},
                      {"probability", r.probability},
                      {"expected", r.expected},
                      {"probability_at_least_k", r.probability_at_least_k},
                      {"expected_uncalibrated", r.expected_uncalibrated},
                      {"expected_harm", r.expected_harm},
                      {"explanation", r.explanation}});
  }
  nlohmann::json hotspots = nlohmann::json::array();
  for (const auto& h : run.hotspots) {
    hotspots.push_back({{"id", h.id},
                        {"name", h.name},
                        {"cells", h.cells},
                        {"probability", h.probability},
                        {"expected", h.expected},
                        {"expected_harm", h.expected_harm}});
  }
  return {{"model", run.model},
          {"model_description", run.model_description},
          {"model_source", run.model_source},
          {"fitted", fitted},
          {"dataset", data.dataset},
          {"target_types", data.target_types},
          {"window", to_string(data.window)},
          {"target_window", run.target_window.label},
          {"cell_size_m", data.grid.cell_size()},
          {"study_area",
           {{"source", data.study_area.source},
            {"cells", data.study_area.cells_in_area},
            {"area_km2", data.study_area.area_m2 / 1e6}}},
          {"calibration", run.calibration},
          {"level", run.level},
          {"probability_cut", run.probability_cut},
          {"cells_above_cut", run.cells_above_cut},
          {"cells_in_layer", run.cells_in_layer},
          {"at_least_k", run.at_least},
          {"expected_total", run.expected_total},
          {"expected_uncalibrated_total", run.expected_raw_total},
          {"ranked_cells", ranked},
          {"hotspot_run_id", run.hotspot_run_id},
          {"hotspots", hotspots},
          {"notes", run.notes}};
}

}  // namespace grip::forecast

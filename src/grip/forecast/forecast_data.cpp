// Reading a dataset's incidents into study cells and time windows for the forecast models.
#include "grip/forecast/forecast_data.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "grip/analysis/analysis_scope.hpp"
#include "grip/analysis/study_area.hpp"
#include "grip/core/errors.hpp"
#include "grip/core/memory_budget.hpp"
#include "grip/core/time_text.hpp"
#include "grip/forecast/forecast_memory.hpp"
#include "grip/geo/polygon_raster.hpp"
#include "grip/store/incident_tables.hpp"

namespace grip::forecast {
namespace {

constexpr double kSecondsPerDay = 86400.0;

double epoch_days(const CivilDateTime& when) {
  return static_cast<double>(to_epoch_seconds(when)) / kSecondsPerDay;
}

WindowInfo month_window(int month_index) {
  CivilDateTime start{month_index / 12, month_index % 12 + 1, 1, 0, 0, 0};
  WindowInfo window;
  window.label = fmt::format("{:04d}-{:02d}", start.year, start.month);
  window.start_days = epoch_days(start);
  window.length_days = days_in_month(start.year, start.month);
  window.month_of_year = start.month;
  window.day_of_week = day_of_week_of(window.start_days);
  return window;
}

struct RawIncident {
  double x, y, t_days;
  int month_index;
  std::uint16_t type;
};

}  // namespace

void ForecastData::index_events() {
  std::stable_sort(events.begin(), events.end(), [](const ForecastEvent& a, const ForecastEvent& b) {
    return a.window != b.window ? a.window < b.window : a.t_days < b.t_days;
  });
  window_begin.assign(windows.size() + 1, 0);
  std::size_t e = 0;
  for (std::size_t w = 0; w < windows.size(); ++w) {
    window_begin[w] = e;
    while (e < events.size() && events[e].window == w) ++e;
  }
  window_begin[windows.size()] = e;
  if (e != events.size()) throw UsageError("an event's window index is beyond the windows");
}

History ForecastData::history(std::size_t origin) const { return History(*this, origin); }

History::History(const ForecastData& data, std::size_t origin) : data_(&data), origin_(origin) {
  if (origin == 0 || origin > data.windows.size()) {
    throw UsageError(fmt::format("forecast origin {} is outside 1..{}", origin, data.windows.size()));
  }
  if (data.window_begin.size() != data.windows.size() + 1)
    throw UsageError("forecast data not indexed (call index_events)");
  events_ = std::span(data.events).first(data.window_begin[origin]);
  target_ = origin < data.windows.size() ? &data.windows[origin] : &data.next_window;
}

std::span<const ForecastEvent> History::window_events(std::size_t window) const {
  if (window >= origin_)
    throw UsageError(fmt::format("window {} is not in the past of origin {}", window, origin_));
  return events_.subspan(data_->window_begin[window],
                         data_->window_begin[window + 1] - data_->window_begin[window]);
}

const WindowInfo& History::window(std::size_t w) const {
  if (w >= origin_) throw UsageError(fmt::format("window {} is not in the past of origin {}", w, origin_));
  return data_->windows[w];
}

std::vector<double> History::counts(std::size_t w, bool target) const {
  return summed_counts(w, w + 1, target);
}

std::vector<double> History::summed_counts(std::size_t from, std::size_t to, bool target) const {
  if (to > origin_ || from > to)
    throw UsageError(fmt::format("windows {}..{} are not in the past of origin {}", from, to, origin_));
  std::vector<double> counts(cells(), 0.0);
  const auto begin = data_->window_begin[from], end = data_->window_begin[to];
  for (std::size_t e = begin; e < end; ++e) {
    if (events_[e].target == target) counts[events_[e].cell] += 1.0;
  }
  return counts;
}

std::vector<double> observed_counts(const ForecastData& data, std::size_t window) {
  std::vector<double> counts(data.cells(), 0.0);
  for (std::size_t e = data.window_begin.at(window); e < data.window_begin.at(window + 1); ++e) {
    if (data.events[e].target) counts[data.events[e].cell] += 1.0;
  }
  return counts;
}

void flag_low_volume_windows(ForecastData& data) {
  if (data.window == WindowKind::kDay || data.window == WindowKind::kShift || data.windows.size() < 3) return;
  const std::size_t n = data.windows.size();
  std::vector<double> volume(n);
  for (std::size_t w = 0; w < n; ++w)
    volume[w] = static_cast<double>(data.window_begin.at(w + 1) - data.window_begin.at(w));
  for (std::size_t w = 0; w < n; ++w) {
    std::vector<double> neighbours;
    for (std::size_t v = w >= 2 ? w - 2 : 0; v <= std::min(n - 1, w + 2); ++v) {
      if (v != w) neighbours.push_back(volume[v]);
    }
    std::sort(neighbours.begin(), neighbours.end());
    const std::size_t m = neighbours.size();
    const double median = m % 2 == 1 ? neighbours[m / 2] : 0.5 * (neighbours[m / 2 - 1] + neighbours[m / 2]);
    if (volume[w] >= kLowVolumeShare * median) continue;
    data.windows[w].low_volume = true;
    data.notes.push_back(fmt::format(
        "{} holds {:.0f} incidents against {:.0f}-{:.0f} in the neighbouring {}s (below {:g} x their median "
        "{:.0f}): likely an incomplete extract; it stays in the history but is left out of backtest scoring "
        "(--score-low-volume scores it)",
        data.windows[w].label, volume[w], neighbours.front(), neighbours.back(), to_string(data.window),
        kLowVolumeShare, median));
  }
}

ForecastData load_forecast_data(store::Store& store, const ForecastSettings& settings) {
  ForecastData data;
  analysis::require_cell_size(settings.cell_size_m);
  analysis::require_month(settings.from_month);
  analysis::require_month(settings.to_month);
  data.crs_code = analysis::require_metric_crs(store).code;
  const auto resolved = analysis::resolve_dataset(store, settings.dataset);
  const std::string& dataset = resolved.name;
  data.dataset = dataset.empty() ? "all datasets" : dataset;

  const auto categories = store::read_categories(store);
  std::map<std::string, std::uint16_t, std::less<>> type_ids;
  std::vector<RawIncident> raw;
  std::size_t without_time = 0;
  store::for_each_incident(
      store, analysis::incident_filter(settings, resolved), [&](const store::IncidentView& row) {
        if (row.outside_force_area) {
          ++data.outliers_excluded;
          return;
        }
        const auto month = parse_year_month(row.month);
        if (!month) throw StoreError("incident month '" + std::string(row.month) + "' is not YYYY-MM");
        RawIncident incident{row.x, row.y, 0.0, month->year * 12 + month->month - 1, 0};
        std::optional<CivilDateTime> when;
        if (!row.occurred_from.empty()) when = parse_date_time(row.occurred_from);
        if (when) {
          incident.t_days = epoch_days(*when);
        } else {
          ++without_time;
          incident.t_days =
              month_window(incident.month_index).start_days + 0.5 * days_in_month(month->year, month->month);
        }
        auto known_type = type_ids.find(row.category);
        if (known_type == type_ids.end()) {
          known_type =
              type_ids.emplace(std::string(row.category), static_cast<std::uint16_t>(type_ids.size())).first;
        }
        incident.type = known_type->second;
        raw.push_back(incident);
      });
  if (raw.empty()) {
    throw UsageError(dataset.empty() ? "the store holds no incidents"
                                     : "the store holds no incidents in dataset '" + dataset + "'");
  }
  std::vector<std::uint16_t> type_order(type_ids.size());
  for (const auto& [name, id] : type_ids) {
    type_order[id] = static_cast<std::uint16_t>(data.types.size());
    data.types.push_back(name);
    const auto known = categories.find(name);
    data.type_harm.push_back(known == categories.end() ? 1.0 : known->second.harm_weight);
  }
  for (auto& incident : raw) incident.type = type_order[incident.type];

  // Serious-violence types.
  std::set<std::string> targets;
  if (!settings.crime_types.empty()) {
    for (const auto& name : settings.crime_types) {
      if (!type_ids.count(name)) {
        throw UsageError(fmt::format("crime type '{}' is not in {}; it holds: {}", name, data.dataset,
                                     fmt::join(data.types, ", ")));
      }
      targets.insert(name);
    }
  } else {
    for (const char* name : kDefaultTargetTypes) {
      if (type_ids.count(name)) targets.insert(name);
    }
    if (targets.empty()) {
      for (const auto& name : data.types) {
        const auto known = categories.find(name);
        if (known != categories.end() && known->second.victim_generated) targets.insert(name);
      }
      data.notes.push_back("No violence or robbery in the data: the target is every victim-generated type");
    }
    if (targets.empty()) throw UsageError("no serious-violence types in the data; choose them with --types");
  }
  data.target_types.assign(targets.begin(), targets.end());
  if (type_ids.count(kWeaponsType) && !targets.count(kWeaponsType)) {
    data.notes.push_back(
        "Possession of weapons is police-generated and is not in the target; it is used as a feature "
        "and reported separately (forecast it with --types \"Possession of weapons\")");
  }

  // Time resolution and windows.
  data.time_stamped = without_time == 0;
  if (!data.time_stamped && without_time < raw.size()) {
    data.notes.push_back(
        fmt::format("{} of {} incidents have no time of day; the data is treated as month-resolution",
                    without_time, raw.size()));
  }
  data.window_spec = settings.window.value_or(data.time_stamped ? WindowKind::kDay : WindowKind::kMonth);
  data.window = data.window_spec.kind;
  if (!data.time_stamped && data.window != WindowKind::kMonth) {
    throw UsageError(fmt::format("--window {} needs time-stamped incidents; {} has months only",
                                 data.window_spec.describe(), data.dataset));
  }
  std::vector<std::uint32_t> window_of(raw.size());
  if (data.window == WindowKind::kMonth) {
    std::map<int, std::uint32_t> month_ids;
    for (const auto& incident : raw) month_ids.emplace(incident.month_index, 0);
    for (auto& [month, id] : month_ids) {
      id = static_cast<std::uint32_t>(data.windows.size());
      data.windows.push_back(month_window(month));
    }
    for (std::size_t i = 0; i < raw.size(); ++i) window_of[i] = month_ids.at(raw[i].month_index);
    const int first = month_ids.begin()->first, last = month_ids.rbegin()->first;
    data.next_window = month_window(last + 1);
    if (static_cast<std::size_t>(last - first + 1) != month_ids.size()) {
      data.notes.push_back(
          fmt::format("{} calendar months between {} and {} have no data; they are skipped (the month "
                      "before a gap is the previous window), not read as months without crime",
                      last - first + 1 - static_cast<int>(month_ids.size()), data.windows.front().label,
                      data.windows.back().label));
    }
  } else {
    std::vector<double> times(raw.size());
    for (std::size_t i = 0; i < raw.size(); ++i) times[i] = raw[i].t_days;
    auto layout = lay_out_windows(data.window_spec, times);
    data.windows = std::move(layout.windows);
    data.next_window = layout.next;
    window_of = std::move(layout.window_of);
    if (layout.before_first > 0) {
      data.notes.push_back(fmt::format("{} incidents before the first whole {} ({}) were left out",
                                       layout.before_first, data.window_spec.describe(),
                                       data.windows.empty() ? "-" : data.windows.front().label));
    }
    if (layout.after_last > 0) {
      data.notes.push_back(fmt::format("{} incidents after the last whole {} ({}) were left out",
                                       layout.after_last, data.window_spec.describe(),
                                       data.windows.empty() ? "-" : data.windows.back().label));
    }
    if (layout.outside > 0) {
      data.notes.push_back(fmt::format(
          "{} of {} incidents fall outside every {} window and were left out (history and targets alike)",
          layout.outside, raw.size(), data.window_spec.describe()));
    }
  }
  if (data.windows.size() < 2)
    throw UsageError(fmt::format("{} holds fewer than two windows ({}) of data; nothing to forecast from",
                                 data.dataset, data.window_spec.describe()));

  // The study area: the same grid and cells as grip hotspots.
  std::vector<double> xs, ys;
  xs.reserve(raw.size()), ys.reserve(raw.size());
  for (const auto& incident : raw) xs.push_back(incident.x), ys.push_back(incident.y);
  const auto boundaries = analysis::read_boundaries(store);
  auto study = analysis::make_study_grid(boundaries, xs, ys, settings.cell_size_m);
  // Stop with advice before the models' per-cell vectors are allocated (forecast_memory.hpp).
  require_grid_memory(
      study.grid.cell_count(), forecast_bytes_per_cell(data.windows.size()), settings.cell_size_m,
      fmt::format("a forecast over {} cells of {:g} m", study.grid.cell_count(), settings.cell_size_m));
  data.grid = study.grid;
  data.study_area = study.study_area;
  data.study_index.assign(data.grid.cell_count(), -1);
  for (std::size_t c = 0; c < data.grid.cell_count(); ++c) {
    if (!study.in_study_area[c]) continue;
    data.study_index[c] = static_cast<std::int32_t>(data.study_cells.size());
    data.study_cells.push_back(static_cast<std::uint32_t>(c));
  }
  // Areas for the learned models' place features: the study grid's boundary areas, and LSOAs.
  if (!boundaries.names.empty()) {
    for (const auto c : data.study_cells) data.district_of_cell.push_back(study.district_of_cell[c]);
  }
  if (boundaries.kind != "lsoa" && store::count_areas(store, "lsoa") > 0) {
    std::vector<std::int32_t> lsoa(data.grid.cell_count(), -1);
    std::int32_t label = 0;
    for (const auto& area : store::read_areas(store, "lsoa")) {
      try {
        geo::rasterise_label(data.grid, geo::decode_polygon_blob(area.wkb), lsoa, label++);
      } catch (const std::invalid_argument& error) {
        throw StoreError("LSOA '" + area.name + "' has an unreadable geometry: " + error.what());
      }
    }
    for (const auto c : data.study_cells) data.lsoa_of_cell.push_back(lsoa[c]);
  } else if (boundaries.kind == "lsoa") {
    data.lsoa_of_cell = data.district_of_cell;
  }
  data.events.reserve(raw.size());
  for (std::size_t i = 0; i < raw.size(); ++i) {
    if (window_of[i] == kNoWindow) continue;
    const auto cell = data.grid.cell_of(raw[i].x, raw[i].y);
    if (!cell || data.study_index[*cell] < 0) {
      ++data.incidents_outside_area;
      continue;
    }
    ForecastEvent event;
    event.x = raw[i].x, event.y = raw[i].y, event.t_days = raw[i].t_days;
    event.cell = static_cast<std::uint32_t>(data.study_index[*cell]);
    event.window = window_of[i];
    event.type = raw[i].type;
    event.target = targets.count(data.types[raw[i].type]) > 0;
    event.harm = data.type_harm[raw[i].type];
    data.events.push_back(event);
  }
  if (data.incidents_outside_area > 0) {
    data.notes.push_back(fmt::format("{} incidents lie outside the study area's cells and were left out",
                                     data.incidents_outside_area));
  }
  if (data.outliers_excluded > 0) {
    data.notes.push_back(
        fmt::format("{} incidents flagged at ingest as far outside the force area were excluded",
                    data.outliers_excluded));
  }
  data.index_events();
  flag_low_volume_windows(data);
  return data;
}

}  // namespace grip::forecast

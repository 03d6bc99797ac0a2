// What every forecast model and the backtest read: the study-area grid (the same grid and area A as
// `grip hotspots`), the incidents of one dataset as events tagged with their study cell, time window
// and crime type, and the windows themselves. Windows are the months with data for month-resolution
// data (data.police.uk; calendar gaps are skipped and noted, never read as zero months) and whole
// days or weeks for time-stamped data, aligned so the last window ends with the last day of data.
// A History is the view a model gets at a forecast origin: only events of windows before it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "grip/analysis/analysis_scope.hpp"
#include "grip/analysis/study_area.hpp"
#include "grip/forecast/windows.hpp"
#include "grip/geo/grid.hpp"
#include "grip/store/store.hpp"

namespace grip::forecast {

// The default serious-violence types for data.police.uk categories; possession of weapons is
// police-generated (it measures police activity as much as place) and is reported separately.
inline constexpr const char* kDefaultTargetTypes[] = {"Violence and sexual offences", "Robbery"};
inline constexpr const char* kWeaponsType = "Possession of weapons";

// The shared scope (analysis_scope.hpp), where crime_types are the target: empty means
// kDefaultTargetTypes present in the data, else every victim-generated type.
struct ForecastSettings : analysis::AnalysisScope {
  std::optional<WindowSpec> window;  // empty: month for month-resolution data, day for time-stamped
};

struct ForecastEvent {
  double x = 0.0, y = 0.0;   // store CRS, metres
  double t_days = 0.0;       // time-stamped: the occurrence; month data: the middle of the month
  std::uint32_t cell = 0;    // index into ForecastData::study_cells
  std::uint32_t window = 0;  // index into ForecastData::windows
  std::uint16_t type = 0;    // index into ForecastData::types
  bool target = false;       // one of the serious-violence types
  double harm = 0.0;         // the type's harm weight
};

class History;

struct ForecastData {
  geo::Grid grid{0.0, 0.0, 1.0, 1, 1};
  std::vector<std::int32_t> study_index;   // per grid cell: index into study_cells, −1 outside A
  std::vector<std::uint32_t> study_cells;  // grid cell of each study cell, ascending
  analysis::StudyArea study_area;
  // Per study cell: index of its boundary area (districts, or the kind stored) and of its LSOA when
  // LSOAs are stored; −1 for none. Empty when built in memory without areas.
  std::vector<std::int32_t> district_of_cell, lsoa_of_cell;
  std::string crs_code;
  std::string dataset;                     // what was read ("all datasets" when none chosen)
  WindowKind window = WindowKind::kMonth;  // window_spec.kind
  WindowSpec window_spec;
  bool time_stamped = false;
  std::vector<WindowInfo> windows;  // with data, oldest first
  WindowInfo next_window;           // the window after the last: what `grip forecast` predicts
  std::vector<std::string> types;   // every type read (targets and the rest, used as features)
  std::vector<double> type_harm;
  std::vector<std::string> target_types;
  std::vector<ForecastEvent> events;      // in the study area, sorted by window then time
  std::vector<std::size_t> window_begin;  // events of window w: [window_begin[w], window_begin[w + 1])
  std::int64_t incidents_outside_area = 0;
  std::int64_t outliers_excluded = 0;
  std::vector<std::string> notes;

  [[nodiscard]] std::size_t cells() const noexcept { return study_cells.size(); }
  // window_spec, or the plain kind's spec when data built in memory set only `window`.
  [[nodiscard]] WindowSpec spec() const {
    return window_spec.kind == window ? window_spec : WindowSpec(window);
  }
  // Sorts events by (window, time) and rebuilds window_begin; for data built in memory (tests).
  void index_events();
  // The view at origin (0 < origin ≤ windows.size()); origin == windows.size() forecasts next_window.
  [[nodiscard]] History history(std::size_t origin) const;
};

// Only the past: events of windows [0, origin), and the timing (not the content) of the window
// being forecast. Every model reads the data through this, so none can see the target window.
class History {
 public:
  History(const ForecastData& data, std::size_t origin);
  [[nodiscard]] const ForecastData& data() const noexcept { return *data_; }
  [[nodiscard]] std::size_t origin() const noexcept { return origin_; }
  [[nodiscard]] std::size_t cells() const noexcept { return data_->cells(); }
  [[nodiscard]] const geo::Grid& grid() const noexcept { return data_->grid; }
  [[nodiscard]] std::span<const ForecastEvent> events() const noexcept { return events_; }
  [[nodiscard]] std::span<const ForecastEvent> window_events(std::size_t window) const;  // window < origin
  [[nodiscard]] const WindowInfo& target_window() const noexcept { return *target_; }
  [[nodiscard]] const WindowInfo& window(std::size_t w) const;  // w < origin
  // Dense per-study-cell counts of window w (< origin): target types, or the other types.
  [[nodiscard]] std::vector<double> counts(std::size_t window, bool target = true) const;
  // Σ of counts over windows [from, to) (to ≤ origin).
  [[nodiscard]] std::vector<double> summed_counts(std::size_t from, std::size_t to, bool target = true) const;

 private:
  const ForecastData* data_;
  std::size_t origin_;
  std::span<const ForecastEvent> events_;
  const WindowInfo* target_;
};

// Target counts of window w over the study cells, read from all the data (the backtest's truth).
[[nodiscard]] std::vector<double> observed_counts(const ForecastData& data, std::size_t window);

// Flags month and week windows whose incident count (every type, study area) is below
// kLowVolumeShare × the median of up to two windows on each side, and adds a note naming each.
// Day windows are not flagged (a quiet day is ordinary). Needs index_events() done.
inline constexpr double kLowVolumeShare = 0.6;
void flag_low_volume_windows(ForecastData& data);

// Reads the store. Throws grip::UsageError for an empty store, a store in degrees, unknown types,
// day or week windows on month-resolution data, or fewer than two windows of data; and
// grip::StoreError when the store cannot be read.
[[nodiscard]] ForecastData load_forecast_data(store::Store& store, const ForecastSettings& settings);

}  // namespace grip::forecast

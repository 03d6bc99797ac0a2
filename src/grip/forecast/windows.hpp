// Forecast windows for time-stamped data: fixed-length windows (a day, a week, any number of hours
// or days) tiling time from a stated start hour, e.g. 8-hour shifts from 06:00 (06/14/22), or one
// recurring window on chosen weekdays, e.g. Friday and Saturday 20:00-04:00 (each night one window;
// incidents outside every occurrence are left out and counted). The data is taken to cover whole
// days, from the first incident's day to the end of the last one's: tiling windows end at the last
// boundary by then (days: the end of the last day, as before) and only whole windows are kept. Times are days
// since 1970-01-01, local time read as UTC, so a window is a local clock interval (a 23- or 25-hour day at a
// DST change is still one day).
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace grip::forecast {

// month: calendar months; week and day: 7 and 1 days, or any length of 1 day or more ("3d" is a
// day kind, "14d" a week kind, for the defaults by kind); shift: under a day, or a recurring window.
enum class WindowKind { kMonth, kWeek, kDay, kShift };
[[nodiscard]] const char* to_string(WindowKind kind) noexcept;

struct WindowSpec {
  WindowKind kind = WindowKind::kMonth;
  double length_days = 0.0;   // 0: the kind's own (1 day, 7 days)
  double start_hour = 0.0;    // tiling windows begin at this hour of the day (0 ≤ h < 24)
  std::uint8_t weekdays = 0;  // recurring: bit d (0 = Monday) = an occurrence begins that day; 0 = tiling
  WindowSpec() = default;
  WindowSpec(WindowKind window_kind) : kind(window_kind) {}  // NOLINT(google-explicit-constructor)
  [[nodiscard]] bool recurring() const noexcept { return weekdays != 0; }
  [[nodiscard]] double length() const noexcept;  // days (months: 30.44)
  [[nodiscard]] double windows_per_day() const noexcept;
  // "month", "day", "8 h from 06:00", "Fri, Sat 20:00-04:00".
  [[nodiscard]] std::string describe() const;
  // Windows covering the given number of days (at least 1): spans and defaults stated in days.
  [[nodiscard]] std::size_t windows_in_days(double days) const noexcept;
};

// A default stated per window kind, in windows: month, week, or day (days, shifts and recurring
// windows alike: a count of windows); `given` wins when not 0.
[[nodiscard]] constexpr std::size_t by_window_kind(WindowKind kind, std::size_t given, std::size_t month,
                                                   std::size_t week, std::size_t day) noexcept {
  return given != 0 ? given : kind == WindowKind::kMonth ? month : kind == WindowKind::kWeek ? week : day;
}

// Parses --window: "month", "week", "day", "<N>h" (0 < N < 24: shifts; N a multiple of 24: days),
// "<N>d", or a recurring window "<days> HH:MM-HH:MM" where days is "daily" or a comma list of
// mon..sun (e.g. "fri,sat 20:00-04:00"; at most 24 h long). start_hour (--window-start) anchors
// tiling windows. Throws grip::UsageError naming what is wrong.
[[nodiscard]] WindowSpec window_spec_from(const std::string& text, double start_hour = 0.0);
// "HH" or "HH:MM" → hours; throws grip::UsageError.
[[nodiscard]] double hour_of_day_from(const std::string& text);

struct WindowInfo {
  std::string label;        // "2018-03", "2019-06-14", "2019-06-10/7d", "2016-12-31 06:00/8h"
  double start_days = 0.0;  // days since 1970-01-01 (local time read as UTC)
  double length_days = 0.0;
  int month_of_year = 1;  // of the window's start, 1..12
  int day_of_week = 0;    // of the window's start, 0 = Monday
  int start_minute = 0;   // minute of the day the window starts, 0..1439
  // Month or week whose incident volume is far below its neighbours' (load_forecast_data): a
  // likely incomplete extract; the backtest does not score it unless asked to.
  bool low_volume = false;
};

// The window of length_days (1, 7, 3, 1/3 ...) starting at start_days, labelled.
[[nodiscard]] WindowInfo timed_window(double start_days, double length_days);
[[nodiscard]] int day_of_week_of(double days) noexcept;  // 0 = Monday

inline constexpr std::uint32_t kNoWindow = UINT32_MAX;

struct WindowLayout {
  std::vector<WindowInfo> windows;       // oldest first
  WindowInfo next;                       // the window after the last
  std::vector<std::uint32_t> window_of;  // per event: index into windows, or kNoWindow
  std::size_t before_first = 0;          // events before the first whole window
  std::size_t after_last = 0;            // events after the last whole window (a start hour past 00:00)
  std::size_t outside = 0;               // recurring: events between occurrences
};

// Lays the windows of a non-month spec over the events' times (days); throws grip::UsageError for a
// month spec or no events.
[[nodiscard]] WindowLayout lay_out_windows(const WindowSpec& spec, std::span<const double> t_days);

}  // namespace grip::forecast

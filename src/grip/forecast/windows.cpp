// Fixed-length and recurring forecast windows (windows.hpp), in whole minutes so that 8-hour shifts
// tile a day exactly.
#include "grip/forecast/windows.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <bit>
#include <cctype>
#include <chrono>
#include <cmath>
#include <regex>

#include "grip/core/errors.hpp"

namespace grip::forecast {
namespace {

constexpr long long kMinutesPerDay = 1440;
constexpr std::array<const char*, 7> kDayNames = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
constexpr std::array<const char*, 7> kDayTitles = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};

long long floor_div(long long a, long long b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

long long to_minutes(double days) { return std::llround(days * static_cast<double>(kMinutesPerDay)); }
double to_days(long long minutes) {
  return static_cast<double>(minutes) / static_cast<double>(kMinutesPerDay);
}

std::string clock_text(long long minute_of_day) {
  return fmt::format("{:02d}:{:02d}", minute_of_day / 60, minute_of_day % 60);
}

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return std::tolower(c); });
  return text;
}

}  // namespace

const char* to_string(WindowKind kind) noexcept {
  switch (kind) {
    case WindowKind::kMonth:
      return "month";
    case WindowKind::kWeek:
      return "week";
    case WindowKind::kDay:
      return "day";
    case WindowKind::kShift:
      return "shift";
  }
  return "?";
}

double WindowSpec::length() const noexcept {
  if (length_days > 0) return length_days;
  switch (kind) {
    case WindowKind::kMonth:
      return 365.25 / 12.0;
    case WindowKind::kWeek:
      return 7.0;
    case WindowKind::kDay:
    case WindowKind::kShift:
      return 1.0;
  }
  return 1.0;
}

double WindowSpec::windows_per_day() const noexcept {
  if (recurring()) return static_cast<double>(std::popcount(weekdays)) / 7.0;
  return 1.0 / length();
}

std::size_t WindowSpec::windows_in_days(double days) const noexcept {
  return static_cast<std::size_t>(std::max(1LL, std::llround(days * windows_per_day())));
}

std::string WindowSpec::describe() const {
  const long long start = std::llround(start_hour * 60.0);
  if (recurring()) {
    std::vector<std::string> days;
    for (int d = 0; d < 7; ++d) {
      if (weekdays & (1u << d)) days.emplace_back(kDayTitles[static_cast<std::size_t>(d)]);
    }
    const std::string which =
        days.size() == 7 ? std::string("daily") : fmt::format("{}", fmt::join(days, ", "));
    return fmt::format("{} {}-{}", which, clock_text(start),
                       clock_text((start + to_minutes(length())) % kMinutesPerDay));
  }
  const std::string from = start != 0 ? " from " + clock_text(start) : std::string();
  if (kind == WindowKind::kMonth) return "month";
  if (length_days == 0) return std::string(to_string(kind)) + from;
  if (length_days < 1.0) return fmt::format("{:g} h{}", length_days * 24.0, from);
  if (length_days == 1.0) return "day" + from;
  if (length_days == 7.0) return "week" + from;
  return fmt::format("{:g} days{}", length_days, from);
}

double hour_of_day_from(const std::string& text) {
  static const std::regex pattern(R"(^(\d{1,2})(?::(\d{2}))?$)");
  std::smatch match;
  if (!std::regex_match(text, match, pattern))
    throw UsageError("'" + text + "' is not an hour of the day (HH or HH:MM)");
  const int hour = std::stoi(match[1].str());
  const int minute = match[2].matched ? std::stoi(match[2].str()) : 0;
  if (hour > 23 || minute > 59) throw UsageError("'" + text + "' is not an hour of the day (00:00 to 23:59)");
  return hour + minute / 60.0;
}

WindowSpec window_spec_from(const std::string& text, double start_hour) {
  if (!(start_hour >= 0.0 && start_hour < 24.0))
    throw UsageError(fmt::format("--window-start {:g} is not an hour of the day", start_hour));
  WindowSpec spec;
  spec.start_hour = start_hour;
  const auto no_start_for = [&](const char* what) {
    if (start_hour != 0.0) throw UsageError(fmt::format("--window-start does not apply to {}", what));
  };
  if (text == "month") {
    no_start_for("month windows");
    return spec;
  }
  if (text == "week" || text == "day") {
    spec.kind = text == "week" ? WindowKind::kWeek : WindowKind::kDay;
    return spec;
  }
  static const std::regex fixed(R"(^(\d+(?:\.\d+)?)\s*([hd])$)");
  static const std::regex recurring(R"(^([A-Za-z,]+)\s+(\d{1,2}(?::\d{2})?)-(\d{1,2}(?::\d{2})?)$)");
  std::smatch match;
  if (std::regex_match(text, match, fixed)) {
    const double amount = std::stod(match[1].str());
    const double hours = match[2].str() == "h" ? amount : 24.0 * amount;
    const double minutes = hours * 60.0;
    if (!(hours > 0) || std::abs(minutes - std::round(minutes)) > 1e-9 || hours > 24.0 * 366)
      throw UsageError("--window " + text + ": the length must be a whole number of minutes, up to 366 days");
    if (hours < 24.0) {
      spec.kind = WindowKind::kShift;
      spec.length_days = hours / 24.0;
      return spec;
    }
    if (std::fmod(hours, 24.0) != 0.0)
      throw UsageError("--window " + text + ": lengths over a day must be whole days");
    spec.length_days = hours / 24.0;
    spec.kind = spec.length_days < 7.0 ? WindowKind::kDay : WindowKind::kWeek;
    return spec;
  }
  if (std::regex_match(text, match, recurring)) {
    no_start_for("a recurring window (it states its own hours)");
    const std::string days = lower(match[1].str());
    if (days == "daily") {
      spec.weekdays = 0x7f;
    } else {
      std::size_t from = 0;
      while (from <= days.size()) {
        const auto comma = std::min(days.find(',', from), days.size());
        const auto name = days.substr(from, comma - from);
        const auto found = std::find(kDayNames.begin(), kDayNames.end(), name);
        if (found == kDayNames.end())
          throw UsageError("--window " + text + ": '" + name + "' is not a day (mon..sun, or daily)");
        spec.weekdays |= static_cast<std::uint8_t>(1u << (found - kDayNames.begin()));
        from = comma + 1;
      }
    }
    const double begin = hour_of_day_from(match[2].str()), end = hour_of_day_from(match[3].str());
    double hours = end - begin;
    if (hours <= 0) hours += 24.0;
    spec.kind = WindowKind::kShift;
    spec.start_hour = begin;
    spec.length_days = hours / 24.0;
    return spec;
  }
  throw UsageError("--window '" + text +
                   "' is not month, week, day, <N>h, <N>d or a recurring window such as "
                   "\"fri,sat 20:00-04:00\"");
}

int day_of_week_of(double days) noexcept {
  const auto whole = static_cast<long long>(std::floor(days));
  return static_cast<int>(((whole + 3) % 7 + 7) % 7);  // 1970-01-01 was a Thursday
}

WindowInfo timed_window(double start_days, double length_days) {
  using namespace std::chrono;
  const auto start = to_minutes(start_days);
  const auto day = floor_div(start, kMinutesPerDay);
  const year_month_day civil{sys_days{days{day}}};
  const long long minute_of_day = start - day * kMinutesPerDay;
  const int y = static_cast<int>(civil.year());
  const auto m = static_cast<unsigned>(civil.month()), d = static_cast<unsigned>(civil.day());
  WindowInfo window;
  if (length_days < 1.0) {
    window.label = fmt::format("{:04d}-{:02d}-{:02d} {} {}/{:g}h", y, m, d,
                               kDayTitles[static_cast<std::size_t>(day_of_week_of(start_days))],
                               clock_text(minute_of_day), length_days * 24.0);
  } else {
    const std::string time = minute_of_day != 0 ? " " + clock_text(minute_of_day) : std::string();
    window.label = length_days == 1.0
                       ? fmt::format("{:04d}-{:02d}-{:02d}{}", y, m, d, time)
                       : fmt::format("{:04d}-{:02d}-{:02d}{}/{:g}d", y, m, d, time, length_days);
  }
  window.start_days = start_days;
  window.length_days = length_days;
  window.month_of_year = static_cast<int>(m);
  window.day_of_week = day_of_week_of(start_days);
  window.start_minute = static_cast<int>(minute_of_day);
  return window;
}

WindowLayout lay_out_windows(const WindowSpec& spec, std::span<const double> t_days) {
  if (spec.kind == WindowKind::kMonth) throw UsageError("month windows are laid out by calendar month");
  if (t_days.empty()) throw UsageError("no incidents to lay windows over");
  std::vector<long long> t(t_days.size());
  for (std::size_t i = 0; i < t.size(); ++i) t[i] = to_minutes(t_days[i]);
  const long long first = *std::min_element(t.begin(), t.end());
  const long long last = *std::max_element(t.begin(), t.end());
  const long long length = to_minutes(spec.length());
  const long long phase = std::llround(spec.start_hour * 60.0);
  WindowLayout layout;
  layout.window_of.assign(t.size(), kNoWindow);
  if (!spec.recurring()) {
    // Boundaries at phase + k·length for sub-day windows (phase + k days for longer ones); the data is
    // taken to run to the end of its last day, and the last window is the last that ends by then.
    const long long granule = std::min(length, kMinutesPerDay);
    const long long day_end = (floor_div(last, kMinutesPerDay) + 1) * kMinutesPerDay;
    const long long end = phase + floor_div(day_end - phase, granule) * granule;
    const long long floor_first = phase + floor_div(first - phase, granule) * granule;
    const long long count = (end - floor_first) / length;
    const long long start = end - count * length;
    for (long long w = 0; w < count; ++w)
      layout.windows.push_back(timed_window(to_days(start + w * length), spec.length()));
    layout.next = timed_window(to_days(end), spec.length());
    for (std::size_t i = 0; i < t.size(); ++i) {
      if (t[i] < start) {
        ++layout.before_first;
        continue;
      }
      if (t[i] >= end) {
        ++layout.after_last;
        continue;
      }
      layout.window_of[i] = static_cast<std::uint32_t>((t[i] - start) / length);
    }
    return layout;
  }
  // Recurring: an occurrence on each chosen weekday, kept when the data covers all of it (from the
  // first day of data to the end of the last).
  if (length > kMinutesPerDay) throw UsageError("a recurring window lasts at most 24 hours");
  const long long first_day = floor_div(first, kMinutesPerDay), last_day = floor_div(last, kMinutesPerDay);
  std::vector<long long> starts;
  const auto chosen = [&](long long day) {
    return (spec.weekdays >> day_of_week_of(static_cast<double>(day))) & 1u;
  };
  for (long long day = first_day; day <= last_day; ++day) {
    const long long s = day * kMinutesPerDay + phase;
    if (chosen(day) && s + length <= (last_day + 1) * kMinutesPerDay) starts.push_back(s);
  }
  for (const auto s : starts) layout.windows.push_back(timed_window(to_days(s), spec.length()));
  long long next_day = starts.empty() ? last_day + 1 : floor_div(starts.back(), kMinutesPerDay) + 1;
  while (!chosen(next_day)) ++next_day;
  layout.next = timed_window(to_days(next_day * kMinutesPerDay + phase), spec.length());
  for (std::size_t i = 0; i < t.size(); ++i) {
    const auto after = std::upper_bound(starts.begin(), starts.end(), t[i]);
    if (after == starts.begin()) {
      ++layout.before_first;
      continue;
    }
    const auto w = static_cast<std::size_t>(after - starts.begin() - 1);
    if (t[i] < starts[w] + length) {
      layout.window_of[i] = static_cast<std::uint32_t>(w);
    } else {
      ++layout.outside;
    }
  }
  return layout;
}

}  // namespace grip::forecast

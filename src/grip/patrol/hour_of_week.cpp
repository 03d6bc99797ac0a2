#include "grip/patrol/hour_of_week.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <numeric>

#include "grip/core/errors.hpp"

namespace grip::patrol {

int weekday_monday_first(int year, int month, int day) {
  const std::chrono::year_month_day date{std::chrono::year{year},
                                         std::chrono::month{static_cast<unsigned>(month)},
                                         std::chrono::day{static_cast<unsigned>(day)}};
  const std::chrono::weekday weekday{std::chrono::sys_days{date}};
  return static_cast<int>(weekday.iso_encoding()) - 1;
}

int hour_of_week(const CivilDateTime& when) {
  return weekday_monday_first(when.year, when.month, when.day) * 24 + when.hour;
}

void add_aoristic(HourOfWeek& counts, const CivilDateTime& from, const std::optional<CivilDateTime>& to,
                  double weight) {
  const long long start = to_epoch_seconds(from);
  const long long end = to ? to_epoch_seconds(*to) : start;
  if (end <= start) {
    counts[static_cast<std::size_t>(hour_of_week(from))] += weight;
    return;
  }
  const double duration = static_cast<double>(end - start);
  // Walk hour by hour from the top of from's hour; the bin advances one step per hour, wrapping.
  int bin = hour_of_week(from);
  long long hour_start = start - (start % 3600 + 3600) % 3600;
  while (hour_start < end) {
    const long long hour_end = hour_start + 3600;
    const long long overlap = std::min(end, hour_end) - std::max(start, hour_start);
    counts[static_cast<std::size_t>(bin)] += weight * static_cast<double>(overlap) / duration;
    bin = (bin + 1) % kHoursPerWeek;
    hour_start = hour_end;
  }
}

bool add_aoristic_text(HourOfWeek& counts, std::string_view from, std::string_view to, double weight) {
  if (from.size() < 16) return false;  // a date alone (or a month) says nothing about the hour
  const auto start = parse_date_time(from);
  if (!start) return false;
  std::optional<CivilDateTime> end;
  if (to.size() >= 16) end = parse_date_time(to);
  add_aoristic(counts, *start, end, weight);
  return true;
}

double total(const HourOfWeek& profile) { return std::accumulate(profile.begin(), profile.end(), 0.0); }

HourOfWeek normalised(const HourOfWeek& profile) {
  const double sum = total(profile);
  HourOfWeek out{};
  if (sum <= 0) return out;
  for (int i = 0; i < kHoursPerWeek; ++i) out[i] = profile[i] / sum;
  return out;
}

HourOfWeek smooth_circular(const HourOfWeek& profile, int half_width) {
  if (half_width < 0 || half_width > 84)
    throw UsageError(fmt::format("smoothing half-width must be 0..84 hours, not {}", half_width));
  if (half_width == 0) return profile;
  const double norm = static_cast<double>((half_width + 1) * (half_width + 1));  // Σ (h+1−|k|)
  HourOfWeek out{};
  for (int i = 0; i < kHoursPerWeek; ++i) {
    double sum = 0;
    for (int k = -half_width; k <= half_width; ++k) {
      const int j = ((i + k) % kHoursPerWeek + kHoursPerWeek) % kHoursPerWeek;
      sum += static_cast<double>(half_width + 1 - std::abs(k)) * profile[j];
    }
    out[i] = sum / norm;
  }
  return out;
}

Shrunk shrink_toward(const HourOfWeek& own, const HourOfWeek& force_shares, double k) {
  if (!(k >= 0)) throw UsageError(fmt::format("shrinkage must be >= 0 incidents, not {}", k));
  const double n = total(own);
  Shrunk result;
  result.own_weight = n + k > 0 ? n / (n + k) : 0.0;
  for (int i = 0; i < kHoursPerWeek; ++i) {
    result.shares[i] = n + k > 0 ? (own[i] + k * force_shares[i]) / (n + k) : force_shares[i];
  }
  return result;
}

int peak_hour_of_week(const HourOfWeek& profile) {
  return static_cast<int>(std::max_element(profile.begin(), profile.end()) - profile.begin());
}

std::string hour_of_week_label(int bin) {
  static constexpr const char* kDays[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
  return fmt::format("{} {:02d}:00", kDays[bin / 24], bin % 24);
}

}  // namespace grip::patrol

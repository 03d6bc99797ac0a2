#include "grip/demo/calendar.hpp"

#include <fmt/format.h>

#include <array>

namespace grip::demo {
namespace {

constexpr Minute kMinutesPerDay = 24 * 60;

struct Civil {
  int year;
  int month;
  int day;
};

// Howard Hinnant's civil_from_days.
Civil civil_from_days(std::int64_t z) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const std::int64_t doe = z - era * 146097;
  const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const std::int64_t mp = (5 * doy + 2) / 153;
  const std::int64_t d = doy - (153 * mp + 2) / 5 + 1;
  const std::int64_t m = mp < 10 ? mp + 3 : mp - 9;
  return {static_cast<int>(yoe + era * 400 + (m <= 2 ? 1 : 0)), static_cast<int>(m), static_cast<int>(d)};
}

std::int64_t floor_div(std::int64_t a, std::int64_t b) {
  return a / b - ((a % b != 0) && ((a < 0) != (b < 0)));
}

// Local minute of 01:00 on the last Sunday of the month (the UK's change-over, 01:00 UTC).
Minute last_sunday_0100(int year, int month) {
  std::int64_t day = days_from_civil(year, month, days_in_month(year, month));
  while (weekday(day) != 6) --day;
  return day * kMinutesPerDay + 60;
}

std::string format_minute(Minute minute) {
  const std::int64_t days = floor_div(minute, kMinutesPerDay);
  const std::int64_t in_day = minute - days * kMinutesPerDay;
  const Civil c = civil_from_days(days);
  return fmt::format("{:04d}-{:02d}-{:02d}T{:02d}:{:02d}:00", c.year, c.month, c.day, in_day / 60,
                     in_day % 60);
}

// Hourly shape of street violence: quiet at dawn, building through the evening to a peak
// around midnight.
constexpr std::array<double, 24> kNightHours{2.2, 2.0, 1.6, 1.1,  0.7,  0.45, 0.35, 0.45, 0.6, 0.7, 0.8, 0.9,
                                             1.0, 1.0, 1.0, 1.05, 1.15, 1.25, 1.35, 1.45, 1.6, 1.8, 2.0, 2.2};
constexpr std::array<double, 24> kDayHours{0.3, 0.25, 0.2, 0.2, 0.2, 0.25, 0.4, 0.7, 1.0, 1.3, 1.5, 1.5,
                                           1.5, 1.5,  1.5, 1.6, 1.7, 1.8,  1.8, 1.6, 1.3, 1.0, 0.7, 0.45};

// Friday night is Friday 18:00 to Saturday 05:59; Saturday night likewise.
bool weekend_night(int weekday_index, int hour) {
  return ((weekday_index == 4 || weekday_index == 5) && hour >= 18) ||
         ((weekday_index == 5 || weekday_index == 6) && hour < 6);
}

}  // namespace

std::int64_t days_from_civil(int year, int month, int day) {
  const std::int64_t y = static_cast<std::int64_t>(year) - (month <= 2 ? 1 : 0);
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const std::int64_t yoe = y - era * 400;
  const std::int64_t mp = month > 2 ? month - 3 : month + 9;
  const std::int64_t doy = (153 * mp + 2) / 5 + day - 1;
  const std::int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

int days_in_month(int year, int month) {
  constexpr std::array<int, 12> kDays{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return month == 2 && leap ? 29 : kDays[static_cast<std::size_t>(month - 1)];
}

int weekday(std::int64_t days) {
  // 1970-01-01 was a Thursday (index 3).
  return static_cast<int>(((days % 7) + 7 + 3) % 7);
}

Minute local_to_utc(Minute local) {
  const int year = civil_from_days(floor_div(local, kMinutesPerDay)).year;
  // BST runs from 02:00 local on the last Sunday of March to 02:00 BST (01:00 GMT) on the last
  // Sunday of October; the skipped hour in March is read as GMT.
  const Minute starts = last_sunday_0100(year, 3) + 60;
  const Minute ends = last_sunday_0100(year, 10) + 60;
  return local >= starts && local < ends ? local - 60 : local;
}

std::string format_local(Minute minute) { return format_minute(minute); }

std::string format_utc(Minute utc) { return format_minute(utc) + "+00:00"; }

std::string StudyMonth::label() const { return fmt::format("{:04d}-{:02d}", year, month); }

std::vector<StudyMonth> study_months(int first_year, int first_month, int count) {
  std::vector<StudyMonth> months;
  int year = first_year;
  int month = first_month;
  for (int i = 0; i < count; ++i) {
    StudyMonth m;
    m.year = year;
    m.month = month;
    m.start = days_from_civil(year, month, 1) * kMinutesPerDay;
    m.end = m.start + static_cast<Minute>(m.days()) * kMinutesPerDay;
    months.push_back(m);
    if (++month > 12) {
      month = 1;
      ++year;
    }
  }
  return months;
}

double hour_of_week_weight(TimeProfile profile, int weekday_index, int hour) {
  const auto h = static_cast<std::size_t>(hour);
  switch (profile) {
    case TimeProfile::kNightEconomy:
      return kNightHours[h] * (weekend_night(weekday_index, hour) ? 2.5 : 1.0);
    case TimeProfile::kStreet:
      return kNightHours[h] * (weekend_night(weekday_index, hour) ? 1.5 : 1.0);
    case TimeProfile::kDaytime:
      return kDayHours[h];
  }
  return 1.0;
}

MonthClock::MonthClock(const StudyMonth& month, TimeProfile profile) : start_(month.start) {
  std::vector<double> weights;
  const std::int64_t first_day = month.start / kMinutesPerDay;
  for (int day = 0; day < month.days(); ++day) {
    const int weekday_index = weekday(first_day + day);
    for (int hour = 0; hour < 24; ++hour)
      weights.push_back(hour_of_week_weight(profile, weekday_index, hour));
  }
  hours_ = WeightedTable(weights);
}

Minute MonthClock::draw(Random& random) const {
  const auto hour = static_cast<Minute>(hours_.draw(random));
  return start_ + hour * 60 + random.index(60);
}

}  // namespace grip::demo

// Forecast windows: --window parsing, 8-hour shifts anchored at 06:00, whole weeks, and a recurring
// Friday and Saturday 20:00-04:00 window, against times and labels worked out by hand.
#include "grip/forecast/windows.hpp"

#include <gtest/gtest.h>

#include "grip/core/errors.hpp"

namespace {

using namespace grip::forecast;

// 19,000 days after 1970-01-01 is Saturday 2022-01-08 (1970-01-01 a Thursday; 19,000 = 7·2714 + 2).
constexpr double kSaturday = 19000.0;
constexpr double kHour = 1.0 / 24.0;

TEST(ForecastWindows, ParsesLengthsAndRecurringWindows) {
  const auto shifts = window_spec_from("8h", 6.0);
  EXPECT_EQ(shifts.kind, WindowKind::kShift);
  EXPECT_DOUBLE_EQ(shifts.length(), 1.0 / 3.0);
  EXPECT_DOUBLE_EQ(shifts.windows_per_day(), 3.0);
  EXPECT_EQ(shifts.windows_in_days(7.0), 21u);
  EXPECT_EQ(shifts.describe(), "8 h from 06:00");
  EXPECT_EQ(window_spec_from("3d").kind, WindowKind::kDay);
  EXPECT_DOUBLE_EQ(window_spec_from("3d").length(), 3.0);
  EXPECT_EQ(window_spec_from("14d").kind, WindowKind::kWeek);
  EXPECT_EQ(window_spec_from("48h").kind, WindowKind::kDay);
  EXPECT_EQ(window_spec_from("week").kind, WindowKind::kWeek);
  const auto nights = window_spec_from("fri,sat 20:00-04:00");
  EXPECT_EQ(nights.kind, WindowKind::kShift);
  EXPECT_EQ(nights.weekdays, (1u << 4) | (1u << 5));
  EXPECT_DOUBLE_EQ(nights.start_hour, 20.0);
  EXPECT_DOUBLE_EQ(nights.length(), 8.0 / 24.0);
  EXPECT_DOUBLE_EQ(nights.windows_per_day(), 2.0 / 7.0);
  EXPECT_EQ(nights.windows_in_days(28.0), 8u);
  EXPECT_EQ(nights.describe(), "Fri, Sat 20:00-04:00");
  EXPECT_EQ(window_spec_from("daily 22-06").describe(), "daily 22:00-06:00");
  EXPECT_DOUBLE_EQ(hour_of_day_from("06"), 6.0);
  EXPECT_DOUBLE_EQ(hour_of_day_from("14:30"), 14.5);
  EXPECT_THROW((void)window_spec_from("36h"), grip::UsageError);  // not whole days
  EXPECT_THROW((void)window_spec_from("fortnight"), grip::UsageError);
  EXPECT_THROW((void)window_spec_from("fri,funday 20:00-04:00"), grip::UsageError);
  EXPECT_THROW((void)window_spec_from("month", 6.0), grip::UsageError);
  EXPECT_THROW((void)window_spec_from("fri 20:00-04:00", 6.0), grip::UsageError);
  EXPECT_THROW((void)hour_of_day_from("24"), grip::UsageError);
}

TEST(ForecastWindows, EightHourShiftsFromSixTileTheDay) {
  // 07:12 and 14:24 and 22:48 on Saturday, 04:48 on Sunday: shifts 06-14, 14-22, 22-06.
  const std::vector<double> t = {kSaturday + 7.2 * kHour, kSaturday + 14.4 * kHour, kSaturday + 22.8 * kHour,
                                 kSaturday + 28.8 * kHour};
  // The data is taken to run to the end of Sunday, so the last whole shift is Sunday 14-22; the
  // first starts at 06:00 on Saturday, the first boundary at or before the first incident.
  const auto layout = lay_out_windows(window_spec_from("8h", 6.0), t);
  ASSERT_EQ(layout.windows.size(), 5u);
  EXPECT_EQ(layout.windows[0].label, "2022-01-08 Sat 06:00/8h");
  EXPECT_EQ(layout.windows[1].label, "2022-01-08 Sat 14:00/8h");
  EXPECT_EQ(layout.windows[2].label, "2022-01-08 Sat 22:00/8h");
  EXPECT_EQ(layout.windows[4].label, "2022-01-09 Sun 14:00/8h");
  EXPECT_DOUBLE_EQ(layout.windows[2].start_days, kSaturday + 22 * kHour);
  EXPECT_EQ(layout.windows[1].start_minute, 14 * 60);
  EXPECT_EQ(layout.next.label, "2022-01-09 Sun 22:00/8h");
  EXPECT_EQ(layout.window_of, (std::vector<std::uint32_t>{0, 1, 2, 2}));
  EXPECT_EQ(layout.before_first, 0u);
  EXPECT_EQ(layout.after_last, 0u);
  // Days from 06:00: the last ends at 06:00 on Sunday, so the 04:48 incident is the last one in.
  const auto days = lay_out_windows(window_spec_from("day", 6.0), t);
  ASSERT_EQ(days.windows.size(), 1u);
  EXPECT_EQ(days.windows[0].label, "2022-01-08 06:00");
  EXPECT_EQ(days.window_of, (std::vector<std::uint32_t>{0, 0, 0, 0}));
  std::vector<double> later = t;
  later.push_back(kSaturday + 1.0 + 23 * kHour);  // 23:00 on Sunday: after the last whole day
  EXPECT_EQ(lay_out_windows(window_spec_from("day", 6.0), later).after_last, 1u);
}

TEST(ForecastWindows, WholeWeeksEndWithTheLastDay) {
  // Events on the ten days from Saturday: one whole week ends with the tenth day (Monday the 17th),
  // so it starts on Tuesday the 11th and the first three days are left out.
  std::vector<double> t;
  for (int d = 0; d < 10; ++d) t.push_back(kSaturday + d + 0.5);
  const auto layout = lay_out_windows(window_spec_from("week"), t);
  ASSERT_EQ(layout.windows.size(), 1u);
  EXPECT_EQ(layout.windows[0].label, "2022-01-11/7d");
  EXPECT_EQ(layout.windows[0].day_of_week, 1);  // Tuesday
  EXPECT_EQ(layout.before_first, 3u);
  EXPECT_EQ(layout.next.label, "2022-01-18/7d");
}

TEST(ForecastWindows, FridayAndSaturdayNightsRecur) {
  const double friday = kSaturday - 1.0;
  const std::vector<double> t = {
      friday + 21 * kHour,             // Fri night
      friday + 23.99 * kHour,          // Fri night
      kSaturday + 1 * kHour,           // Fri night, after midnight
      kSaturday + 12 * kHour,          // Saturday noon: outside
      kSaturday + 20.5 * kHour,        // Sat night
      kSaturday + 1.0 + 3.98 * kHour,  // Sat night, 03:59 on Sunday
      kSaturday + 1.0 + 10 * kHour,    // Sunday morning: outside
  };
  const auto layout = lay_out_windows(window_spec_from("fri,sat 20:00-04:00"), t);
  ASSERT_EQ(layout.windows.size(), 2u);
  EXPECT_EQ(layout.windows[0].label, "2022-01-07 Fri 20:00/8h");
  EXPECT_EQ(layout.windows[1].label, "2022-01-08 Sat 20:00/8h");
  EXPECT_EQ(layout.windows[1].day_of_week, 5);
  EXPECT_EQ(layout.next.label, "2022-01-14 Fri 20:00/8h");
  EXPECT_EQ(layout.window_of, (std::vector<std::uint32_t>{0, 0, 0, kNoWindow, 1, 1, kNoWindow}));
  EXPECT_EQ(layout.outside, 2u);
}

}  // namespace

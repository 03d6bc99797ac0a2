// Hour-of-week kernels against hand-worked numbers.
#include "grip/patrol/hour_of_week.hpp"

#include <gtest/gtest.h>

namespace {
using namespace grip::patrol;

TEST(HourOfWeek, MondayIsBinZeroAndKnownDatesLandOnTheirWeekday) {
  EXPECT_EQ(weekday_monday_first(2024, 1, 1), 0);                 // Monday 1 January 2024
  EXPECT_EQ(weekday_monday_first(2019, 12, 29), 6);               // a Sunday
  EXPECT_EQ(hour_of_week({2019, 3, 1, 22, 30, 0}), 4 * 24 + 22);  // Friday 22:30
}

TEST(HourOfWeek, AoristicEightHourWindowGivesAnEighthToEachHour) {
  HourOfWeek counts{};
  ASSERT_TRUE(add_aoristic_text(counts, "2024-01-02T08:00", "2024-01-02T16:00"));  // Tuesday
  for (int h = 0; h < kHoursPerWeek; ++h) {
    const bool inside = h >= 24 + 8 && h < 24 + 16;
    EXPECT_DOUBLE_EQ(counts[h], inside ? 0.125 : 0.0) << h;
  }
}

TEST(HourOfWeek, AoristicPartialHoursAndWrapOverSundayMidnight) {
  HourOfWeek counts{};
  // Sunday 23:30 to Monday 00:30: half in Sun 23, half in Mon 00.
  add_aoristic_text(counts, "2024-01-07T23:30", "2024-01-08T00:30");
  EXPECT_DOUBLE_EQ(counts[167], 0.5);
  EXPECT_DOUBLE_EQ(counts[0], 0.5);
  // 10:45 to 12:15 (90 min): 15/90, 60/90, 15/90.
  HourOfWeek c2{};
  add_aoristic_text(c2, "2024-01-03T10:45", "2024-01-03T12:15");
  EXPECT_NEAR(c2[48 + 10], 1.0 / 6, 1e-15);
  EXPECT_NEAR(c2[48 + 11], 4.0 / 6, 1e-15);
  EXPECT_NEAR(c2[48 + 12], 1.0 / 6, 1e-15);
  EXPECT_NEAR(total(c2), 1.0, 1e-15);
}

TEST(HourOfWeek, PointTimeAndEmptyOrBackwardWindowGoToTheStartHour) {
  HourOfWeek counts{};
  EXPECT_TRUE(add_aoristic_text(counts, "2024-01-05T21:59:59", ""));
  EXPECT_TRUE(add_aoristic_text(counts, "2024-01-05T21:10", "2024-01-05T20:00"));
  EXPECT_DOUBLE_EQ(counts[4 * 24 + 21], 2.0);
  EXPECT_FALSE(add_aoristic_text(counts, "2024-01", ""));     // month only
  EXPECT_FALSE(add_aoristic_text(counts, "2024-01-05", ""));  // date only: no hour
  EXPECT_DOUBLE_EQ(total(counts), 2.0);
}

TEST(HourOfWeek, SmoothingIsQuarterHalfQuarterAndWraps) {
  HourOfWeek spike{};
  spike[0] = 4;
  const auto s = smooth_circular(spike, 1);
  EXPECT_DOUBLE_EQ(s[0], 2.0);
  EXPECT_DOUBLE_EQ(s[1], 1.0);
  EXPECT_DOUBLE_EQ(s[167], 1.0);
  EXPECT_DOUBLE_EQ(total(s), 4.0);
  const auto wide = smooth_circular(spike, 2);  // weights 1 2 3 2 1 over 9
  EXPECT_DOUBLE_EQ(wide[0], 4.0 * 3 / 9);
  EXPECT_DOUBLE_EQ(wide[166], 4.0 * 1 / 9);
}

TEST(HourOfWeek, ShrinkageWeighsOwnDataByNOverNPlusK) {
  HourOfWeek own{}, force{};
  own[10] = 10;  // 10 incidents, all at Mon 10:00
  for (auto& f : force) f = 1.0 / kHoursPerWeek;
  const auto shrunk = shrink_toward(own, force, 30);
  EXPECT_DOUBLE_EQ(shrunk.own_weight, 0.25);
  EXPECT_NEAR(shrunk.shares[10], 0.25 + 0.75 / kHoursPerWeek, 1e-15);
  EXPECT_NEAR(shrunk.shares[11], 0.75 / kHoursPerWeek, 1e-15);
  EXPECT_NEAR(total(shrunk.shares), 1.0, 1e-12);
  EXPECT_EQ(peak_hour_of_week(shrunk.shares), 10);
  EXPECT_EQ(hour_of_week_label(10), "Mon 10:00");
}

}  // namespace

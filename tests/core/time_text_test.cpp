#include "grip/core/time_text.hpp"

#include <gtest/gtest.h>

namespace grip {
namespace {

TEST(TimeText, ParsesYearMonth) {
  const auto month = parse_year_month("2018-02");
  ASSERT_TRUE(month);
  EXPECT_EQ(month->year, 2018);
  EXPECT_EQ(month->month, 2);
  EXPECT_FALSE(parse_year_month("2018-13"));
  EXPECT_FALSE(parse_year_month("2018-1"));
  EXPECT_FALSE(parse_year_month("Jan 2018"));
  EXPECT_FALSE(parse_year_month(""));
}

TEST(TimeText, KnowsLeapYears) {
  EXPECT_EQ(days_in_month(2016, 2), 29);
  EXPECT_EQ(days_in_month(1900, 2), 28);  // divisible by 100, not 400
  EXPECT_EQ(days_in_month(2000, 2), 29);
  EXPECT_EQ(days_in_month(2018, 4), 30);
}

TEST(TimeText, ParsesIsoDateTimesWithAndWithoutZones) {
  const auto with_offset = parse_date_time("2018-03-01T14:01:00+00:00");
  ASSERT_TRUE(with_offset);
  EXPECT_EQ(format_iso(*with_offset), "2018-03-01T14:01:00");
  EXPECT_EQ(format_iso(*parse_date_time("2019-01-01T01:30:00")), "2019-01-01T01:30:00");
  EXPECT_EQ(format_iso(*parse_date_time("2019-01-01 01:30")), "2019-01-01T01:30:00");
  EXPECT_EQ(format_iso(*parse_date_time("2019-07-04")), "2019-07-04T00:00:00");
  EXPECT_EQ(format_iso(*parse_date_time("2019-07-04T10:00:00.250Z")), "2019-07-04T10:00:00");
}

TEST(TimeText, RefusesImpossibleDates) {
  EXPECT_FALSE(parse_date_time("2018-02-30T10:00:00"));
  EXPECT_FALSE(parse_date_time("2018-02-10T24:00:00"));
  EXPECT_FALSE(parse_date_time("2018-02-10T10:00:00+0100junk"));
  EXPECT_FALSE(parse_date_time("yesterday"));
}

TEST(TimeText, ReadsDayFirstAndMonthFirstOrders) {
  EXPECT_EQ(format_iso(*parse_date_time("03/04/2019 22:15", DateOrder::kDayFirst)), "2019-04-03T22:15:00");
  EXPECT_EQ(format_iso(*parse_date_time("03/04/2019 22:15", DateOrder::kMonthFirst)), "2019-03-04T22:15:00");
  EXPECT_FALSE(parse_date_time("31/02/2019", DateOrder::kDayFirst));
}

TEST(TimeText, EpochSecondsMatchKnownInstants) {
  // 2018-01-01T00:00:00Z is 1514764800 (date -u -d 2018-01-01 +%s).
  EXPECT_EQ(to_epoch_seconds(*parse_date_time("2018-01-01T00:00:00")), 1514764800LL);
  // 2000-02-29T12:00:00Z is 951825600.
  EXPECT_EQ(to_epoch_seconds(*parse_date_time("2000-02-29T12:00:00")), 951825600LL);
  EXPECT_EQ(to_epoch_seconds(*parse_date_time("1970-01-01T00:00:01")), 1LL);
}

}  // namespace
}  // namespace grip

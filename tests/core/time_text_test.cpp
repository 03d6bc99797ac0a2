#include "grip/core/time_text.hpp"

#include <gtest/gtest.h>

#include <cstdlib>

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

TEST(TimeText, ParsesIsoDateTimesWithoutZones) {
  EXPECT_EQ(format_iso(*parse_date_time("2019-01-01T01:30:00")), "2019-01-01T01:30:00");
  EXPECT_EQ(format_iso(*parse_date_time("2019-01-01 01:30")), "2019-01-01T01:30:00");
  EXPECT_EQ(format_iso(*parse_date_time("2019-07-04")), "2019-07-04T00:00:00");
  EXPECT_EQ(format_iso(*parse_date_time("2019-07-04T10:00:00.250")), "2019-07-04T10:00:00");
}

TEST(TimeText, PlainParseRefusesTextWithAnOffsetRatherThanDropIt) {
  EXPECT_FALSE(parse_date_time("2018-03-01T14:01:00+00:00"));
  EXPECT_FALSE(parse_date_time("2019-07-04T10:00:00.250Z"));
}

// Expected local times worked by hand from the zones' rules: UK GMT in winter, BST (+1) from
// 01:00 UTC on the last Sunday of March; US Central CST (-6), CDT (-5) from 2:00 local (08:00 UTC)
// on the second Sunday of March.
std::string local(const char* text, const std::string& zone) {
  const auto read = parse_local_date_time(text, DateOrder::kIso, zone);
  return read.when ? format_iso(*read.when) : std::string("refused: ") + to_string(read.problem);
}

TEST(TimeText, ConvertsOffsetTimesToTheZonesLocalTime) {
  // 10:00 at UTC-5 is 15:00 UTC: 15:00 GMT in London, 09:00 CST in Chicago.
  EXPECT_EQ(local("2019-01-01T10:00:00-05:00", "Europe/London"), "2019-01-01T15:00:00");
  EXPECT_EQ(local("2019-01-01T10:00:00-05:00", "America/Chicago"), "2019-01-01T09:00:00");
  // 10:00 at UTC+14 is 20:00 UTC the day before.
  EXPECT_EQ(local("2019-01-01T10:00:00+14:00", "Europe/London"), "2018-12-31T20:00:00");
  // data.police.uk writes +00:00 in summer too: 14:01 UTC on 1 July is 15:01 BST.
  EXPECT_EQ(local("2018-07-01T14:01:00+00:00", "Europe/London"), "2018-07-01T15:01:00");
  EXPECT_EQ(local("2019-07-04T10:00:00.250Z", "Europe/London"), "2019-07-04T11:00:00");
  // Either side of the spring change.
  EXPECT_EQ(local("2018-03-25T00:59:59Z", "Europe/London"), "2018-03-25T00:59:59");
  EXPECT_EQ(local("2018-03-25T01:00:00Z", "Europe/London"), "2018-03-25T02:00:00");
  EXPECT_EQ(local("2019-03-10T07:59:59Z", "America/Chicago"), "2019-03-10T01:59:59");
  EXPECT_EQ(local("2019-03-10T08:00:00Z", "America/Chicago"), "2019-03-10T03:00:00");
  // Text without an offset is already local, whatever the zone.
  EXPECT_EQ(local("2019-07-04T10:00:00", "America/Chicago"), "2019-07-04T10:00:00");
  EXPECT_EQ(local("2019-07-04T10:00:00", ""), "2019-07-04T10:00:00");
}

TEST(TimeText, RefusesOffsetsItCannotPlace) {
  EXPECT_EQ(local("2019-01-01T10:00:00+14:59", "Europe/London"), "refused: impossible UTC offset");
  EXPECT_EQ(local("2019-01-01T10:00:00-12:30", "Europe/London"), "refused: impossible UTC offset");
  EXPECT_EQ(local("2019-01-01T10:00:00+01:60", "Europe/London"), "refused: impossible UTC offset");
  EXPECT_EQ(local("2019-01-01T10:00:00-05:00", ""), "refused: UTC offset without a time zone");
  EXPECT_EQ(local("2019-01-01T10:00:00Z", ""), "refused: UTC offset without a time zone");
  EXPECT_EQ(local("2019-01-01T10:00:00Z", "Mars/Olympus_Mons"), "refused: unknown time zone");
}

TEST(TimeText, RefusesLeapSeconds) {
  // 2016-12-31 had a real leap second; local time text cannot hold it either way.
  EXPECT_EQ(local("2016-12-31T23:59:60Z", "Europe/London"), "refused: leap second not representable");
  EXPECT_EQ(local("2019-01-01T23:59:60", "Europe/London"), "refused: leap second not representable");
  EXPECT_EQ(local("2019-02-30T23:59:60", "Europe/London"), "refused: unparseable date");
  EXPECT_FALSE(parse_date_time("2019-01-01T10:00:60"));
}

TEST(TimeText, RefusesConversionsThatLeaveTheAcceptedYears) {
  // Found by fuzzing: 1900-01-01T00:00-02:00 is 02:00 UTC, 1899-12-31T20:00 in Chicago, a year
  // parse_date_time refuses, so the stored text would not read back.
  EXPECT_EQ(local("1900-01-01T00:00:00-02:00", "America/Chicago"), "refused: unparseable date");
  EXPECT_EQ(local("2200-12-31T23:00:00-05:00", "Europe/London"), "refused: unparseable date");
  EXPECT_EQ(local("1900-01-01T00:00:00-02:00", "Europe/London"), "1900-01-01T02:00:00");
}

TEST(TimeText, KnowsInstalledZonesOnly) {
  EXPECT_TRUE(is_known_time_zone("Europe/London"));
  EXPECT_TRUE(is_known_time_zone("America/Chicago"));
  EXPECT_FALSE(is_known_time_zone("Mars/Olympus_Mons"));
  EXPECT_FALSE(is_known_time_zone("../../etc/passwd"));
  EXPECT_FALSE(is_known_time_zone("/etc/passwd"));
  EXPECT_FALSE(is_known_time_zone(""));
}

TEST(TimeText, LeavesTheProcessTimeZoneAsItWas) {
  const char* before = std::getenv("TZ");
  const std::string saved = before ? before : "(unset)";
  (void)civil_time_in_zone(0, "America/Chicago");
  const char* after = std::getenv("TZ");
  EXPECT_EQ(after ? after : "(unset)", saved);
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

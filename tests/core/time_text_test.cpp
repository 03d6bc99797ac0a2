#include "grip/core/time_text.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <ctime>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "grip/core/errors.hpp"

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
  EXPECT_FALSE(is_known_time_zone("localtime"));  // a file in the folder, but the machine's zone
  EXPECT_FALSE(is_known_time_zone("posixrules"));
}

TEST(TimeText, LeavesTheProcessTimeZoneAsItWas) {
  const char* before = std::getenv("TZ");
  const std::string saved = before ? before : "(unset)";
  (void)civil_time_in_zone(0, "America/Chicago");
  const char* after = std::getenv("TZ");
  EXPECT_EQ(after ? after : "(unset)", saved);
}

// The C library's localtime_r, with TZ set to the zone, is an independent reading of the same
// TZif files: it must agree at every instant, before the first transition, across each change of
// rules, and past the files' last transition, where the zone's rule string takes over.
CivilDateTime c_library_time(long long utc_seconds, const char* zone) {
  setenv("TZ", zone, 1);
  tzset();
  const auto instant = static_cast<std::time_t>(utc_seconds);
  std::tm parts{};
  localtime_r(&instant, &parts);
  return {parts.tm_year + 1900, parts.tm_mon + 1, parts.tm_mday, parts.tm_hour, parts.tm_min, parts.tm_sec};
}

std::string text(const CivilDateTime& t) { return format_iso(t); }

TEST(TimeText, ZoneTimesAgreeWithTheCLibraryFrom1900To2200) {
  const char* before = std::getenv("TZ");
  const std::optional<std::string> saved = before ? std::optional<std::string>(before) : std::nullopt;
  const char* zones[] = {"Europe/London",   "America/Chicago", "Australia/Sydney",  "Asia/Kolkata",
                         "Pacific/Chatham", "Europe/Dublin",   "America/Sao_Paulo", "UTC"};
  long long compared = 0, differing = 0;
  for (const char* zone : zones) {
    // A day and 13 s apart, so the instants walk through every time of day over the years.
    for (long long t = -2208988800LL; t < 7289654400LL; t += 86413) {
      const std::string expected = text(c_library_time(t, zone));
      const std::string got = text(civil_time_in_zone(t, zone));
      ++compared;
      if (got != expected && ++differing <= 5)
        ADD_FAILURE() << zone << " at " << t << ": " << got << " vs " << expected;
    }
  }
  // Each hour of 2040 and 2041 in London, beyond the TZif file's transitions (2037).
  for (long long t = 2208988800LL; t < 2272147200LL; t += 3600) {
    ++compared;
    if (text(civil_time_in_zone(t, "Europe/London")) != text(c_library_time(t, "Europe/London"))) ++differing;
  }
  if (saved) {
    setenv("TZ", saved->c_str(), 1);
  } else {
    unsetenv("TZ");
  }
  tzset();
  EXPECT_EQ(differing, 0) << "of " << compared;
  EXPECT_GT(compared, 800000);
}

TEST(TimeText, HandWorkedSummerAndWinterTimes) {
  // 2018-03-25T01:00:00Z is when the UK went to BST that year; 1 s before it is still GMT.
  EXPECT_EQ(text(civil_time_in_zone(1521939599, "Europe/London")), "2018-03-25T00:59:59");
  EXPECT_EQ(text(civil_time_in_zone(1521939600, "Europe/London")), "2018-03-25T02:00:00");
  // 2046-07-01T12:00:00Z, past the file's transitions: BST by the rule, 13:00.
  EXPECT_EQ(text(civil_time_in_zone(2414059200, "Europe/London")), "2046-07-01T13:00:00");
  EXPECT_EQ(text(civil_time_in_zone(2414059200, "America/Chicago")), "2046-07-01T07:00:00");
}

TEST(TimeText, AnUnknownZoneIsAUsageErrorNotUtc) {
  EXPECT_THROW((void)civil_time_in_zone(0, "Mars/Olympus_Mons"), UsageError);
  EXPECT_THROW((void)civil_time_in_zone(0, ""), UsageError);
}

// Found in CI under ASan: a stop-search ingest converted times on one thread while PROJ read the
// environment on another, and setting TZ for each conversion moved the environment under it.
TEST(TimeText, ConvertsOnManyThreadsWhileOthersReadTheEnvironment) {
  const char* tz_before = std::getenv("TZ");
  const std::string tz_text = tz_before ? tz_before : "(unset)";
  const char* zones[] = {"Europe/London", "America/Chicago", "Australia/Sydney", "Asia/Kolkata"};
  constexpr int kInstants = 20000;
  std::vector<std::vector<std::string>> expected(std::size(zones));
  for (std::size_t z = 0; z < std::size(zones); ++z) {
    for (int i = 0; i < kInstants; ++i)
      expected[z].push_back(text(civil_time_in_zone(1500000000LL + i * 3607LL, zones[z])));
  }
  std::atomic<bool> done{false};
  std::atomic<long long> reads{0};
  std::vector<std::thread> readers;
  for (int r = 0; r < 2; ++r) {
    readers.emplace_back([&] {
      while (!done) {
        if (std::getenv("TZ") != nullptr || std::getenv("PATH") != nullptr) ++reads;
      }
    });
  }
  std::vector<long long> wrong(std::size(zones), 0);
  std::vector<std::thread> converters;
  for (std::size_t z = 0; z < std::size(zones); ++z) {
    converters.emplace_back([&, z] {
      for (int round = 0; round < 3; ++round) {
        for (int i = 0; i < kInstants; ++i) {
          if (text(civil_time_in_zone(1500000000LL + i * 3607LL, zones[z])) != expected[z][i]) ++wrong[z];
        }
      }
    });
  }
  for (auto& thread : converters) thread.join();
  done = true;
  for (auto& thread : readers) thread.join();
  for (std::size_t z = 0; z < std::size(zones); ++z) EXPECT_EQ(wrong[z], 0) << zones[z];
  EXPECT_GT(reads.load(), 0);
  const char* tz_after = std::getenv("TZ");
  EXPECT_EQ(tz_after ? tz_after : "(unset)", tz_text) << "no conversion sets TZ";
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

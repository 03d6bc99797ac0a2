// Tests of the synthetic county's building blocks against independent values: calendar dates
// and UK clock changes from the published 2025 dates, nearest snap point against brute force,
// the portable random draws' moments, and the districts tiling the county.
#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "grip/demo/calendar.hpp"
#include "grip/demo/geography.hpp"
#include "grip/demo/random.hpp"
#include "grip/demo/snap_index.hpp"

namespace {

using namespace grip::demo;

TEST(SyntheticCalendar, KnowsWeekdaysAndMonthLengths) {
  EXPECT_EQ(weekday(days_from_civil(2025, 1, 1)), 2);   // Wednesday
  EXPECT_EQ(weekday(days_from_civil(2025, 1, 3)), 4);   // Friday
  EXPECT_EQ(weekday(days_from_civil(2024, 2, 29)), 3);  // Thursday
  EXPECT_EQ(days_in_month(2024, 2), 29);
  EXPECT_EQ(days_in_month(2025, 2), 28);
  EXPECT_EQ(days_in_month(2100, 2), 28);
  EXPECT_EQ(format_local(days_from_civil(2025, 1, 3) * 1440 + 22 * 60 + 15), "2025-01-03T22:15:00");
}

TEST(SyntheticCalendar, AppliesBritishSummerTime) {
  // In 2025 BST ran from 30 March 01:00 UTC to 26 October 01:00 UTC.
  const auto local = [](int month, int day, int hour, int minute) {
    return days_from_civil(2025, month, day) * 1440 + hour * 60 + minute;
  };
  EXPECT_EQ(format_utc(local_to_utc(local(3, 30, 0, 59))), "2025-03-30T00:59:00+00:00");
  EXPECT_EQ(format_utc(local_to_utc(local(3, 30, 2, 0))), "2025-03-30T01:00:00+00:00");
  EXPECT_EQ(format_utc(local_to_utc(local(7, 1, 12, 0))), "2025-07-01T11:00:00+00:00");
  EXPECT_EQ(format_utc(local_to_utc(local(10, 26, 0, 30))), "2025-10-25T23:30:00+00:00");
  EXPECT_EQ(format_utc(local_to_utc(local(10, 26, 2, 0))), "2025-10-26T02:00:00+00:00");
}

TEST(SyntheticCalendar, MonthsRollOverTheYear) {
  const auto months = study_months(2025, 11, 3);
  ASSERT_EQ(months.size(), 3u);
  EXPECT_EQ(months[0].label(), "2025-11");
  EXPECT_EQ(months[2].label(), "2026-01");
  EXPECT_EQ(months[1].end, months[2].start);
}

TEST(SyntheticRandom, DrawsHaveTheRightMoments) {
  Random random(7);
  constexpr int kDraws = 200'000;
  double uniform_sum = 0.0;
  double normal_sum = 0.0;
  double normal_squares = 0.0;
  double exponential_sum = 0.0;
  double poisson_sum = 0.0;
  for (int i = 0; i < kDraws; ++i) {
    uniform_sum += random.uniform();
    const double z = random.normal(0.0, 2.0);
    normal_sum += z;
    normal_squares += z * z;
    exponential_sum += random.exponential(4.0);
    poisson_sum += static_cast<double>(random.poisson(0.3));
  }
  EXPECT_NEAR(uniform_sum / kDraws, 0.5, 0.005);
  EXPECT_NEAR(normal_sum / kDraws, 0.0, 0.03);
  EXPECT_NEAR(normal_squares / kDraws, 4.0, 0.06);
  EXPECT_NEAR(exponential_sum / kDraws, 0.25, 0.005);
  EXPECT_NEAR(poisson_sum / kDraws, 0.3, 0.005);
}

TEST(SyntheticRandom, SameSeedSameStream) {
  Random a(42);
  Random b(42);
  for (int i = 0; i < 100; ++i) EXPECT_EQ(a.bits(), b.bits());
  // The first output of std::mt19937_64 seeded with 5489 is fixed by the standard's definition.
  std::mt19937_64 reference;
  Random standard(5489);
  EXPECT_EQ(standard.bits(), reference());
}

TEST(SyntheticSnapIndex, FindsTheSameNearestPointAsBruteForce) {
  Random random(3);
  std::vector<SnapPoint> points(500);
  for (SnapPoint& point : points)
    point.at = {random.uniform(-5'000.0, 5'000.0), random.uniform(-3'000.0, 3'000.0)};
  const SnapIndex index(points);
  for (int q = 0; q < 2'000; ++q) {
    // Queries inside and well outside the points' box.
    const LocalPoint at{random.uniform(-9'000.0, 9'000.0), random.uniform(-7'000.0, 7'000.0)};
    double best = 1e300;
    for (const SnapPoint& point : points)
      best = std::min(best, std::hypot(point.at.x - at.x, point.at.y - at.y));
    const SnapPoint& found = points[index.nearest(at)];
    EXPECT_DOUBLE_EQ(std::hypot(found.at.x - at.x, found.at.y - at.y), best);
  }
}

TEST(SyntheticGeography, DistrictsTileTheCounty) {
  Random random(11);
  const Geography geography = build_geography(random);
  ASSERT_GE(geography.districts.size(), 3u);
  ASSERT_LE(geography.districts.size(), 5u);
  double area = 0.0;
  for (const District& district : geography.districts) {
    double twice = 0.0;  // shoelace; positive for a counter-clockwise ring
    const auto& ring = district.boundary;
    for (std::size_t i = 0; i < ring.size(); ++i) {
      const LocalPoint& p = ring[i];
      const LocalPoint& q = ring[(i + 1) % ring.size()];
      twice += p.x * q.y - q.x * p.y;
    }
    EXPECT_GT(twice, 0.0) << district.name;
    area += twice / 2.0;
  }
  EXPECT_NEAR(area, 4.0 * kHalfWidthM * kHalfHeightM, 1.0);
  EXPECT_GT(geography.snap_points.size(), 2'000u);
}

}  // namespace

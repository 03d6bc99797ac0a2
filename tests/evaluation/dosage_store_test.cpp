// The dosage reader behind grip evaluate's dose-response, on both engines: a ping file with one
// hand-worked visit (in-hotspot fixes 610..1330 s, neighbours at 600 and 1340 s: 730 s midpoint).
#include <gtest/gtest.h>

#include <cstdio>
#include <ctime>

#include "grip/store/gps_visit_minutes.hpp"
#include "support/test_support.hpp"

using grip::test::run_grip;

namespace {
std::string ping(long long t, double lon, double lat) {
  std::time_t time = 1'700'000'000 + t;  // 2023-11-14T22:13:20Z
  std::tm parts{};
  gmtime_r(&time, &parts);
  char when[32];
  std::strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &parts);
  char text[160];
  std::snprintf(text, sizeof text, "PC A1,%s,%.7f,%.7f,8,radio\n", when, lon, lat);
  return text;
}
}  // namespace

TEST(DosageStore, SumsVisitMinutesPerHotspotInThePeriod) {
  const grip::test::ScratchDir dir;
  const auto db = grip::test::make_small_store(dir);
  ASSERT_EQ(run_grip({"--db", db.string(), "-q", "hotspots", "--top", "2", "--cell-size", "100",
                      "--min-distance-m", "200"})
                .exit_code,
            0);
  const double in_lon = 0.4700, in_lat = 51.7300, out_lon = in_lon - 2000.0 / 68'970.0;
  std::string csv = "officer_id,timestamp,longitude,latitude,accuracy_m,source\n";
  for (long long t = 0; t <= 600; t += 10) csv += ping(t, out_lon, in_lat);
  for (long long t = 610; t <= 1330; t += 10) csv += ping(t, in_lon, in_lat);
  for (long long t = 1340; t <= 1800; t += 10) csv += ping(t, out_lon, in_lat);
  const auto file = dir.write("pings/shift.csv", csv);
  ASSERT_EQ(run_grip({"--db", db.string(), "-q", "ingest", file.string()}).exit_code, 0);
  const auto run_id = grip::test::query_int(db, "SELECT MAX(run_id) FROM hotspots");
  const auto hotspot = grip::test::query_text(db, "SELECT hotspot_id FROM gps_visits");

  grip::store::Store store(grip::test::store_locator(db));
  const auto november = grip::store::read_hotspot_dosage(store, run_id, "2023-11-01", "2023-12-01");
  ASSERT_EQ(november.size(), 1u);
  ASSERT_TRUE(november.contains(hotspot));
  EXPECT_EQ(november.at(hotspot).visits, 1);
  EXPECT_NEAR(november.at(hotspot).minutes, 730.0 / 60.0, 1e-6);
  EXPECT_LT(november.at(hotspot).minutes_low, november.at(hotspot).minutes);
  EXPECT_GT(november.at(hotspot).minutes_high, november.at(hotspot).minutes);
  EXPECT_TRUE(grip::store::read_hotspot_dosage(store, run_id, "2023-12-01", "2024-01-01").empty());
  EXPECT_TRUE(grip::store::read_hotspot_dosage(store, run_id + 1, "2023-11-01", "2023-12-01").empty());
}

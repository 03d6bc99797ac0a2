// `grip ingest` on a patrol GPS ping file: visits against the selected hotspots with the interval
// worked out by hand, every dropped fix and refused row counted, the same file twice adding
// nothing, and the raw officer ids nowhere in the store's bytes or in what grip prints.
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <sstream>

#include "support/test_support.hpp"

namespace {

using grip::test::query_int;
using grip::test::query_text;
using grip::test::run_grip;

// Degrees for metres near 51.73° N (cos 51.73° × 111.32 km per degree of longitude).
constexpr double kLonPerMetre = 1.0 / 68'970.0, kLatPerMetre = 1.0 / 111'250.0;

std::string ping(const std::string& officer, long long t, double lon, double lat,
                 const std::string& accuracy = "8") {
  const long long base = 1'700'000'000;  // 2023-11-14T22:13:20Z
  char text[160];
  const long long s = base + t;
  std::time_t time = s;
  std::tm parts{};
  gmtime_r(&time, &parts);
  char when[32];
  std::strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &parts);
  std::snprintf(text, sizeof text, "%s,%s,%.7f,%.7f,%s,radio\n", officer.c_str(), when, lon, lat,
                accuracy.c_str());
  return text;
}

std::string store_bytes(const grip::test::ScratchDir& dir, const std::filesystem::path& db) {
  std::string bytes;
  if (grip::test::testing_postgis()) {
    std::string conninfo = grip::test::store_locator(db).substr(3);  // after "PG:"
    const std::string command =
        "pg_dump --no-owner '" + conninfo + "' > '" + (dir / "dump.sql").string() + "'";
    if (std::system(command.c_str()) != 0) throw std::runtime_error("pg_dump failed: " + command);
    return grip::test::read_file(dir / "dump.sql");
  }
  for (const char* suffix : {"", "-wal", "-shm"}) {
    const std::filesystem::path file = db.string() + suffix;
    if (std::filesystem::exists(file)) bytes += grip::test::read_file(file);
  }
  return bytes;
}

// The small store (tests/support) with two hotspots of 100 m cells selected: one of them holds
// the repeated rows at (0.4700, 51.7300) that the pings below visit. Empty when it cannot be made.
std::filesystem::path small_store_with_two_hotspots(const grip::test::ScratchDir& dir) {
  const auto db = grip::test::make_small_store(dir);
  const auto hotspots = run_grip(
      {"--db", db.string(), "-q", "hotspots", "--top", "2", "--cell-size", "100", "--min-distance-m", "200"});
  EXPECT_EQ(hotspots.exit_code, 0) << hotspots.out;
  return hotspots.exit_code == 0 ? db : std::filesystem::path();
}

TEST(GpsIngestCli, VisitsFromPingsWithHandWorkedIntervalsAndNoRawIds) {
  const grip::test::ScratchDir dir;
  const auto db = small_store_with_two_hotspots(dir);
  ASSERT_FALSE(db.empty());
  // The small store repeats rows at (0.4700, 51.7300): a selected hotspot holds that point.
  const double in_lon = 0.4700, in_lat = 51.7300;
  const double out_lon = in_lon - 2000 * kLonPerMetre, out_lat = in_lat;
  std::string csv = "officer_id,timestamp,longitude,latitude,accuracy_m,source\n";
  for (long long t = 0; t <= 600; t += 10) csv += ping("PC Z4711Q", t, out_lon, out_lat);
  for (long long t = 610; t <= 1330; t += 10) csv += ping("PC Z4711Q", t, in_lon, in_lat);
  for (long long t = 1340; t <= 1800; t += 10) csv += ping("PC Z4711Q", t, out_lon, out_lat);
  csv += ping("PC Z4711Q", 1800, out_lon, out_lat);       // duplicate second
  csv += ping("PC Z4711Q", 1805, in_lon, in_lat, "450");  // imprecise
  csv += ping("PC Z4711Q", 1810, out_lon + 50 * kLonPerMetre, out_lat);
  csv += ping("PC Z4711Q", 1815, out_lon + 0.5, out_lat);  // 35 km spike
  csv += ping("PC Z4711Q", 1820, out_lon, out_lat);
  csv += ping("CAM K0815W", 100, out_lon, out_lat) + ping("CAM K0815W", 1000, in_lon, in_lat) +
         ping("CAM K0815W", 1900, out_lon, out_lat);  // a camera buffering
  csv += "CAM K0815W,not a time,0.47,51.73,5,radio\n";
  csv += ",2023-11-14T23:00:00Z,0.47,51.73,5,radio\n";
  csv += "CAM K0815W,2023-11-14T23:00:00Z,0.47\n";
  const auto file = dir.write("pings/shift.csv", csv);

  const auto result = run_grip({"--db", db.string(), "ingest", file.string()});
  ASSERT_EQ(result.exit_code, 0) << result.out;
  EXPECT_NE(result.out.find("[patrol GPS]"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("rejected 3"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("1 imprecise, 1 duplicate, 1 jump"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("line "), std::string::npos) << result.out;
  EXPECT_EQ(result.out.find("Z4711Q"), std::string::npos) << "a raw id was printed:\n" << result.out;
  EXPECT_EQ(result.out.find("K0815W"), std::string::npos) << "a raw id was printed:\n" << result.out;

  EXPECT_EQ(query_int(db, "SELECT count(*) FROM gps_visits"), 2);
  EXPECT_EQ(query_int(db, "SELECT officers FROM gps_batches"), 2);
  // Officer 4711: in-hotspot fixes 610..1330 s, the fixes around them at 600 and 1340 s.
  const std::string long_visit = " FROM gps_visits WHERE fixes = 73";
  EXPECT_EQ(query_text(db, "SELECT first_in" + long_visit), "2023-11-14T22:23:30Z");
  EXPECT_EQ(query_text(db, "SELECT last_in" + long_visit), "2023-11-14T22:35:30Z");
  EXPECT_EQ(query_text(db, "SELECT entry_earliest" + long_visit),
            "2023-11-14T22:23:14Z");  // 600 s − 8 m/1.4 m/s
  EXPECT_EQ(query_int(db, "SELECT CAST(round(minutes_low * 600) AS INTEGER)" + long_visit),
            7080);  // 720 − 2·round(8/1.4) s
  EXPECT_EQ(query_int(db, "SELECT CAST(round(minutes * 600) AS INTEGER)" + long_visit), 7300);  // 730 s
  EXPECT_EQ(query_int(db, "SELECT verified" + long_visit), 1);
  // Officer 0815: one fix 15 minutes from its neighbours: not a verified visit.
  EXPECT_EQ(query_int(db, "SELECT verified FROM gps_visits WHERE fixes = 1"), 0);
  EXPECT_EQ(query_int(db, "SELECT CAST(round(minutes_high) AS INTEGER) FROM gps_visits WHERE fixes = 1"), 30);
  EXPECT_EQ(query_int(db, "SELECT count(DISTINCT officer) FROM gps_visits WHERE officer LIKE 'off-%'"), 2);

  const std::string bytes = store_bytes(dir, db);
  for (const char* raw : {"Z4711Q", "K0815W"}) {
    const auto hit = bytes.find(raw);
    EXPECT_EQ(hit, std::string::npos)
        << "a raw officer id is in the store: ..." << bytes.substr(hit < 100 ? 0 : hit - 100, 200) << "...";
  }

  const auto again = run_grip({"--db", db.string(), "ingest", file.string()});
  EXPECT_EQ(again.exit_code, 0) << again.out;
  EXPECT_NE(again.out.find("already ingested"), std::string::npos) << again.out;
  EXPECT_EQ(query_int(db, "SELECT count(*) FROM gps_visits"), 2);
}

TEST(GpsIngestCli, PingsBeforeAnyHotspotsAreAUsageErrorAndNothingIsStored) {
  const grip::test::ScratchDir dir;
  const auto db = grip::test::make_small_store(dir);
  const auto file = dir.write("p.csv", "device_id,time,lon,lat\nR1,2024-01-05T20:00:00Z,0.47,51.73\n");
  const auto result = run_grip({"--db", db.string(), "ingest", file.string()});
  EXPECT_EQ(result.exit_code, 1) << result.out;
  EXPECT_NE(result.out.find("grip hotspots"), std::string::npos) << result.out;
  EXPECT_EQ(query_int(db, "SELECT count(*) FROM gps_batches"), 0);
  EXPECT_EQ(query_int(db, "SELECT count(*) FROM grip_secrets"), 0);
}

TEST(GpsIngestCli, KeptPingsHoldOnlyPseudonymousFixesAndArePurgedWhenExpired) {
  const grip::test::ScratchDir dir;
  const auto db = small_store_with_two_hotspots(dir);
  ASSERT_FALSE(db.empty());
  // 2023-11-14: 12 fixes of one officer, one of them imprecise (dropped by cleaning): 11 cleaned.
  std::string csv = "officer_id,timestamp,longitude,latitude,accuracy_m,source\n";
  for (long long t = 0; t < 110; t += 10) csv += ping("PC R2D2X9", t, 0.4700, 51.7300);
  csv += ping("PC R2D2X9", 115, 0.4700, 51.7300, "450");
  // By default nothing of the track is kept.
  const auto plain = dir.write("a.csv", csv);
  ASSERT_EQ(run_grip({"--db", db.string(), "-q", "ingest", plain.string()}).exit_code, 0);
  EXPECT_EQ(query_int(db, "SELECT count(*) FROM gps_pings"), 0);
  // Kept for 30 days after each fix: those days ended long ago (the clock says 2024 or later), so
  // none is stored.
  const auto month = dir.write("b.csv", csv + ping("PC R2D2X9", 200, 0.4700, 51.7300));
  ASSERT_EQ(
      run_grip({"--db", db.string(), "-q", "ingest", "--keep-pings-days", "30", month.string()}).exit_code,
      0);
  EXPECT_EQ(query_int(db, "SELECT count(*) FROM gps_pings"), 0);
  // Kept for 3,660 days: the 11 cleaned fixes (plus the one at 200 s), expiring 3,660 days after each.
  const auto decade = dir.write("c.csv", csv + ping("PC R2D2X9", 300, 0.4700, 51.7300));
  const auto kept = run_grip({"--db", db.string(), "ingest", "--keep-pings-days", "3660", decade.string()});
  ASSERT_EQ(kept.exit_code, 0) << kept.out;
  EXPECT_EQ(query_int(db, "SELECT count(*) FROM gps_pings"), 12);
  EXPECT_EQ(query_text(db, "SELECT fix_time FROM gps_pings ORDER BY fix_time LIMIT 1"),
            "2023-11-14T22:13:20Z");
  EXPECT_EQ(query_text(db, "SELECT expires_at FROM gps_pings ORDER BY fix_time LIMIT 1"),
            "2033-11-21T22:13:20Z");  // + 3,660 days (three leap days between)
  EXPECT_EQ(query_int(db, "SELECT count(*) FROM gps_pings WHERE officer LIKE 'off-%' AND accuracy_m = 8"),
            12);
  EXPECT_EQ(store_bytes(dir, db).find("R2D2X9"), std::string::npos) << "a raw id is in the store";
  EXPECT_EQ(kept.out.find("R2D2X9"), std::string::npos) << kept.out;

  // Back-dated expiry: `grip store purge` removes those, and only those.
  grip::test::exec_sql(db,
                       "UPDATE gps_pings SET expires_at = '2020-01-01T00:00:00Z' WHERE fix_time < "
                       "'2023-11-14T22:14:00Z'");  // the fixes at 0..30 s: 4
  const auto purged = run_grip({"--db", db.string(), "--json", "store", "purge"});
  ASSERT_EQ(purged.exit_code, 0) << purged.out;
  EXPECT_NE(purged.out.find("\"pings_purged\": 4"), std::string::npos) << purged.out;
  EXPECT_EQ(query_int(db, "SELECT count(*) FROM gps_pings"), 8);
  // And any ingest purges first, whatever it ingests.
  grip::test::exec_sql(db, "UPDATE gps_pings SET expires_at = '2020-01-01T00:00:00Z'");
  const auto again = run_grip({"--db", db.string(), "ingest", plain.string()});
  ASSERT_EQ(again.exit_code, 0) << again.out;
  EXPECT_NE(again.out.find("Purged 8 expired GPS pings"), std::string::npos) << again.out;
  EXPECT_EQ(query_int(db, "SELECT count(*) FROM gps_pings"), 0);
  EXPECT_EQ(run_grip({"--db", db.string(), "ingest", "--keep-pings-days", "-1", plain.string()}).exit_code,
            1);
}

TEST(GpsIngestCli, AFileLargerThanAReadBlockGivesTheVisitAcrossTheBlockEdge) {
  // The file is read in 8 MiB blocks of whole lines: 160,000 one-second fixes of 60 bytes (9.6 MB)
  // with a 600 s visit from t = 139,500 s, so the block edge (byte 8,388,608, row 139,809) falls
  // inside the visit. Every row must be read, and the visit be one visit of 601 fixes.
  const grip::test::ScratchDir dir;
  const auto db = small_store_with_two_hotspots(dir);
  ASSERT_FALSE(db.empty());
  const double in_lon = 0.4700, in_lat = 51.7300, out_lon = in_lon - 2000 * kLonPerMetre;
  std::string csv = "officer_id,timestamp,longitude,latitude,accuracy_m,source\n";
  std::size_t edge_row = 0;
  for (long long t = 0; t < 160'000; ++t) {
    const bool in = t >= 139'500 && t <= 140'100;
    csv += ping("PC B10CK5", t, in ? in_lon : out_lon, in_lat);
    if (edge_row == 0 && csv.size() > (std::size_t{8} << 20)) edge_row = static_cast<std::size_t>(t);
  }
  ASSERT_GT(edge_row, 139'500U);
  ASSERT_LT(edge_row, 140'100U);
  const auto file = dir.write("big.csv", csv);
  const auto result = run_grip({"--db", db.string(), "--json", "ingest", file.string()});
  ASSERT_EQ(result.exit_code, 0) << result.out.substr(0, 2000);
  EXPECT_NE(result.out.find("\"rows_read\": 160000"), std::string::npos) << result.out.substr(0, 2000);
  EXPECT_NE(result.out.find("\"rows_rejected\": 0"), std::string::npos) << result.out.substr(0, 2000);
  EXPECT_EQ(query_int(db, "SELECT count(*) FROM gps_visits"), 1);
  EXPECT_EQ(query_int(db, "SELECT fixes FROM gps_visits"), 601);
  EXPECT_EQ(query_text(db, "SELECT first_in FROM gps_visits"), "2023-11-16T12:58:20Z");  // base + 139,500 s
  EXPECT_EQ(query_text(db, "SELECT last_in FROM gps_visits"), "2023-11-16T13:08:20Z");
}

TEST(GpsIngestCli, AByteOrderMarkAndWindowsLineEndsAreRead) {
  const grip::test::ScratchDir dir;
  const auto db = small_store_with_two_hotspots(dir);
  ASSERT_FALSE(db.empty());
  std::string csv = "\xEF\xBB\xBFofficer_id,timestamp,longitude,latitude,accuracy_m,source\r\n";
  for (long long t = 0; t <= 60; t += 10) {
    std::string row = ping("PC CR1F", t, 0.4700, 51.7300);
    row.insert(row.size() - 1, "\r");
    csv += row;
  }
  const auto result =
      run_grip({"--db", db.string(), "--json", "ingest", dir.write("crlf.csv", csv).string()});
  ASSERT_EQ(result.exit_code, 0) << result.out;
  EXPECT_NE(result.out.find("\"rows_read\": 7"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("\"rows_rejected\": 0"), std::string::npos) << result.out;
  EXPECT_EQ(query_int(db, "SELECT fixes FROM gps_visits"), 7);
}

}  // namespace

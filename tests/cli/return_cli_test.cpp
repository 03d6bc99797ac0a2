// `grip outcomes` and `grip return`: outcomes link to the hotspot that holds them and to the GPS
// visit they happened during; a return's stop-search figures equal a count made here from the raw
// data.police.uk CSV; serious violence is compared with the same month last year; editing an
// incident after a return was issued is reported by the next return; no raw officer id anywhere.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <map>
#include <nlohmann/json.hpp>

#include "support/test_support.hpp"

namespace {

namespace fs = std::filesystem;
using grip::test::query_int;
using grip::test::run_grip;

// A stop-search place in the Essex March 2018 file whose nearest other search (March or April) is
// 1,659 m away: a hotspot of at most 9 cells of 100 m holding it reaches at most 9 * 141 m + 25 m
// (the buffer) = 1,298 m from it, so it holds exactly the searches there.
constexpr double kLat = 51.742915, kLon = 0.689866;
constexpr const char* kRawOfficer = "PC-4471-RAWID";

double metres_from_point(double lat, double lon) {
  const double dy = (lat - kLat) * 111320.0;
  const double dx = (lon - kLon) * 111320.0 * std::cos(kLat * M_PI / 180);
  return std::hypot(dx, dy);
}

std::string street_row(int id, const std::string& month, double lon, double lat, const std::string& type) {
  char position[64];
  std::snprintf(position, sizeof position, "%.6f,%.6f", lon, lat);
  return "c" + std::to_string(id) + "," + month + ",Essex Police,Essex Police," + position +
         ",On or near High Road,E01021300,Basildon 001A," + type + ",Under investigation,\n";
}

std::string store_bytes(const grip::test::ScratchDir& dir, const fs::path& db) {
  if (grip::test::testing_postgis()) {
    const std::string conninfo = grip::test::store_locator(db).substr(3);  // after "PG:"
    const std::string command =
        "pg_dump --no-owner '" + conninfo + "' > '" + (dir / "dump.sql").string() + "'";
    if (std::system(command.c_str()) != 0) throw std::runtime_error("pg_dump failed: " + command);
    return grip::test::read_file(dir / "dump.sql");
  }
  std::string bytes;
  for (const char* suffix : {"", "-wal", "-shm"}) {
    const fs::path file = db.string() + suffix;
    if (fs::exists(file)) bytes += grip::test::read_file(file);
  }
  return bytes;
}

class ReturnCli : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!grip::test::have_shared_data()) GTEST_SKIP() << "no shared data";
    // Serious violence at the place: 5 in March 2017, 6 violence + 2 robbery in March 2018, 3 in
    // April 2018; burglary there too, and violence 3 km away (outside the one hotspot selected).
    std::string csv =
        "Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Crime type,"
        "Last outcome category,Context\n";
    int id = 0;
    const auto add = [&](const std::string& month, int n, const std::string& type, double dlon) {
      for (int i = 0; i < n; ++i) csv += street_row(id++, month, kLon + dlon, kLat, type);
    };
    add("2017-03", 5, "Violence and sexual offences", 0);
    add("2018-03", 6, "Violence and sexual offences", 0);
    add("2018-03", 2, "Robbery", 0);
    add("2018-03", 4, "Burglary", 0);
    add("2018-04", 3, "Violence and sexual offences", 0);
    add("2018-03", 2, "Violence and sexual offences", 0.045);
    db_ = dir_ / "r.gpkg";
    auto ingested = run_grip({"--db", db_.string(), "-q", "ingest", dir_.write("street.csv", csv).string()});
    ASSERT_EQ(ingested.exit_code, 0) << ingested.out;
    const fs::path searches = grip::test::shared_data() / "police-uk/stop-and-search";
    for (const char* month : {"2018-03", "2018-04"}) {
      ingested = run_grip({"--db", db_.string(), "-q", "ingest",
                           (searches / (std::string(month) + "-essex-stop-and-search.csv")).string()});
      ASSERT_EQ(ingested.exit_code, 0) << ingested.out;
    }
    const auto hot = run_grip(
        {"--db", db_.string(), "-q", "hotspots", "--top", "1", "--cell-size", "100", "--bandwidth", "150"});
    ASSERT_EQ(hot.exit_code, 0) << hot.out;
    // The one selected hotspot has at most 9 cells (the isolation argument above needs it).
    ASSERT_LE(query_int(db_, "SELECT cells FROM hotspots WHERE selected = 1"), 9);
    hotspot_ = grip::test::query_text(db_, "SELECT hotspot_id FROM hotspots WHERE selected = 1");
    // An officer at the place from 21:00 to 21:12 on 10 March 2018, pinging every 10 s, arriving
    // from and leaving to 400 m north.
    std::string pings = "officer_id,time,longitude,latitude,accuracy_m,source\n";
    const auto ping = [&](int minute, int second, double lat) {
      char line[160];
      std::snprintf(line, sizeof line, "%s,2018-03-10T21:%02d:%02dZ,%.7f,%.7f,5,radio\n", kRawOfficer, minute,
                    second, kLon, lat);
      pings += line;
    };
    ping(0, 0, kLat + 0.0036);
    for (int s = 60; s <= 780; s += 10) ping(s / 60, s % 60, kLat);
    ping(14, 0, kLat + 0.0036);
    const auto gps =
        run_grip({"--db", db_.string(), "-q", "ingest", dir_.write("pings.csv", pings).string()});
    ASSERT_EQ(gps.exit_code, 0) << gps.out;
    outputs_ += gps.out;
    ASSERT_EQ(query_int(db_, "SELECT count(*) FROM gps_visits"), 1);
  }

  nlohmann::json issue(const std::string& month) {
    const auto result = run_grip({"--db", db_.string(), "-q", "--json", "return", "--month", month});
    outputs_ += result.out;
    EXPECT_EQ(result.exit_code, 0) << result.out;
    return nlohmann::json::parse(result.out);
  }

  grip::test::ScratchDir dir_;
  fs::path db_;
  std::string hotspot_, outputs_;
};

TEST_F(ReturnCli, OutcomesLinkToHotspotAndVisitAndBadFilesStoreNothing) {
  const std::string good =
      "kind,occurred_at,longitude,latitude,weapon_type,people_through,detections,notes\n"
      "arrest,2018-03-10T21:05:00Z,0.689866,51.742915,,,,\n"
      "weapon_seized,2018-03-11T01:00:00+00:00,0.689900,51.742930,knife,,,found in a bin\n"
      "arch_deployment,2018-03-12T15:00:00Z,0.689866,51.742915,,120,2,\n";
  const auto imported =
      run_grip({"--db", db_.string(), "outcomes", "import", dir_.write("o.csv", good).string()});
  ASSERT_EQ(imported.exit_code, 0) << imported.out;
  EXPECT_NE(imported.out.find("Recorded 3 outcomes, 1 linked to a GPS visit"), std::string::npos)
      << imported.out;
  EXPECT_EQ(query_int(db_, "SELECT count(*) FROM outcomes WHERE hotspot_id = '" + hotspot_ + "'"), 3);
  EXPECT_EQ(query_int(db_,
                      "SELECT count(*) FROM outcomes WHERE kind = 'arrest' AND gps_visit_fid = "
                      "(SELECT fid FROM gps_visits)"),
            1);
  const auto added = run_grip({"--db", db_.string(), "outcomes", "add", "--kind", "stop_search", "--hotspot",
                               hotspot_, "--at", "2018-03-10T21:10Z"});
  ASSERT_EQ(added.exit_code, 0) << added.out;
  EXPECT_NE(added.out.find("1 linked"), std::string::npos) << added.out;

  const std::string bad =
      "kind,occurred_at,longitude,latitude\n"
      "arrest,2018-03-10T21:05:00Z,0.689866,51.742915\n"
      "teleport,2018-03-10T21:05:00Z,0.689866,51.742915\n"
      "arrest,2018-03-10T21:05:00Z,1.200000,51.573585\n";
  const auto refused =
      run_grip({"--db", db_.string(), "outcomes", "import", dir_.write("bad.csv", bad).string()});
  EXPECT_EQ(refused.exit_code, 2) << refused.out;
  EXPECT_NE(refused.out.find("bad.csv"), std::string::npos) << refused.out;
  EXPECT_NE(refused.out.find("3"), std::string::npos) << refused.out;
  EXPECT_NE(refused.out.find("teleport"), std::string::npos) << refused.out;
  EXPECT_NE(refused.out.find("1 more bad row"), std::string::npos) << refused.out;
  EXPECT_EQ(query_int(db_, "SELECT count(*) FROM outcomes"), 4);
  const auto wrong = run_grip({"--db", db_.string(), "outcomes", "add", "--kind", "weapon_seized",
                               "--hotspot", hotspot_, "--at", "2018-03-10T21:10Z"});
  EXPECT_EQ(wrong.exit_code, 1) << wrong.out;
  EXPECT_NE(wrong.out.find("weapon type"), std::string::npos) << wrong.out;
}

TEST_F(ReturnCli, FiguresEqualAnIndependentCountFromTheRawCsv) {
  // The count made here: March searches within 400 m of the place, by object and outcome; the same
  // count at 1,600 m proves nothing lies between them and beyond the hotspot's reach.
  const auto rows = grip::test::parse_csv(grip::test::read_file(
      grip::test::shared_data() / "police-uk/stop-and-search/2018-03-essex-stop-and-search.csv"));
  std::int64_t near = 0, within_1600 = 0, linked = 0;
  std::map<std::string, std::int64_t> by_object, by_outcome;
  for (std::size_t r = 1; r < rows.size(); ++r) {
    if (rows[r].size() < 15 || rows[r][4].empty() || rows[r][1].substr(0, 7) != "2018-03") continue;
    const double d = metres_from_point(std::stod(rows[r][4]), std::stod(rows[r][5]));
    if (d < 1600) ++within_1600;
    if (d >= 400) continue;
    ++near;
    ++by_object[rows[r][11]];
    ++by_outcome[rows[r][12]];
    if (rows[r][13] == "True") ++linked;
  }
  ASSERT_EQ(near, within_1600);
  ASSERT_GT(near, 0);
  ASSERT_EQ(
      run_grip({"--db", db_.string(), "actions", "add", "--hotspot", hotspot_, "--kind", "lighting",
                "--owner", "Council", "--opened", "2018-03-05", "--closed", "2018-03-20", "--status", "done"})
          .exit_code,
      0);

  const std::string html = (dir_ / "r.html").string(), csv = (dir_ / "r.csv").string();
  const auto result = run_grip(
      {"--db", db_.string(), "-q", "--json", "return", "--month", "2018-03", "--html", html, "--csv", csv});
  ASSERT_EQ(result.exit_code, 0) << result.out;
  const auto out = nlohmann::json::parse(result.out);
  const auto& f = out["figures"];
  const auto& ss = f["stop_searches"];
  EXPECT_EQ(ss["in_hotspots"].get<std::int64_t>(), near);
  EXPECT_EQ((ss["by_object_of_search"].get<std::map<std::string, std::int64_t>>()), by_object);
  EXPECT_EQ((ss["by_outcome"].get<std::map<std::string, std::int64_t>>()), by_outcome);
  EXPECT_EQ(ss["outcome_linked_to_object"].get<std::int64_t>(), linked);
  // GPS: one visit; searches per hour against the stored minutes.
  const auto& t = f["totals"];
  EXPECT_EQ(t["gps_visits"].get<std::int64_t>(), 1);
  const double minutes = t["gps_minutes"].get<double>();
  EXPECT_GT(minutes, 12);
  EXPECT_LT(minutes, 15);
  EXPECT_NEAR(ss["per_patrol_hour"].get<double>(), static_cast<double>(near) / (minutes / 60), 0.05);
  // Serious violence at the place: 8 this March, 5 last March (written above); violence 3 km away is
  // outside; the change is 3.
  EXPECT_EQ(f["serious_violence"]["this_month"].get<std::int64_t>(), 8);
  EXPECT_EQ(f["serious_violence"]["same_month_last_year"].get<std::int64_t>(), 5);
  EXPECT_EQ(f["serious_violence"]["change"].get<std::int64_t>(), 3);
  EXPECT_EQ(f["actions"]["opened"].get<std::int64_t>(), 1);
  EXPECT_EQ(f["actions"]["closed"].get<std::int64_t>(), 1);
  EXPECT_NE(out["summary"].get<std::string>().find("In 2018-03 officers spent"), std::string::npos);
  const std::string page = grip::test::read_file(html);
  EXPECT_NE(page.find("@media print"), std::string::npos);
  EXPECT_NE(page.find("Stop-search scrutiny"), std::string::npos);
  EXPECT_NE(grip::test::read_file(csv).find("stop_search_scrutiny,,in_hotspots," + std::to_string(near)),
            std::string::npos);
  // April 2017 is not in the store: no comparison, said so.
  const auto april = issue("2018-04");
  EXPECT_TRUE(april["figures"]["serious_violence"]["same_month_last_year"].is_null());
  EXPECT_EQ(april["figures"]["serious_violence"]["this_month"].get<std::int64_t>(), 3);
}

TEST_F(ReturnCli, AnEditAfterIssueIsReportedByTheNextReturnAndNoRawIdIsKept) {
  const auto first = issue("2018-03");
  EXPECT_TRUE(first["discrepancies"].empty());
  EXPECT_EQ(first["previous_hash"].get<std::string>(), "");
  const auto again = issue("2018-04");
  EXPECT_TRUE(again["discrepancies"].empty()) << again.dump();
  EXPECT_EQ(again["previous_hash"].get<std::string>(), first["chain_hash"].get<std::string>());

  grip::test::exec_sql(
      db_,
      "UPDATE incidents SET category = 'Burglary' WHERE fid = (SELECT MIN(fid) FROM incidents "
      "WHERE month = '2018-03' AND category = 'Violence and sexual offences')");
  const auto after = issue("2018-05");
  ASSERT_EQ(after["discrepancies"].size(), 1U) << after.dump();
  // May 2018 has no incidents stored at all: no count, not a count of 0.
  EXPECT_TRUE(after["figures"]["serious_violence"]["this_month"].is_null());
  EXPECT_EQ(after["discrepancies"][0]["month"].get<std::string>(), "2018-03");
  EXPECT_NE(after["discrepancies"][0]["reason"].get<std::string>().find("/serious_violence/this_month"),
            std::string::npos)
      << after.dump();

  grip::test::exec_sql(db_, "UPDATE monthly_returns SET figures_hash = 'x' WHERE month = '2018-04'");
  const auto tampered = issue("2018-06");
  bool altered = false;
  for (const auto& d : tampered["discrepancies"])
    altered = altered || d["reason"].get<std::string>().find("altered") != std::string::npos;
  EXPECT_TRUE(altered) << tampered.dump();

  EXPECT_EQ(outputs_.find(kRawOfficer), std::string::npos);
  EXPECT_EQ(store_bytes(dir_, db_).find(kRawOfficer), std::string::npos);
}

TEST_F(ReturnCli, DosageMatchesVisitsToThePlanAndSetsPassThroughsApart) {
  // A plan of two visits at the hotspot (10 March 2018 is GMT, so local = UTC): 21:00-21:15, which
  // the fixture's officer delivered (fixes 21:01-21:13, midpoint 13.0 min: in the Koper band), and
  // 11 March 10:00-10:15, which nobody made.
  grip::test::exec_sql(
      db_,
      "INSERT INTO patrol_plans (plan_id, created, first_day, days, seed, hotspot_run_id, design_kind, "
      "risk_source, profile_source, visits, objective, bound, gap, solver_status, settings) VALUES (1, "
      "'2018-03-01T00:00:00Z', '2018-03-10', 2, '1', 1, 'none', 'test', 'test', 2, 0, 0, 0, 'test', '{}')");
  for (const char* visit : {"'late', '2018-03-10T21:00', '2018-03-10T21:15'",
                            "'early', '2018-03-11T10:00', '2018-03-11T10:15'"}) {
    grip::test::exec_sql(
        db_,
        "INSERT INTO patrol_visits (plan_id, hotspot_id, team, day, shift, starts_at, ends_at, "
        "risk) VALUES (1, '" +
            hotspot_ + "', 'Team A', 0, " + visit + ", 0.5)");
  }
  // A second officer: a drive-through at 15 m/s at 21:30 on 10 March (a fix every 5 s, 75 m apart,
  // from 800 m south to 800 m north: under a minute in the hotspot), and a stay of 8 minutes on 12
  // March at 14:01-14:09 (fixes every 10 s, walking in from and out to 400 m north: midpoint 9.0 min).
  std::string pings = "officer_id,time,longitude,latitude,accuracy_m,source\n";
  const auto ping = [&](const std::string& day, int hour, int s, double lat) {
    char line[160];
    std::snprintf(line, sizeof line, "PC-9-OTHER,%sT%02d:%02d:%02dZ,%.7f,%.7f,5,radio\n", day.c_str(),
                  hour + s / 3600, (s / 60) % 60, s % 60, kLon, lat);
    pings += line;
  };
  for (int k = 0; k <= 21; ++k) ping("2018-03-10", 21, 1800 + 5 * k, kLat + (-800.0 + 75.0 * k) / 111320.0);
  ping("2018-03-12", 14, 0, kLat + 0.0036);
  for (int s = 60; s <= 540; s += 10) ping("2018-03-12", 14, s, kLat);
  ping("2018-03-12", 14, 600, kLat + 0.0036);
  const auto gps = run_grip({"--db", db_.string(), "-q", "ingest", dir_.write("more.csv", pings).string()});
  ASSERT_EQ(gps.exit_code, 0) << gps.out;
  ASSERT_EQ(query_int(db_, "SELECT count(*) FROM gps_visits"), 3);

  const std::string csv = (dir_ / "dosage.csv").string();
  const auto result =
      run_grip({"--db", db_.string(), "-q", "--json", "dosage", "--month", "2018-03", "--csv", csv});
  ASSERT_EQ(result.exit_code, 0) << result.out;
  const auto d = nlohmann::json::parse(result.out);
  const auto& t = d["totals"];
  EXPECT_EQ(t["planned_visits"].get<std::int64_t>(), 2);
  EXPECT_DOUBLE_EQ(t["planned_minutes"].get<double>(), 30);
  EXPECT_EQ(t["delivered_visits"].get<std::int64_t>(), 1);
  EXPECT_EQ(t["missed_visits"].get<std::int64_t>(), 1);
  EXPECT_EQ(t["unplanned_visits"].get<std::int64_t>(), 1);
  EXPECT_EQ(t["pass_throughs"].get<std::int64_t>(), 1);
  EXPECT_NEAR(t["delivered_minutes"].get<double>(), 13.0, 0.2);
  EXPECT_NEAR(t["unplanned_minutes"].get<double>(), 9.0, 0.2);
  EXPECT_EQ(t["koper_band_visits"].get<std::int64_t>(), 1);
  EXPECT_DOUBLE_EQ(t["koper_band_share"].get<double>(), 0.5);
  // Per day and shift: the pass-through at 21:30 falls in the row of the 21:00 "late" visit (the
  // nearest planned start that day); the 12 March visit has no planned visit that day, so no shift.
  std::map<std::string, nlohmann::json> by_date;
  for (const auto& row : d["rows"])
    by_date[row["date"].get<std::string>() + "/" + row["shift"].get<std::string>()] = row;
  ASSERT_EQ(by_date.size(), 3U) << d.dump();
  EXPECT_EQ(by_date["2018-03-10/late"]["delivered_visits"].get<std::int64_t>(), 1);
  EXPECT_EQ(by_date["2018-03-10/late"]["pass_throughs"].get<std::int64_t>(), 1);
  EXPECT_EQ(by_date["2018-03-10/late"]["team"].get<std::string>(), "Team A");
  EXPECT_EQ(by_date["2018-03-11/early"]["missed_visits"].get<std::int64_t>(), 1);
  EXPECT_EQ(by_date["2018-03-12/"]["unplanned_visits"].get<std::int64_t>(), 1);
  EXPECT_EQ(by_date["2018-03-12/"]["team"].get<std::string>(), "Team A");
  EXPECT_NE(grip::test::read_file(csv).find("hotspot_id,date,shift,team,planned_visits"), std::string::npos);
  // Setting the dwell to 0 makes the drive-through a visit: unplanned, as nothing was planned at 21:30
  // that the delivered visit had not already taken.
  const auto strict = run_grip(
      {"--db", db_.string(), "-q", "--json", "dosage", "--month", "2018-03", "--min-dwell-min", "0"});
  ASSERT_EQ(strict.exit_code, 0) << strict.out;
  EXPECT_EQ(nlohmann::json::parse(strict.out)["totals"]["unplanned_visits"].get<std::int64_t>(), 2);
  EXPECT_EQ(run_grip({"--db", db_.string(), "dosage", "--month", "2018-13"}).exit_code, 1);

  // The return: GPS visits without the pass-through, and the same compliance figures.
  const auto issued = issue("2018-03");
  const auto& rt = issued["figures"]["totals"];
  EXPECT_EQ(rt["gps_visits"].get<std::int64_t>(), 2);
  EXPECT_EQ(rt["gps_pass_throughs"].get<std::int64_t>(), 1);
  EXPECT_EQ(rt["delivered_visits"].get<std::int64_t>(), 1);
  EXPECT_EQ(rt["missed_planned_visits"].get<std::int64_t>(), 1);
  EXPECT_EQ(rt["unplanned_visits"].get<std::int64_t>(), 1);
  EXPECT_DOUBLE_EQ(issued["figures"]["compliance"]["delivered_share_of_planned"].get<double>(), 0.5);
  EXPECT_DOUBLE_EQ(issued["figures"]["compliance"]["koper_band_share"].get<double>(), 0.5);
}

TEST_F(ReturnCli, SelfReportedHoursAreCheckedAgainstGpsPerOfficerAndDay) {
  // The fixture's officer was in the hotspot 21:01-21:13 on 10 March (fixes just outside at 21:00 and
  // 21:14, accuracy 5 m): GPS midpoint 13 min = 0.217 h, upper bound 14 min + 2 x 5 m / 1.4 m/s =
  // 14.12 min = 0.235 h. A report of 0.2 h that day is within it; 1.5 h on 11 March (no GPS at all)
  // is above an upper bound of 0 and is flagged.
  const std::string bad =
      "officer_id,date,hours,hotspot_id,team\n" + std::string(kRawOfficer) + ",2018-03-10,30,,Team A\n";
  const auto refused =
      run_grip({"--db", db_.string(), "outcomes", "import-hours", dir_.write("bad-hours.csv", bad).string()});
  EXPECT_EQ(refused.exit_code, 2) << refused.out;
  EXPECT_NE(refused.out.find("bad-hours.csv"), std::string::npos) << refused.out;
  EXPECT_NE(refused.out.find("at most 24"), std::string::npos) << refused.out;
  EXPECT_EQ(query_int(db_, "SELECT count(*) FROM self_reported_hours"), 0);
  outputs_ += refused.out;

  const std::string good = "officer_id,date,hours,hotspot_id,team\n" + std::string(kRawOfficer) +
                           ",2018-03-10,0.2," + hotspot_ + ",\n" + std::string(kRawOfficer) +
                           ",2018-03-11,1.5,,Team A\n";
  const auto imported =
      run_grip({"--db", db_.string(), "outcomes", "import-hours", dir_.write("hours.csv", good).string()});
  ASSERT_EQ(imported.exit_code, 0) << imported.out;
  outputs_ += imported.out;
  // The same pseudonym as the GPS visit: the two sides meet on it.
  EXPECT_EQ(
      query_int(db_,
                "SELECT count(*) FROM self_reported_hours WHERE officer = (SELECT officer FROM gps_visits)"),
      2);

  const auto result = run_grip({"--db", db_.string(), "-q", "--json", "dosage", "--month", "2018-03"});
  ASSERT_EQ(result.exit_code, 0) << result.out;
  outputs_ += result.out;
  const auto checks = nlohmann::json::parse(result.out)["self_reported_hours"];
  ASSERT_EQ(checks.size(), 2U) << checks.dump();
  EXPECT_EQ(checks[0]["day"].get<std::string>(), "2018-03-10");
  EXPECT_NEAR(checks[0]["gps_hours"].get<double>(), 13.0 / 60, 0.005);
  EXPECT_NEAR(checks[0]["gps_hours_high"].get<double>(), 14.12 / 60, 0.005);
  EXPECT_NEAR(checks[0]["difference_hours"].get<double>(), 0.2 - 13.0 / 60, 0.005);
  EXPECT_FALSE(checks[0]["exceeds_gps_upper_bound"].get<bool>());
  EXPECT_EQ(checks[1]["day"].get<std::string>(), "2018-03-11");
  EXPECT_DOUBLE_EQ(checks[1]["gps_hours_high"].get<double>(), 0);
  EXPECT_TRUE(checks[1]["exceeds_gps_upper_bound"].get<bool>());

  const auto issued = issue("2018-03");
  const auto& h = issued["figures"]["self_reported_hours"];
  EXPECT_EQ(h["officer_days"].get<std::int64_t>(), 2);
  EXPECT_DOUBLE_EQ(h["self_reported_hours"].get<double>(), 1.7);
  EXPECT_EQ(h["officer_days_above_gps_upper_bound"].get<std::int64_t>(), 1);
  EXPECT_EQ(outputs_.find(kRawOfficer), std::string::npos);
  EXPECT_EQ(store_bytes(dir_, db_).find(kRawOfficer), std::string::npos);
}

// The top-level groups of the self-defined categories in the Essex files, written out by hand from
// the Home Office's list (not by the code under test's rule).
const std::map<std::string, std::string>& essex_ethnicity_groups() {
  static const std::map<std::string, std::string> groups = {
      {"White - English/Welsh/Scottish/Northern Irish/British", "White"},
      {"White - Any other White background", "White"},
      {"White - Irish", "White"},
      {"Black/African/Caribbean/Black British - African", "Black"},
      {"Black/African/Caribbean/Black British - Caribbean", "Black"},
      {"Black/African/Caribbean/Black British - Any other Black/African/Caribbean background", "Black"},
      {"Asian/Asian British - Any other Asian background", "Asian"},
      {"Asian/Asian British - Indian", "Asian"},
      {"Asian/Asian British - Pakistani", "Asian"},
      {"Asian/Asian British - Bangladeshi", "Asian"},
      {"Asian/Asian British - Chinese", "Asian"},
      {"Mixed/Multiple ethnic groups - White and Black Caribbean", "Mixed"},
      {"Mixed/Multiple ethnic groups - White and Black African", "Mixed"},
      {"Mixed/Multiple ethnic groups - White and Asian", "Mixed"},
      {"Mixed/Multiple ethnic groups - Any other Mixed/Multiple ethnic background", "Mixed"},
      {"Other ethnic group - Any other ethnic group", "Other"},
      {"Other ethnic group - Not stated", "Not stated"},
      {"", "Not stated"}};
  return groups;
}

TEST_F(ReturnCli, EthnicityGroupsEqualAnIndependentCountAndDoubleRecordedSearchesCountOnce) {
  // Every stored search's group against the raw CSVs (rows with coordinates: those are stored).
  std::map<std::string, std::int64_t> raw_groups;
  for (const char* month : {"2018-03", "2018-04"}) {
    const auto rows =
        grip::test::parse_csv(grip::test::read_file(grip::test::shared_data() / "police-uk/stop-and-search" /
                                                    (std::string(month) + "-essex-stop-and-search.csv")));
    ASSERT_EQ(rows[0][8], "Self-defined ethnicity");
    for (std::size_t r = 1; r < rows.size(); ++r) {
      if (rows[r].size() < 15 || rows[r][4].empty()) continue;
      const auto it = essex_ethnicity_groups().find(rows[r][8]);
      ASSERT_NE(it, essex_ethnicity_groups().end()) << rows[r][8];
      ++raw_groups[it->second];
    }
  }
  std::map<std::string, std::int64_t> stored;
  for (const auto& [name, count] : raw_groups)
    stored[name] =
        query_int(db_, "SELECT count(*) FROM stop_searches WHERE ethnicity_group = '" + name + "'");
  EXPECT_EQ(stored, raw_groups);
  EXPECT_EQ(query_int(db_, "SELECT count(*) FROM stop_searches WHERE ethnicity_group IS NULL"), 0);
  // Nothing finer than the group is kept anywhere in the store.
  const std::string bytes = store_bytes(dir_, db_);
  EXPECT_EQ(bytes.find("English/Welsh"), std::string::npos);
  EXPECT_EQ(bytes.find("Black British"), std::string::npos);

  // At the place, 6 March 2018 21:01 (GMT): three published searches, one "White - English/...", two
  // "Other ethnic group - Not stated", all "Nothing found - no further action", none linked.
  // Officers also recorded three with grip outcomes: 21:05 and 21:20 (4 and 19 minutes from the
  // published time: the same searches) and 22:00 (59 minutes: not).
  for (const char* at : {"2018-03-06T21:05Z", "2018-03-06T21:20Z", "2018-03-06T22:00Z"}) {
    ASSERT_EQ(run_grip({"--db", db_.string(), "outcomes", "add", "--kind", "stop_search", "--hotspot",
                        hotspot_, "--at", at})
                  .exit_code,
              0);
  }
  const auto issued = issue("2018-03");
  const auto& ss = issued["figures"]["stop_searches"];
  ASSERT_EQ(ss["in_hotspots"].get<std::int64_t>(), 3);
  const auto& groups = ss["by_self_defined_ethnicity"];
  EXPECT_EQ(groups.size(), 2U) << groups.dump();
  EXPECT_EQ(groups["White"]["searches"].get<std::int64_t>(), 1);
  EXPECT_EQ(groups["Not stated"]["searches"].get<std::int64_t>(), 2);
  EXPECT_DOUBLE_EQ(groups["Not stated"]["share_of_searches"].get<double>(), 0.667);
  EXPECT_DOUBLE_EQ(groups["Not stated"]["no_further_action_share"].get<double>(), 1.0);
  EXPECT_DOUBLE_EQ(groups["White"]["outcome_linked_share"].get<double>(), 0.0);
  EXPECT_EQ(ss["recorded_also_published"].get<std::int64_t>(), 2);
  EXPECT_EQ(ss["recorded_also_published_pairs"].size(), 2U);
  const auto& t = issued["figures"]["totals"];
  EXPECT_EQ(t["stop_searches_recorded"].get<std::int64_t>(), 3);
  EXPECT_EQ(t["police_uk_stop_searches"].get<std::int64_t>(), 3);
  EXPECT_EQ(t["stop_searches_counted_once"].get<std::int64_t>(), 4);
}

}  // namespace

// `grip plan` and `grip profile` through the binary. Memphis robberies 2019 with its precincts:
// hotspots, then a 14-day plan whose visits are recounted here against the resources file, read
// back from the store and from the iCalendar file (parsed with libical itself), and repeated with
// the same and another seed. The small data.police.uk store: month-only data needs --profile.
#include <gtest/gtest.h>
#include <libical/ical.h>
#include <sqlite3.h>

#include <cstdio>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <tuple>

#include "support/test_support.hpp"

namespace {

using grip::test::run_grip;

const char* kResources = R"({
  "shifts": [{"name": "day", "start": "08:00", "end": "16:00"},
             {"name": "evening", "start": "16:00", "end": "00:00"}],
  "teams": [{"name": "Memphis", "weekday_officer_hours": {"day": 8, "evening": 12},
             "weekend_officer_hours": {"day": 8, "evening": 16}}]
})";

// "2020-03-02T10:15" from a libical time.
std::string fmt_time(const icaltimetype& t) {
  char text[32];
  std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d", t.year, t.month, t.day, t.hour, t.minute);
  return text;
}

class PlanCli : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!grip::test::have_shared_data()) GTEST_SKIP() << "no real data";
    db_ = (scratch_ / "memphis.gpkg").string();
    const auto data = grip::test::shared_data() / "incidents";
    const auto ingest = run_grip({"--db", db_, "-q", "ingest", "--mapping",
                                  std::string(GRIP_SOURCE_DIR) + "/examples/memphis-robberies.mapping.json",
                                  (data / "memphis-precincts.geojson").string(),
                                  (data / "memphis-robberies-2019.csv").string()});
    ASSERT_EQ(ingest.exit_code, 0) << ingest.out;
    const auto hotspots = run_grip({"--db", db_, "-q", "hotspots"});
    ASSERT_EQ(hotspots.exit_code, 0) << hotspots.out;
    resources_ = scratch_.write("resources.json", kResources).string();
  }
  nlohmann::json plan(const std::string& seed, std::vector<std::string> extra = {}) {
    std::vector<std::string> args = {
        "--db",        db_,        "--json", "-q", "plan",         "--from", "2020-03-02", "--days", "14",
        "--resources", resources_, "--seed", seed, "--max-visits", "3",      "--mode",     "drive"};
    args.insert(args.end(), extra.begin(), extra.end());
    const auto result = run_grip(args);
    EXPECT_EQ(result.exit_code, 0) << result.out;
    return nlohmann::json::parse(result.out);
  }
  grip::test::ScratchDir scratch_;
  std::string db_, resources_;
};

// Weekday officer-minutes of the resources above by shift; Sat and Sun (2020-03-07/08, -14/15) differ.
double available_minutes(int day, const std::string& shift) {
  const bool weekend = day % 7 == 5 || day % 7 == 6;  // day 0 is Monday 2 March 2020
  if (shift == "day") return 8 * 60;
  return weekend ? 16 * 60 : 12 * 60;
}

TEST_F(PlanCli, VisitsFitTheResourcesFollowRiskAndAreStoredAndInTheCalendar) {
  const auto ics = (scratch_ / "plan.ics").string();
  const auto csv = (scratch_ / "plan.csv").string();
  const auto html = (scratch_ / "tasking.html").string();
  const auto json = plan("42", {"--ics", ics, "--csv", csv, "--html", html});
  const auto& visits = json["visits"];
  ASSERT_GT(visits.size(), 20u);
  EXPECT_NE(json["risk_source"].get<std::string>().find("hotspot run"), std::string::npos);
  EXPECT_NE(json["profile_source"].get<std::string>().find("time-stamped incidents"), std::string::npos);
  EXPECT_GE(json["solver"]["bound"].get<double>(), json["solver"]["objective"].get<double>() - 1e-6);

  // Visit minutes alone (travel comes on top) never exceed a shift's officer-minutes; visits per
  // hotspot-day stay within 1..3.
  std::map<std::tuple<int, std::string>, double> minutes;
  std::map<std::tuple<std::string, int>, int> per_day;
  for (const auto& v : visits) {
    minutes[{v["day"].get<int>(), v["shift"].get<std::string>()}] += 15;
    ++per_day[{v["hotspot"].get<std::string>(), v["day"].get<int>()}];
    EXPECT_EQ(v["team"], "Memphis");
  }
  for (const auto& [key, used] : minutes)
    EXPECT_LE(used, available_minutes(std::get<0>(key), std::get<1>(key))) << std::get<0>(key);
  for (const auto& [key, count] : per_day) EXPECT_LE(count, 3);

  // More dosage where risk is higher: the riskiest hotspot gets at least as many visits as the least risky.
  const auto& hotspots = json["hotspots"];
  ASSERT_GE(hotspots.size(), 2u);
  std::size_t top = 0, bottom = 0;
  for (std::size_t h = 0; h < hotspots.size(); ++h) {
    if (hotspots[h]["risk"] > hotspots[top]["risk"]) top = h;
    if (hotspots[h]["risk"] < hotspots[bottom]["risk"]) bottom = h;
  }
  EXPECT_GE(hotspots[top]["visits"].get<int>(), hotspots[bottom]["visits"].get<int>());

  // Stored: the plan row and one patrol_visits row per visit.
  const auto plan_id = json["plan_id"].get<std::int64_t>();
  EXPECT_EQ(grip::test::query_int(
                db_, "SELECT count(*) FROM patrol_visits WHERE plan_id = " + std::to_string(plan_id)),
            static_cast<std::int64_t>(visits.size()));
  EXPECT_EQ(grip::test::query_text(db_, "SELECT starts_at FROM patrol_visits WHERE plan_id = " +
                                            std::to_string(plan_id) + " ORDER BY fid LIMIT 1"),
            visits[0]["start"].get<std::string>());

  // The iCalendar file, parsed by libical: one VEVENT per visit with the visit's start and end.
  icalcomponent* calendar = icalparser_parse_string(grip::test::read_file(ics).c_str());
  ASSERT_NE(calendar, nullptr);
  std::multiset<std::string> starts_ics, starts_json;
  int events = 0;
  for (icalcomponent* e = icalcomponent_get_first_component(calendar, ICAL_VEVENT_COMPONENT); e != nullptr;
       e = icalcomponent_get_next_component(calendar, ICAL_VEVENT_COMPONENT)) {
    ++events;
    const auto start = icalcomponent_get_dtstart(e), end = icalcomponent_get_dtend(e);
    EXPECT_EQ(icaltime_as_timet(end) - icaltime_as_timet(start), 15 * 60);
    starts_ics.insert(fmt_time(start));
  }
  icalcomponent_free(calendar);
  for (const auto& v : visits) starts_json.insert(v["start"].get<std::string>());
  EXPECT_EQ(events, static_cast<int>(visits.size()));
  EXPECT_EQ(starts_ics, starts_json);

  const auto rows = grip::test::parse_csv(grip::test::read_file(csv));
  EXPECT_EQ(rows.size(), visits.size() + 1);
  const auto page = grip::test::read_file(html);
  EXPECT_NE(page.find("@media print"), std::string::npos);
  EXPECT_NE(page.find("<svg"), std::string::npos);
  EXPECT_NE(page.find("why this place now"), std::string::npos);
}

TEST_F(PlanCli, OneSeedOnePlanAnotherSeedAnotherAndADesignIsStoredFirst) {
  const auto first = plan("7"), again = plan("7"), other = plan("8");
  EXPECT_EQ(first["visits"], again["visits"]);
  EXPECT_NE(first["visits"], other["visits"]);
  // Clock times differ from day to day for the same hotspot.
  std::map<std::string, std::set<std::string>> times;
  for (const auto& v : first["visits"]) times[v["hotspot"]].insert(v["start"].get<std::string>().substr(11));
  EXPECT_GT(times.begin()->second.size(), 3u);

  const auto crossover = plan("9", {"--design", "crossover"});
  const auto design_id = crossover["design_id"].get<std::int64_t>();
  ASSERT_GT(design_id, 0);
  EXPECT_EQ(grip::test::query_text(
                db_, "SELECT hash FROM patrol_designs WHERE design_id = " + std::to_string(design_id)),
            crossover["design_hash"].get<std::string>());
  // No visit on a control hotspot-day.
  std::set<std::pair<std::string, int>> visited;
  for (const auto& v : crossover["visits"]) visited.insert({v["hotspot"], v["day"].get<int>()});
  for (const auto& [hotspot, day] : visited) {
    EXPECT_EQ(grip::test::query_int(db_, "SELECT treated FROM patrol_assignments WHERE design_id = " +
                                             std::to_string(design_id) + " AND hotspot_id = '" + hotspot +
                                             "' AND day = " + std::to_string(day)),
              1);
  }
}

TEST_F(PlanCli, BadResourcesFileIsRefusedWithTheFileAndReason) {
  const auto bad =
      scratch_.write("bad.json", R"({"shifts": [{"name": "day", "start": "08:30", "end": "16:00"}],
    "teams": [{"name": "A"}]})");
  const auto result = run_grip({"--db", db_, "plan", "--from", "2020-03-02", "--resources", bad.string()});
  EXPECT_EQ(result.exit_code, 2) << result.out;  // input error: a file was refused
  EXPECT_NE(result.out.find(bad.string()), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("whole hour"), std::string::npos) << result.out;
  EXPECT_EQ(grip::test::query_int(db_, "SELECT count(*) FROM patrol_plans"), 0);
}

TEST_F(PlanCli, DeploymentWindowsAreRankedWithThePoliceGeneratedCaveat) {
  const auto result = run_grip({"--db", db_, "--json", "-q", "profile", "--deployments", "--top", "5"});
  ASSERT_EQ(result.exit_code, 0) << result.out;
  const auto json = nlohmann::json::parse(result.out);
  // Every Memphis record is a robbery: all weapon-related, none police-generated.
  EXPECT_EQ(json["weapon_incidents"].get<double>(), 2245.0);
  EXPECT_EQ(json["police_generated_harm_in_hotspots"].get<double>(), 0.0);
  ASSERT_EQ(json["windows"].size(), 5u);
  for (std::size_t i = 1; i < 5; ++i) EXPECT_GE(json["windows"][i - 1]["score"], json["windows"][i]["score"]);
  EXPECT_NE(json["caveats"][0].get<std::string>().find("police-generated"), std::string::npos);
}

TEST(ProfileCli, MonthOnlyDataNeedsASuppliedProfile) {
  grip::test::ScratchDir scratch;
  const auto db = grip::test::make_small_store(scratch).string();
  const auto refused = run_grip({"--db", db, "profile", "--force-only"});
  EXPECT_EQ(refused.exit_code, 1) << refused.out;
  EXPECT_NE(refused.out.find("--profile FILE"), std::string::npos) << refused.out;
  // A supplied profile peaking on Saturday 22:00 (bin 5*24+22 = 142).
  std::string values;
  for (int b = 0; b < 168; ++b) values += (b == 142 ? "9\n" : "1\n");
  const auto file = scratch.write("profile.csv", values);
  const auto used = run_grip({"--db", db, "--json", "profile", "--force-only", "--profile", file.string()});
  ASSERT_EQ(used.exit_code, 0) << used.out;
  const auto json = nlohmann::json::parse(used.out);
  EXPECT_EQ(json["peak"]["bin"], 142);
  EXPECT_EQ(json["peak"]["label"], "Sat 22:00");
  EXPECT_NEAR(json["force_shares"][142].get<double>(), 9.0 / 176.0, 1e-12);
  EXPECT_NE(json["source"].get<std::string>().find("supplied"), std::string::npos);
  const auto short_file = scratch.write("short.csv", "1\n2\n3\n");
  const auto bad = run_grip({"--db", db, "profile", "--force-only", "--profile", short_file.string()});
  EXPECT_EQ(bad.exit_code, 2) << bad.out;
  EXPECT_NE(bad.out.find("168 values"), std::string::npos) << bad.out;
}

}  // namespace

namespace {

// The demo plans 28 days for its hotspots; the synthetic county plants busy Friday and Saturday
// nights, so most hotspots' profile peaks fall between Friday 18:00 and Sunday 06:00 (36 of 168
// hours: about 3 of 15 by chance).
TEST(DemoPlan, PlansTwentyEightDaysWithinTheOfficerHoursAndFindsTheWeekendNights) {
  grip::test::ScratchDir scratch;
  const auto result =
      run_grip({"-q", "--json", "demo", "--out", (scratch / "demo").string(), "--months", "4"});
  ASSERT_EQ(result.exit_code, 0) << result.out;
  const auto plan = nlohmann::json::parse(result.out)["patrol_plan"];
  EXPECT_EQ(plan["days"], 28);
  ASSERT_GT(plan["visits"].size(), 100u);
  std::map<std::tuple<int, std::string>, double> minutes;
  for (const auto& v : plan["visits"]) minutes[{v["day"].get<int>(), v["shift"].get<std::string>()}] += 15;
  for (const auto& pool : plan["capacity"]) {
    const auto key = std::make_tuple(pool["day"].get<int>(), pool["shift"].get<std::string>());
    EXPECT_LE(minutes[key], pool["minutes_available"].get<double>());
  }
  int weekend_night_peaks = 0;
  for (const auto& h : plan["hotspots"]) {
    const auto label = h["peak"].get<std::string>();  // "Sat 22:00"
    const int hour = std::stoi(label.substr(4, 2));
    const auto day = label.substr(0, 3);
    if ((day == "Fri" && hour >= 18) || day == "Sat" || (day == "Sun" && hour < 6)) ++weekend_night_peaks;
  }
  EXPECT_GE(weekend_night_peaks, 8) << plan["hotspots"].dump();
  EXPECT_GE(plan["solver"]["bound"].get<double>(), plan["solver"]["objective"].get<double>() - 1e-6);

  // Step 7: the plan's synthetic GPS comes back as visits, short of the plan by the skipped ones,
  // and the store holds no raw officer id although the ping file does.
  const auto gps = nlohmann::json::parse(result.out)["patrol_gps"];
  const double walked = gps["planned_visits"].get<double>() - gps["skipped_visits_planted"].get<double>();
  EXPECT_EQ(gps["planned_visits"].get<std::size_t>(), plan["visits"].size());
  EXPECT_GT(gps["skipped_visits_planted"].get<int>(), 0);
  EXPECT_GE(gps["visits_detected"].get<double>(), 0.9 * walked) << gps.dump();
  EXPECT_LE(gps["visits_detected"].get<double>(), 1.15 * walked) << gps.dump();
  const std::string pings = grip::test::read_file(gps["file"].get<std::string>());
  ASSERT_NE(pings.find("PC 9101"), std::string::npos);
  std::string store_bytes;
  for (const char* suffix : {"", "-wal", "-shm"}) {
    const std::filesystem::path file = (scratch / "demo" / "synthetic-county.gpkg").string() + suffix;
    if (std::filesystem::exists(file)) store_bytes += grip::test::read_file(file);
  }
  ASSERT_GT(store_bytes.size(), 100'000u);
  EXPECT_EQ(store_bytes.find("PC 9"), std::string::npos) << "a raw officer id is in the demo store";

  // Step 9: the outcomes the demo logged during those visits are what the store holds, each linked
  // to a visit; the actions are stored; the return is printed as a draft and not issued.
  const auto logged = nlohmann::json::parse(result.out)["outcomes_and_return"];
  ASSERT_TRUE(logged.is_object()) << result.out;
  const auto demo_store = scratch / "demo" / "synthetic-county.gpkg";  // the demo's own GeoPackage
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open_v2(demo_store.c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
  const auto count = [&](const std::string& sql) {
    sqlite3_stmt* statement = nullptr;
    EXPECT_EQ(sqlite3_prepare_v2(db, sql.c_str(), -1, &statement, nullptr), SQLITE_OK) << sql;
    std::int64_t value = -1;
    if (statement != nullptr && sqlite3_step(statement) == SQLITE_ROW)
      value = sqlite3_column_int64(statement, 0);
    sqlite3_finalize(statement);
    return value;
  };
  EXPECT_EQ(logged["month"], "2025-05") << "the month after the county's four";
  EXPECT_EQ(logged["arrests"].get<std::int64_t>(),
            count("SELECT count(*) FROM outcomes WHERE kind = 'arrest'"));
  EXPECT_EQ(logged["stop_searches"].get<std::int64_t>(),
            count("SELECT count(*) FROM outcomes WHERE kind = 'stop_search'"));
  EXPECT_EQ(logged["weapons_seized"].get<std::int64_t>(),
            count("SELECT count(*) FROM outcomes WHERE kind = 'weapon_seized' AND weapon_type = 'knife'"));
  EXPECT_EQ(logged["arch_deployments"].get<std::int64_t>(),
            count("SELECT count(*) FROM outcomes WHERE kind = 'arch_deployment'"));
  EXPECT_GT(logged["stop_searches"].get<std::int64_t>(), 0);
  EXPECT_EQ(count("SELECT count(*) FROM outcomes WHERE gps_visit_fid IS NULL"), 0)
      << "every one falls in a visit";
  EXPECT_EQ(count("SELECT count(*) FROM problem_solving_actions"), 3);
  EXPECT_EQ(count("SELECT count(*) FROM problem_solving_actions WHERE status = 'done'"), 1);
  EXPECT_EQ(count("SELECT count(*) FROM monthly_returns"), 0) << "the demo's return is a draft";
  sqlite3_close(db);
  const auto summary = logged["draft_return"]["summary"].get<std::string>();
  EXPECT_NE(summary.find(std::to_string(logged["arrests"].get<std::int64_t>()) + " arrests"),
            std::string::npos)
      << summary;
  EXPECT_EQ(logged["draft_return"]["figures"]["totals"]["arrests"], logged["arrests"]);
}

}  // namespace

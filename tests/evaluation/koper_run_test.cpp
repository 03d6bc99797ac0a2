// The Koper curve inside grip evaluate (evaluation/koper_run.hpp), on both engines, against a
// hand-worked store: one treated hotspot (a 100 m square), four GPS visits there (two overlapping
// ones that are one presence), one visit elsewhere, and time-stamped incidents placed so that each
// presence's follow-up is known in minutes. One presence is in July, when the GPS clock (UTC) and
// the incidents' clock (Europe/London, BST) differ by an hour: read on the wrong clock its
// follow-up would be 75 minutes, not 15.
#include "grip/evaluation/koper_run.hpp"

#include <gtest/gtest.h>

#include "evaluation/evaluation_fixture.hpp"
#include "grip/core/errors.hpp"
#include "grip/geo/polygon_raster.hpp"
#include "grip/ingest/ingest_files.hpp"
#include "grip/store/gps_tables.hpp"
#include "support/test_support.hpp"

namespace {

using namespace grip;

struct KoperStore {
  test::ScratchDir dir;
  std::filesystem::path db = dir / "k.gpkg";
  std::vector<geo::RingSet> shapes;
  std::vector<std::string> ids{"H1"};
  std::int64_t run_id = 0;
};

std::unique_ptr<KoperStore> make_koper_store() {
  auto k = std::make_unique<KoperStore>();
  k->dir.write("extract.mapping.json", R"({"name": "koper extract",
    "columns": {"id": "URN", "offence": "Offence", "occurred_from": "From", "occurred_to": "To",
                "easting": "E", "northing": "N"},
    "source_crs": "EPSG:27700",
    "categories": {"Assault": "Violence and sexual offences", "Burglary": "Burglary"}})");
  // Inside the square: E 530000..530100, N 180000..180100.
  const auto csv =
      k->dir.write("extract.csv",
                   "URN,Offence,From,To,E,N\n"
                   "I1,Assault,2024-01-10T10:15:00,,530050,180050\n"                     // during presence 1
                   "I2,Assault,2024-01-10T10:35:00,,530050,180050\n"                     // 15 min after it
                   "I6,Assault,2024-01-10T14:10:00,2024-01-10T16:10:00,530050,180050\n"  // 2 h
                   "I7,Burglary,2024-01-10T14:06:00,,530050,180050\n"                    // not headline
                   "I3,Assault,2024-01-11T09:05:00,,530050,180050\n"                     // during presence 3
                   "I4,Assault,2024-01-11T09:30:00,,530050,180050\n"                     // 18 min after it
                   "I8,Assault,2024-07-01T10:25:00,,530050,180050\n"                     // 15 min after V5
                   "I5,Assault,2024-07-20T12:00:00,,540000,190000\n");  // outside: ends observation
  {
    store::Store store(test::store_locator(k->db));
    (void)ingest::ingest_files(store, {csv}, {});
    const test::TestRect h1{"H1", 530000, 180000, 530100, 180100, true};
    const test::TestRect h2{"H2", 531000, 180000, 531100, 180100, false};
    test::store_rectangles_as_hotspots(store, {h1, h2});
    k->shapes.push_back(geo::decode_polygon_blob(test::rectangle_multipolygon_wkb(h1)));
  }
  k->run_id = test::query_int(k->db, "SELECT MAX(run_id) FROM hotspot_runs");
  store::Store store(test::store_locator(k->db));
  store::WriteTransaction transaction(store);
  store::GpsBatchRow batch;
  batch.file = "pings.csv";
  batch.content_hash = "koper-test";
  batch.ingested_at = "2024-08-01T00:00:00Z";
  batch.hotspot_run_id = k->run_id;
  const auto visit = [](std::string hotspot, std::string first_in, std::string last_in,
                        std::string exit_latest) {
    store::GpsVisitRow v;
    v.hotspot_id = std::move(hotspot);
    v.officer = "off-000000000000000000000000";
    v.entry_earliest = v.first_in = std::move(first_in);
    v.last_in = std::move(last_in);
    v.exit_latest = std::move(exit_latest);
    v.fixes = 2;
    return v;
  };
  const std::vector<store::GpsVisitRow> visits{
      // V1 ends at 10:10 (midpoint of last fix 10:08 and latest exit 10:12); V2 overlaps it and runs
      // to 10:20: one presence 10:00-10:20, 20 minutes (band 16+), followed by I2 after 15 minutes.
      visit("H1", "2024-01-10T10:00:00Z", "2024-01-10T10:08:00Z", "2024-01-10T10:12:00Z"),
      visit("H1", "2024-01-10T10:05:00Z", "2024-01-10T10:20:00Z", "2024-01-10T10:20:00Z"),
      // V3: 14:00-14:04, 4 minutes (band under 5); I6 (2 h window) and I7 (burglary) do not count,
      // so it is censored by the next presence at 09:00 next day: 1136 minutes, no event.
      visit("H1", "2024-01-10T14:00:00Z", "2024-01-10T14:03:00Z", "2024-01-10T14:05:00Z"),
      // V4: 09:00-09:12, 12 minutes (Koper band), I4 18 minutes later.
      visit("H1", "2024-01-11T09:00:00Z", "2024-01-11T09:11:00Z", "2024-01-11T09:13:00Z"),
      // V5: 09:00-09:10 UTC = 10:00-10:10 BST, 10 minutes (Koper band), I8 15 minutes later.
      visit("H1", "2024-07-01T09:00:00Z", "2024-07-01T09:08:00Z", "2024-07-01T09:12:00Z"),
      // A comparison area's visit: not a treated hotspot, not read.
      visit("H2", "2024-01-10T10:00:00Z", "2024-01-10T10:30:00Z", "2024-01-10T10:30:00Z")};
  (void)store::write_gps_batch(store, batch, visits);
  transaction.commit();
  return k;
}

evaluation::KoperRequest request_for(std::int64_t run_id) {
  evaluation::KoperRequest request;
  request.hotspot_run_id = run_id;
  request.after = {std::chrono::year{2024} / std::chrono::January,
                   std::chrono::year{2024} / std::chrono::July};
  request.headline_types = {"Violence and sexual offences", "Robbery"};
  return request;
}

}  // namespace

TEST(KoperRun, FollowsEachPresenceToTheNextIncidentOnTheDataClock) {
  const auto k = make_koper_store();
  store::Store store(test::store_locator(k->db));
  const auto summary = evaluation::koper_of(store, k->shapes, k->ids, request_for(k->run_id));
  ASSERT_TRUE(summary.has_value());
  EXPECT_EQ(summary->dataset, "koper extract");
  EXPECT_EQ(summary->visits, 5);     // V1-V5; the comparison area's visit is not read
  EXPECT_EQ(summary->presences, 4);  // V1 and V2 merged
  EXPECT_EQ(summary->followed, 4);
  EXPECT_EQ(summary->incidents, 5);         // I1, I2, I3, I4, I8
  EXPECT_EQ(summary->incidents_window, 1);  // I6
  EXPECT_EQ(summary->observed_until, "2024-07-20T12:00:00");
  ASSERT_EQ(summary->bands.size(), 4u);
  const auto& under5 = summary->bands[0];
  EXPECT_EQ(under5.curve.observations, 1);
  EXPECT_EQ(under5.curve.events, 0);
  EXPECT_DOUBLE_EQ(under5.incident_within_horizon, 0.0);
  EXPECT_EQ(summary->bands[1].curve.observations, 0);
  const auto& koper = summary->bands[2];  // V4 (event at 18 min) and V5 (event at 15 min)
  EXPECT_EQ(koper.curve.observations, 2);
  EXPECT_EQ(koper.curve.events, 2);
  EXPECT_DOUBLE_EQ(koper.incident_within_horizon, 1.0);
  ASSERT_EQ(koper.curve.steps.size(), 2u);
  EXPECT_NEAR(koper.curve.steps[0].time, 15.0, 1e-9);
  EXPECT_NEAR(koper.curve.steps[1].time, 18.0, 1e-9);
  const auto& long_visits = summary->bands[3];  // the merged presence, event at 15 min
  EXPECT_EQ(long_visits.curve.observations, 1);
  ASSERT_EQ(long_visits.curve.steps.size(), 1u);
  EXPECT_NEAR(long_visits.curve.steps[0].time, 15.0, 1e-9);
}

TEST(KoperRun, OnTheWrongClockTheJulyFollowUpIsAnHourLonger) {
  const auto k = make_koper_store();
  store::Store store(test::store_locator(k->db));
  auto request = request_for(k->run_id);
  request.time_zone = "UTC";
  const auto summary = evaluation::koper_of(store, k->shapes, k->ids, request);
  ASSERT_TRUE(summary.has_value());
  const auto& koper = summary->bands[2];
  ASSERT_EQ(koper.curve.steps.size(), 2u);
  EXPECT_NEAR(koper.curve.steps[1].time, 75.0, 1e-9);
  EXPECT_DOUBLE_EQ(koper.incident_within_horizon, 0.5);
}

TEST(KoperRun, RefusesUnknownZonesAndDatasetsAndSaysWhenThereAreNoTimes) {
  const auto k = make_koper_store();
  store::Store store(test::store_locator(k->db));
  auto request = request_for(k->run_id);
  request.time_zone = "Mars/Olympus";
  EXPECT_THROW((void)evaluation::koper_of(store, k->shapes, k->ids, request), UsageError);
  request = request_for(k->run_id);
  request.dataset = "no such dataset";
  EXPECT_THROW((void)evaluation::koper_of(store, k->shapes, k->ids, request), UsageError);
  // A period with visits but no time-stamped incident: a note, no curve.
  request = request_for(k->run_id);
  request.headline_types = {"Robbery"};
  const auto none = evaluation::koper_of(store, k->shapes, k->ids, request);
  ASSERT_TRUE(none.has_value());
  EXPECT_TRUE(none->bands.empty());
  EXPECT_NE(none->note.find("no time-stamped Robbery incidents"), std::string::npos) << none->note;
  // No visit in the period: nothing at all.
  request = request_for(k->run_id);
  request.after = {std::chrono::year{2024} / std::chrono::August,
                   std::chrono::year{2024} / std::chrono::August};
  EXPECT_FALSE(evaluation::koper_of(store, k->shapes, k->ids, request).has_value());
}

// patrol_plans / patrol_visits (migration 7) read back exactly as written, on either engine, and a
// profile file is read as JSON, as a bare column and as grip profile's own CSV.
#include <gtest/gtest.h>

#include "grip/core/errors.hpp"
#include "grip/patrol/hotspot_profiles.hpp"
#include "grip/store/patrol_tables.hpp"
#include "support/test_support.hpp"

namespace {

TEST(PlanStore, APlanAndItsVisitsReadBack) {
  grip::test::ScratchDir scratch;
  const auto path = scratch / "plan.gpkg";
  grip::store::PatrolPlanRow row;
  row.created = "2026-12-01T12:00:00Z", row.first_day = "2024-04-01", row.seed = "18446744073709551615";
  row.design_kind = "none", row.risk_source = "hotspot run 3", row.profile_source = "supplied";
  row.solver_status = "GLPK: optimal", row.settings_json = R"({"visit_minutes":15})";
  row.days = 28, row.hotspot_run_id = 3, row.visits = 2, row.objective = 10.5, row.bound = 11.25,
  row.gap = 0.0714;
  const std::vector<grip::store::PatrolVisitRow> visits = {
      {"H1", "North", "late", "2024-04-01T18:07", "2024-04-01T18:22", 0, 4.5},
      {"H2", "North", "night", "2024-04-02T01:40", "2024-04-02T01:55", 0, 1.25}};
  std::int64_t id = 0;
  {
    grip::store::Store store(grip::test::store_locator(path));
    grip::store::WriteTransaction transaction(store);
    id = grip::store::write_patrol_plan(store, row, visits);
    transaction.commit();
  }
  grip::store::Store store(grip::test::store_locator(path));
  const auto stored = grip::store::read_patrol_plan(store);  // latest
  EXPECT_EQ(stored.plan_id, id);
  EXPECT_EQ(stored.plan.seed, row.seed);
  EXPECT_EQ(stored.plan.design_id, 0);  // NULL
  EXPECT_EQ(stored.plan.days, 28);
  EXPECT_DOUBLE_EQ(stored.plan.gap, 0.0714);
  EXPECT_EQ(stored.plan.settings_json, row.settings_json);
  ASSERT_EQ(stored.visits.size(), 2u);
  EXPECT_EQ(stored.visits[1].starts_at, "2024-04-02T01:40");
  EXPECT_EQ(stored.visits[1].shift, "night");
  EXPECT_DOUBLE_EQ(stored.visits[0].risk, 4.5);
  EXPECT_THROW((void)grip::store::read_patrol_plan(store, id + 1), grip::StoreError);
}

TEST(ProfileFile, ReadsJsonABareColumnAndGripsOwnCsv) {
  grip::test::ScratchDir scratch;
  std::string json = "[", column, csv = "hour_of_week,label,force_count,force_share\n";
  for (int b = 0; b < 168; ++b) {
    const int v = b == 20 ? 3 : 1;  // Mon 20:00 three times the rest: 3/170
    json += (b ? "," : "") + std::to_string(v);
    column += std::to_string(v) + "\n";
    csv += std::to_string(b) + ",x,0," + std::to_string(v) + "\n";
  }
  json += "]";
  for (const auto& file :
       {scratch.write("p.json", json), scratch.write("p.txt", column), scratch.write("p.csv", csv)}) {
    const auto shares = grip::patrol::read_profile_file(file);
    EXPECT_NEAR(shares[20], 3.0 / 170, 1e-15) << file;
    EXPECT_NEAR(shares[0], 1.0 / 170, 1e-15) << file;
  }
  EXPECT_THROW((void)grip::patrol::read_profile_file(scratch.write("neg.txt", "-1\n" + column)),
               grip::InputError);
  EXPECT_THROW((void)grip::patrol::read_profile_file(scratch.write("hdr.csv", "a,b\n1,2\n")),
               grip::InputError);
}

}  // namespace

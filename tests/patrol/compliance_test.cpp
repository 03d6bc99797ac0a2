// Matching GPS visits to planned ones (patrol/compliance.hpp), on hand-worked windows in seconds.
#include "grip/patrol/compliance.hpp"

#include <gtest/gtest.h>

#include "grip/core/errors.hpp"
#include "grip/patrol/dosage_report.hpp"

namespace {

using grip::patrol::ComplianceRules;
using grip::patrol::DetectedKind;
using grip::patrol::DetectedSlot;
using grip::patrol::match_visits_to_plan;
using grip::patrol::PlannedSlot;

TEST(Compliance, DeliveredMissedUnplannedAndPassThrough) {
  const std::vector<PlannedSlot> planned = {{"H1", 1000, 1900}, {"H1", 5000, 5900}, {"H1", 9000, 9900}};
  const std::vector<DetectedSlot> detected = {
      {"H1", 900, 1850, 15.8},   // overlaps plan 0 by 950 s
      {"H1", 5600, 7000, 23.3},  // plan 1 widened to [4400, 6500]: overlap 900 s
      {"H1", 3000, 3100, 1.7},   // under 3 minutes even at its upper bound: a pass-through
      {"H2", 1000, 1900, 15.0},  // no plan at H2
      {"H1", 7200, 7500, 5.0},   // 1300 s after plan 1's widened end, 1500 s before plan 2's
  };
  const auto m = match_visits_to_plan(planned, detected);
  EXPECT_EQ(m.planned_to_detected, (std::vector<std::int64_t>{0, 1, -1}));
  EXPECT_EQ(m.detected_to_planned, (std::vector<std::int64_t>{0, 1, -1, -1, -1}));
  EXPECT_EQ(m.kinds, (std::vector<DetectedKind>{DetectedKind::kDelivered, DetectedKind::kDelivered,
                                                DetectedKind::kPassThrough, DetectedKind::kUnplanned,
                                                DetectedKind::kUnplanned}));
}

TEST(Compliance, OneToOneLargestOverlapWins) {
  // Both visits overlap the one planned visit [1000, 1900] (widened [400, 2500]): the first by
  // 2000 - 400 = 1600 s, the second by 2500 - 1200 = 1300 s. The first delivers it; the second is
  // unplanned, never a second delivery of the same planned visit.
  const std::vector<PlannedSlot> planned = {{"H1", 1000, 1900}};
  const std::vector<DetectedSlot> detected = {{"H1", 0, 2000, 30}, {"H1", 1200, 3000, 30}};
  const auto m = match_visits_to_plan(planned, detected);
  EXPECT_EQ(m.planned_to_detected[0], 0);
  EXPECT_EQ(m.kinds[1], DetectedKind::kUnplanned);
  // The other way round: one visit spanning two planned visits delivers only one, the larger overlap.
  const std::vector<PlannedSlot> two = {{"H1", 0, 900}, {"H1", 1800, 2700}};
  const std::vector<DetectedSlot> one = {{"H1", 700, 2900, 36}};  // 200 s with the first, 900 with the second
  const auto n = match_visits_to_plan(two, one, {3, 0});
  EXPECT_EQ(n.planned_to_detected, (std::vector<std::int64_t>{-1, 0}));
}

TEST(Compliance, ToleranceAndDwellEdges) {
  const std::vector<PlannedSlot> planned = {{"H1", 1000, 1900}};
  const std::vector<DetectedSlot> early = {{"H1", 200, 500, 5}};  // ends 500 s before the planned start
  EXPECT_EQ(match_visits_to_plan(planned, early, {3, 600}).planned_to_detected[0], 0);
  EXPECT_EQ(match_visits_to_plan(planned, early, {3, 500}).planned_to_detected[0],
            -1);  // touching is not overlap
  EXPECT_EQ(match_visits_to_plan(planned, early, {3, 0}).kinds[0], DetectedKind::kUnplanned);
  // Exactly the minimum dwell at the upper bound is a visit; just under is a pass-through.
  const std::vector<DetectedSlot> edge = {{"H1", 1000, 1180, 3.0}, {"H1", 1500, 1679, 2.99}};
  const auto m = match_visits_to_plan(planned, edge);
  EXPECT_EQ(m.kinds[0], DetectedKind::kDelivered);
  EXPECT_EQ(m.kinds[1], DetectedKind::kPassThrough);
  EXPECT_THROW((void)match_visits_to_plan(planned, edge, {-1, 600}), grip::UsageError);
  EXPECT_THROW((void)match_visits_to_plan(planned, edge, {3, -1}), grip::UsageError);
}

TEST(Compliance, PlanLocalTimesReadInTheirZone) {
  // 2018-07-01 is British Summer Time (UTC+1); 2018-01-15 is GMT. 1530403200 = 2018-07-01T00:00Z.
  EXPECT_EQ(grip::patrol::local_time_to_utc("2018-07-01T10:00", "Europe/London"), 1530403200 + 9 * 3600);
  EXPECT_EQ(grip::patrol::local_time_to_utc("2018-01-15T10:00", "Europe/London"), 1515974400 + 10 * 3600);
  EXPECT_FALSE(grip::patrol::local_time_to_utc("not a time", "Europe/London").has_value());
}

}  // namespace

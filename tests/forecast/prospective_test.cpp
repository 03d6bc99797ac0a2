#include "grip/forecast/prospective.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "grip/core/errors.hpp"

namespace {

using grip::geo::Grid;
using namespace grip::forecast;

// 10 × 10 cells of 100 m from (0, 0); bandwidth 400 m = 4 cells.
const Grid kGrid(0.0, 0.0, 100.0, 10, 10);

double at(const ProspectiveSurface& s, std::size_t col, std::size_t row) {
  return s.risk[kGrid.cell(col, row)];
}

TEST(ForecastProspective, SingleEventMatchesTheFormulaByHand) {
  // Event in cell (2, 3), 14 days old at `now` → t = 2 weeks → time factor 1/3.
  const std::vector<Event> events = {{250.0, 350.0, 10.0}};
  const auto s = prospective_risk(kGrid, events, 24.0);
  EXPECT_EQ(s.events_used, 1u);
  EXPECT_DOUBLE_EQ(at(s, 2, 3), 1.0 / 3.0);                           // d = 0
  EXPECT_DOUBLE_EQ(at(s, 3, 3), 1.0 / 2.0 / 3.0);                     // d = 1
  EXPECT_DOUBLE_EQ(at(s, 3, 4), 1.0 / (1.0 + std::sqrt(2.0)) / 3.0);  // d = √2
  EXPECT_DOUBLE_EQ(at(s, 6, 3), 1.0 / 5.0 / 3.0);                     // d = 4, on the bandwidth
  EXPECT_DOUBLE_EQ(at(s, 2, 7), 1.0 / 5.0 / 3.0);
  EXPECT_DOUBLE_EQ(at(s, 6, 4), 0.0);  // d = √17 > 4
  EXPECT_DOUBLE_EQ(at(s, 5, 6), 0.0);  // d = √18 > 4
  EXPECT_DOUBLE_EQ(at(s, 9, 9), 0.0);

  ProspectiveOptions chebyshev;
  chebyshev.distance = CellDistance::kChebyshev;
  const auto c = prospective_risk(kGrid, events, 24.0, chebyshev);
  EXPECT_DOUBLE_EQ(at(c, 6, 7), 1.0 / 5.0 / 3.0);  // max(4, 4) = 4
  EXPECT_DOUBLE_EQ(at(c, 5, 6), 1.0 / 4.0 / 3.0);  // max(3, 3) = 3
}

TEST(ForecastProspective, TimeBandwidthWeeksAndWeights) {
  const std::vector<Event> events = {{50.0, 50.0, 0.0}};
  // 55.9 days = week 7 → 1/8; 56 days is outside the 8-week bandwidth; a future event is left out.
  EXPECT_DOUBLE_EQ(at(prospective_risk(kGrid, events, 55.9), 0, 0), 1.0 / 8.0);
  const auto old = prospective_risk(kGrid, events, 56.0);
  EXPECT_EQ(old.events_too_old, 1u);
  EXPECT_DOUBLE_EQ(at(old, 0, 0), 0.0);
  const auto future = prospective_risk(kGrid, events, -1.0);
  EXPECT_EQ(future.events_in_future, 1u);
  EXPECT_DOUBLE_EQ(at(future, 0, 0), 0.0);
  // Continuous weeks: 10.5 days = 1.5 weeks → 1/2.5; a weight of 2 doubles it.
  ProspectiveOptions continuous;
  continuous.whole_weeks = false;
  const std::vector<double> weights = {2.0};
  EXPECT_DOUBLE_EQ(at(prospective_risk(kGrid, events, 10.5, continuous, weights), 0, 0), 2.0 / 2.5);
}

TEST(ForecastProspective, EventOutsideTheGridStillReachesIt) {
  // Cell (−2, 3), age 0: grid cell (0, 3) is 2 cells away → 1/3; (2, 3) is 4 away → 1/5.
  const std::vector<Event> events = {{-150.0, 350.0, 5.0}};
  const auto s = prospective_risk(kGrid, events, 5.0);
  EXPECT_DOUBLE_EQ(at(s, 0, 3), 1.0 / 3.0);
  EXPECT_DOUBLE_EQ(at(s, 2, 3), 1.0 / 5.0);
  EXPECT_DOUBLE_EQ(at(s, 3, 3), 0.0);
  const std::vector<Event> far = {{1e300, 0.0, 5.0}};
  EXPECT_DOUBLE_EQ(prospective_risk(kGrid, far, 5.0).risk[0], 0.0);
}

TEST(ForecastProspective, SumsOverEventsAndRefusesBadOptions) {
  const std::vector<Event> events = {{250.0, 350.0, 10.0}, {250.0, 350.0, 0.0}, {450.0, 350.0, 20.0}};
  // At day 21: ages 11 (week 1, ½), 21 (week 3, ¼), 1 (week 0, 1 at d = 2 → 1/3).
  EXPECT_DOUBLE_EQ(at(prospective_risk(kGrid, events, 21.0), 2, 3), 0.5 + 0.25 + 1.0 / 3.0);
  ProspectiveOptions bad;
  bad.distance_bandwidth_m = 0.0;
  EXPECT_THROW((void)prospective_risk(kGrid, events, 21.0, bad), grip::UsageError);
  bad.distance_bandwidth_m = 1e7;
  EXPECT_THROW((void)prospective_risk(kGrid, events, 21.0, bad), grip::UsageError);
  const std::vector<Event> nan_event = {{std::nan(""), 0.0, 0.0}};
  EXPECT_THROW((void)prospective_risk(kGrid, nan_event, 21.0), grip::UsageError);
}

}  // namespace

// Zone membership and zone areas against closed forms for squares.
#include "grip/evaluation/zones.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>

namespace {

using namespace grip::evaluation;

grip::geo::RingSet square(double x0, double y0, double side) {
  grip::geo::RingSet s;
  s.rings.push_back({{x0, y0}, {x0 + side, y0}, {x0 + side, y0 + side}, {x0, y0 + side}, {x0, y0}});
  s.min_x = x0, s.min_y = y0, s.max_x = x0 + side, s.max_y = y0 + side;
  return s;
}

TEST(Zones, DistanceToASquare) {
  const auto s = square(0, 0, 100);
  EXPECT_DOUBLE_EQ(distance_to_shape(s, 50, 50), 0.0);
  EXPECT_DOUBLE_EQ(distance_to_shape(s, 150, 50), 50.0);
  EXPECT_DOUBLE_EQ(distance_to_shape(s, 130, 140), 50.0);  // 3-4-5 from the corner
}

TEST(Zones, ClassifiesInPriorityOrder) {
  const ZoneClassifier zones({square(0, 0, 100)}, {square(1000, 0, 100)}, 250.0);
  EXPECT_EQ(zones.classify(50, 50).zone, Zone::kTreated);
  EXPECT_EQ(zones.classify(1050, 50).zone, Zone::kComparison);
  EXPECT_EQ(zones.classify(300, 50).zone, Zone::kTreatedBuffer);
  EXPECT_EQ(zones.classify(360, 50).zone, Zone::kOutside);
  EXPECT_EQ(zones.classify(800, 50).zone, Zone::kComparisonBuffer);
  // A point within both buffers belongs to the treated buffer.
  const ZoneClassifier close({square(0, 0, 100)}, {square(300, 0, 100)}, 250.0);
  EXPECT_EQ(close.classify(200, 50).zone, Zone::kTreatedBuffer);
  const ZoneClassifier force({}, {}, 0.0, true);
  EXPECT_EQ(force.classify(1e6, 1e6).zone, Zone::kTreated);
}

TEST(Zones, AreasMatchTheClosedForm) {
  // A square of side a with a buffer r: a² inside, 4·a·r + π·r² in the buffer.
  const ZoneClassifier zones({square(0, 0, 400)}, {square(5000, 0, 200)}, 250.0);
  const auto areas = zones.zone_areas_m2(5.0);
  EXPECT_NEAR(areas[0], 400.0 * 400.0, 400.0 * 400.0 * 0.01);
  const double buffer = 4 * 400.0 * 250.0 + std::numbers::pi * 250.0 * 250.0;
  EXPECT_NEAR(areas[2], buffer, buffer * 0.01);
  EXPECT_NEAR(areas[1], 200.0 * 200.0, 200.0 * 200.0 * 0.01);
  const double comparison_buffer = 4 * 200.0 * 250.0 + std::numbers::pi * 250.0 * 250.0;
  EXPECT_NEAR(areas[3], comparison_buffer, comparison_buffer * 0.01);
}

}  // namespace

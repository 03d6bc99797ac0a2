// Label declutter against hand-worked Web Mercator pixels.
#include "grip/report/map_labels.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>

namespace grip::report {
namespace {

TEST(MapLabels, WebMercatorPixelsMatchTheClosedForm) {
  const auto centre = web_mercator_pixel(0, 0, 0);
  EXPECT_NEAR(centre.x, 128, 1e-9);
  EXPECT_NEAR(centre.y, 128, 1e-9);
  const auto corner = web_mercator_pixel(-180, 85.0511287798, 1);
  EXPECT_NEAR(corner.x, 0, 1e-9);
  EXPECT_NEAR(corner.y, 0, 1e-3) << "the square's top edge";
}

TEST(MapLabels, ALabelThatWouldOverprintABetterOneWaitsForTheZoomThatSeparatesThem) {
  // Two 3-character labels (33 px wide) 200 m apart east-west at 51.5° N. A pixel at zoom z is
  // 2π·6378137·cos φ / (256·2^z) m: 5.948 m at z 14 (200 m = 33.6 px, apart) and 11.9 m at z 13
  // (16.8 px, overprinting). The first keeps its label from the lowest zoom.
  const double latitude = 51.5;
  const double metres_per_degree =
      2 * std::numbers::pi * 6378137.0 * std::cos(latitude * std::numbers::pi / 180) / 360;
  const std::vector<MapLabel> labels = {label_box(0.5, latitude, 3),
                                        label_box(0.5 + 200 / metres_per_degree, latitude, 3)};
  ASSERT_DOUBLE_EQ(labels[0].width_px, 33);
  const auto zooms = label_min_zooms(labels);
  ASSERT_EQ(zooms.size(), 2u);
  EXPECT_EQ(zooms[0], kLabelMinZoom);
  EXPECT_EQ(zooms[1], 14);
}

TEST(MapLabels, AHiddenLabelDoesNotHideAThird) {
  // A, B 100 m apart and C 100 m beyond B: where B is hidden by A, C (200 m from A) may show.
  const double latitude = 51.5;
  const double metres_per_degree =
      2 * std::numbers::pi * 6378137.0 * std::cos(latitude * std::numbers::pi / 180) / 360;
  const std::vector<MapLabel> labels = {label_box(0.5, latitude, 3),
                                        label_box(0.5 + 100 / metres_per_degree, latitude, 3),
                                        label_box(0.5 + 200 / metres_per_degree, latitude, 3)};
  const auto zooms = label_min_zooms(labels);
  EXPECT_EQ(zooms[1], 15) << "100 m = 33.6 px at z 15";
  EXPECT_EQ(zooms[2], 14) << "C is 200 m from A and only B, not shown at z 14, lies between";
}

TEST(MapLabels, LabelsOnOnePointNeverBothShow) {
  const std::vector<MapLabel> labels = {label_box(0.5, 51.5, 3), label_box(0.5, 51.5, 3)};
  const auto zooms = label_min_zooms(labels, 6, 19);
  EXPECT_EQ(zooms[0], 6);
  EXPECT_EQ(zooms[1], 20) << "never shown permanently; its hotspot keeps the hover tooltip";
}

}  // namespace
}  // namespace grip::report

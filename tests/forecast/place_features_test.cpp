// Place features of the learned models (place_features.hpp) against values worked by hand: box sums,
// the densest places kept apart, distances to them, and an area's mean rate per cell and window.
#include "grip/forecast/place_features.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "grip/core/errors.hpp"

namespace {

using namespace grip::forecast;

TEST(PlaceFeatures, BoxSumByHand) {
  // 3 × 2 grid, values 1..6 row-major from the south-west; 3×3 box (r = 1) clipped at the edges.
  const grip::geo::Grid grid(0.0, 0.0, 100.0, 3, 2);
  const std::vector<double> v = {1, 2, 3, 4, 5, 6};
  const auto sums = box_sum(grid, v, 1);
  EXPECT_EQ(sums, (std::vector<double>{12, 21, 16, 12, 21, 16}));
}

TEST(PlaceFeatures, PeaksAreTheDensestPlacesKeptApart) {
  // A 30 × 1 strip of 100 m cells: counts 5 at x = 2, 4 at x = 3, 3 at x = 20; r = 0 (no smoothing).
  const grip::geo::Grid grid(0.0, 0.0, 100.0, 30, 1);
  std::vector<double> v(30, 0.0);
  v[2] = 5, v[3] = 4, v[20] = 3;
  // 500 m apart: x = 3 is 100 m from x = 2 and is skipped; x = 20 is the second peak.
  EXPECT_EQ(density_peaks(grid, v, 0, 3, 500.0), (std::vector<std::size_t>{2, 20}));
  EXPECT_EQ(density_peaks(grid, v, 0, 3, 50.0), (std::vector<std::size_t>{2, 3, 20}));
  EXPECT_EQ(density_peaks(grid, v, 0, 1, 500.0), (std::vector<std::size_t>{2}));
  const std::vector<std::uint32_t> cells = {0, 10, 25};
  const std::vector<std::size_t> peaks = {2, 20};
  EXPECT_EQ(distance_to_nearest(grid, cells, peaks), (std::vector<double>{200.0, 800.0, 500.0}));
  EXPECT_TRUE(std::isinf(distance_to_nearest(grid, cells, {})[0]));
}

TEST(PlaceFeatures, AreaRateIsTheAreasCountPerCellAndWindow) {
  // Areas 0 (cells 0-2: 6 events) and 1 (cell 3: 1 event), cell 4 outside (1 event), over 2 windows.
  const std::vector<std::int32_t> area = {0, 0, 0, 1, -1};
  const std::vector<double> counts = {3, 0, 3, 1, 1};
  const auto rate = area_mean_rate(area, counts, 2.0);
  EXPECT_DOUBLE_EQ(rate[0], 6.0 / 6.0);
  EXPECT_DOUBLE_EQ(rate[1], 1.0);
  EXPECT_DOUBLE_EQ(rate[3], 1.0 / 2.0);
  EXPECT_DOUBLE_EQ(rate[4], 8.0 / 10.0);  // outside every area: the study area's 8 events / (5 cells × 2)
  EXPECT_THROW((void)area_mean_rate(area, counts, 0.0), grip::UsageError);
}

}  // namespace

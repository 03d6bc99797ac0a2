#include "grip/geo/grid.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstddef>
#include <limits>
#include <vector>

#include "grip/core/errors.hpp"

namespace {

using grip::geo::bin_points;
using grip::geo::Grid;

TEST(Grid, CellOfPointIsRowMajorFromSouthWest) {
  const Grid grid(1000.0, 2000.0, 100.0, 5, 4);
  EXPECT_EQ(grid.cell_count(), 20u);
  EXPECT_EQ(grid.cell_of(1050.0, 2050.0), 0u);
  EXPECT_EQ(grid.cell_of(1000.0, 2000.0), 0u);             // the origin is inside
  EXPECT_EQ(grid.cell_of(1250.0, 2150.0), 7u);             // col 2, row 1
  EXPECT_EQ(grid.cell_of(1499.999, 2399.999), 19u);        // last cell
  EXPECT_FALSE(grid.cell_of(1500.0, 2100.0).has_value());  // east edge is outside (half-open)
  EXPECT_FALSE(grid.cell_of(1100.0, 2400.0).has_value());  // north edge
  EXPECT_FALSE(grid.cell_of(999.999, 2100.0).has_value());
  EXPECT_FALSE(grid.cell_of(std::nan(""), 2100.0).has_value());
  EXPECT_FALSE(grid.cell_of(1100.0, std::numeric_limits<double>::infinity()).has_value());
}

TEST(Grid, CellCentre) {
  const Grid grid(1000.0, 2000.0, 100.0, 5, 4);
  const auto centre = grid.cell_centre(7);
  EXPECT_DOUBLE_EQ(centre.x, 1250.0);
  EXPECT_DOUBLE_EQ(centre.y, 2150.0);
  EXPECT_EQ(grid.col_of(7), 2u);
  EXPECT_EQ(grid.row_of(7), 1u);
  EXPECT_EQ(grid.cell(2, 1), 7u);
  EXPECT_DOUBLE_EQ(grid.cell_area(), 10000.0);
}

TEST(Grid, CoveringIncludesTheFarEdge) {
  const Grid grid = Grid::covering(0.0, 0.0, 1000.0, 500.0, 100.0);
  EXPECT_EQ(grid.nx(), 11u);
  EXPECT_EQ(grid.ny(), 6u);
  EXPECT_TRUE(grid.cell_of(1000.0, 500.0).has_value());
  const Grid single = Grid::covering(5.0, 5.0, 5.0, 5.0, 100.0);
  EXPECT_EQ(single.cell_count(), 1u);
}

TEST(Grid, RefusesAbsurdGrids) {
  EXPECT_THROW(Grid(0, 0, 0.0, 10, 10), grip::UsageError);
  EXPECT_THROW(Grid(0, 0, -100.0, 10, 10), grip::UsageError);
  EXPECT_THROW(Grid(0, 0, std::nan(""), 10, 10), grip::UsageError);
  EXPECT_THROW(Grid(std::nan(""), 0, 100.0, 10, 10), grip::UsageError);
  EXPECT_THROW(Grid(0, 0, 100.0, 0, 10), grip::UsageError);
  EXPECT_THROW(Grid(0, 0, 1.0, 10'000, 10'000), grip::UsageError);  // 100 million cells
  EXPECT_THROW(Grid(0, 0, 1.0, std::numeric_limits<std::size_t>::max(), 2), grip::UsageError);
  EXPECT_NO_THROW(Grid(0, 0, 1.0, 10'000, 5'000));  // exactly the limit
  // Great Britain at 1 m.
  EXPECT_THROW((void)Grid::covering(0, 0, 700'000, 1'300'000, 1.0), grip::UsageError);
  EXPECT_THROW((void)Grid::covering(10, 0, 0, 10, 1.0), grip::UsageError);
}

TEST(Grid, BinsWeightedPoints) {
  const Grid grid(0.0, 0.0, 10.0, 3, 2);
  const std::vector<double> xs = {1, 2, 15, 29, 35, -1, 5};
  const std::vector<double> ys = {1, 3, 5, 19, 5, 5, std::nan("")};
  const std::vector<double> weights = {1.0, 2.5, 1.0, 4.0, 7.0, 8.0, 3.0};
  const auto binned = bin_points(grid, xs, ys, weights);
  const std::vector<double> expected = {3.5, 1.0, 0.0, 0.0, 0.0, 4.0};
  EXPECT_EQ(binned.per_cell, expected);
  EXPECT_EQ(binned.points_outside, 3u);
  EXPECT_DOUBLE_EQ(binned.weight_outside, 18.0);
  const auto unweighted = bin_points(grid, xs, ys);
  EXPECT_DOUBLE_EQ(unweighted.per_cell[0], 2.0);
  EXPECT_THROW((void)bin_points(grid, xs, std::vector<double>{1.0}), grip::UsageError);
  EXPECT_THROW((void)bin_points(grid, xs, ys, std::vector<double>{1, 1, 1, 1, 1, 1, -1}), grip::UsageError);
}

}  // namespace

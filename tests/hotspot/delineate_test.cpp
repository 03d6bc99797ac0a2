#include "grip/hotspot/delineate.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

#include "grip/core/errors.hpp"

namespace {

using grip::geo::Grid;
using grip::hotspot::Adjacency;
using grip::hotspot::connected_cells;

// 6 x 4 grid, row 0 first (cell = row·6 + col):
//   row 3:  . . . . X X      cells 22, 23
//   row 2:  X . . . . X      cells 12, 17
//   row 1:  . X . X . .      cells 7, 9
//   row 0:  X . . X . .      cells 0, 3
// Queen: {0, 7, 12} (corners), {3, 9}, {17, 22, 23}. Rook: {0}, {3, 9}, {7}, {12}, {17, 22, 23}.
const std::vector<std::uint8_t> kFlags = {1, 0, 0, 1, 0, 0,  //
                                          0, 1, 0, 1, 0, 0,  //
                                          1, 0, 0, 0, 0, 1,  //
                                          0, 0, 0, 0, 1, 1};

TEST(ConnectedCells, QueenJoinsCornerTouchingCells) {
  const Grid grid(0.0, 0.0, 100.0, 6, 4);
  const auto result = connected_cells(grid, kFlags);
  const std::vector<std::vector<std::size_t>> expected = {{0, 7, 12}, {3, 9}, {17, 22, 23}};
  EXPECT_EQ(result.groups, expected);
  EXPECT_EQ(result.group_of_cell[12], 0);
  EXPECT_EQ(result.group_of_cell[9], 1);
  EXPECT_EQ(result.group_of_cell[22], 2);
  EXPECT_EQ(result.group_of_cell[1], -1);
}

TEST(ConnectedCells, RookNeedsASharedEdge) {
  const Grid grid(0.0, 0.0, 100.0, 6, 4);
  const auto result = connected_cells(grid, kFlags, Adjacency::kRook);
  const std::vector<std::vector<std::size_t>> expected = {{0}, {3, 9}, {7}, {12}, {17, 22, 23}};
  EXPECT_EQ(result.groups, expected);
}

TEST(ConnectedCells, DoesNotWrapAroundRows) {
  // Cell 5 (east end of row 0) and cell 6 (west end of row 1) are far apart on the map.
  const Grid grid(0.0, 0.0, 100.0, 6, 2);
  std::vector<std::uint8_t> flags(12, 0);
  flags[5] = 1;
  flags[6] = 1;
  EXPECT_EQ(connected_cells(grid, flags).groups.size(), 2u);
}

TEST(ConnectedCells, ArchMergesLateIntoOneGroup) {
  // The two legs are apart until the top row joins them:
  //   X X X   (row 2)
  //   X . X
  //   X . X   (row 0)
  const Grid grid(0.0, 0.0, 100.0, 3, 3);
  const std::vector<std::uint8_t> flags = {1, 0, 1, 1, 0, 1, 1, 1, 1};
  const auto result = connected_cells(grid, flags, Adjacency::kRook);
  ASSERT_EQ(result.groups.size(), 1u);
  EXPECT_EQ(result.groups[0], (std::vector<std::size_t>{0, 2, 3, 5, 6, 7, 8}));
}

TEST(ConnectedCells, RefusesWrongLength) {
  const Grid grid(0.0, 0.0, 100.0, 3, 3);
  EXPECT_THROW((void)connected_cells(grid, std::vector<std::uint8_t>(8, 0)), grip::UsageError);
}

}  // namespace

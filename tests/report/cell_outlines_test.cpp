// Cell outlines against hand-drawn ones: a square, an L, a ring with a hole, two cells touching at
// a corner; and, on a random grid, the property that a class's rings enclose exactly its cells.
#include "grip/report/cell_outlines.hpp"

#include <gtest/gtest.h>

#include <random>

#include "grip/core/errors.hpp"

namespace grip::report {
namespace {

std::vector<ClassOutline> outlines(std::size_t nx, std::size_t ny, const std::vector<int>& classes) {
  return class_outlines(nx, ny, classes);
}

TEST(CellOutlines, OneCellIsItsFourCornersCounterClockwise) {
  const auto result = outlines(3, 3, {0, 0, 0, 0, 7, 0, 0, 0, 0});
  ASSERT_EQ(result.size(), 1u);
  EXPECT_EQ(result[0].value, 7);
  EXPECT_EQ(result[0].cells, 1u);
  ASSERT_EQ(result[0].rings.size(), 1u);
  const auto& ring = result[0].rings[0];
  ASSERT_EQ(ring.size(), 4u);
  EXPECT_EQ(twice_signed_area(ring), 2) << "one cell, counter-clockwise";
  for (const auto& corner : ring) {
    EXPECT_TRUE(corner.col == 1 || corner.col == 2);
    EXPECT_TRUE(corner.row == 1 || corner.row == 2);
  }
}

TEST(CellOutlines, StraightRunsKeepOnlyTheirEnds) {
  // A 3 × 2 block: 4 corners, not the 10 cell corners along its edge.
  const auto block = outlines(3, 2, {1, 1, 1, 1, 1, 1});
  ASSERT_EQ(block.size(), 1u);
  ASSERT_EQ(block[0].rings.size(), 1u);
  EXPECT_EQ(block[0].rings[0].size(), 4u);
  EXPECT_EQ(twice_signed_area(block[0].rings[0]), 12);
  // An L of three cells: six corners, (0,0) (2,0) (2,1) (1,1) (1,2) (0,2) in some rotation.
  const auto l_shape = outlines(2, 2, {1, 1, 1, 0});
  ASSERT_EQ(l_shape[0].rings.size(), 1u);
  const auto& ring = l_shape[0].rings[0];
  ASSERT_EQ(ring.size(), 6u);
  EXPECT_EQ(twice_signed_area(ring), 6);
  const std::vector<GridCorner> expected = {{0, 0}, {2, 0}, {2, 1}, {1, 1}, {1, 2}, {0, 2}};
  const auto start = std::find(ring.begin(), ring.end(), GridCorner{0, 0});
  ASSERT_NE(start, ring.end());
  for (std::size_t i = 0; i < expected.size(); ++i) {
    EXPECT_EQ(ring[(static_cast<std::size_t>(start - ring.begin()) + i) % ring.size()], expected[i]) << i;
  }
}

TEST(CellOutlines, AHoleIsAClockwiseRing) {
  const auto result = outlines(3, 3, {2, 2, 2, 2, 0, 2, 2, 2, 2});
  ASSERT_EQ(result.size(), 1u);
  EXPECT_EQ(result[0].cells, 8u);
  ASSERT_EQ(result[0].rings.size(), 2u);
  std::vector<std::int64_t> areas = {twice_signed_area(result[0].rings[0]),
                                     twice_signed_area(result[0].rings[1])};
  std::sort(areas.begin(), areas.end());
  EXPECT_EQ(areas[0], -2) << "the hole, clockwise";
  EXPECT_EQ(areas[1], 18) << "the outer ring, counter-clockwise";
}

TEST(CellOutlines, CellsTouchingAtACornerStayTwoRings) {
  const auto result = outlines(2, 2, {3, 0, 0, 3});
  ASSERT_EQ(result.size(), 1u);
  ASSERT_EQ(result[0].rings.size(), 2u);
  for (const auto& ring : result[0].rings) {
    EXPECT_EQ(ring.size(), 4u);
    EXPECT_EQ(twice_signed_area(ring), 2);
  }
}

TEST(CellOutlines, EachClassIsOutlinedApartAndSkipIsNot) {
  const auto result = outlines(3, 1, {-1, 0, 3});
  ASSERT_EQ(result.size(), 2u);
  EXPECT_EQ(result[0].value, -1);
  EXPECT_EQ(result[1].value, 3);
}

TEST(CellOutlines, RingsEncloseExactlyTheCellsOfARandomGrid) {
  std::mt19937 random(20250101);
  std::uniform_int_distribution<int> pick(-1, 2);
  const std::size_t nx = 37, ny = 23;
  std::vector<int> classes(nx * ny);
  for (auto& value : classes) value = pick(random);
  const auto result = outlines(nx, ny, classes);
  ASSERT_EQ(result.size(), 3u);
  for (const auto& outline : result) {
    std::int64_t area = 0;
    for (const auto& ring : outline.rings) {
      area += twice_signed_area(ring);
      // Every kept corner turns: no three consecutive corners on one line.
      for (std::size_t i = 0; i < ring.size(); ++i) {
        const auto& a = ring[i];
        const auto& b = ring[(i + 1) % ring.size()];
        const auto& c = ring[(i + 2) % ring.size()];
        EXPECT_NE((b.col - a.col) * (c.row - b.row) - (b.row - a.row) * (c.col - b.col), 0);
        EXPECT_TRUE(a.col == b.col || a.row == b.row) << "edges run along the grid lines";
      }
    }
    const auto cells = static_cast<std::int64_t>(std::count(classes.begin(), classes.end(), outline.value));
    EXPECT_EQ(static_cast<std::int64_t>(outline.cells), cells);
    EXPECT_EQ(area, 2 * cells) << "class " << outline.value;
  }
}

TEST(CellOutlines, RefusesClassesThatDoNotFitTheGrid) {
  EXPECT_THROW((void)class_outlines(2, 2, std::vector<int>{1, 2, 3}), UsageError);
}

}  // namespace
}  // namespace grip::report

// The scanline rasteriser against a brute-force crossing-number test at every cell centre, on
// shapes with holes, several parts, concave edges and vertices exactly on cell-centre lines.
#include "grip/geo/polygon_raster.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <numbers>
#include <random>

#include "grip/core/errors.hpp"
#include "grip/geo/cell_outline.hpp"

namespace {

using namespace grip::geo;

void expect_matches_brute_force(const Grid& grid, const RingSet& shape) {
  std::vector<std::uint8_t> mask(grid.cell_count(), 0);
  const auto filled = rasterise(grid, shape, mask);
  std::size_t inside = 0;
  for (std::size_t c = 0; c < grid.cell_count(); ++c) {
    const auto centre = grid.cell_centre(c);
    const bool expected = point_in_rings(shape, centre.x, centre.y);
    inside += expected;
    ASSERT_EQ(mask[c] != 0, expected) << "cell " << c << " centre " << centre.x << "," << centre.y;
  }
  EXPECT_EQ(filled, inside);
}

std::vector<std::uint8_t> polygon_wkb(const std::vector<Ring>& rings) {
  std::vector<std::uint8_t> out{1};
  const auto put32 = [&](std::uint32_t v) {
    for (int i = 0; i < 4; ++i) out.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
  };
  const auto put64 = [&](double d) {
    std::uint64_t bits;
    std::memcpy(&bits, &d, 8);
    for (int i = 0; i < 8; ++i) out.push_back(static_cast<std::uint8_t>(bits >> (8 * i)));
  };
  put32(3);
  put32(static_cast<std::uint32_t>(rings.size()));
  for (const auto& ring : rings) {
    put32(static_cast<std::uint32_t>(ring.size()));
    for (const auto& p : ring) put64(p.x), put64(p.y);
  }
  return out;
}

TEST(PolygonRaster, StarWithHoleMatchesBruteForce) {
  const Grid grid(0, 0, 10, 120, 100);
  Ring star, hole;
  for (int k = 0; k < 22; ++k) {
    const double angle = 2 * std::numbers::pi * k / 22;
    const double radius = k % 2 ? 200 : 480;
    star.push_back({600 + radius * std::cos(angle), 500 + radius * std::sin(angle)});
  }
  star.push_back(star.front());
  hole = {{560, 460}, {640, 460}, {640, 540}, {560, 540}, {560, 460}};
  expect_matches_brute_force(grid, {{star, hole}, 0, 0, 0, 0});
}

TEST(PolygonRaster, RandomPolygonsWithVerticesOnCentreLinesMatchBruteForce) {
  std::mt19937 random(7);
  std::uniform_int_distribution<int> coordinate(-5, 105);
  const Grid grid(0, 0, 1, 100, 100);
  for (int trial = 0; trial < 50; ++trial) {
    RingSet shape;
    for (int part = 0; part < 2; ++part) {
      Ring ring;
      for (int k = 0; k < 12; ++k)
        ring.push_back({coordinate(random) + 0.5, coordinate(random) + 0.5 * (k % 2)});
      shape.rings.push_back(ring);  // self-intersecting is fine: even-odd either way
    }
    expect_matches_brute_force(grid, shape);
  }
}

TEST(PolygonRaster, DecodesGeoPackageMultiPolygon) {
  const auto square = polygon_wkb({{{0, 0}, {100, 0}, {100, 100}, {0, 100}, {0, 0}}});
  std::vector<std::uint8_t> blob{'G', 'P', 0, 0x03, 0, 0, 0, 0};  // little-endian header, XY envelope
  for (double v : {0.0, 100.0, 0.0, 100.0}) {
    std::uint64_t bits = 0;
    std::memcpy(&bits, &v, 8);
    for (int i = 0; i < 8; ++i) blob.push_back(static_cast<std::uint8_t>(bits >> (8 * i)));
  }
  for (const int b : {1, 6, 0, 0, 0, 1, 0, 0, 0}) blob.push_back(static_cast<std::uint8_t>(b));
  for (const auto b : square) blob.push_back(b);
  const auto shape = decode_polygon_blob(blob);
  ASSERT_EQ(shape.rings.size(), 1u);
  EXPECT_EQ(shape.max_x, 100.0);
  const Grid grid(-50, -50, 25, 10, 10);
  std::vector<std::uint8_t> mask(grid.cell_count());
  EXPECT_EQ(rasterise(grid, shape, mask), 16u);
  EXPECT_THROW((void)decode_polygon_blob(std::span(blob).first(blob.size() - 8)), std::invalid_argument);
}

TEST(PolygonRaster, RefusesAMaskOfTheWrongSize) {
  const Grid grid(0, 0, 1, 4, 4);
  std::vector<std::uint8_t> mask(3);
  EXPECT_THROW(rasterise(grid, RingSet{}, mask), grip::UsageError);
}

TEST(CellOutline, UnionOfTouchingCellsIsOnePolygonOfTheirArea) {
  const Grid grid(0, 0, 10, 5, 5);
  const std::vector<std::size_t> cells{0, 1, 6, 24};  // an L of three plus a far corner
  Bounds bounds;
  const auto wkb = cells_multipolygon_wkb(grid, cells, &bounds);
  const auto shape = decode_polygon_blob(wkb);
  EXPECT_EQ(shape.rings.size(), 2u);
  EXPECT_EQ(bounds.max_x, 50.0);
  std::vector<std::uint8_t> mask(grid.cell_count());
  EXPECT_EQ(rasterise(grid, shape, mask), 4u);
  for (const auto c : cells) EXPECT_EQ(mask[c], 1);
}

}  // namespace

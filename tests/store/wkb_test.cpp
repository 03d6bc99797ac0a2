// summarize_wkb: envelopes and the canonical little-endian form, against WKB written by hand.
#include "grip/store/wkb.hpp"

#include <gtest/gtest.h>

#include <bit>
#include <cstring>

namespace grip::store {
namespace {

void put32(std::vector<std::uint8_t>& out, std::uint32_t value, bool little) {
  for (int i = 0; i < 4; ++i) out.push_back(static_cast<std::uint8_t>(value >> (8 * (little ? i : 3 - i))));
}
void put_double(std::vector<std::uint8_t>& out, double value, bool little) {
  const auto bits = std::bit_cast<std::uint64_t>(value);
  for (int i = 0; i < 8; ++i) out.push_back(static_cast<std::uint8_t>(bits >> (8 * (little ? i : 7 - i))));
}

// A triangle polygon (one ring of four points, closed) in the given byte order.
std::vector<std::uint8_t> triangle(bool little) {
  std::vector<std::uint8_t> wkb{static_cast<std::uint8_t>(little ? 1 : 0)};
  put32(wkb, 3, little);
  put32(wkb, 1, little);
  put32(wkb, 4, little);
  for (auto [x, y] : {std::pair{1.5, -2.0}, {4.0, 3.25}, {-0.5, 1.0}, {1.5, -2.0}}) {
    put_double(wkb, x, little);
    put_double(wkb, y, little);
  }
  return wkb;
}

TEST(Wkb, BigEndianPolygonBecomesTheLittleEndianBytesWithItsEnvelope) {
  const auto summary = summarize_wkb(triangle(false));
  EXPECT_EQ(summary.little_endian, triangle(true));
  ASSERT_TRUE(summary.envelope.has_value());
  EXPECT_EQ(summary.envelope->min_x, -0.5);
  EXPECT_EQ(summary.envelope->max_x, 4.0);
  EXPECT_EQ(summary.envelope->min_y, -2.0);
  EXPECT_EQ(summary.envelope->max_y, 3.25);
  EXPECT_FALSE(summary.point.has_value());
}

TEST(Wkb, MultiPolygonOfMixedByteOrdersAndAPoint) {
  std::vector<std::uint8_t> multi{1};
  put32(multi, 6, true);
  put32(multi, 2, true);
  for (bool little : {true, false}) {
    const auto part = triangle(little);
    multi.insert(multi.end(), part.begin(), part.end());
  }
  const auto summary = summarize_wkb(multi);
  EXPECT_EQ(summary.little_endian.size(), multi.size());
  EXPECT_EQ(summarize_wkb(summary.little_endian).little_endian, summary.little_endian);

  std::vector<std::uint8_t> point{0};
  put32(point, 1, false);
  put_double(point, 540000.25, false);
  put_double(point, 180000.5, false);
  const auto decoded = summarize_wkb(point);
  ASSERT_TRUE(decoded.point.has_value());
  EXPECT_EQ(decoded.point->x, 540000.25);
  EXPECT_EQ(decoded.point->y, 180000.5);
}

TEST(Wkb, RefusesTruncatedTrailingAnd3d) {
  auto wkb = triangle(true);
  EXPECT_THROW((void)summarize_wkb(std::span(wkb).first(wkb.size() - 1)), std::invalid_argument);
  wkb.push_back(0);
  EXPECT_THROW((void)summarize_wkb(wkb), std::invalid_argument);
  std::vector<std::uint8_t> point_z{1};
  put32(point_z, 1001, true);
  EXPECT_THROW((void)summarize_wkb(point_z), std::invalid_argument);
}

}  // namespace
}  // namespace grip::store

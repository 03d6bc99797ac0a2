#include "grip/store/geometry_blob.hpp"

#include <gtest/gtest.h>

namespace grip::store {
namespace {

TEST(GeometryBlob, EncodesAPointAsTheGeoPackageSpecLaysItOut) {
  std::array<std::uint8_t, kPointBlobSize> blob{};
  encode_point(27700, 1.0, -2.0, blob);
  // Header: 'G' 'P', version 0, flags 0x01 (little endian, no envelope), srs_id 27700 = 0x6C34 LE.
  const std::uint8_t header[] = {0x47, 0x50, 0x00, 0x01, 0x34, 0x6C, 0x00, 0x00};
  for (std::size_t i = 0; i < 8; ++i) EXPECT_EQ(blob[i], header[i]) << "byte " << i;
  // WKB: byte order 1, type 1 (point), then IEEE 754 doubles 1.0 = 0x3FF0..., -2.0 = 0xC000....
  const std::uint8_t wkb[] = {0x01, 0x01, 0x00, 0x00, 0x00, 0, 0, 0, 0,    0,   0,
                              0xF0, 0x3F, 0,    0,    0,    0, 0, 0, 0x00, 0xC0};
  for (std::size_t i = 0; i < sizeof wkb; ++i) EXPECT_EQ(blob[8 + i], wkb[i]) << "byte " << 8 + i;
}

TEST(GeometryBlob, DecodesPointsWithAndWithoutEnvelopes) {
  std::array<std::uint8_t, kPointBlobSize> blob{};
  encode_point(4326, 0.738080, 52.042187, blob);
  const auto point = decode_point(blob);
  EXPECT_EQ(point.x, 0.738080);
  EXPECT_EQ(point.y, 52.042187);
  const auto wrapped = wrap_wkb(4326, {5, 5, 6, 6}, std::span(blob).subspan(8));
  EXPECT_EQ(wrapped[3], 0x03);  // little endian + envelope [minx, maxx, miny, maxy]
  EXPECT_EQ(decode_point(wrapped).y, 52.042187);
  EXPECT_THROW((void)decode_point(std::span(blob).subspan(0, 10)), std::invalid_argument);
}

}  // namespace
}  // namespace grip::store

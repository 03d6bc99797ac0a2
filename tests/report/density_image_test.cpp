// The density picture: quantile classes, PNG encoding read back through GDAL, and the warp to Web
// Mercator landing where PROJ puts the grid's corners.
#include "grip/report/density_image.hpp"

#include <cpl_vsi.h>
#include <gdal_priv.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "grip/core/errors.hpp"
#include "grip/geo/projection.hpp"

namespace grip::report {
namespace {

// Reads a PNG back through GDAL: (width, height, RGBA pixel-interleaved).
std::vector<std::uint8_t> decode_png(const std::vector<std::uint8_t>& png, int& width, int& height) {
  const std::string name = "/vsimem/density_image_test.png";
  VSILFILE* file = VSIFileFromMemBuffer(name.c_str(), const_cast<GByte*>(png.data()), png.size(), FALSE);
  VSIFCloseL(file);
  auto* dataset = GDALDataset::Open(name.c_str(), GDAL_OF_RASTER | GDAL_OF_READONLY);
  EXPECT_NE(dataset, nullptr);
  std::vector<std::uint8_t> rgba;
  if (dataset != nullptr) {
    width = dataset->GetRasterXSize();
    height = dataset->GetRasterYSize();
    EXPECT_EQ(dataset->GetRasterCount(), 4);
    rgba.resize(static_cast<std::size_t>(width * height * 4));
    int bands[] = {1, 2, 3, 4};
    EXPECT_EQ(dataset->RasterIO(GF_Read, 0, 0, width, height, rgba.data(), width, height, GDT_Byte, 4, bands,
                                4, 4 * width, 1, nullptr),
              CE_None);
    GDALClose(GDALDataset::ToHandle(dataset));
  }
  VSIUnlink(name.c_str());
  return rgba;
}

TEST(DensityImage, PngRoundTripsThroughGdal) {
  const std::vector<std::uint8_t> rgba = {255, 0, 0, 255, 0, 128, 255, 10, 1, 2, 3, 0,
                                          9,   9, 9, 200, 0, 0,   0,   0,  7, 7, 7, 7};
  const auto png = encode_png(3, 2, rgba);
  ASSERT_GT(png.size(), 8u);
  EXPECT_EQ(std::vector<std::uint8_t>(png.begin(), png.begin() + 8),
            (std::vector<std::uint8_t>{0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'}));
  int width = 0;
  int height = 0;
  EXPECT_EQ(decode_png(png, width, height), rgba);
  EXPECT_EQ(width, 3);
  EXPECT_EQ(height, 2);
  EXPECT_THROW((void)encode_png(3, 3, rgba), UsageError);
}

TEST(DensityImage, QuantileClassesPutTheTopCellsInTheDarkestClass) {
  std::vector<double> density(1000);
  for (std::size_t i = 0; i < density.size(); ++i) density[i] = static_cast<double>(i);  // 0 has no density
  const auto scale = density_scale(density, {});
  ASSERT_EQ(scale.classes.size(), 7u);
  for (std::size_t i = 1; i < scale.classes.size(); ++i)
    EXPECT_GT(scale.classes[i].lower, scale.classes[i - 1].lower);
  EXPECT_EQ(scale.classes.back().label, "top 1 %");
  // 999 positive values 1..999: the 99th percentile by index is value 1 + floor(0.99 · 998) = 989.
  EXPECT_DOUBLE_EQ(scale.classes.back().lower, 989.0);
  EXPECT_EQ(scale.colour_of(0.0).a, 0) << "no density: transparent";
  EXPECT_EQ(scale.colour_of(995.0).r, scale.classes.back().colour.r);
  EXPECT_LT(scale.colour_of(1.0).a, scale.colour_of(995.0).a) << "more opaque as density rises";

  // Out of the area does not count towards the classes.
  std::vector<std::uint8_t> in_area(1000, 0);
  in_area[5] = 1;
  const auto one = density_scale(density, in_area);
  ASSERT_EQ(one.classes.size(), 1u) << "equal breaks collapse";
  EXPECT_EQ(one.classes[0].label, "top 1 %");
  EXPECT_TRUE(density_scale(std::vector<double>(10, 0.0), {}).classes.empty());
}

TEST(DensityImage, GridImageIsNorthUpWithOnePixelPerCell) {
  const geo::Grid grid(570'000, 206'000, 100, 3, 2);
  // Row 0 is the south row; only the north-east cell has density.
  const std::vector<double> density = {0, 0, 0, 0, 0, 5};
  const auto scale = density_scale(density, {});
  const auto image = density_image_on_grid(grid, density, {}, scale);
  EXPECT_EQ(image.width, 3u);
  EXPECT_EQ(image.height, 2u);
  EXPECT_DOUBLE_EQ(image.west, 570'000);
  EXPECT_DOUBLE_EQ(image.north, 206'200);
  int width = 0;
  int height = 0;
  const auto rgba = decode_png(image.png, width, height);
  ASSERT_EQ(rgba.size(), 24u);
  EXPECT_GT(rgba[4 * 2 + 3], 0) << "top-right pixel is the north-east cell";
  for (int pixel = 0; pixel < 6; ++pixel) {
    if (pixel != 2) {
      EXPECT_EQ(rgba[static_cast<std::size_t>(4 * pixel + 3)], 0) << pixel;
    }
  }
  EXPECT_THROW((void)density_image_on_grid(grid, std::vector<double>(5, 1.0), {}, scale), UsageError);
}

TEST(DensityImage, WebMercatorImageCoversTheGridInLongitudeLatitude) {
  const geo::Grid grid(570'000, 206'000, 150, 40, 30);
  std::vector<double> density(grid.cell_count(), 1.0);
  const auto scale = density_scale(density, {});
  const auto image = density_image_web_mercator(grid, density, {}, "EPSG:27700", scale);
  ASSERT_FALSE(image.png.empty());
  // The picture's bounds are the grid's extent in WGS84 (GDAL rounds the warped size to whole
  // pixels, so each edge may sit up to about a cell inside or outside).
  const geo::Projector to_bng("EPSG:27700");
  std::vector<double> xs = {grid.x0(), grid.x_max(), grid.x0(), grid.x_max()};
  std::vector<double> ys = {grid.y0(), grid.y0(), grid.y_max(), grid.y_max()};
  to_bng.inverse(xs, ys);
  const auto [lon_min, lon_max] = std::minmax_element(xs.begin(), xs.end());
  const auto [lat_min, lat_max] = std::minmax_element(ys.begin(), ys.end());
  constexpr double kCellInDegrees = 0.003;  // a 150 m cell is about 0.0014° of latitude, 0.0022° of longitude
  EXPECT_NEAR(image.west, *lon_min, kCellInDegrees);
  EXPECT_NEAR(image.east, *lon_max, kCellInDegrees);
  EXPECT_NEAR(image.south, *lat_min, kCellInDegrees);
  EXPECT_NEAR(image.north, *lat_max, kCellInDegrees);
  EXPECT_THROW((void)density_image_web_mercator(grid, density, {}, "EPSG:not-a-crs", scale), UsageError);
}

}  // namespace
}  // namespace grip::report

#include "grip/report/density_image.hpp"

#include <cpl_vsi.h>
#include <gdal_priv.h>
#include <gdal_utils.h>
#include <ogr_spatialref.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <memory>
#include <numbers>

#include "grip/core/errors.hpp"
#include "grip/report/gdal_handles.hpp"

namespace grip::report {
namespace {

constexpr float kNoData = -1.0f;
constexpr double kEarthRadius = 6378137.0;  // EPSG:3857's sphere

void check_sizes(const geo::Grid& grid, std::span<const double> density,
                 std::span<const std::uint8_t> in_area) {
  if (density.size() != grid.cell_count() || (!in_area.empty() && in_area.size() != grid.cell_count())) {
    throw UsageError("density image: " + std::to_string(density.size()) + " densities and " +
                     std::to_string(in_area.size()) + " area flags for a grid of " +
                     std::to_string(grid.cell_count()) + " cells");
  }
}

// The grid as a one-band float raster, north-up (GDAL's row 0 is the grid's top row), no-data out
// of the area.
DatasetPtr grid_raster(const geo::Grid& grid, std::span<const double> density,
                       std::span<const std::uint8_t> in_area) {
  register_gdal_drivers();
  GDALDriver* mem = GetGDALDriverManager()->GetDriverByName("MEM");
  DatasetPtr raster(
      mem->Create("", static_cast<int>(grid.nx()), static_cast<int>(grid.ny()), 1, GDT_Float32, nullptr));
  double transform[6] = {grid.x0(), grid.cell_size(), 0.0, grid.y_max(), 0.0, -grid.cell_size()};
  raster->SetGeoTransform(transform);
  std::vector<float> values(grid.cell_count());
  for (std::size_t row = 0; row < grid.ny(); ++row) {
    const std::size_t top_row = grid.ny() - 1 - row;
    for (std::size_t col = 0; col < grid.nx(); ++col) {
      const std::size_t cell = grid.cell(col, row);
      const bool inside = in_area.empty() || in_area[cell] != 0;
      const double value = density[cell];
      values[top_row * grid.nx() + col] =
          inside && std::isfinite(value) ? static_cast<float>(value) : kNoData;
    }
  }
  GDALRasterBand* band = raster->GetRasterBand(1);
  band->SetNoDataValue(kNoData);
  if (band->RasterIO(GF_Write, 0, 0, static_cast<int>(grid.nx()), static_cast<int>(grid.ny()), values.data(),
                     static_cast<int>(grid.nx()), static_cast<int>(grid.ny()), GDT_Float32, 0, 0,
                     nullptr) != CE_None) {
    throw UsageError("density image: cannot fill the in-memory raster");
  }
  return raster;
}

std::vector<std::uint8_t> colour_band(GDALDataset& raster, const DensityScale& scale) {
  const int width = raster.GetRasterXSize();
  const int height = raster.GetRasterYSize();
  std::vector<float> values(static_cast<std::size_t>(width) * static_cast<std::size_t>(height));
  if (raster.GetRasterBand(1)->RasterIO(GF_Read, 0, 0, width, height, values.data(), width, height,
                                        GDT_Float32, 0, 0, nullptr) != CE_None) {
    throw UsageError("density image: cannot read the in-memory raster");
  }
  std::vector<std::uint8_t> rgba(values.size() * 4);
  for (std::size_t i = 0; i < values.size(); ++i) {
    const Rgba colour = values[i] < 0.0f ? Rgba{} : scale.colour_of(values[i]);
    rgba[4 * i] = colour.r;
    rgba[4 * i + 1] = colour.g;
    rgba[4 * i + 2] = colour.b;
    rgba[4 * i + 3] = colour.a;
  }
  return rgba;
}

double longitude_of(double x) { return x / kEarthRadius * 180.0 / std::numbers::pi; }
double latitude_of(double y) {
  return (2.0 * std::atan(std::exp(y / kEarthRadius)) - std::numbers::pi / 2.0) * 180.0 / std::numbers::pi;
}

}  // namespace

Rgba DensityScale::colour_of(double density) const noexcept {
  if (!(density > 0.0) || classes.empty() || density < classes.front().lower) return {};
  auto above = std::upper_bound(classes.begin(), classes.end(), density,
                                [](double value, const DensityClass& c) { return value < c.lower; });
  return std::prev(above)->colour;
}

DensityScale density_scale(std::span<const double> density, std::span<const std::uint8_t> in_area) {
  std::vector<double> positive;
  for (std::size_t i = 0; i < density.size(); ++i) {
    const bool inside = in_area.empty() || (i < in_area.size() && in_area[i] != 0);
    if (inside && std::isfinite(density[i]) && density[i] > 0.0) positive.push_back(density[i]);
  }
  DensityScale scale;
  if (positive.empty()) return scale;
  std::sort(positive.begin(), positive.end());
  struct Step {
    double quantile;
    Rgba colour;
    const char* label;
  };
  // ColorBrewer YlOrRd, 7 classes.
  constexpr Step kSteps[] = {
      {0.00, {255, 255, 178, 70}, "lower half"}, {0.50, {254, 217, 118, 110}, "top 50 %"},
      {0.75, {254, 178, 76, 140}, "top 25 %"},   {0.90, {253, 141, 60, 170}, "top 10 %"},
      {0.95, {252, 78, 42, 190}, "top 5 %"},     {0.98, {227, 26, 28, 210}, "top 2 %"},
      {0.99, {177, 0, 38, 230}, "top 1 %"},
  };
  for (const auto& step : kSteps) {
    const auto index = static_cast<std::size_t>(step.quantile * static_cast<double>(positive.size() - 1));
    const double lower = positive[index];
    // Equal breaks (many cells with one value): the higher class takes them.
    while (!scale.classes.empty() && scale.classes.back().lower >= lower) scale.classes.pop_back();
    scale.classes.push_back({lower, step.colour, step.label});
  }
  return scale;
}

std::vector<std::uint8_t> encode_png(std::size_t width, std::size_t height,
                                     std::span<const std::uint8_t> rgba) {
  if (width == 0 || height == 0 || rgba.size() != width * height * 4) {
    throw UsageError("PNG: " + std::to_string(rgba.size()) + " bytes for " + std::to_string(width) + " × " +
                     std::to_string(height) + " RGBA pixels");
  }
  register_gdal_drivers();
  GdalMessages messages;
  GDALDriver* mem = GetGDALDriverManager()->GetDriverByName("MEM");
  GDALDriver* png = GetGDALDriverManager()->GetDriverByName("PNG");
  if (mem == nullptr || png == nullptr) throw UsageError("PNG: this GDAL has no MEM or PNG driver");
  DatasetPtr image(mem->Create("", static_cast<int>(width), static_cast<int>(height), 4, GDT_Byte, nullptr));
  int bands[] = {1, 2, 3, 4};
  // Pixel-interleaved input: 4 bytes a pixel, 4·width a line, 1 between bands.
  if (image->RasterIO(GF_Write, 0, 0, static_cast<int>(width), static_cast<int>(height),
                      const_cast<std::uint8_t*>(rgba.data()), static_cast<int>(width),
                      static_cast<int>(height), GDT_Byte, 4, bands, 4, static_cast<GSpacing>(4 * width), 1,
                      nullptr) != CE_None) {
    throw UsageError("PNG: cannot fill the image: " + messages.error_text("GDAL failed"));
  }
  static std::atomic<unsigned> counter{0};
  const std::string name = "/vsimem/grip_report_" + std::to_string(counter++) + ".png";
  const char* const options[] = {"ZLEVEL=9", nullptr};
  DatasetPtr written(
      png->CreateCopy(name.c_str(), image.get(), FALSE, const_cast<char**>(options), nullptr, nullptr));
  if (!written) throw UsageError("PNG: cannot encode: " + messages.error_text("GDAL failed"));
  written.reset();
  vsi_l_offset length = 0;
  GByte* buffer = VSIGetMemFileBuffer(name.c_str(), &length, TRUE);
  std::vector<std::uint8_t> bytes(buffer, buffer + length);
  CPLFree(buffer);
  VSIUnlink((name + ".aux.xml").c_str());
  return bytes;
}

DensityImage density_image_on_grid(const geo::Grid& grid, std::span<const double> density,
                                   std::span<const std::uint8_t> in_area, const DensityScale& scale) {
  check_sizes(grid, density, in_area);
  DatasetPtr raster = grid_raster(grid, density, in_area);
  DensityImage image;
  image.width = grid.nx();
  image.height = grid.ny();
  image.png = encode_png(image.width, image.height, colour_band(*raster, scale));
  image.west = grid.x0();
  image.south = grid.y0();
  image.east = grid.x_max();
  image.north = grid.y_max();
  return image;
}

DensityImage density_image_web_mercator(const geo::Grid& grid, std::span<const double> density,
                                        std::span<const std::uint8_t> in_area, const std::string& grid_crs,
                                        const DensityScale& scale, std::size_t max_side) {
  check_sizes(grid, density, in_area);
  GdalMessages messages;
  OGRSpatialReference source_crs;
  if (source_crs.SetFromUserInput(grid_crs.c_str()) != OGRERR_NONE) {
    throw UsageError("density image: unknown CRS '" + grid_crs + "'");
  }
  DatasetPtr raster = grid_raster(grid, density, in_area);
  raster->SetSpatialRef(&source_crs);

  // GDAL's default output size keeps about one pixel a cell. Past max_side pixels a side, each
  // pixel shows the highest cell under it, so small intense hotspots stay visible.
  std::vector<std::string> arguments = {"-of",        "MEM", "-t_srs",     "EPSG:3857",
                                        "-srcnodata", "-1",  "-dstnodata", "-1"};
  const std::size_t longest = std::max(grid.nx(), grid.ny());
  if (longest > max_side) {
    const double shrink = static_cast<double>(max_side) / static_cast<double>(longest);
    const auto width =
        std::max<std::size_t>(1, static_cast<std::size_t>(static_cast<double>(grid.nx()) * shrink));
    const auto height =
        std::max<std::size_t>(1, static_cast<std::size_t>(static_cast<double>(grid.ny()) * shrink));
    arguments.insert(arguments.end(), {"-ts", std::to_string(width), std::to_string(height), "-r", "max"});
  } else {
    arguments.insert(arguments.end(), {"-r", "near"});
  }
  std::vector<char*> argv;
  for (auto& argument : arguments) argv.push_back(argument.data());
  argv.push_back(nullptr);

  std::unique_ptr<GDALWarpAppOptions, void (*)(GDALWarpAppOptions*)> options(
      GDALWarpAppOptionsNew(argv.data(), nullptr), GDALWarpAppOptionsFree);
  GDALDatasetH source = GDALDataset::ToHandle(raster.get());
  int usage_error = 0;
  DatasetPtr warped(GDALDataset::FromHandle(GDALWarp("", nullptr, 1, &source, options.get(), &usage_error)));
  if (!warped || usage_error != 0) {
    throw UsageError("density image: cannot warp to Web Mercator: " + messages.error_text("GDAL failed"));
  }
  double transform[6];
  warped->GetGeoTransform(transform);
  DensityImage image;
  image.width = static_cast<std::size_t>(warped->GetRasterXSize());
  image.height = static_cast<std::size_t>(warped->GetRasterYSize());
  image.png = encode_png(image.width, image.height, colour_band(*warped, scale));
  image.west = longitude_of(transform[0]);
  image.east = longitude_of(transform[0] + transform[1] * static_cast<double>(image.width));
  image.north = latitude_of(transform[3]);
  image.south = latitude_of(transform[3] + transform[5] * static_cast<double>(image.height));
  return image;
}

}  // namespace grip::report

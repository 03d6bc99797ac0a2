// Shapefile real fields are sized from the data: district areas of 10^8-10^9 m² must survive the
// DBF's 24-character field (GDAL's default 15 decimals would drop them).
#include <gdal_priv.h>
#include <gtest/gtest.h>
#include <ogrsf_frmts.h>

#include <filesystem>
#include <memory>

#include "grip/ingest/ingest_files.hpp"
#include "grip/report/layer_export.hpp"
#include "support/test_support.hpp"

namespace grip::report {
namespace {

TEST(ShapefileExport, KeepsLargeRealValues) {
  if (!test::have_shared_data()) GTEST_SKIP() << "../shared/data is not present";
  test::ScratchDir dir;
  const auto db = dir / "b.gpkg";
  // What export_layers reads: the file, or on PostGIS the store's GDAL name ("PG:...").
  std::filesystem::path source = db;
  {
    store::Store store(grip::test::store_locator(db));
    (void)ingest::ingest_files(store, {test::shared_data() / "boundaries" / "essex-districts.geojson"}, {});
    if (test::testing_postgis()) source = store.gdal_name();
  }
  const double stored = static_cast<double>(
      test::query_int(db, "SELECT CAST(area_m2 * 1000 AS BIGINT) FROM areas WHERE code = 'E07000066'"));
  const auto result = export_layers(source, {"areas"}, dir / "areas.shp");
  ASSERT_EQ(result.layers.at(0).features, 14);
  std::unique_ptr<GDALDataset> shapefile(
      GDALDataset::Open((dir / "areas.shp").c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
  ASSERT_TRUE(shapefile);
  OGRLayer* layer = shapefile->GetLayer(0);
  layer->SetAttributeFilter("code = 'E07000066'");  // Basildon, about 1.1e8 m²
  std::unique_ptr<OGRFeature> basildon(layer->GetNextFeature());
  ASSERT_TRUE(basildon);
  const double exported = basildon->GetFieldAsDouble("area_m2");
  EXPECT_GT(exported, 1e8);
  EXPECT_NEAR(exported * 1000, stored, 1000);  // the store value, to the millimetre²-scale of the print
}

}  // namespace
}  // namespace grip::report

// Layer export: a tiny data.police.uk file ingested into a store made here, exported to each
// format and read back with GDAL (counts, attributes, coordinates against the source CSV).
#include "grip/report/layer_export.hpp"

#include <gdal_priv.h>
#include <gtest/gtest.h>
#include <ogrsf_frmts.h>

#include <cmath>
#include <map>
#include <memory>
#include <string>

#include "grip/core/errors.hpp"
#include "grip/ingest/ingest_files.hpp"
#include "grip/report/gdal_handles.hpp"
#include "support/test_support.hpp"

namespace grip::report {
namespace {

namespace fs = std::filesystem;

struct SourceRow {
  std::string id;
  double longitude;
  double latitude;
  std::string type;
};

// Four Chelmsford-area crimes; lon/lat as written in the CSV.
const std::vector<SourceRow> kRows = {
    {"c1", 0.471234, 51.731234, "Robbery"},
    {"c2", 0.472345, 51.732345, "Violence and sexual offences"},
    {"c3", 0.473456, 51.733456, "Robbery"},
    {"c4", 0.480001, 51.740002, "Burglary"},
};

std::string street_csv() {
  std::string csv =
      "Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Crime type,"
      "Last outcome category,Context\n";
  for (const auto& row : kRows) {
    char position[64];
    std::snprintf(position, sizeof position, "%.6f,%.6f", row.longitude, row.latitude);
    csv += row.id + ",2018-01,Essex Police,Essex Police," + position +
           ",On or near High Street,E01021585,Chelmsford 011A," + row.type + ",Under investigation,\n";
  }
  return csv;
}

DatasetPtr open_vector(const fs::path& file) {
  DatasetPtr dataset(GDALDataset::Open(file.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
  EXPECT_TRUE(dataset) << "GDAL cannot open " << file;
  return dataset;
}

// source_id (or the field given) → feature, read back from the first (or named) layer.
std::map<std::string, OGRFeatureUniquePtr> features_by(OGRLayer& layer, const char* key_field) {
  std::map<std::string, OGRFeatureUniquePtr> features;
  layer.ResetReading();
  while (OGRFeatureUniquePtr feature{layer.GetNextFeature()}) {
    const std::string key = feature->GetFieldAsString(key_field);
    features.emplace(key, std::move(feature));
  }
  return features;
}

class LayerExport : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto csv = dir.write("2018-01-essex-street.csv", street_csv());
    store::Store store(grip::test::store_locator(db));
    const auto summary = ingest::ingest_files(store, {csv}, {});
    // What export_layers reads: the file, or on PostGIS the store's GDAL name ("PG:...").
    if (test::testing_postgis()) source = store.gdal_name();
    ASSERT_EQ(test::query_int(db, "SELECT count(*) FROM incidents"), 4);
  }
  // The store's projected position of a crime, as ingest wrote it.
  std::pair<double, double> store_xy(const std::string& id) {
    return {std::stod(test::query_text(db, "SELECT x FROM incidents WHERE source_id = '" + id + "'")),
            std::stod(test::query_text(db, "SELECT y FROM incidents WHERE source_id = '" + id + "'"))};
  }
  test::ScratchDir dir;
  fs::path db = dir / "store.gpkg";
  fs::path source = db;
};

TEST_F(LayerExport, GeoPackageKeepsFeaturesAttributesAndTheStoreCrs) {
  const auto result = export_layers(source, {"incidents"}, dir / "out.gpkg");
  ASSERT_EQ(result.layers.size(), 1u);
  EXPECT_EQ(result.format, ExportFormat::kGeoPackage);
  EXPECT_EQ(result.layers[0].features, 4);

  auto dataset = open_vector(dir / "out.gpkg");
  ASSERT_TRUE(dataset);
  OGRLayer* layer = dataset->GetLayerByName("incidents");
  ASSERT_NE(layer, nullptr);
  EXPECT_EQ(layer->GetFeatureCount(), 4);
  ASSERT_NE(layer->GetSpatialRef(), nullptr);
  EXPECT_STREQ(layer->GetSpatialRef()->GetAuthorityCode(nullptr), "27700");
  const auto features = features_by(*layer, "source_id");
  ASSERT_EQ(features.size(), 4u);
  EXPECT_STREQ(features.at("c4")->GetFieldAsString("category"), "Burglary");
  const auto [x, y] = store_xy("c2");
  const auto* point = features.at("c2")->GetGeometryRef()->toPoint();
  EXPECT_NEAR(point->getX(), x, 1e-6);
  EXPECT_NEAR(point->getY(), y, 1e-6);
}

TEST_F(LayerExport, GeoJsonIsRfc7946LongitudeLatitude) {
  const auto result = export_layers(source, {"incidents"}, dir / "out.geojson");
  EXPECT_EQ(result.format, ExportFormat::kGeoJson);
  const std::string text = test::read_file(dir / "out.geojson");
  EXPECT_EQ(text.find("\"crs\""), std::string::npos) << "RFC 7946 has no crs member; WGS84 is implied";

  auto dataset = open_vector(dir / "out.geojson");
  ASSERT_TRUE(dataset);
  OGRLayer* layer = dataset->GetLayer(0);
  EXPECT_EQ(layer->GetFeatureCount(), 4);
  const auto features = features_by(*layer, "source_id");
  for (const auto& row : kRows) {
    ASSERT_TRUE(features.count(row.id)) << row.id;
    const auto* point = features.at(row.id)->GetGeometryRef()->toPoint();
    EXPECT_NEAR(point->getX(), row.longitude, 1e-6) << row.id;
    EXPECT_NEAR(point->getY(), row.latitude, 1e-6) << row.id;
    EXPECT_EQ(features.at(row.id)->GetFieldAsString("category"), row.type);
  }
}

TEST_F(LayerExport, ShapefileReportsTheFieldsItHadToRename) {
  const auto result = export_layers(source, {"incidents"}, dir / "incidents.shp", {});
  ASSERT_EQ(result.layers.size(), 1u);
  std::map<std::string, std::string> renamed;
  for (const auto& rename : result.layers[0].renamed_fields) renamed[rename.from] = rename.to;
  EXPECT_EQ(renamed["source_line"], "source_lin");
  EXPECT_EQ(renamed["occurred_from"], "occurred_f");
  EXPECT_EQ(renamed.count("category"), 0u) << "short names are kept";
  bool warned = false;
  for (const auto& warning : result.warnings) warned |= warning.find("source_line") != std::string::npos;
  EXPECT_TRUE(warned) << "each rename is stated as a warning";

  auto dataset = open_vector(dir / "incidents.shp");
  ASSERT_TRUE(dataset);
  OGRLayer* layer = dataset->GetLayer(0);
  EXPECT_EQ(layer->GetFeatureCount(), 4);
  const auto features = features_by(*layer, "source_id");
  EXPECT_STREQ(features.at("c1")->GetFieldAsString("category"), "Robbery");
  EXPECT_EQ(features.at("c1")->GetFieldAsInteger("source_lin"), 2) << "line 2 of the CSV";
  const auto [x, y] = store_xy("c3");
  const auto* point = features.at("c3")->GetGeometryRef()->toPoint();
  EXPECT_NEAR(point->getX(), x, 1e-6);
  EXPECT_NEAR(point->getY(), y, 1e-6);
}

TEST_F(LayerExport, CsvCarriesGeometryAsWktOrAsXy) {
  (void)export_layers(source, {"incidents"}, dir / "wkt.csv");
  ExportOptions xy_options;
  xy_options.csv_geometry = CsvGeometry::kXy;
  (void)export_layers(source, {"incidents"}, dir / "xy.csv", xy_options);

  const std::string wkt_text = test::read_file(dir / "wkt.csv");
  EXPECT_EQ(wkt_text.rfind("WKT,", 0), 0u) << wkt_text.substr(0, 80);
  EXPECT_NE(wkt_text.find("POINT ("), std::string::npos);
  const std::string xy_text = test::read_file(dir / "xy.csv");
  EXPECT_EQ(xy_text.rfind("X,Y,", 0), 0u) << xy_text.substr(0, 80);

  for (const char* name : {"wkt.csv", "xy.csv"}) {
    auto dataset = open_vector(dir / name);
    ASSERT_TRUE(dataset);
    OGRLayer* layer = dataset->GetLayer(0);
    EXPECT_EQ(layer->GetFeatureCount(), 4) << name;
    const auto features = features_by(*layer, "source_id");
    const auto [x, y] = store_xy("c4");
    if (std::string(name) == "wkt.csv") {
      const auto* point = features.at("c4")->GetGeometryRef()->toPoint();
      EXPECT_NEAR(point->getX(), x, 1e-6);
      EXPECT_NEAR(point->getY(), y, 1e-6);
    } else {
      EXPECT_NEAR(features.at("c4")->GetFieldAsDouble("X"), x, 1e-6);
      EXPECT_NEAR(features.at("c4")->GetFieldAsDouble("Y"), y, 1e-6);
    }
    EXPECT_STREQ(features.at("c4")->GetFieldAsString("category"), "Burglary") << name;
  }
}

TEST_F(LayerExport, WhereClauseAndTargetCrsApply) {
  ExportOptions options;
  options.where = "category = 'Robbery'";
  options.target_crs = "EPSG:4326";
  const auto result = export_layers(source, {"incidents"}, dir / "robbery.gpkg", options);
  EXPECT_EQ(result.layers.at(0).features, 2);
  auto dataset = open_vector(dir / "robbery.gpkg");
  ASSERT_TRUE(dataset);
  OGRLayer* layer = dataset->GetLayerByName("incidents");
  ASSERT_NE(layer, nullptr);
  EXPECT_EQ(layer->GetFeatureCount(), 2);
  const auto features = features_by(*layer, "source_id");
  const auto* point = features.at("c3")->GetGeometryRef()->toPoint();
  EXPECT_NEAR(point->getX(), kRows[2].longitude, 1e-6);
  EXPECT_NEAR(point->getY(), kRows[2].latitude, 1e-6);
}

TEST_F(LayerExport, SeveralLayersGoIntoOneGeoPackageOrAFolder) {
  auto result = export_layers(source, {"incidents", "ingest_batches"}, dir / "both.gpkg");
  ASSERT_EQ(result.layers.size(), 2u);
  {
    auto dataset = open_vector(dir / "both.gpkg");
    ASSERT_TRUE(dataset);
    ASSERT_NE(dataset->GetLayerByName("incidents"), nullptr);
    ASSERT_NE(dataset->GetLayerByName("ingest_batches"), nullptr);
    EXPECT_EQ(dataset->GetLayerByName("incidents")->GetFeatureCount(), 4);
    EXPECT_EQ(dataset->GetLayerByName("ingest_batches")->GetFeatureCount(), 1);
    EXPECT_EQ(dataset->GetLayerByName("stop_searches"), nullptr) << "only the layers asked for";
  }
  // Exporting again replaces the file rather than appending to it.
  result = export_layers(source, {"incidents"}, dir / "both.gpkg");
  {
    auto dataset = open_vector(dir / "both.gpkg");
    ASSERT_TRUE(dataset);
    EXPECT_EQ(dataset->GetLayerByName("ingest_batches"), nullptr);
    EXPECT_EQ(dataset->GetLayerByName("incidents")->GetFeatureCount(), 4);
  }

  ExportOptions csv;
  csv.format = ExportFormat::kCsv;
  result = export_layers(source, {"incidents", "ingest_batches"}, dir / "tables", csv);
  ASSERT_EQ(result.layers.size(), 2u);
  EXPECT_EQ(result.layers[0].file, dir / "tables" / "incidents.csv");
  EXPECT_TRUE(fs::exists(dir / "tables" / "incidents.csv"));
  EXPECT_TRUE(fs::exists(dir / "tables" / "ingest_batches.csv"));
}

TEST_F(LayerExport, RefusesWhatItCannotDoWithClearErrors) {
  EXPECT_THROW((void)parse_export_format("kml"), UsageError);
  EXPECT_EQ(parse_export_format("Shapefile"), ExportFormat::kShapefile);
  EXPECT_EQ(format_from_extension("a/b.GeoJSON"), ExportFormat::kGeoJson);
  EXPECT_THROW((void)export_layers(source, {"incidents"}, dir / "out.kml"), UsageError);
  EXPECT_THROW((void)export_layers(source, {"no_such_layer"}, dir / "out.gpkg"), UsageError);
  EXPECT_THROW((void)export_layers(source, {}, dir / "out.gpkg"), UsageError);
  EXPECT_THROW((void)export_layers(source, {"incidents", "areas"}, dir / "two.geojson"), UsageError);

  ExportOptions bad_where;
  bad_where.where = "no_such_column = 1";
  EXPECT_THROW((void)export_layers(source, {"incidents"}, dir / "out.gpkg", bad_where), UsageError);

  ExportOptions xy;
  xy.csv_geometry = CsvGeometry::kXy;
  EXPECT_THROW((void)export_layers(source, {"areas"}, dir / "areas.csv", xy), UsageError);

  try {
    (void)export_layers(source, {"incidents"}, dir / "missing-folder" / "out.geojson");
    FAIL() << "an output in a folder that does not exist must be refused";
  } catch (const OutputError& error) {
    EXPECT_NE(std::string(error.what()).find("missing-folder"), std::string::npos) << error.what();
  }
  EXPECT_THROW((void)export_layers(dir / "no-store.gpkg", {"incidents"}, dir / "out.gpkg"), InputError);
  EXPECT_FALSE(fs::exists(dir / "out.gpkg")) << "nothing written by a refused export";
}

}  // namespace
}  // namespace grip::report

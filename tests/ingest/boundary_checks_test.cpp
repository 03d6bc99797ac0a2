// Boundaries that belong to another place are refused (outside the store CRS's area of use, or far
// from the stored incidents), and an invalid outline is repaired so that its stored area and its
// even-odd raster agree, or refused when it cannot be.
#include "grip/ingest/boundary_checks.hpp"

#include <gtest/gtest.h>

#include "grip/geo/polygon_raster.hpp"
#include "grip/store/store.hpp"
#include "support/test_support.hpp"

namespace grip::ingest {
namespace {

namespace fs = std::filesystem;

BoundaryPlacement essex_in_british_national_grid() {
  BoundaryPlacement p;
  p.store_crs = "EPSG:27700 (OSGB36 / British National Grid)";
  p.store_area_of_use = {-9.5, 49.3, 2.5, 61.5};
  p.boundaries_lon_lat = {-0.02, 51.45, 1.30, 52.10};
  p.boundaries = {540000, 170000, 625000, 250000};
  return p;
}

TEST(BoundaryChecks, GapBetweenExtentsIsTheShortestDistance) {
  // 3 m apart in x and 4 m in y: 5 m corner to corner.
  EXPECT_DOUBLE_EQ(gap_between({0, 0, 10, 10}, {13, 14, 20, 20}), 5.0);
  EXPECT_DOUBLE_EQ(gap_between({0, 0, 10, 10}, {5, 5, 20, 20}), 0.0);
  EXPECT_DOUBLE_EQ(gap_between({0, 0, 10, 10}, {0, 30, 10, 40}), 20.0);
}

TEST(BoundaryChecks, AcceptsBoundariesInTheAreaOfUseAndNearTheIncidents) {
  auto p = essex_in_british_national_grid();
  EXPECT_FALSE(boundary_placement_problem(p));
  p.incidents = Extent{560000, 180000, 600000, 230000};  // inside
  EXPECT_FALSE(boundary_placement_problem(p));
  p.incidents = Extent{665000, 180000, 700000, 230000};  // 40 km east of the boundaries
  EXPECT_FALSE(boundary_placement_problem(p));
}

TEST(BoundaryChecks, RefusesBoundariesOutsideTheAreaOfUse) {
  auto p = essex_in_british_national_grid();
  p.boundaries_lon_lat = {-90.3, 34.9, -89.6, 35.4};  // Memphis
  const auto problem = boundary_placement_problem(p);
  ASSERT_TRUE(problem);
  EXPECT_NE(problem->find("EPSG:27700"), std::string::npos) << *problem;
  EXPECT_NE(problem->find("longitude -90.30 to -89.60"), std::string::npos) << *problem;
  EXPECT_NE(problem->find("outside the area of use"), std::string::npos) << *problem;
  // Straddling the edge is outside too, as is an extent that could not be transformed.
  p.boundaries_lon_lat = {2.0, 51.0, 3.0, 52.0};
  EXPECT_TRUE(boundary_placement_problem(p));
  p.boundaries_lon_lat = {std::numeric_limits<double>::infinity(), 0, 0, 0};
  EXPECT_TRUE(boundary_placement_problem(p));
}

TEST(BoundaryChecks, RefusesBoundariesFarFromTheStoredIncidents) {
  auto p = essex_in_british_national_grid();
  p.incidents = Extent{685000, 180000, 700000, 230000};  // 60 km east
  const auto problem = boundary_placement_problem(p);
  ASSERT_TRUE(problem);
  EXPECT_NE(problem->find("60 km from the stored incidents"), std::string::npos) << *problem;
}

class BoundaryRefusals : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!test::have_shared_data()) GTEST_SKIP() << "../shared/data is not present";
  }
  void expect_refused(const std::vector<std::string>& first, const fs::path& boundaries,
                      const std::string& reason, const std::vector<std::string>& boundary_options = {}) {
    auto arguments = std::vector<std::string>{"--db", db.string(), "ingest"};
    arguments.insert(arguments.end(), first.begin(), first.end());
    ASSERT_EQ(test::run_grip(arguments).exit_code, 0);
    arguments = {"--db", db.string(), "ingest", boundaries.string()};
    arguments.insert(arguments.end(), boundary_options.begin(), boundary_options.end());
    const auto result = test::run_grip(arguments);
    EXPECT_EQ(result.exit_code, 2) << result.out;
    EXPECT_NE(result.out.find(boundaries.string() + ": boundaries lie"), std::string::npos) << result.out;
    EXPECT_NE(result.out.find(reason), std::string::npos) << result.out;
    EXPECT_EQ(test::query_int(db, "SELECT count(*) FROM areas"), 0);
  }
  test::ScratchDir dir;
  fs::path db = dir / "s.gpkg";
};

TEST_F(BoundaryRefusals, EssexDistrictsIntoAMemphisStore) {
  expect_refused({"--mapping", std::string(GRIP_SOURCE_DIR) + "/examples/memphis-robberies.mapping.json",
                  (test::shared_data() / "incidents" / "memphis-robberies-2019.csv").string()},
                 test::shared_data() / "boundaries" / "essex-districts.geojson", "EPSG:32616");
}

TEST_F(BoundaryRefusals, MemphisPrecinctsIntoAnEssexStore) {
  expect_refused({(test::shared_data() / "police-uk" / "street" / "2018-01-essex-street.csv").string()},
                 test::shared_data() / "incidents" / "memphis-precincts.geojson", "EPSG:27700");
}

TEST_F(BoundaryRefusals, ChicagoDistrictsIntoAMemphisStoreAreTooFarFromItsIncidents) {
  // Chicago (87.6°W) lies inside UTM 16N's area of use, about 750 km north of Memphis.
  expect_refused({"--mapping", std::string(GRIP_SOURCE_DIR) + "/examples/memphis-robberies.mapping.json",
                  (test::shared_data() / "incidents" / "memphis-robberies-2019.csv").string()},
                 test::shared_data() / "incidents" / "chicago-police-districts.geojson",
                 "km from the stored incidents", {"--code-field", "district", "--name-field", "name"});
}

// A GeoJSON layer in British National Grid (the old "crs" member GDAL still reads) with one area.
std::string bng_layer(const std::string& ring) {
  return R"({"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::27700"}},)"
         R"("features":[{"type":"Feature","properties":{"LAD_CODE":"X1","LAD_NAME":"Bow tie"},)"
         R"("geometry":{"type":"Polygon","coordinates":[)" +
         ring + "]}}]}";
}

TEST(BoundaryRepair, BowTieIsRepairedAndItsAreaMatchesItsRaster) {
  test::ScratchDir dir;
  // Edges cross at (571000, 201000): two triangles, each with a 2,000 m base on x = 570000 or
  // x = 572000 and a 1,000 m height, 1,000,000 m² each. The ring's signed area is 0: they cancel.
  const auto file = dir.write("bowtie.geojson", bng_layer("[[570000,200000],[572000,202000],[572000,200000],"
                                                          "[570000,202000],[570000,200000]]"));
  const auto db = dir / "s.gpkg";
  const auto result = test::run_grip({"--db", db.string(), "ingest", file.string()});
  ASSERT_EQ(result.exit_code, 0) << result.out;
  EXPECT_NE(result.out.find("repaired with GEOS MakeValid: X1"), std::string::npos) << result.out;
  store::Store store(test::store_locator(db));
  auto query = store.database().prepare("SELECT area_m2, geom FROM areas WHERE code = 'X1'");
  ASSERT_TRUE(query->step());
  EXPECT_NEAR(query->column_double(0), 2'000'000, 1);
  const std::vector<std::uint8_t> blob = query->column_geometry(1);
  // Rasterised by cell centre at 10 m, the stored outline covers the same 2 km² (to the cells
  // the diagonal edges cut: about 2 × 4,500 m of edge × 5 m).
  const auto shape = geo::decode_polygon_blob(blob);
  const auto grid = geo::Grid::covering(570000, 200000, 572000, 202000, 10);
  std::vector<std::uint8_t> mask(grid.cell_count());
  const double raster_m2 = static_cast<double>(geo::rasterise(grid, shape, mask)) * 100;
  EXPECT_NEAR(raster_m2, 2'000'000, 2'000'000 * 0.02);
}

TEST(BoundaryRepair, OutlineThatCollapsesToALineIsRefused) {
  test::ScratchDir dir;
  const auto file = dir.write("line.geojson",
                              bng_layer("[[570000,200000],[571000,201000],[572000,202000],[570000,200000]]"));
  const auto db = dir / "s.gpkg";
  const auto result = test::run_grip({"--db", db.string(), "ingest", file.string()});
  EXPECT_EQ(result.exit_code, 2) << result.out;
  EXPECT_NE(result.out.find("cannot repair"), std::string::npos) << result.out;
}

}  // namespace
}  // namespace grip::ingest

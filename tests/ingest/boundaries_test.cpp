#include <gtest/gtest.h>

#include "grip/ingest/ingest_files.hpp"
#include "support/test_support.hpp"

namespace grip::ingest {
namespace {

TEST(Boundaries, LoadsEssexDistrictsAndLsoasWithTheirParents) {
  if (!test::have_shared_data()) GTEST_SKIP() << "../shared/data is not present";
  test::ScratchDir dir;
  const auto db = dir / "b.gpkg";
  {
    store::Store store(grip::test::store_locator(db));
    const auto summary = ingest_files(store, {test::shared_data() / "boundaries"}, {});
    EXPECT_EQ(summary.exit_code(), 0);
    EXPECT_EQ(summary.crs_code, "EPSG:27700");
  }
  EXPECT_EQ(test::query_int(db, "SELECT count(*) FROM areas WHERE kind = 'district'"), 14);
  EXPECT_EQ(test::query_int(db, "SELECT count(*) FROM areas WHERE kind = 'lsoa'"), 1077);
  EXPECT_EQ(test::query_int(db, "SELECT count(*) FROM areas WHERE kind = 'lsoa' AND parent_name IS NULL"), 0);
  // The Essex Police force area: Essex county (3,465 km²) + Southend-on-Sea (42 km²) + Thurrock
  // (164 km²) ≈ 3,670 km² (ONS Standard Area Measurements). The polygons are generalised, so 3 %.
  const double km2 =
      static_cast<double>(test::query_int(db,
                                          "SELECT CAST(sum(area_m2) / 1e6 AS INTEGER) FROM areas "
                                          "WHERE kind = 'district'"));
  EXPECT_NEAR(km2, 3670, 3670 * 0.03);
  EXPECT_EQ(test::query_text(db, "SELECT name FROM areas WHERE kind = 'district' AND code = 'E06000033'"),
            "Southend-on-Sea");
}

}  // namespace
}  // namespace grip::ingest

namespace grip::ingest {
namespace {

TEST(Boundaries, FeaturesSharingACodeBecomeOneArea) {
  test::ScratchDir dir;
  // Two 0.01° squares near Chelmsford under one code (an area and its island), and one other area.
  const auto square = [](double lon, double lat) {
    return "[[[" + std::to_string(lon) + "," + std::to_string(lat) + "],[" + std::to_string(lon + 0.01) +
           "," + std::to_string(lat) + "],[" + std::to_string(lon + 0.01) + "," + std::to_string(lat + 0.01) +
           "],[" + std::to_string(lon) + "," + std::to_string(lat + 0.01) + "],[" + std::to_string(lon) +
           "," + std::to_string(lat) + "]]]";
  };
  const auto feature = [&](const std::string& code, double lon, double lat) {
    return R"({"type":"Feature","properties":{"LAD_CODE":")" + code + R"(","LAD_NAME":"Area )" + code +
           R"("},"geometry":{"type":"Polygon","coordinates":)" + square(lon, lat) + "}}";
  };
  const auto file =
      dir.write("d.geojson", R"({"type":"FeatureCollection","features":[)" + feature("A", 0.40, 51.70) + "," +
                                 feature("A", 0.50, 51.70) + "," + feature("B", 0.60, 51.70) + "]}");
  const auto db = dir / "s.gpkg";
  {
    store::Store store(grip::test::store_locator(db));
    const auto summary = ingest_files(store, {file}, {});
    EXPECT_NE(summary.files.at(0).message.find("merged"), std::string::npos) << summary.files.at(0).message;
  }
  EXPECT_EQ(test::query_int(db, "SELECT count(*) FROM areas"), 2);
  // A 0.01° square at 51.7°N is about 0.01 × 111.3 km × cos(51.7°) by 0.01 × 111.3 km ≈ 0.690 × 1.113 km²:
  // the merged area holds two of them, the other one.
  const double ratio =
      static_cast<double>(test::query_int(db,
                                          "SELECT CAST(1000 * (SELECT area_m2 FROM areas WHERE code = 'A') / "
                                          "(SELECT area_m2 FROM areas WHERE code = 'B') AS INTEGER)")) /
      1000.0;
  EXPECT_NEAR(ratio, 2.0, 0.01);
}

}  // namespace
}  // namespace grip::ingest

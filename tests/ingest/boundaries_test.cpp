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
    store::Store store(db.string());
    const auto summary = ingest_files(store, {test::shared_data() / "boundaries"}, {});
    EXPECT_EQ(summary.exit_code(), 0);
    EXPECT_EQ(summary.crs_code, "EPSG:27700");
  }
  EXPECT_EQ(test::query_int(db, "SELECT count(*) FROM areas WHERE kind = 'district'"), 14);
  EXPECT_EQ(test::query_int(db, "SELECT count(*) FROM areas WHERE kind = 'lsoa'"), 1077);
  EXPECT_EQ(test::query_int(db, "SELECT count(*) FROM areas WHERE kind = 'lsoa' AND parent_name IS NULL"), 0);
  // The Essex Police force area: Essex county (3,465 km²) + Southend-on-Sea (42 km²) + Thurrock
  // (164 km²) ≈ 3,670 km² (ONS Standard Area Measurements). The polygons are generalised, so 3 %.
  const double km2 = static_cast<double>(test::query_int(db, "SELECT CAST(sum(area_m2) / 1e6 AS INTEGER) FROM areas "
                                                             "WHERE kind = 'district'"));
  EXPECT_NEAR(km2, 3670, 3670 * 0.03);
  EXPECT_EQ(test::query_text(db, "SELECT name FROM areas WHERE kind = 'district' AND code = 'E06000033'"),
            "Southend-on-Sea");
}

}  // namespace
}  // namespace grip::ingest

// The PostgreSQL engine against a real server: values, text and geometry round-trip exactly,
// statements count their changes, and the catalogue functions see what the server holds.
#include <gdal.h>
#include <gtest/gtest.h>
#include <ogr_srs_api.h>

#include <bit>
#include <cmath>
#include <limits>

#include "grip/core/errors.hpp"
#include "store/postgres_test_base.hpp"

namespace grip::test {
namespace {

using Bytes = std::vector<std::uint8_t>;

// Little-endian ISO WKB written byte by byte, so the expected bytes do not come from the engine.
void put_u32(Bytes& out, std::uint32_t value) {
  for (int i = 0; i < 4; ++i) out.push_back(static_cast<std::uint8_t>(value >> (8 * i)));
}
void put_double(Bytes& out, double value) {
  const auto bits = std::bit_cast<std::uint64_t>(value);
  for (int i = 0; i < 8; ++i) out.push_back(static_cast<std::uint8_t>(bits >> (8 * i)));
}
Bytes point_wkb(double x, double y) {
  Bytes wkb = {1};
  put_u32(wkb, 1);
  put_double(wkb, x);
  put_double(wkb, y);
  return wkb;
}
// Two squares, one of them with a square hole.
Bytes multipolygon_wkb() {
  Bytes wkb = {1};
  put_u32(wkb, 6);
  put_u32(wkb, 2);
  const auto ring = [&](double x0, double y0, double size) {
    put_u32(wkb, 5);
    const double xs[] = {x0, x0 + size, x0 + size, x0, x0}, ys[] = {y0, y0, y0 + size, y0 + size, y0};
    for (int i = 0; i < 5; ++i) {
      put_double(wkb, xs[i]);
      put_double(wkb, ys[i]);
    }
  };
  wkb.push_back(1);
  put_u32(wkb, 3);
  put_u32(wkb, 2);
  ring(0, 0, 10);
  ring(2, 2, 1);
  wkb.push_back(1);
  put_u32(wkb, 3);
  put_u32(wkb, 1);
  ring(20.5, 0, 5);
  return wkb;
}

constexpr store::Envelope kAnyEnvelope{0, 1, 0, 1};

class PostgresDatabase : public PostgresTest {};

TEST_F(PostgresDatabase, DdlMakesDoublePrecisionNotFloat4) {
  db->exec(db->ddl("CREATE TABLE t (id INTEGER PRIMARY KEY, v REAL)"));
  EXPECT_EQ(
      value("SELECT data_type FROM information_schema.columns WHERE table_name = 't' AND column_name = 'v'"),
      "double precision");
  EXPECT_EQ(
      value("SELECT data_type FROM information_schema.columns WHERE table_name = 't' AND column_name = 'id'"),
      "bigint");
}

TEST_F(PostgresDatabase, DoublesRoundTripBitIdenticalThroughBindAndCopy) {
  const std::vector<double> values = {0.1,
                                      1e-300,
                                      123456.789012345678,
                                      -0.0,
                                      5e-324,
                                      1.7976931348623157e308,
                                      530123.45678901234,
                                      std::numeric_limits<double>::infinity()};
  db->exec(db->ddl("CREATE TABLE t (id INTEGER PRIMARY KEY, v REAL)"));
  db->begin_write();
  auto insert = db->prepare("INSERT INTO t (id, v) VALUES (?, ?)");
  for (std::size_t i = 0; i < values.size(); ++i) {
    insert->bind(1, static_cast<std::int64_t>(i)).bind(2, values[i]);
    EXPECT_FALSE(insert->step());
    insert->reset();
  }
  auto sink = db->bulk_insert("t", {"id", "v"});
  for (std::size_t i = 0; i < values.size(); ++i) {
    sink->add(static_cast<std::int64_t>(100 + i));
    sink->add(values[i]);
    sink->end_row();
  }
  sink->finish();
  db->commit();
  db->begin_read();
  auto read = db->prepare("SELECT id, v FROM t ORDER BY id");
  std::size_t rows = 0;
  while (read->step()) {
    const auto i = static_cast<std::size_t>(read->column_int(0) % 100);
    EXPECT_EQ(std::bit_cast<std::uint64_t>(read->column_double(1)), std::bit_cast<std::uint64_t>(values[i]))
        << "value " << values[i];
    ++rows;
  }
  db->commit();
  EXPECT_EQ(rows, 2 * values.size());
  // The server holds the exact double, not a rounded text: 0.1 compares equal to the literal.
  EXPECT_EQ(value("SELECT count(*) FROM t WHERE v = 0.1::float8"), "2");
}

TEST_F(PostgresDatabase, AwkwardTextSurvivesCopyAndBind) {
  const std::vector<std::string> texts = {
      "tab\there", "new\nline",      "cr\rlf\r\n",      "back\\slash",
      "\\N",       "Café – Ñandú 😀", "it's \"quoted\"", " lead and trail "};
  db->exec("CREATE TABLE t (id BIGINT, s TEXT)");
  db->begin_write();
  auto sink = db->bulk_insert("t", {"id", "s"});
  for (std::size_t i = 0; i < texts.size(); ++i) {
    sink->add(static_cast<std::int64_t>(i));
    sink->add(texts[i]);
    sink->end_row();
  }
  sink->finish();
  auto insert = db->prepare("INSERT INTO t (id, s) VALUES (?, ?)");
  for (std::size_t i = 0; i < texts.size(); ++i) {
    insert->bind(1, static_cast<std::int64_t>(100 + i)).bind(2, std::string(texts[i]));
    insert->step();
    insert->reset();
  }
  db->commit();
  auto read = db->prepare("SELECT id, s FROM t ORDER BY id");
  int rows = 0;
  while (read->step()) {
    EXPECT_EQ(read->column_text(1), texts[static_cast<std::size_t>(read->column_int(0) % 100)]);
    EXPECT_FALSE(read->column_is_null(1));
    ++rows;
  }
  EXPECT_EQ(rows, 16);
  EXPECT_EQ(value("SELECT count(*) FROM t WHERE s = E'tab\\there'"), "2");
  EXPECT_EQ(value("SELECT length(s) FROM t WHERE id = 5"), "14");  // characters, not bytes: UTF-8 arrived
}

TEST_F(PostgresDatabase, NullsAreNullEverywhere) {
  db->exec("CREATE TABLE t (id BIGINT, n BIGINT, d DOUBLE PRECISION, s TEXT)");
  db->begin_write();
  auto sink = db->bulk_insert("t", {"id", "n", "d", "s"});
  sink->add(std::int64_t{1});
  sink->add_null();
  sink->add(std::nan(""));
  sink->add_or_null("");
  sink->end_row();
  sink->finish();
  auto insert = db->prepare("INSERT INTO t (id, n, d, s) VALUES (?1, ?2, ?3, ?4)");
  insert->bind(1, std::int64_t{2}).bind_null(2).bind(3, std::nan("")).bind_null(4).step();
  db->commit();
  EXPECT_EQ(value("SELECT count(*) FROM t WHERE n IS NULL AND d IS NULL AND s IS NULL"), "2");
  auto read = db->prepare("SELECT n, d, s FROM t");
  ASSERT_TRUE(read->step());
  EXPECT_TRUE(read->column_is_null(0));
  EXPECT_TRUE(read->column_is_null(1));
  EXPECT_TRUE(read->column_is_null(2));
  EXPECT_EQ(read->column_int(0), 0);
  EXPECT_EQ(read->column_double(1), 0.0);
  EXPECT_EQ(read->column_text(2), "");
}

TEST_F(PostgresDatabase, GeometryRoundTripsWithTheStoresSrid) {
  db->exec(db->ddl("CREATE TABLE place (id INTEGER PRIMARY KEY, geom POINT)"));
  db->exec(db->ddl("CREATE TABLE area (id INTEGER PRIMARY KEY, geom MULTIPOLYGON)"));
  db->begin_write();
  auto sink = db->bulk_insert("place", {"id", "geom"});
  sink->add(std::int64_t{1});
  sink->add_point(530000.5, 180000.25);
  sink->end_row();
  sink->add(std::int64_t{2});
  sink->add_geometry(point_wkb(-1.5, 2.75), kAnyEnvelope);
  sink->end_row();
  sink->finish();
  auto insert = db->prepare("INSERT INTO area (id, geom) VALUES (?, ?)");
  insert->bind(1, std::int64_t{1}).bind_geometry(2, multipolygon_wkb(), kAnyEnvelope).step();
  db->commit();

  EXPECT_EQ(value("SELECT ST_AsText(geom) FROM place WHERE id = 1"), "POINT(530000.5 180000.25)");
  EXPECT_EQ(value("SELECT string_agg(DISTINCT ST_SRID(geom)::text, ',') FROM place"), "27700");
  EXPECT_EQ(value("SELECT ST_SRID(geom) FROM area"), "27700");
  EXPECT_EQ(value("SELECT ST_Area(geom) FROM area"), "124");  // 100 - 1 + 25
  EXPECT_EQ(value("SELECT ST_NumGeometries(geom) FROM area"), "2");

  auto read = db->prepare("SELECT geom FROM place ORDER BY id");
  ASSERT_TRUE(read->step());
  EXPECT_EQ(read->column_geometry(0), point_wkb(530000.5, 180000.25));
  ASSERT_TRUE(read->step());
  EXPECT_EQ(read->column_geometry(0), point_wkb(-1.5, 2.75));
  auto area = db->prepare("SELECT geom FROM area");
  ASSERT_TRUE(area->step());
  EXPECT_EQ(area->column_geometry(0), multipolygon_wkb());
}

TEST_F(PostgresDatabase, ChangesCountRowsOfTheLastRun) {
  db->exec("CREATE TABLE t (id BIGINT, k TEXT)");
  auto insert = db->prepare(
      "INSERT INTO t (id, k) SELECT g, CASE WHEN g % 2 = 0 THEN 'even' ELSE 'odd' END "
      "FROM generate_series(1, ?) AS g");
  insert->bind(1, std::int64_t{5}).step();
  EXPECT_EQ(insert->changes(), 5);
  auto update = db->prepare("UPDATE t SET k = ? WHERE k = ?");
  update->bind(1, "two").bind(2, "even").step();
  EXPECT_EQ(update->changes(), 2);
  update->reset();
  update->bind(2, "nothing").step();
  EXPECT_EQ(update->changes(), 0);
  auto remove = db->prepare("DELETE FROM t WHERE id > ? RETURNING id");
  remove->bind(1, std::int64_t{3});
  int returned = 0;
  while (remove->step()) ++returned;
  EXPECT_EQ(returned, 2);
  EXPECT_EQ(remove->changes(), 2);
}

// A statement run once goes unnamed, one round trip; naming it (PREPARE, EXECUTE, DEALLOCATE)
// costs three, which a force's server across a network pays per statement. One run again is named
// then, once, so a loop is parsed and planned once.
TEST_F(PostgresDatabase, AStatementIsPreparedOnlyWhenItRunsASecondTime) {
  db->exec("CREATE TABLE t (id BIGINT)");
  const auto prepared_now = [&] {
    auto count = db->prepare("SELECT count(*) FROM pg_prepared_statements");
    EXPECT_TRUE(count->step());
    return count->column_int(0);
  };
  auto insert = db->prepare("INSERT INTO t (id) VALUES (?)");
  insert->bind(1, std::int64_t{1}).step();
  EXPECT_EQ(insert->changes(), 1);
  EXPECT_EQ(prepared_now(), 0);
  for (std::int64_t id = 2; id <= 4; ++id) {
    insert->reset();
    insert->bind(1, id).step();
    EXPECT_EQ(insert->changes(), 1);
  }
  EXPECT_EQ(prepared_now(), 1);
  insert.reset();
  EXPECT_EQ(prepared_now(), 0) << "the named statement is deallocated with its Query";
  EXPECT_EQ(value("SELECT string_agg(id::text, ',' ORDER BY id) FROM t"), "1,2,3,4");
}

TEST_F(PostgresDatabase, BooleansAndNumericsReadAsIntegers) {
  auto read = db->prepare("SELECT 1 < 2, 2 < 1, sum(g), avg(g) FROM generate_series(1, 4) AS g");
  ASSERT_TRUE(read->step());
  EXPECT_EQ(read->column_int(0), 1);
  EXPECT_EQ(read->column_int(1), 0);
  EXPECT_EQ(read->column_int(2), 10);
  EXPECT_EQ(read->column_double(3), 2.5);
  EXPECT_FALSE(read->step());
}

TEST_F(PostgresDatabase, SavepointRollbackKeepsTheRest) {
  db->exec("CREATE TABLE t (id BIGINT)");
  db->begin_write();
  db->exec("INSERT INTO t VALUES (1)");
  db->savepoint("file_2");
  db->exec("INSERT INTO t VALUES (2)");
  db->rollback_to("file_2");
  db->release("file_2");
  db->savepoint("file_3");
  db->exec("INSERT INTO t VALUES (3)");
  db->release("file_3");
  db->commit();
  EXPECT_EQ(value("SELECT string_agg(id::text, ',' ORDER BY id) FROM t"), "1,3");
}

TEST_F(PostgresDatabase, ReadsMoreRowsThanOneFetchWhileOtherStatementsRun) {
  constexpr std::int64_t kRows = 120'001;  // three FETCHes of 50,000
  db->exec("CREATE TABLE t (id BIGINT, v DOUBLE PRECISION)");
  db->begin_write();
  auto sink = db->bulk_insert("t", {"id", "v"});
  for (std::int64_t i = 1; i <= kRows; ++i) {
    sink->add(i);
    sink->add(static_cast<double>(i) / 4);
    sink->end_row();
  }
  sink->finish();
  db->commit();
  db->begin_read();
  auto read = db->prepare("SELECT id, v FROM t WHERE id >= ? ORDER BY id");
  read->bind(1, std::int64_t{1});
  auto lookup = db->prepare("SELECT count(*) FROM t WHERE id <= ?");
  std::int64_t rows = 0, id_sum = 0;
  double value_sum = 0;
  while (read->step()) {
    ++rows;
    id_sum += read->column_int(0);
    value_sum += read->column_double(1);
    if (rows % 40'000 == 0) {  // a statement between fetches, as store code does
      lookup->bind(1, rows);
      ASSERT_TRUE(lookup->step());
      EXPECT_EQ(lookup->column_int(0), rows);
      lookup->reset();
    }
  }
  db->commit();
  EXPECT_EQ(rows, kRows);
  EXPECT_EQ(id_sum, kRows * (kRows + 1) / 2);
  EXPECT_EQ(value_sum, static_cast<double>(kRows * (kRows + 1) / 2) / 4);
}

TEST_F(PostgresDatabase, CatalogueKnowsAnEmptyDatabaseAndRefusesAForeignOne) {
  EXPECT_TRUE(db->is_empty());  // PostGIS's spatial_ref_sys is not a table of the store
  db->create_catalogue();
  db->create_catalogue();
  EXPECT_TRUE(db->is_empty());
  EXPECT_NO_THROW(db->require_grip_store());
  db->exec("CREATE TABLE customers (id BIGINT)");
  EXPECT_FALSE(db->is_empty());
  try {
    db->require_grip_store();
    ADD_FAILURE() << "a database of someone else's tables was accepted";
  } catch (const StoreError& error) {
    EXPECT_NE(std::string(error.what())
                  .find("is a PostgreSQL database but not a Grip store; refusing to change it"),
              std::string::npos)
        << error.what();
  }
  db->exec("CREATE TABLE grip_schema_version (version BIGINT)");
  EXPECT_NO_THROW(db->require_grip_store());
  EXPECT_EQ(db->grip_tables(), (std::vector<std::string>{"customers", "grip_schema_version"}));
}

TEST_F(PostgresDatabase, FeatureLayersOpenInGdalWithTheStoresCrs) {
  db->register_crs(kBritishNationalGrid, "OSGB36 / British National Grid",
                   "PROJCS[\"unused, PostGIS has it\"]", "");
  db->register_crs(990001, "Test CRS", "LOCAL_CS[\"grip test\"]", "");
  EXPECT_EQ(value("SELECT auth_name || ':' || auth_srid FROM spatial_ref_sys WHERE srid = 990001"),
            "EPSG:990001");
  EXPECT_NE(value("SELECT srtext FROM spatial_ref_sys WHERE srid = 27700"),
            "PROJCS[\"unused, PostGIS has it\"]");
  db->exec(db->ddl("CREATE TABLE incident (id INTEGER PRIMARY KEY, offence TEXT, geom POINT)"));
  db->exec(db->ddl("CREATE TABLE month_total (month TEXT, total INTEGER)"));
  db->begin_write();
  auto sink = db->bulk_insert("incident", {"offence", "geom"});
  sink->add("burglary");
  sink->add_point(530000, 180000);
  sink->end_row();
  sink->finish();
  db->register_feature_layer("incident", "POINT", kBritishNationalGrid, "Recorded incidents");
  db->register_feature_layer("incident", "POINT", kBritishNationalGrid, "Recorded incidents");
  db->register_attribute_table("month_total", "Incidents per month");
  db->commit();
  EXPECT_EQ(value("SELECT type || ' ' || srid FROM geometry_columns WHERE f_table_name = 'incident'"),
            "POINT 27700");
  EXPECT_EQ(value("SELECT count(*) FROM pg_indexes WHERE indexname = 'incident_geom_gist'"), "1");
  EXPECT_EQ(value("SELECT obj_description('incident'::regclass)"), "Recorded incidents");

  GDALAllRegister();
  GDALDatasetH dataset =
      GDALOpenEx(db->gdal_name().c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, nullptr, nullptr);
  ASSERT_NE(dataset, nullptr) << db->gdal_name();
  OGRLayerH layer = GDALDatasetGetLayerByName(dataset, "incident");
  ASSERT_NE(layer, nullptr);
  EXPECT_EQ(OGR_L_GetFeatureCount(layer, 1), 1);
  OGRSpatialReferenceH srs = OGR_L_GetSpatialRef(layer);
  ASSERT_NE(srs, nullptr);
  EXPECT_STREQ(OSRGetAuthorityCode(srs, nullptr), "27700");
  EXPECT_NE(GDALDatasetGetLayerByName(dataset, "month_total"), nullptr);
  GDALClose(dataset);
}

TEST_F(PostgresDatabase, FailuresNameTheStatementAndLocationButNoPassword) {
  try {
    db->exec("SELECT * FROM no_such_table");
    ADD_FAILURE() << "no error";
  } catch (const StoreError& error) {
    const std::string message = error.what();
    EXPECT_NE(message.find(database().name()), std::string::npos) << message;
    EXPECT_NE(message.find("no_such_table"), std::string::npos) << message;
  }
  try {
    (void)store::open_postgis("postgresql://grip:s3cret@127.0.0.1:1/nowhere");
    ADD_FAILURE() << "connected to port 1";
  } catch (const StoreError& error) {
    const std::string message = error.what();
    EXPECT_NE(message.find("postgresql://grip@127.0.0.1:1/nowhere"), std::string::npos) << message;
    EXPECT_EQ(message.find("s3cret"), std::string::npos) << message;
  }
}

TEST_F(PostgresDatabase, CommitOfAFailedTransactionThrows) {
  db->exec("CREATE TABLE t (id BIGINT PRIMARY KEY)");
  db->begin_write();
  db->exec("INSERT INTO t VALUES (1)");
  EXPECT_THROW(db->exec("INSERT INTO t VALUES (1)"), StoreError);
  EXPECT_THROW(db->commit(), StoreError);
  EXPECT_EQ(value("SELECT count(*) FROM t"), "0");
  db->begin_write();  // the connection is usable again
  db->exec("INSERT INTO t VALUES (2)");
  db->commit();
  EXPECT_EQ(value("SELECT count(*) FROM t"), "1");
}

// A read in a transaction is a cursor; its column types are remembered by SQL text, so the second
// run sends DECLARE and the first FETCH together. Both runs must read the same values, binary
// (integers, doubles, text) and text (numeric) alike.
TEST_F(PostgresDatabase, TheSameReadTwiceReadsTheSameValues) {
  db->exec("CREATE TABLE t (id BIGINT, v DOUBLE PRECISION, k TEXT)");
  db->exec("INSERT INTO t SELECT g, g / 8.0, 'k' || g FROM generate_series(1, 10) AS g");
  db->begin_read();
  for (int run = 0; run < 3; ++run) {
    auto rows = db->prepare("SELECT id, v, k FROM t WHERE id > ? ORDER BY id");
    rows->bind(1, std::int64_t{7});
    std::string seen;
    while (rows->step())
      seen += std::to_string(rows->column_int(0)) + ":" + std::to_string(rows->column_double(1)) + ":" +
              rows->column_text(2) + ";";
    EXPECT_EQ(seen, "8:1.000000:k8;9:1.125000:k9;10:1.250000:k10;") << "run " << run;
    auto total = db->prepare("SELECT sum(id), sum(id::numeric) / 4 FROM t");
    ASSERT_TRUE(total->step());
    EXPECT_EQ(total->column_int(0), 55) << "run " << run;
    EXPECT_EQ(total->column_double(1), 13.75) << "run " << run;
    EXPECT_FALSE(total->step());
  }
  db->commit();
}

// A read left unfinished keeps its cursor open until the next one is declared; ALTER TABLE on a
// table an open cursor reads fails ("being used by active queries"), so schema changes close them.
TEST_F(PostgresDatabase, AnUnfinishedReadDoesNotBlockALaterSchemaChange) {
  db->exec("CREATE TABLE t (id BIGINT, v BIGINT)");
  db->exec("INSERT INTO t SELECT g, g FROM generate_series(1, 5) AS g");
  db->begin_write();
  {
    auto first = db->prepare("SELECT id, v FROM t ORDER BY id");
    ASSERT_TRUE(first->step());
    EXPECT_EQ(first->column_int(1), 1);
  }  // four rows never read
  db->exec("ALTER TABLE t ALTER COLUMN v TYPE NUMERIC");
  db->exec("UPDATE t SET v = v + 0.5");
  // The same SQL, now numeric: the types remembered for it are no longer the table's.
  auto again = db->prepare("SELECT id, v FROM t ORDER BY id");
  double sum = 0;
  while (again->step()) sum += again->column_double(1);
  EXPECT_EQ(sum, 17.5);
  db->commit();
  EXPECT_EQ(value("SELECT sum(v) FROM t"), "17.5");
}

TEST_F(PostgresDatabase, ReadsAfterASavepointRollbackStillWork) {
  db->exec("CREATE TABLE t (id BIGINT)");
  db->exec("INSERT INTO t VALUES (1), (2)");
  db->begin_write();
  db->savepoint("file_1");
  db->exec("INSERT INTO t VALUES (3)");
  {
    auto inside = db->prepare("SELECT id FROM t ORDER BY id");
    ASSERT_TRUE(inside->step());  // left open: its cursor dies with the savepoint
  }
  db->rollback_to("file_1");
  db->release("file_1");
  for (int run = 0; run < 2; ++run) {
    auto count = db->prepare("SELECT count(*) FROM t");
    ASSERT_TRUE(count->step());
    EXPECT_EQ(count->column_int(0), 2);
  }
  db->commit();
  EXPECT_EQ(value("SELECT count(*) FROM t"), "2");
}

// Finished cursors are closed in batches, with a later DECLARE, not one round trip each; a long
// transaction of many small reads must not pile them up.
TEST_F(PostgresDatabase, ManySmallReadsInOneTransactionDoNotPileUpCursors) {
  db->exec("CREATE TABLE t (id BIGINT)");
  db->exec("INSERT INTO t SELECT g FROM generate_series(1, 3) AS g");
  db->begin_read();
  std::int64_t total = 0;
  for (std::int64_t i = 0; i < 500; ++i) {
    auto read = db->prepare("SELECT id FROM t WHERE id <= ?");
    read->bind(1, i % 3 + 1);
    while (read->step()) total += read->column_int(0);
  }
  EXPECT_EQ(total, 167 * 1 + 167 * 3 + 166 * 6);
  auto open = db->prepare("SELECT count(*) FROM pg_cursors");
  ASSERT_TRUE(open->step());
  EXPECT_LE(open->column_int(0), 66);
  EXPECT_GE(open->column_int(0), 1);  // this read's own cursor
  db->commit();
}

// The remembered types can be stale when another session changed the table between two runs of
// the same SQL on one connection; values in a binary format Grip cannot read are refused with a
// clear message, never misread, and the next run reads them.
TEST_F(PostgresDatabase, AReadWhoseTypesAnotherSessionChangedIsRefusedThenReadAgain) {
  db->exec("CREATE TABLE t (id BIGINT, v BIGINT)");
  db->exec("INSERT INTO t VALUES (1, 10), (2, 20)");
  const auto sum_of_v = [&] {
    db->begin_read();
    auto read = db->prepare("SELECT v FROM t ORDER BY id");
    double sum = 0;
    while (read->step()) sum += read->column_double(0);
    db->commit();
    return sum;
  };
  EXPECT_EQ(sum_of_v(), 30);
  auto other = open_again();
  other->exec("ALTER TABLE t ALTER COLUMN v TYPE NUMERIC");
  other->exec("UPDATE t SET v = v + 0.25");
  try {
    (void)sum_of_v();
    ADD_FAILURE() << "stale column types were not noticed";
  } catch (const StoreError& error) {
    EXPECT_NE(std::string(error.what()).find("column types changed"), std::string::npos) << error.what();
    db->rollback();
  }
  EXPECT_EQ(sum_of_v(), 30.5);
}

}  // namespace
}  // namespace grip::test

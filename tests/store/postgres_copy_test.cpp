// The PostgreSQL engine's COPY writer: binary format for the column types it knows, with each
// value sent at its column's width, and text format for any other table. Expected values are
// read back with libpq as the server prints them, not through the engine.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>

#include "grip/core/errors.hpp"
#include "store/postgres_test_base.hpp"

namespace grip::test {
namespace {

class PostgresCopy : public PostgresTest {};

TEST_F(PostgresCopy, EveryWidthGetsItsOwnWireFormAndValuesConvertAsTextWould) {
  db->exec(
      "CREATE TABLE t (id BIGINT, a SMALLINT, b INTEGER, f4 REAL, f8 DOUBLE PRECISION, ok BOOLEAN, "
      "v VARCHAR(20), raw BYTEA)");
  db->begin_write();
  auto sink = db->bulk_insert("t", {"id", "a", "b", "f4", "f8", "ok", "v", "raw"});
  // Native types.
  sink->add(std::int64_t{1});
  sink->add(std::int64_t{-32768});
  sink->add(std::int64_t{2147483647});
  sink->add(0.5);
  sink->add(-1.0e300);
  sink->add(std::int64_t{1});
  sink->add("Café");
  sink->add(std::string_view("\x00\x01\xFF", 3));
  sink->end_row();
  // Conversions the text format would have made on the server.
  sink->add("2");
  sink->add(7.0);
  sink->add("-12");
  sink->add(std::int64_t{3});
  sink->add("2.25");
  sink->add("f");
  sink->add(std::int64_t{42});
  sink->add_null();
  sink->end_row();
  sink->finish();
  db->commit();
  EXPECT_EQ(value("SELECT concat_ws('|', a, b, f4, f8, ok, v, encode(raw, 'hex')) FROM t WHERE id = 1"),
            "-32768|2147483647|0.5|-1e+300|t|Café|0001ff");
  EXPECT_EQ(value("SELECT concat_ws('|', a, b, f4, f8, ok, v, raw IS NULL) FROM t WHERE id = 2"),
            "7|-12|3|2.25|f|42|t");
}

TEST_F(PostgresCopy, AnOutOfRangeValueNamesItsColumnAndNothingIsKept) {
  db->exec("CREATE TABLE t (id BIGINT, small SMALLINT)");
  db->begin_write();
  try {
    auto sink = db->bulk_insert("t", {"id", "small"});
    sink->add(std::int64_t{1});
    sink->add(std::int64_t{70000});
    FAIL() << "70000 went into a SMALLINT";
  } catch (const StoreError& error) {
    EXPECT_NE(std::string(error.what()).find("out of range for column small"), std::string::npos)
        << error.what();
  }
  db->rollback();
  EXPECT_EQ(value("SELECT count(*) FROM t"), "0");
}

TEST_F(PostgresCopy, AFractionIsNotQuietlyTruncatedIntoAnInteger) {
  db->exec("CREATE TABLE t (n BIGINT)");
  db->begin_write();
  auto sink = db->bulk_insert("t", {"n"});
  EXPECT_THROW(sink->add(2.5), StoreError);
  sink.reset();
  db->rollback();
}

TEST_F(PostgresCopy, InvalidUtf8IsRefusedByTheServer) {
  db->exec("CREATE TABLE t (s TEXT)");
  db->begin_write();
  auto sink = db->bulk_insert("t", {"s"});
  sink->add(std::string_view("bad \xC3\x28 byte"));
  sink->end_row();
  EXPECT_THROW(sink->finish(), StoreError);
  sink.reset();
  db->rollback();
  EXPECT_EQ(value("SELECT count(*) FROM t"), "0");
}

TEST_F(PostgresCopy, ATypeWithoutABinaryWriterFallsBackToText) {
  db->exec("CREATE TABLE t (id BIGINT, d DATE, n NUMERIC, tag TEXT)");
  db->begin_write();
  auto sink = db->bulk_insert("t", {"id", "d", "n", "tag"});
  sink->add(std::int64_t{9});
  sink->add("2024-02-29");
  sink->add(1.25);
  sink->add("tab\there");
  sink->end_row();
  sink->finish();
  db->commit();
  EXPECT_EQ(value("SELECT concat_ws('|', id, d, n, tag = E'tab\\there') FROM t"), "9|2024-02-29|1.25|t");
}

TEST_F(PostgresCopy, AnUnknownColumnGetsTheServersMessage) {
  db->exec("CREATE TABLE t (id BIGINT)");
  db->begin_write();
  try {
    auto sink = db->bulk_insert("t", {"id", "nope"});
    FAIL() << "a COPY into a column that does not exist started";
  } catch (const StoreError& error) {
    EXPECT_NE(std::string(error.what()).find("nope"), std::string::npos) << error.what();
  }
  db->rollback();
}

}  // namespace
}  // namespace grip::test

namespace grip::test {
namespace {

// Reads inside a transaction go through a cursor fetched in binary; outside one they are a
// prepared statement in text. Both must give what the server itself prints.
TEST_F(PostgresCopy, BinaryCursorReadsEqualTheServersOwnText) {
  db->exec(
      db->ddl("CREATE TABLE t (id INTEGER PRIMARY KEY, a SMALLINT, b INT4, f4 FLOAT4, f8 DOUBLE PRECISION, "
              "ok BOOLEAN, "
              "s TEXT, geom POINT)"));
  const std::vector<double> doubles = {100000000.0, 1e15, 1e14,      1.5e-05,   0.0001, 123.456,
                                       -0.0,        0.1,  1.0 / 3.0, -2.5e-300, 6.02e23};
  db->begin_write();
  auto sink = db->bulk_insert("t", {"id", "a", "b", "f4", "f8", "ok", "s", "geom"});
  for (std::size_t i = 0; i < doubles.size(); ++i) {
    sink->add(static_cast<std::int64_t>(i + 1));
    sink->add(static_cast<std::int64_t>(i) * 1000 - 5000);
    sink->add(static_cast<std::int64_t>(i) * -100000000);
    sink->add(doubles[i]);
    sink->add(doubles[i]);
    sink->add(static_cast<std::int64_t>(i % 2));
    sink->add(std::string("row ") + std::to_string(i));
    sink->add_point(500000.25 + static_cast<double>(i), 180000.5);
    sink->end_row();
  }
  sink->finish();
  db->commit();
  const char* sql = "SELECT id, a, b, f4, f8, ok, s, geom FROM t ORDER BY id";
  for (const bool in_transaction : {true, false}) {
    if (in_transaction) db->begin_read();
    auto read = db->prepare(sql);
    std::size_t rows = 0;
    while (read->step()) {
      const std::string id = std::to_string(read->column_int(0));
      for (int column = 1; column <= 7; ++column) {
        const char* names[] = {"", "a", "b", "f4", "f8", "ok", "s", "geom"};
        EXPECT_EQ(read->column_text(column),
                  value("SELECT " + std::string(names[column]) + " FROM t WHERE id = " + id))
            << names[column] << " of row " << id << (in_transaction ? " (cursor)" : " (prepared)");
      }
      EXPECT_EQ(read->column_double(4), doubles[rows]);
      EXPECT_EQ(read->column_int(2), static_cast<std::int64_t>(rows) * -100000000);
      EXPECT_EQ(read->column_int(5), static_cast<std::int64_t>(rows % 2));
      const auto wkb = read->column_geometry(7);
      ASSERT_EQ(wkb.size(), 21u);
      double x = 0;
      std::memcpy(&x, wkb.data() + 5, 8);
      EXPECT_EQ(x, 500000.25 + static_cast<double>(rows));
      ++rows;
    }
    EXPECT_EQ(rows, doubles.size());
    if (in_transaction) db->commit();
  }
  // A numeric (SUM) keeps the cursor in text; it still reads as a number.
  db->begin_read();
  auto sum = db->prepare("SELECT sum(b), count(*) FROM t");
  ASSERT_TRUE(sum->step());
  EXPECT_EQ(sum->column_int(0), -5500000000);
  EXPECT_EQ(sum->column_int(1), 11);
  db->commit();
}

}  // namespace
}  // namespace grip::test

// RowSink on PostgreSQL: COPY table (columns) FROM STDIN. Rows gather in a ~1 MiB buffer handed to
// PQputCopyData, so the ingest hot path costs a few appends per field and one system call per
// megabyte.
//
// Binary format (PostgreSQL docs, COPY, "Binary Format") whenever every column has a type whose
// wire form Grip writes: int2/int4/int8, float4/float8, bool, text/varchar, bytea and PostGIS
// geometry (EWKB bytes). The server then parses no numbers and no hex geometry, which is most of
// its COPY work for an incident row. The column types are read from pg_attribute first, because
// a binary field must have exactly its column's width (an int8 sent to an int4 column is refused).
// Any other type makes the whole COPY text format ("Text Format": tab between fields, newline
// after each row, \N for NULL, backslash, tab, newline and carriage return escaped).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "grip/store/database.hpp"
#include "grip/store/postgres_connection.hpp"

namespace grip::store {

class PostgresRowSink final : public RowSink {
 public:
  static constexpr std::size_t kFlushBytes = 1 << 14;

  // With generated_key, columns[0] is the key column and each row starts with *generated_key,
  // which then counts on (PgDeferredKeys: a table loaded without its primary key).
  PostgresRowSink(PgConnection& connection, const std::string& table, const std::vector<std::string>& columns,
                  std::int64_t* generated_key = nullptr);
  // Without finish(), the COPY is aborted (the transaction then fails and rolls back).
  ~PostgresRowSink() override;

  void add(std::int64_t value) override;
  void add(double value) override;
  void add(std::string_view text) override;
  void add_null() override;
  void add_point(double x, double y) override;
  void add_geometry(std::span<const std::uint8_t> wkb, const Envelope& envelope) override;
  void end_row() override;
  void finish() override;

 private:
  // The wire form of one column in binary COPY.
  enum class Wire : std::uint8_t { kInt2, kInt4, kInt8, kFloat4, kFloat8, kBool, kText, kBytea, kGeometry };

  // Reads the columns' types; false (text format) when a column's type has no binary writer here.
  bool choose_binary(const std::string& table, const std::vector<std::string>& columns);
  // Starts the next field and returns its column's wire form (text format: kText).
  Wire next_field();
  void add_binary_int(Wire wire, std::int64_t value);
  void add_binary_double(Wire wire, double value);
  void add_binary_text(Wire wire, std::string_view text);
  template <typename T>
  void put_field(T value);  // a 4-byte length and the value in network byte order
  void put_bytes_field(std::string_view bytes);
  [[noreturn]] void wrong_type(std::string_view what) const;
  void flush();
  [[noreturn]] void fail(std::string_view detail) const;

  PgConnection& connection_;
  std::string statement_;
  std::size_t column_count_;
  std::size_t fields_in_row_ = 0;
  std::vector<std::string> columns_;
  std::int64_t* generated_key_;
  std::vector<Wire> wire_;  // empty in text format
  std::string buffer_;
  bool copying_ = false;
};

}  // namespace grip::store

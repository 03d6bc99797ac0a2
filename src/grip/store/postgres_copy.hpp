// RowSink on PostgreSQL: COPY table (columns) FROM STDIN in text format (PostgreSQL docs, COPY,
// "Text Format"): tab between fields, newline after each row, \N for NULL, and backslash, tab,
// newline and carriage return escaped. Rows gather in a ~1 MiB buffer handed to PQputCopyData,
// so the ingest hot path costs a few appends per field and one system call per megabyte.
#pragma once

#include <string>
#include <vector>

#include "grip/store/database.hpp"
#include "grip/store/postgres_connection.hpp"

namespace grip::store {

class PostgresRowSink final : public RowSink {
 public:
  static constexpr std::size_t kFlushBytes = 1 << 20;

  PostgresRowSink(PgConnection& connection, const std::string& table,
                  const std::vector<std::string>& columns);
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
  void next_field();
  void flush();
  [[noreturn]] void fail(std::string_view detail) const;

  PgConnection& connection_;
  std::string statement_;
  std::size_t column_count_;
  std::size_t fields_in_row_ = 0;
  std::string buffer_;
  bool copying_ = false;
};

}  // namespace grip::store

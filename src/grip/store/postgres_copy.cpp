#include "grip/store/postgres_copy.hpp"

#include <cmath>

#include "grip/core/errors.hpp"
#include "grip/store/postgres_ewkb.hpp"
#include "grip/store/postgres_sql.hpp"

namespace grip::store {
namespace {

// The characters COPY's text format gives a meaning to; everything else (UTF-8 included) is literal.
bool needs_escape(char c) { return c == '\\' || c == '\t' || c == '\n' || c == '\r'; }

void append_escaped(std::string& out, std::string_view text) {
  std::size_t done = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (!needs_escape(text[i])) continue;
    out.append(text, done, i - done);
    out.push_back('\\');
    out.push_back(text[i] == '\t' ? 't' : text[i] == '\n' ? 'n' : text[i] == '\r' ? 'r' : '\\');
    done = i + 1;
  }
  out.append(text, done);
}

}  // namespace

PostgresRowSink::PostgresRowSink(PgConnection& connection, const std::string& table,
                                 const std::vector<std::string>& columns)
    : connection_(connection), column_count_(columns.size()) {
  statement_ = "COPY " + table + " (";
  for (std::size_t i = 0; i < columns.size(); ++i) statement_ += (i ? ", " : "") + columns[i];
  statement_ += ") FROM STDIN";
  const PgResult started = connection_.check(PQexec(connection_.idle(), statement_.c_str()), statement_);
  if (PQresultStatus(started.get()) != PGRES_COPY_IN) fail("the server did not start the COPY");
  copying_ = true;
  buffer_.reserve(kFlushBytes + 4096);
}

PostgresRowSink::~PostgresRowSink() {
  if (!copying_) return;
  // Ends the COPY with an error so the connection can be used (and the transaction rolled back).
  PQputCopyEnd(connection_.handle(), "grip: bulk insert abandoned before finish()");
  while (PGresult* result = PQgetResult(connection_.handle())) PQclear(result);
}

void PostgresRowSink::next_field() {
  if (fields_in_row_ == column_count_) {
    fail("more than " + std::to_string(column_count_) + " values in a row");
  }
  if (fields_in_row_++ > 0) buffer_.push_back('\t');
}

void PostgresRowSink::add(std::int64_t value) {
  next_field();
  append_int(buffer_, value);
}

void PostgresRowSink::add(double value) {
  next_field();
  if (std::isnan(value)) {
    buffer_.append("\\N");
  } else {
    append_double(buffer_, value);
  }
}

void PostgresRowSink::add(std::string_view text) {
  next_field();
  append_escaped(buffer_, text);
}

void PostgresRowSink::add_null() {
  next_field();
  buffer_.append("\\N");
}

void PostgresRowSink::add_point(double x, double y) {
  next_field();
  append_hex_ewkb_point(buffer_, x, y, connection_.srid());
}

void PostgresRowSink::add_geometry(std::span<const std::uint8_t> wkb, const Envelope&) {
  next_field();
  try {
    append_hex_ewkb(buffer_, wkb, connection_.srid());
  } catch (const std::invalid_argument& error) {
    fail(error.what());
  }
}

void PostgresRowSink::end_row() {
  if (fields_in_row_ != column_count_) {
    fail("a row of " + std::to_string(fields_in_row_) + " values for " + std::to_string(column_count_) +
         " columns");
  }
  buffer_.push_back('\n');
  fields_in_row_ = 0;
  if (buffer_.size() >= kFlushBytes) flush();
}

void PostgresRowSink::flush() {
  if (buffer_.empty()) return;
  // Blocking connection: 1 means queued (libpq waits for the socket itself); -1 is a failure.
  if (PQputCopyData(connection_.handle(), buffer_.data(), static_cast<int>(buffer_.size())) != 1) {
    connection_.fail(statement_);
  }
  buffer_.clear();
}

void PostgresRowSink::finish() {
  if (!copying_) fail("finish() called twice");
  if (fields_in_row_ != 0) fail("finish() in the middle of a row");
  flush();
  copying_ = false;
  if (PQputCopyEnd(connection_.handle(), nullptr) != 1) connection_.fail(statement_);
  // The server checks every row only now: a bad value anywhere is reported here.
  connection_.check(PQgetResult(connection_.handle()), statement_);
  while (PGresult* result = PQgetResult(connection_.handle())) PQclear(result);
}

void PostgresRowSink::fail(std::string_view detail) const { connection_.fail(statement_, detail); }

}  // namespace grip::store

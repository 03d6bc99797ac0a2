#include "grip/store/postgres_copy.hpp"

#include <bit>
#include <charconv>
#include <cmath>
#include <cstring>
#include <limits>
#include <map>
#include <stdexcept>

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

// Binary COPY's fixed header: signature, 32-bit flags (no OIDs) and a header extension of length 0.
constexpr char kBinaryHeader[] = "PGCOPY\n\377\r\n\0\0\0\0\0\0\0\0\0";
constexpr std::size_t kBinaryHeaderBytes = 11 + 4 + 4;

template <typename T>
void append_network(std::string& out, T value) {
  static_assert(std::is_integral_v<T>);
  using Unsigned = std::make_unsigned_t<T>;
  auto bits = static_cast<Unsigned>(value);
  if constexpr (std::endian::native == std::endian::little) {
    if constexpr (sizeof(T) == 2) bits = __builtin_bswap16(bits);
    if constexpr (sizeof(T) == 4) bits = __builtin_bswap32(bits);
    if constexpr (sizeof(T) == 8) bits = __builtin_bswap64(bits);
  }
  char bytes[sizeof(T)];
  std::memcpy(bytes, &bits, sizeof(T));
  out.append(bytes, sizeof(T));
}

template <typename Int>
bool parse_whole(std::string_view text, Int& value) {
  const auto result = std::from_chars(text.data(), text.data() + text.size(), value);
  return result.ec == std::errc() && result.ptr == text.data() + text.size();
}

}  // namespace

PostgresRowSink::PostgresRowSink(PgConnection& connection, const std::string& table,
                                 const std::vector<std::string>& columns, std::int64_t* generated_key)
    : connection_(connection),
      column_count_(columns.size()),
      columns_(columns),
      generated_key_(generated_key) {
  const bool binary = choose_binary(table, columns);
  statement_ = "COPY " + table + " (";
  for (std::size_t i = 0; i < columns.size(); ++i) statement_ += (i ? ", " : "") + columns[i];
  statement_ += binary ? ") FROM STDIN (FORMAT binary)" : ") FROM STDIN";
  const PgResult started = connection_.check(PQexec(connection_.idle(), statement_.c_str()), statement_);
  if (PQresultStatus(started.get()) != PGRES_COPY_IN) fail("the server did not start the COPY");
  copying_ = true;
  buffer_.reserve(kFlushBytes + 4096);
  if (binary) buffer_.append(kBinaryHeader, kBinaryHeaderBytes);
}

bool PostgresRowSink::choose_binary(const std::string& table, const std::vector<std::string>& columns) {
  static const std::map<std::string, Wire, std::less<>> kWires = {
      {"int2", Wire::kInt2},        {"int4", Wire::kInt4},     {"int8", Wire::kInt8},
      {"float4", Wire::kFloat4},    {"float8", Wire::kFloat8}, {"bool", Wire::kBool},
      {"text", Wire::kText},        {"varchar", Wire::kText},  {"bytea", Wire::kBytea},
      {"geometry", Wire::kGeometry}};
  const std::string sql =
      "SELECT a.attname::text, t.typname::text FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid "
      "WHERE a.attrelid = to_regclass($1) AND a.attnum > 0 AND NOT a.attisdropped";
  // An ingest copies into the same table once a file: the catalogue is asked once a connection
  // (PgConnection forgets the answer when a statement may have changed the table).
  const PgConnection::ColumnTypes* types = connection_.table_types(table);
  if (types == nullptr) {
    const char* parameter = table.c_str();
    const PgResult described = connection_.check(
        PQexecParams(connection_.idle(), sql.c_str(), 1, nullptr, &parameter, nullptr, nullptr, 0), sql);
    PgConnection::ColumnTypes read;
    for (int row = 0; row < PQntuples(described.get()); ++row)
      read.emplace_back(PQgetvalue(described.get(), row, 0), PQgetvalue(described.get(), row, 1));
    if (read.empty()) return false;  // no such table: the text COPY gives the server's message
    connection_.remember_table_types(table, std::move(read));
    types = connection_.table_types(table);
  }
  std::map<std::string, Wire, std::less<>> by_column;
  for (const auto& [column, type_name] : *types) {
    const auto wire = kWires.find(type_name);
    if (wire != kWires.end()) by_column.emplace(column, wire->second);
  }
  std::vector<Wire> wire;
  wire.reserve(columns.size());
  for (const std::string& column : columns) {
    const auto found = by_column.find(column);
    // An unknown table or column is left to the server's own message from the text COPY.
    if (found == by_column.end()) return false;
    wire.push_back(found->second);
  }
  wire_ = std::move(wire);
  return true;
}

PostgresRowSink::~PostgresRowSink() {
  if (!copying_) return;
  // Ends the COPY with an error so the connection can be used (and the transaction rolled back).
  PQputCopyEnd(connection_.handle(), "grip: bulk insert abandoned before finish()");
  while (PGresult* result = PQgetResult(connection_.handle())) PQclear(result);
}

PostgresRowSink::Wire PostgresRowSink::next_field() {
  if (fields_in_row_ == 0 && generated_key_ != nullptr) {
    const std::int64_t key = (*generated_key_)++;
    if (wire_.empty()) {
      append_int(buffer_, key);
    } else {
      append_network(buffer_, static_cast<std::int16_t>(column_count_));
    }
    fields_in_row_ = 1;
    if (!wire_.empty()) add_binary_int(wire_[0], key);
  }
  // A generated key is not one of the caller's values: messages count without it.
  const std::size_t generated = generated_key_ != nullptr ? 1 : 0;
  if (fields_in_row_ == column_count_) {
    fail("more than " + std::to_string(column_count_ - generated) + " values in a row");
  }
  if (wire_.empty()) {
    if (fields_in_row_++ > 0) buffer_.push_back('\t');
    return Wire::kText;
  }
  if (fields_in_row_ == 0) append_network(buffer_, static_cast<std::int16_t>(column_count_));
  return wire_[fields_in_row_++];
}

template <typename T>
void PostgresRowSink::put_field(T value) {
  append_network(buffer_, static_cast<std::int32_t>(sizeof(T)));
  if constexpr (std::is_floating_point_v<T>) {
    using Bits = std::conditional_t<sizeof(T) == 8, std::uint64_t, std::uint32_t>;
    append_network(buffer_, std::bit_cast<Bits>(value));
  } else {
    append_network(buffer_, value);
  }
}

void PostgresRowSink::put_bytes_field(std::string_view bytes) {
  if (bytes.size() > static_cast<std::size_t>(std::numeric_limits<std::int32_t>::max())) {
    fail("a value of " + std::to_string(bytes.size()) + " bytes is too long for one field");
  }
  append_network(buffer_, static_cast<std::int32_t>(bytes.size()));
  buffer_.append(bytes);
}

void PostgresRowSink::wrong_type(std::string_view what) const {
  fail(std::string(what) + " for column " + columns_[fields_in_row_ - 1]);
}

void PostgresRowSink::add_binary_int(Wire wire, std::int64_t value) {
  const auto in_range = [&](auto limit_type) {
    using Limit = decltype(limit_type);
    if (value < std::numeric_limits<Limit>::min() || value > std::numeric_limits<Limit>::max()) {
      wrong_type("the integer " + std::to_string(value) + " is out of range");
    }
    return static_cast<Limit>(value);
  };
  switch (wire) {
    case Wire::kInt8:
      return put_field(value);
    case Wire::kInt4:
      return put_field(in_range(std::int32_t{}));
    case Wire::kInt2:
      return put_field(in_range(std::int16_t{}));
    case Wire::kFloat8:
      return put_field(static_cast<double>(value));
    case Wire::kFloat4:
      return put_field(static_cast<float>(value));
    case Wire::kBool:
      if (value != 0 && value != 1) wrong_type("the integer " + std::to_string(value) + " is not a boolean");
      return put_field(static_cast<std::int8_t>(value));
    case Wire::kText: {
      std::string text;
      append_int(text, value);
      return put_bytes_field(text);
    }
    case Wire::kBytea:
    case Wire::kGeometry:
      wrong_type("an integer");
  }
}

void PostgresRowSink::add_binary_double(Wire wire, double value) {
  switch (wire) {
    case Wire::kFloat8:
      return put_field(value);
    case Wire::kFloat4:
      return put_field(static_cast<float>(value));
    case Wire::kInt8:
    case Wire::kInt4:
    case Wire::kInt2:
    case Wire::kBool:
      // Only a whole number can go to an integer column, as the text form would parse it.
      if (std::trunc(value) != value || std::abs(value) > 9.0e18)
        wrong_type("the number " + std::to_string(value));
      return add_binary_int(wire, static_cast<std::int64_t>(value));
    case Wire::kText: {
      std::string text;
      append_double(text, value);
      return put_bytes_field(text);
    }
    case Wire::kBytea:
    case Wire::kGeometry:
      wrong_type("a number");
  }
}

void PostgresRowSink::add_binary_text(Wire wire, std::string_view text) {
  switch (wire) {
    case Wire::kText:
    case Wire::kBytea:
      return put_bytes_field(text);
    case Wire::kInt8:
    case Wire::kInt4:
    case Wire::kInt2: {
      std::int64_t value = 0;
      if (!parse_whole(text, value))
        wrong_type("the text '" + std::string(text.substr(0, 40)) + "' is not an integer");
      return add_binary_int(wire, value);
    }
    case Wire::kFloat8:
    case Wire::kFloat4: {
      double value = 0;
      if (!parse_whole(text, value))
        wrong_type("the text '" + std::string(text.substr(0, 40)) + "' is not a number");
      return add_binary_double(wire, value);
    }
    case Wire::kBool:
      if (text == "t" || text == "true" || text == "1") return put_field(std::int8_t{1});
      if (text == "f" || text == "false" || text == "0") return put_field(std::int8_t{0});
      wrong_type("the text '" + std::string(text.substr(0, 40)) + "' is not a boolean");
    case Wire::kGeometry:
      try {
        std::string ewkb;
        append_ewkb(ewkb, iso_wkb_from_hex_ewkb(text), connection_.srid());
        return put_bytes_field(ewkb);
      } catch (const std::invalid_argument& error) {
        wrong_type(error.what());
      }
  }
}

void PostgresRowSink::add(std::int64_t value) {
  const Wire wire = next_field();
  if (wire_.empty()) return append_int(buffer_, value);
  add_binary_int(wire, value);
}

void PostgresRowSink::add(double value) {
  const Wire wire = next_field();
  if (std::isnan(value)) {
    buffer_.append(wire_.empty() ? std::string_view("\\N") : std::string_view("\xFF\xFF\xFF\xFF", 4));
  } else if (wire_.empty()) {
    append_double(buffer_, value);
  } else {
    add_binary_double(wire, value);
  }
}

void PostgresRowSink::add(std::string_view text) {
  const Wire wire = next_field();
  if (wire_.empty()) return append_escaped(buffer_, text);
  add_binary_text(wire, text);
}

void PostgresRowSink::add_null() {
  next_field();
  buffer_.append(wire_.empty() ? std::string_view("\\N") : std::string_view("\xFF\xFF\xFF\xFF", 4));
}

void PostgresRowSink::add_point(double x, double y) {
  const Wire wire = next_field();
  if (wire_.empty()) return append_hex_ewkb_point(buffer_, x, y, connection_.srid());
  if (wire != Wire::kGeometry) wrong_type("a point");
  constexpr std::int32_t kEwkbPointBytes = 1 + 4 + 4 + 8 + 8;
  append_network(buffer_, kEwkbPointBytes);
  append_ewkb_point(buffer_, x, y, connection_.srid());
}

void PostgresRowSink::add_geometry(std::span<const std::uint8_t> wkb, const Envelope&) {
  const Wire wire = next_field();
  try {
    if (wire_.empty()) return append_hex_ewkb(buffer_, wkb, connection_.srid());
    if (wire != Wire::kGeometry) wrong_type("a geometry");
    std::string ewkb;
    append_ewkb(ewkb, wkb, connection_.srid());
    put_bytes_field(ewkb);
  } catch (const std::invalid_argument& error) {
    fail(error.what());
  }
}

void PostgresRowSink::end_row() {
  if (fields_in_row_ != column_count_) {
    const std::size_t generated = generated_key_ != nullptr && fields_in_row_ > 0 ? 1 : 0;
    fail("a row of " + std::to_string(fields_in_row_ - generated) + " values for " +
         std::to_string(column_count_ - (generated_key_ != nullptr ? 1 : 0)) + " columns");
  }
  if (wire_.empty()) buffer_.push_back('\n');
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
  if (!wire_.empty()) append_network(buffer_, std::int16_t{-1});  // binary trailer
  flush();
  copying_ = false;
  if (PQputCopyEnd(connection_.handle(), nullptr) != 1) connection_.fail(statement_);
  // The server checks every row only now: a bad value anywhere is reported here.
  connection_.check(PQgetResult(connection_.handle()), statement_);
  while (PGresult* result = PQgetResult(connection_.handle())) PQclear(result);
}

void PostgresRowSink::fail(std::string_view detail) const { connection_.fail(statement_, detail); }

}  // namespace grip::store

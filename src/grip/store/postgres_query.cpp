#include "grip/store/postgres_query.hpp"

#include <bit>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstring>

#include "grip/core/errors.hpp"
#include "grip/core/text.hpp"
#include "grip/store/postgres_ewkb.hpp"
#include "grip/store/postgres_sql.hpp"

namespace grip::store {
namespace {

// True for statements that return rows and may sit behind DECLARE ... CURSOR FOR.
bool reads_rows(std::string_view sql) {
  sql = trim(sql);
  while (!sql.empty() && (sql.front() == '(' || sql.front() == ' ' || sql.front() == '\n'))
    sql.remove_prefix(1);
  const auto starts_with_word = [&](std::string_view word) {
    return sql.size() >= word.size() && equals_ignoring_case(sql.substr(0, word.size()), word) &&
           (sql.size() == word.size() || !std::isalnum(static_cast<unsigned char>(sql[word.size()])));
  };
  return starts_with_word("SELECT") || starts_with_word("WITH");
}

// Built-in type OIDs (src/include/catalog/pg_type.dat); they are fixed across servers.
constexpr Oid kBoolOid = 16, kInt8Oid = 20, kInt2Oid = 21, kInt4Oid = 23, kTextOid = 25, kFloat4Oid = 700,
              kFloat8Oid = 701, kVarcharOid = 1043;

template <typename T>
T read_network(const char* bytes) {
  using Unsigned = std::make_unsigned_t<T>;
  Unsigned bits;
  std::memcpy(&bits, bytes, sizeof(T));
  if constexpr (std::endian::native == std::endian::little) {
    if constexpr (sizeof(T) == 2) bits = __builtin_bswap16(bits);
    if constexpr (sizeof(T) == 4) bits = __builtin_bswap32(bits);
    if constexpr (sizeof(T) == 8) bits = __builtin_bswap64(bits);
  }
  return static_cast<T>(bits);
}

// A finite float as float8out (or float4out) prints it with extra_float_digits > 0: the shortest
// digits that read back exactly, fixed for decimal exponents -4 to 14 (float4: 6) and scientific
// otherwise.
template <typename Float>
void append_as_float_out(std::string& out, Float value) {
  constexpr int kFixedBelow = sizeof(Float) == 8 ? 15 : 6;
  char buffer[64];
  const auto scientific = std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::scientific);
  const std::string_view text(buffer, static_cast<std::size_t>(scientific.ptr - buffer));
  const int exponent = std::stoi(std::string(text.substr(text.find('e') + 1)));
  if (exponent < -4 || exponent >= kFixedBelow) {
    out.append(text);
    return;
  }
  const auto fixed = std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::fixed);
  out.append(buffer, fixed.ptr);
}

}  // namespace

PostgresQuery::PostgresQuery(PgConnection& connection, std::string_view neutral_sql)
    : connection_(connection), neutral_sql_(neutral_sql) {
  TranslatedSql translated = to_libpq_placeholders(neutral_sql);
  sql_ = std::move(translated.sql);
  parameters_.resize(static_cast<std::size_t>(translated.parameter_count));
  reads_rows_ = reads_rows(neutral_sql);
}

PostgresQuery::~PostgresQuery() {
  close_cursor();
  if (!statement_name_.empty()) {
    connection_.defer("DEALLOCATE " + statement_name_);
    connection_.run_deferred();
  }
}

std::optional<std::string>& PostgresQuery::parameter(int index) {
  if (index < 1 || index > static_cast<int>(parameters_.size())) {
    fail("no parameter " + std::to_string(index) + " (the statement has " +
         std::to_string(parameters_.size()) + ")");
  }
  return parameters_[static_cast<std::size_t>(index - 1)];
}

Query& PostgresQuery::bind(int index, std::int64_t value) {
  auto& text = parameter(index).emplace();
  append_int(text, value);
  return *this;
}

Query& PostgresQuery::bind(int index, double value) {
  if (std::isnan(value)) return bind_null(index);
  auto& text = parameter(index).emplace();
  append_double(text, value);
  return *this;
}

Query& PostgresQuery::bind(int index, std::string_view text) {
  parameter(index).emplace(text);
  return *this;
}

Query& PostgresQuery::bind_null(int index) {
  parameter(index).reset();
  return *this;
}

Query& PostgresQuery::bind_geometry(int index, std::span<const std::uint8_t> wkb, const Envelope&) {
  // PostGIS keeps its own bounding boxes; the envelope is for GeoPackage's header only.
  auto& text = parameter(index).emplace();
  try {
    append_hex_ewkb(text, wkb, connection_.srid());
  } catch (const std::invalid_argument& error) {
    fail("parameter " + std::to_string(index) + ": " + error.what());
  }
  return *this;
}

bool PostgresQuery::step() {
  if (!started_) {
    run();
    started_ = true;
  } else if (row_ < rows_) {
    ++row_;
  }
  if (row_ < rows_) return true;
  // A full chunk means more may follow, and take_fetched() has already asked for it.
  if (!cursor_name_.empty() && rows_ == kFetchRows) {
    take_fetched();
    if (row_ < rows_) return true;
  }
  close_cursor();
  binary_.clear();
  return false;
}

void PostgresQuery::run() {
  std::vector<const char*> values(parameters_.size());
  for (std::size_t i = 0; i < parameters_.size(); ++i)
    values[i] = parameters_[i] ? parameters_[i]->c_str() : nullptr;
  const int count = static_cast<int>(values.size());
  connection_.before_statement(sql_);
  PGconn* conn = connection_.idle();
  changes_ = 0;
  if (reads_rows_ && PQtransactionStatus(conn) == PQTRANS_INTRANS) {
    open_cursor(values);
    return;
  }
  // Most statements run once: sent unnamed (Parse, Bind, Execute together) that costs one round
  // trip, where a named one costs three (PREPARE, EXECUTE, DEALLOCATE). A Query run again is
  // named then, so a loop parses and plans its statement once.
  if (!ran_plain_) {
    ran_plain_ = true;
    result_ = connection_.check(
        PQexecParams(conn, sql_.c_str(), count, nullptr, values.data(), nullptr, nullptr, 0), neutral_sql_);
  } else {
    if (statement_name_.empty()) {
      const std::string name = connection_.unique_name("grip_s");
      connection_.check(PQprepare(conn, name.c_str(), sql_.c_str(), count, nullptr), neutral_sql_);
      statement_name_ = name;
    }
    result_ = connection_.check(
        PQexecPrepared(conn, statement_name_.c_str(), count, values.data(), nullptr, nullptr, 0),
        neutral_sql_);
  }
  row_ = 0;
  rows_ = PQntuples(result_.get());
  const char* affected = PQcmdTuples(result_.get());
  std::int64_t changed = 0;
  if (parse_int(affected, changed)) changes_ = changed;
}

std::optional<std::vector<PostgresQuery::Wire>> PostgresQuery::wires_for(
    const std::vector<unsigned>& types) const {
  const Oid geometry = connection_.geometry_type_oid();
  std::vector<Wire> wires;
  wires.reserve(types.size());
  for (const Oid type : types) {
    if (type == kInt2Oid)
      wires.push_back(Wire::kInt2);
    else if (type == kInt4Oid)
      wires.push_back(Wire::kInt4);
    else if (type == kInt8Oid)
      wires.push_back(Wire::kInt8);
    else if (type == kFloat4Oid)
      wires.push_back(Wire::kFloat4);
    else if (type == kFloat8Oid)
      wires.push_back(Wire::kFloat8);
    else if (type == kBoolOid)
      wires.push_back(Wire::kBool);
    else if (type == kTextOid || type == kVarcharOid)
      wires.push_back(Wire::kText);
    else if (geometry != 0 && type == geometry)
      wires.push_back(Wire::kGeometry);
    else
      return std::nullopt;  // text for the whole cursor
  }
  return wires;
}

namespace {

std::vector<unsigned> column_types(const PGresult* result) {
  std::vector<unsigned> types(static_cast<std::size_t>(PQnfields(result)));
  for (std::size_t column = 0; column < types.size(); ++column)
    types[column] = PQftype(result, static_cast<int>(column));
  return types;
}

}  // namespace

void PostgresQuery::open_cursor(const std::vector<const char*>& values) {
  cursor_name_ = connection_.unique_name("grip_c");
  const std::string declare = "DECLARE " + cursor_name_ + " NO SCROLL CURSOR FOR " + sql_;
  const std::string fetch = "FETCH " + std::to_string(kFetchRows) + " FROM " + cursor_name_;
  const std::vector<unsigned>* known = connection_.cursor_types(sql_);
  binary_.clear();
  if (known != nullptr) binary_ = wires_for(*known).value_or(std::vector<Wire>{});
  const bool asked_binary = !binary_.empty();

  // One round trip in pipeline mode: the CLOSEs of finished cursors, the DECLARE, and either the
  // first FETCH (the columns' types known from an earlier run of this SQL) or the description.
  PGconn* conn = connection_.idle();
  const std::vector<std::string> closes = connection_.take_cursors_to_close();
  if (PQenterPipelineMode(conn) != 1) connection_.fail(neutral_sql_);
  bool sent = true;
  for (const std::string& cursor : closes) {
    const std::string close = "CLOSE " + cursor;
    sent = sent && PQsendQueryParams(conn, close.c_str(), 0, nullptr, nullptr, nullptr, nullptr, 0) == 1;
  }
  sent = sent && PQsendQueryParams(conn, declare.c_str(), static_cast<int>(values.size()), nullptr,
                                   values.data(), nullptr, nullptr, 0) == 1;
  if (known != nullptr) {
    sent = sent && PQsendQueryParams(conn, fetch.c_str(), 0, nullptr, nullptr, nullptr, nullptr,
                                     asked_binary ? 1 : 0) == 1;
  } else {
    sent = sent && PQsendDescribePortal(conn, cursor_name_.c_str()) == 1;
  }
  sent = sent && PQpipelineSync(conn) == 1;
  if (!sent) {
    cursor_name_.clear();
    connection_.fail(neutral_sql_);  // a broken connection: the server rolls the transaction back
  }
  // Results in order, each query's followed by a null, then the sync. An error aborts the rest.
  std::vector<PgResult> results;
  while (true) {
    PGresult* result = PQgetResult(conn);
    if (result == nullptr) {
      if (PQstatus(conn) != CONNECTION_OK) break;
      continue;
    }
    if (PQresultStatus(result) == PGRES_PIPELINE_SYNC) {
      PQclear(result);
      break;
    }
    results.emplace_back(result);
  }
  PQexitPipelineMode(conn);
  PgResult* failed = nullptr;
  for (PgResult& result : results) {
    const auto status = PQresultStatus(result.get());
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK && status != PGRES_PIPELINE_ABORTED) {
      failed = &result;
      break;
    }
  }
  if (failed != nullptr || results.size() != closes.size() + 2 ||
      PQresultStatus(results.back().get()) == PGRES_PIPELINE_ABORTED) {
    cursor_name_.clear();
    if (failed != nullptr) connection_.check(failed->release(), neutral_sql_);  // throws its message
    connection_.fail(neutral_sql_);
  }
  PgResult last = std::move(results.back());
  if (known == nullptr) {
    const std::vector<unsigned> types = column_types(last.get());
    binary_ = wires_for(types).value_or(std::vector<Wire>{});
    connection_.remember_cursor_types(sql_, types);
    send_fetch();
    take_fetched();
    return;
  }
  // The types were remembered from an earlier run; a table changed by another session since then
  // could give other ones. Binary values of a type Grip cannot read cannot be read back as text.
  const std::vector<unsigned> types = column_types(last.get());
  if (types != *known) {
    connection_.forget_cursor_types(sql_);
    const auto wires = wires_for(types);
    if (asked_binary && !wires) {
      cursor_name_.clear();
      fail(
          "the result's column types changed while Grip was reading (another session altered a table); "
          "run the command again");
    }
    if (asked_binary) binary_ = *wires;
  }
  next_ = std::move(last);
  take_fetched();
}

void PostgresQuery::send_fetch() {
  const std::string fetch = "FETCH " + std::to_string(kFetchRows) + " FROM " + cursor_name_;
  const int sent = binary_.empty() ? PQsendQuery(connection_.idle(), fetch.c_str())
                                   : PQsendQueryParams(connection_.idle(), fetch.c_str(), 0, nullptr, nullptr,
                                                       nullptr, nullptr, /*resultFormat=*/1);
  if (sent != 1) connection_.fail(neutral_sql_);
  awaiting_ = true;
  connection_.set_pending(this);
}

void PostgresQuery::collect() noexcept {
  connection_.clear_pending(this);
  PGresult* first = nullptr;
  while (PGresult* result = PQgetResult(connection_.handle())) {
    if (first == nullptr) {
      first = result;
    } else {
      PQclear(result);
    }
  }
  next_.reset(first);
  awaiting_ = false;
}

void PostgresQuery::take_fetched() {
  if (awaiting_) collect();
  result_ = connection_.check(next_.release(), neutral_sql_);
  row_ = 0;
  rows_ = PQntuples(result_.get());
  if (rows_ == kFetchRows) send_fetch();
}

void PostgresQuery::close_cursor() noexcept {
  if (awaiting_) collect();
  next_.reset();
  if (cursor_name_.empty()) return;
  // A cursor dies with its transaction; one still open is closed, with the next cursor's DECLARE.
  if (PQtransactionStatus(connection_.idle()) == PQTRANS_INTRANS)
    connection_.close_cursor_later(cursor_name_);
  cursor_name_.clear();
}

void PostgresQuery::reset() {
  close_cursor();
  result_.reset();
  row_ = rows_ = 0;
  started_ = false;
  binary_.clear();
}

const char* PostgresQuery::value(int index) const {
  if (!result_ || row_ >= rows_) fail("no row to read (step() returned false or was not called)");
  if (index < 0 || index >= PQnfields(result_.get())) fail("no column " + std::to_string(index));
  if (PQgetisnull(result_.get(), row_, index)) return nullptr;
  return PQgetvalue(result_.get(), row_, index);
}

std::int64_t PostgresQuery::binary_int(int index, const char* bytes) const {
  switch (binary_[static_cast<std::size_t>(index)]) {
    case Wire::kInt2:
      return read_network<std::int16_t>(bytes);
    case Wire::kInt4:
      return read_network<std::int32_t>(bytes);
    case Wire::kInt8:
      return read_network<std::int64_t>(bytes);
    case Wire::kBool:
      return bytes[0] != 0 ? 1 : 0;
    case Wire::kFloat4:
    case Wire::kFloat8:
      return static_cast<std::int64_t>(binary_double(index, bytes));  // truncated, as SQLite
    case Wire::kText:
    case Wire::kGeometry:
      break;
  }
  fail("column " + std::to_string(index) + " is not a number");
}

double PostgresQuery::binary_double(int index, const char* bytes) const {
  switch (binary_[static_cast<std::size_t>(index)]) {
    case Wire::kFloat8:
      return std::bit_cast<double>(read_network<std::uint64_t>(bytes));
    case Wire::kFloat4:
      return std::bit_cast<float>(read_network<std::uint32_t>(bytes));
    case Wire::kInt2:
    case Wire::kInt4:
    case Wire::kInt8:
      return static_cast<double>(binary_int(index, bytes));
    case Wire::kBool:
    case Wire::kText:
    case Wire::kGeometry:
      break;
  }
  fail("column " + std::to_string(index) + " is not a number");
}

std::int64_t PostgresQuery::column_int(int index) const {
  const char* text = value(index);
  if (text == nullptr) return 0;
  if (!binary_.empty() && binary_[static_cast<std::size_t>(index)] != Wire::kText)
    return binary_int(index, text);
  std::int64_t number = 0;
  if (parse_int(text, number)) return number;
  // A boolean (a comparison in the select list) reads as SQLite would give it.
  if (text[0] == 't' && text[1] == '\0') return 1;
  if (text[0] == 'f' && text[1] == '\0') return 0;
  double real = 0;  // numeric from SUM/AVG, or a double: truncated as SQLite does
  if (parse_double(text, real)) return static_cast<std::int64_t>(real);
  fail("column " + std::to_string(index) + " is not a number: '" + text + "'");
}

double PostgresQuery::column_double(int index) const {
  const char* text = value(index);
  if (text == nullptr) return 0;
  if (!binary_.empty() && binary_[static_cast<std::size_t>(index)] != Wire::kText) {
    return binary_double(index, text);
  }
  double number = 0;
  if (parse_double(text, number)) return number;
  fail("column " + std::to_string(index) + " is not a number: '" + text + "'");
}

std::string_view PostgresQuery::column_view(int index) const {
  const char* text = value(index);
  if (text == nullptr) return {};
  if (binary_.empty() || binary_[static_cast<std::size_t>(index)] == Wire::kText)
    return {text, static_cast<std::size_t>(PQgetlength(result_.get(), row_, index))};
  if (printed_.size() <= static_cast<std::size_t>(index))
    printed_.resize(static_cast<std::size_t>(index) + 1);
  return printed_[static_cast<std::size_t>(index)] = column_text(index);
}

std::string PostgresQuery::column_text(int index) const {
  const char* text = value(index);
  if (text == nullptr) return std::string();
  const auto length = static_cast<std::size_t>(PQgetlength(result_.get(), row_, index));
  if (binary_.empty()) return std::string(text, length);
  // A binary column read as text reads as the server would have printed it.
  std::string out;
  switch (binary_[static_cast<std::size_t>(index)]) {
    case Wire::kText:
      return std::string(text, length);
    case Wire::kBool:
      return text[0] != 0 ? "t" : "f";
    case Wire::kInt2:
    case Wire::kInt4:
    case Wire::kInt8:
      append_int(out, binary_int(index, text));
      break;
    case Wire::kFloat4:
    case Wire::kFloat8: {
      const double number = binary_double(index, text);
      if (std::isnan(number)) return "NaN";
      if (std::isinf(number)) return number > 0 ? "Infinity" : "-Infinity";
      if (binary_[static_cast<std::size_t>(index)] == Wire::kFloat4) {
        append_as_float_out(out, static_cast<float>(number));
      } else {
        append_as_float_out(out, number);
      }
      break;
    }
    case Wire::kGeometry:
      append_hex_bytes(out, std::span(reinterpret_cast<const std::uint8_t*>(text), length));
      break;
  }
  return out;
}

bool PostgresQuery::column_is_null(int index) const { return value(index) == nullptr; }

std::vector<std::uint8_t> PostgresQuery::column_geometry(int index) const {
  const char* text = value(index);
  if (text == nullptr) return {};
  const auto length = static_cast<std::size_t>(PQgetlength(result_.get(), row_, index));
  try {
    if (!binary_.empty() && binary_[static_cast<std::size_t>(index)] == Wire::kGeometry) {
      const auto* bytes = reinterpret_cast<const std::uint8_t*>(text);
      return iso_wkb_from_ewkb(std::vector<std::uint8_t>(bytes, bytes + length));
    }
    if (!binary_.empty() && binary_[static_cast<std::size_t>(index)] != Wire::kText) {
      fail("column " + std::to_string(index) + " is not a geometry");
    }
    return iso_wkb_from_hex_ewkb(std::string_view(text, length));
  } catch (const std::invalid_argument& error) {
    fail("column " + std::to_string(index) + ": " + error.what());
  }
}

void PostgresQuery::fail(std::string_view detail) const { connection_.fail(neutral_sql_, detail); }

}  // namespace grip::store

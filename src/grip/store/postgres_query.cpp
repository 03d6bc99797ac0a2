#include "grip/store/postgres_query.hpp"

#include <cctype>
#include <cmath>

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
  return false;
}

void PostgresQuery::run() {
  std::vector<const char*> values(parameters_.size());
  for (std::size_t i = 0; i < parameters_.size(); ++i)
    values[i] = parameters_[i] ? parameters_[i]->c_str() : nullptr;
  const int count = static_cast<int>(values.size());
  PGconn* conn = connection_.idle();
  changes_ = 0;
  if (reads_rows_ && PQtransactionStatus(conn) == PQTRANS_INTRANS) {
    const std::string name = connection_.unique_name("grip_c");
    const std::string declare = "DECLARE " + name + " NO SCROLL CURSOR FOR " + sql_;
    connection_.check(PQexecParams(conn, declare.c_str(), count, nullptr, values.data(), nullptr, nullptr, 0),
                      neutral_sql_);
    cursor_name_ = name;
    send_fetch();
    take_fetched();
    return;
  }
  if (statement_name_.empty()) {
    const std::string name = connection_.unique_name("grip_s");
    connection_.check(PQprepare(conn, name.c_str(), sql_.c_str(), count, nullptr), neutral_sql_);
    statement_name_ = name;
  }
  result_ = connection_.check(
      PQexecPrepared(conn, statement_name_.c_str(), count, values.data(), nullptr, nullptr, 0), neutral_sql_);
  row_ = 0;
  rows_ = PQntuples(result_.get());
  const char* affected = PQcmdTuples(result_.get());
  std::int64_t changed = 0;
  if (parse_int(affected, changed)) changes_ = changed;
}

void PostgresQuery::send_fetch() {
  const std::string fetch = "FETCH " + std::to_string(kFetchRows) + " FROM " + cursor_name_;
  if (PQsendQuery(connection_.idle(), fetch.c_str()) != 1) connection_.fail(neutral_sql_);
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
  // A cursor dies with its transaction; one still open is closed so the name can be dropped.
  if (PQtransactionStatus(connection_.idle()) == PQTRANS_INTRANS) {
    PQclear(PQexec(connection_.handle(), ("CLOSE " + cursor_name_).c_str()));
  }
  cursor_name_.clear();
}

void PostgresQuery::reset() {
  close_cursor();
  result_.reset();
  row_ = rows_ = 0;
  started_ = false;
}

const char* PostgresQuery::value(int index) const {
  if (!result_ || row_ >= rows_) fail("no row to read (step() returned false or was not called)");
  if (index < 0 || index >= PQnfields(result_.get())) fail("no column " + std::to_string(index));
  if (PQgetisnull(result_.get(), row_, index)) return nullptr;
  return PQgetvalue(result_.get(), row_, index);
}

std::int64_t PostgresQuery::column_int(int index) const {
  const char* text = value(index);
  if (text == nullptr) return 0;
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
  double number = 0;
  if (parse_double(text, number)) return number;
  fail("column " + std::to_string(index) + " is not a number: '" + text + "'");
}

std::string PostgresQuery::column_text(int index) const {
  const char* text = value(index);
  return text == nullptr ? std::string() : std::string(text, PQgetlength(result_.get(), row_, index));
}

bool PostgresQuery::column_is_null(int index) const { return value(index) == nullptr; }

std::vector<std::uint8_t> PostgresQuery::column_geometry(int index) const {
  const char* text = value(index);
  if (text == nullptr) return {};
  try {
    return iso_wkb_from_hex_ewkb(std::string_view(text, PQgetlength(result_.get(), row_, index)));
  } catch (const std::invalid_argument& error) {
    fail("column " + std::to_string(index) + ": " + error.what());
  }
}

void PostgresQuery::fail(std::string_view detail) const { connection_.fail(neutral_sql_, detail); }

}  // namespace grip::store

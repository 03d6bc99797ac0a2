#include "grip/store/postgres_connection.hpp"

#include <cctype>

#include "grip/core/errors.hpp"
#include "grip/core/text.hpp"

namespace grip::store {

PgConnection::PgConnection(const std::string& conninfo, std::string location)
    : conn_(PQconnectdb(conninfo.c_str())), location_(std::move(location)) {
  if (conn_ == nullptr) throw StoreError("PostgreSQL store " + location_ + ": out of memory connecting");
  if (PQstatus(conn_) != CONNECTION_OK) {
    const std::string message = PQerrorMessage(conn_);
    PQfinish(conn_);
    conn_ = nullptr;
    throw StoreError("PostgreSQL store " + location_ + ": cannot connect: " + std::string(trim(message)));
  }
  // Messages and numbers must not depend on the server's or the user's settings.
  // JIT is off because Grip's big statements are plain scans that JIT does not speed up, while its
  // compile step (about 0.25 s) fires on every read the planner costs as large.
  exec(
      "SET client_encoding = 'UTF8'; SET extra_float_digits = 1; SET client_min_messages = warning; "
      "SET jit = off");
}

unsigned PgConnection::geometry_type_oid() {
  if (geometry_type_oid_ < 0) {
    const PgResult result = exec("SELECT COALESCE(to_regtype('geometry')::oid, 0)");
    geometry_type_oid_ = std::stol(PQgetvalue(result.get(), 0, 0));
  }
  return static_cast<unsigned>(geometry_type_oid_);
}

PgConnection::~PgConnection() {
  // Closing the connection makes the server abort any open transaction: nothing half-done stays.
  PQfinish(conn_);
}

PGconn* PgConnection::idle() const noexcept {
  if (pending_ != nullptr) {
    PendingResult* pending = pending_;
    pending_ = nullptr;
    pending->collect();
  }
  return conn_;
}

std::string PgConnection::literal(std::string_view text) const {
  std::unique_ptr<char, decltype(&PQfreemem)> quoted(PQescapeLiteral(conn_, text.data(), text.size()),
                                                     PQfreemem);
  if (!quoted) fail("quoting a literal");
  return quoted.get();
}

std::string PgConnection::identifier(std::string_view name) const {
  std::unique_ptr<char, decltype(&PQfreemem)> quoted(PQescapeIdentifier(conn_, name.data(), name.size()),
                                                     PQfreemem);
  if (!quoted) fail("quoting an identifier");
  return quoted.get();
}

PgResult PgConnection::exec(const std::string& sql) {
  before_statement(sql);
  return check(PQexec(idle(), sql.c_str()), sql);
}

PgResult PgConnection::check(PGresult* raw, std::string_view what) {
  PgResult result(raw);
  if (!result) fail(what);
  switch (PQresultStatus(result.get())) {
    case PGRES_COMMAND_OK:
    case PGRES_TUPLES_OK:
    case PGRES_COPY_IN:
    case PGRES_SINGLE_TUPLE:
      return result;
    default:
      fail(what, PQresultErrorMessage(result.get()));
  }
}

void PgConnection::fail(std::string_view what, std::string_view detail) const {
  std::string message = "PostgreSQL store " + location_ + ": " + std::string(trim(detail));
  // Long statements (a COPY's rows, a big DDL) would bury the server's message.
  constexpr std::size_t kShownStatement = 300;
  message += "\n  in: " + std::string(what.substr(0, kShownStatement));
  if (what.size() > kShownStatement) message += "...";
  throw StoreError(message);
}

void PgConnection::fail(std::string_view what) const { fail(what, PQerrorMessage(conn_)); }

std::string PgConnection::unique_name(std::string_view prefix) {
  return std::string(prefix) + std::to_string(++names_issued_);
}

namespace {

bool starts_with_word(std::string_view sql, std::string_view word) {
  sql = trim(sql);
  return sql.size() >= word.size() && equals_ignoring_case(sql.substr(0, word.size()), word) &&
         (sql.size() == word.size() || !std::isalnum(static_cast<unsigned char>(sql[word.size()])));
}

bool contains_ignoring_case(std::string_view text, std::string_view word) {
  if (text.size() < word.size()) return false;
  const int first = std::tolower(static_cast<unsigned char>(word.front()));
  for (std::size_t at = 0; at + word.size() <= text.size(); ++at) {
    if (std::tolower(static_cast<unsigned char>(text[at])) == first &&
        equals_ignoring_case(text.substr(at, word.size()), word))
      return true;
  }
  return false;
}

}  // namespace

void PgConnection::before_statement(std::string_view sql) {
  if (!cursors_to_close_.empty() || !cursor_types_.empty() || !table_types_.empty()) {
    // A false alarm (a string literal holding one of the words) only costs a round trip.
    bool changes_tables = false;
    for (const std::string_view word : {"ALTER", "CREATE", "DROP", "TRUNCATE", "ROLLBACK"}) {
      if (contains_ignoring_case(sql, word)) {
        changes_tables = true;
        break;
      }
    }
    bool ends_transaction = false;
    for (const std::string_view word : {"BEGIN", "START", "COMMIT", "END", "ROLLBACK", "ABORT"}) {
      if (starts_with_word(sql, word)) {
        ends_transaction = true;
        break;
      }
    }
    // Cursors die with the transaction, and ROLLBACK TO closes those opened after its savepoint:
    // a CLOSE sent for one of them would fail and abort the transaction. A table with an open
    // cursor on it cannot be altered or dropped, so those statements close them first.
    if (ends_transaction) {
      forget_cursors_to_close();
    } else if (changes_tables && !cursors_to_close_.empty()) {
      close_cursors_now();
    }
    if (changes_tables) {
      cursor_types_.clear();
      table_types_.clear();
    }
  }
  if (statement_hook_) statement_hook_(sql);
}

const std::vector<unsigned>* PgConnection::cursor_types(const std::string& sql) const {
  const auto found = cursor_types_.find(sql);
  return found == cursor_types_.end() ? nullptr : &found->second;
}

void PgConnection::remember_cursor_types(const std::string& sql, std::vector<unsigned> types) {
  cursor_types_.insert_or_assign(sql, std::move(types));
}

const PgConnection::ColumnTypes* PgConnection::table_types(const std::string& table) const {
  const auto found = table_types_.find(table);
  return found == table_types_.end() ? nullptr : &found->second;
}

void PgConnection::remember_table_types(const std::string& table, ColumnTypes types) {
  table_types_.insert_or_assign(table, std::move(types));
}

void PgConnection::close_cursor_later(std::string name) noexcept {
  try {
    cursors_to_close_.push_back(std::move(name));
  } catch (const std::bad_alloc&) {
    // The cursor stays open until the transaction ends.
  }
  // Many reads and no cursor after them: close a batch in one round trip, so a long transaction
  // does not keep hundreds of finished cursors.
  constexpr std::size_t kCloseBatch = 64;
  if (cursors_to_close_.size() >= kCloseBatch) close_cursors_now();
}

void PgConnection::close_cursors_now() noexcept {
  try {
    std::string closes;
    for (const std::string& cursor : take_cursors_to_close()) closes += "CLOSE " + cursor + ";";
    if (!closes.empty() && PQtransactionStatus(idle()) == PQTRANS_INTRANS)
      PQclear(PQexec(conn_, closes.c_str()));
  } catch (const std::bad_alloc&) {
    // Those cursors stay open until the transaction ends.
  }
}

std::vector<std::string> PgConnection::take_cursors_to_close() noexcept {
  std::vector<std::string> taken;
  taken.swap(cursors_to_close_);
  return taken;
}

void PgConnection::forget_transaction_state() noexcept {
  cursors_to_close_.clear();
  cursor_types_.clear();
  table_types_.clear();
}

void PgConnection::defer(std::string sql) noexcept {
  try {
    deferred_.push_back(std::move(sql));
  } catch (const std::bad_alloc&) {
    // Only a prepared statement is left on the server until the connection closes.
  }
}

void PgConnection::run_deferred() noexcept {
  if (deferred_.empty() || in_failed_transaction() || PQstatus(conn_) != CONNECTION_OK) return;
  // in_failed_transaction() has collected any pending result, so the connection is free.
  for (const std::string& sql : deferred_) {
    // A failed DEALLOCATE only leaves a statement behind until the connection closes.
    PQclear(PQexec(conn_, sql.c_str()));
  }
  deferred_.clear();
}

bool PgConnection::in_failed_transaction() const noexcept {
  return PQtransactionStatus(idle()) == PQTRANS_INERROR;
}

}  // namespace grip::store

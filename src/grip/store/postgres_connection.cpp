#include "grip/store/postgres_connection.hpp"

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

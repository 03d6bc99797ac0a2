// One libpq connection with the bookkeeping the PostgreSQL engine's parts share: the location
// for messages, the store's SRID, unique statement and cursor names, and cleanup that has to wait
// for the transaction to end. Every failure becomes grip::StoreError naming the location (never
// the password) and the server's message.
#pragma once

#include <libpq-fe.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace grip::store {

struct PgResultDeleter {
  void operator()(PGresult* result) const noexcept { PQclear(result); }
};
using PgResult = std::unique_ptr<PGresult, PgResultDeleter>;

// A result still on its way to a statement (a cursor's next FETCH, sent ahead so the server
// works while the client reads the chunk before it).
class PendingResult {
 public:
  virtual void collect() noexcept = 0;  // read it off the connection and keep it

 protected:
  ~PendingResult() = default;
};

class PgConnection {
 public:
  // conninfo goes to PQconnectdb as it is; location is what messages show.
  PgConnection(const std::string& conninfo, std::string location);
  ~PgConnection();
  PgConnection(const PgConnection&) = delete;
  PgConnection& operator=(const PgConnection&) = delete;

  [[nodiscard]] PGconn* handle() const noexcept { return conn_; }
  // The connection with nothing in flight: a pending result is collected first. Every new
  // command goes through this rather than handle().
  [[nodiscard]] PGconn* idle() const noexcept;
  void set_pending(PendingResult* pending) noexcept { pending_ = pending; }
  void clear_pending(const PendingResult* pending) noexcept {
    if (pending_ == pending) pending_ = nullptr;
  }
  [[nodiscard]] const std::string& location() const noexcept { return location_; }

  // The SRID written into geometry from now on (0 until the store knows its CRS).
  void set_srid(std::int32_t srid) noexcept { srid_ = srid; }
  [[nodiscard]] std::int32_t srid() const noexcept { return srid_; }

  // The OID of PostGIS's geometry type in this database (0 without PostGIS), looked up once.
  [[nodiscard]] unsigned geometry_type_oid();

  // Called with a statement's SQL before it is sent (exec and Query::step; COPY rows are not
  // statements), so a part that changed a table for a while can put it back before a statement
  // reads it (PgDeferredKeys).
  void set_statement_hook(std::function<void(std::string_view sql)> hook) {
    statement_hook_ = std::move(hook);
  }
  // Also keeps the caches below true: a statement that ends the transaction or rolls part of it
  // back forgets the cursors waiting to be closed; one that can change a table (CREATE, ALTER,
  // DROP, TRUNCATE, ROLLBACK anywhere in its text) closes them first and forgets the column types.
  void before_statement(std::string_view sql);

  // The result column types of a cursor's statement, as the server described them, by the
  // statement's text: a statement seen before on this connection opens its cursor and fetches its
  // first rows in one round trip instead of three (PostgresQuery). nullptr when not known.
  [[nodiscard]] const std::vector<unsigned>* cursor_types(const std::string& sql) const;
  void remember_cursor_types(const std::string& sql, std::vector<unsigned> types);
  void forget_cursor_types(const std::string& sql) noexcept { cursor_types_.erase(sql); }
  // A table's columns and their type names, for COPY's choice of binary (PostgresRowSink).
  using ColumnTypes = std::vector<std::pair<std::string, std::string>>;
  [[nodiscard]] const ColumnTypes* table_types(const std::string& table) const;
  void remember_table_types(const std::string& table, ColumnTypes types);

  // A cursor that is done with: closed in the same round trip as the next cursor's DECLARE (or
  // with a batch of others), not in one of its own; the transaction's end closes any left.
  void close_cursor_later(std::string name) noexcept;
  [[nodiscard]] std::vector<std::string> take_cursors_to_close() noexcept;
  void forget_cursors_to_close() noexcept { cursors_to_close_.clear(); }
  void close_cursors_now() noexcept;
  // Forgets both caches and the cursors to close (a rollback sent past before_statement).
  void forget_transaction_state() noexcept;

  // `text` as a quoted SQL string literal, and `name` as a quoted identifier (libpq's escaping).
  [[nodiscard]] std::string literal(std::string_view text) const;
  [[nodiscard]] std::string identifier(std::string_view name) const;

  // Runs parameterless SQL (one or more statements) and returns the last result.
  PgResult exec(const std::string& sql);
  // Throws unless `result` finished well (command done, rows returned or COPY started).
  PgResult check(PGresult* result, std::string_view what);
  [[noreturn]] void fail(std::string_view what, std::string_view detail) const;
  [[noreturn]] void fail(std::string_view what) const;  // with PQerrorMessage

  // "grip_s17": a name no other statement or cursor on this connection uses.
  [[nodiscard]] std::string unique_name(std::string_view prefix);

  // SQL to run once no failed transaction is in the way (a DEALLOCATE from a destructor).
  void defer(std::string sql) noexcept;
  // Runs what was deferred if the connection is not inside a failed transaction.
  void run_deferred() noexcept;
  [[nodiscard]] bool in_failed_transaction() const noexcept;

 private:
  PGconn* conn_ = nullptr;
  std::string location_;
  std::int32_t srid_ = 0;
  std::uint64_t names_issued_ = 0;
  long geometry_type_oid_ = -1;  // -1 until looked up
  std::vector<std::string> deferred_;
  std::unordered_map<std::string, std::vector<unsigned>> cursor_types_;
  std::unordered_map<std::string, ColumnTypes> table_types_;
  std::vector<std::string> cursors_to_close_;
  std::function<void(std::string_view)> statement_hook_;
  mutable PendingResult* pending_ = nullptr;
};

}  // namespace grip::store

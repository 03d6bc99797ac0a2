// Query on PostgreSQL. Parameters travel as text with type OID 0 so the server infers each type
// from its use, as SQLite's dynamic typing lets the same neutral SQL run on both. A SELECT inside
// a transaction reads through a server-side cursor, kFetchRows rows per FETCH, so a national read
// of millions of rows never sits in one PGresult and other statements can run between fetches.
// The next FETCH is sent as soon as a full chunk arrives, so the server produces it while the
// client reads the current one (without that, server and client take turns and reads are ~40%
// slower than libpq's single-row mode); a statement run meanwhile first collects that chunk.
//
// A cursor whose columns all have types with a binary form Grip reads (int2/4/8, float4/8, bool,
// text/varchar, PostGIS geometry) is fetched in binary (PostgreSQL docs, DECLARE: a FETCH over the
// extended protocol chooses its own result format): the server then formats no numbers and no
// hex geometry, and the client parses none. Any other type (numeric, dates, bytea, name) keeps the
// whole cursor in text. Accessors give the same values either way.
//
// anything else runs unnamed the first time and as a named prepared statement from its second run
// on (a loop is parsed and planned once), and its (small) result is kept whole.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "grip/store/database.hpp"
#include "grip/store/postgres_connection.hpp"

namespace grip::store {

class PostgresQuery final : public Query, private PendingResult {
 public:
  static constexpr int kFetchRows = 50'000;

  PostgresQuery(PgConnection& connection, std::string_view neutral_sql);
  ~PostgresQuery() override;

  Query& bind(int index, std::int64_t value) override;
  Query& bind(int index, double value) override;
  Query& bind(int index, std::string_view text) override;
  Query& bind_null(int index) override;
  Query& bind_geometry(int index, std::span<const std::uint8_t> wkb, const Envelope& envelope) override;

  bool step() override;
  void reset() override;
  [[nodiscard]] std::int64_t changes() const override { return changes_; }

  [[nodiscard]] std::int64_t column_int(int index) const override;
  [[nodiscard]] double column_double(int index) const override;
  [[nodiscard]] std::string column_text(int index) const override;
  [[nodiscard]] std::string_view column_view(int index) const override;
  [[nodiscard]] bool column_is_null(int index) const override;
  [[nodiscard]] std::vector<std::uint8_t> column_geometry(int index) const override;

 private:
  std::optional<std::string>& parameter(int index);
  void run();
  void send_fetch();
  void take_fetched();
  void collect() noexcept override;
  void close_cursor() noexcept;
  // The wire form of a column of a binary cursor.
  enum class Wire : std::uint8_t { kInt2, kInt4, kInt8, kFloat4, kFloat8, kBool, kText, kGeometry };
  // DECLARE and the first FETCH; the wire forms of a result's column types (nullopt: some type has
  // no binary form Grip reads, so the cursor is fetched in text).
  void open_cursor(const std::vector<const char*>& values);
  [[nodiscard]] std::optional<std::vector<Wire>> wires_for(const std::vector<unsigned>& types) const;
  [[nodiscard]] const char* value(int index) const;  // nullptr for NULL
  [[nodiscard]] std::int64_t binary_int(int index, const char* bytes) const;
  [[nodiscard]] double binary_double(int index, const char* bytes) const;
  [[noreturn]] void fail(std::string_view detail) const;

  PgConnection& connection_;
  std::string neutral_sql_;  // for messages: what the store code wrote
  std::string sql_;          // with $N
  bool reads_rows_ = false;  // SELECT/WITH: a cursor candidate
  std::vector<std::optional<std::string>> parameters_;
  std::string statement_name_;  // prepared on the second plain run
  bool ran_plain_ = false;      // run outside a cursor before (kept over reset())
  std::string cursor_name_;     // open while non-empty
  PgResult result_;
  PgResult next_;                             // the chunk fetched ahead, once collected
  bool awaiting_ = false;                     // a FETCH was sent and its result not yet read
  std::vector<Wire> binary_;                  // the columns' wire forms for a binary cursor; empty: text
  mutable std::vector<std::string> printed_;  // column_view of a binary non-text column
  int row_ = 0, rows_ = 0;
  bool started_ = false;
  std::int64_t changes_ = 0;
};

}  // namespace grip::store

// A first bulk load into PostgreSQL without its primary-key index until just before COMMIT.
//
// COPY into a table with a primary key maintains the btree row by row, each insert its own WAL
// record, and fills the identity column by a nextval() call per row. On the national year (6.5 M
// incident rows) those cost the server about 7 s of a 20 s COPY; building the same index once from
// the loaded rows takes about 2 s (measured with COPY FROM a file: 20.8 s with the key, 11.0 s
// without the key and with the fids sent, then 2.3 s for ADD PRIMARY KEY).
//
// A table's key is deferred only while this transaction holds the table in ACCESS EXCLUSIVE mode
// (the first ingest gets that lock by giving the layer its CRS, ALTER TABLE ... TYPE, and keeps it
// to COMMIT): no other session can read or write the table meanwhile, so no one ever sees it without
// its key, and this connection is the only one taking fids. The fids are then counted here, from
// above the largest in use and the identity sequence's next value; the sequence is moved past them
// when the key comes back. The key comes back, with the same constraint name:
//   - before COMMIT (PostgresDatabase::commit), so a committed table always has it;
//   - before any statement that names the table (the connection's statement hook), so no query
//     ever runs on the table without its index; only last_fid() is answered here instead;
//   - by the server itself on ROLLBACK, or on ROLLBACK TO a savepoint older than the DROP
//     (after_rollback_to notices and stops counting);
//   - again, if a ROLLBACK TO undid the key's return but not the DROP before it (a file refused
//     after one of its statements named the table): after_rollback_to adds it at once.
// A key that cannot be dropped (a view depends on it) stays, and the load goes on with it.
// A table that a foreign key points at, or whose key is not its identity column fid, is never
// deferred.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>

#include "grip/store/postgres_connection.hpp"

namespace grip::store {

class PgDeferredKeys {
 public:
  explicit PgDeferredKeys(PgConnection& connection) : connection_(connection) {}

  // Defers `table`'s key if it can be (see above); true when it is deferred now.
  bool try_defer(const std::string& table);
  // The next fid for a row of a deferred table (nullptr when not deferred); the caller increments it.
  [[nodiscard]] std::int64_t* next_fid(const std::string& table);
  // For a deferred table, the largest fid given out (new rows go above it); nullopt otherwise.
  [[nodiscard]] std::optional<std::int64_t> last_fid(const std::string& table) const;

  // Puts back the key of every deferred table `sql` names (as a whole word).
  void restore_named_in(std::string_view sql);
  void restore(const std::string& table);
  void restore_all();
  // After ROLLBACK TO SAVEPOINT: a table whose key the rollback put back is no longer deferred,
  // and one whose key's return the rollback undid gets it back.
  void after_rollback_to();
  // The transaction ended (the server undid or kept everything itself).
  void forget() noexcept;

 private:
  struct Entry {
    std::string constraint;  // the primary key's name, given back unchanged
    std::string sequence;    // the identity column's sequence
    std::int64_t next_fid = 1;
    bool key_dropped = true;  // false once the key is back (kept so a rollback of that is seen)
  };

  bool has_key(const std::string& table);
  void add_key(const std::string& table, const Entry& entry);
  void move_sequence_past(const Entry& entry);

  PgConnection& connection_;
  std::map<std::string, Entry, std::less<>> tables_;   // deferred in this transaction
  std::set<std::string, std::less<>> not_deferrable_;  // checked in this transaction
  bool busy_ = false;                                  // our own statements pass the hook
};

}  // namespace grip::store

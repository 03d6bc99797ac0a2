#include "grip/store/postgres_deferred_keys.hpp"

#include <memory>

#include "grip/store/postgres_sql.hpp"

namespace grip::store {
namespace {

std::string quoted(PgConnection& connection, const std::string& text) {
  std::unique_ptr<char, decltype(&PQfreemem)> literal(
      PQescapeLiteral(connection.handle(), text.c_str(), text.size()), PQfreemem);
  if (!literal) connection.fail("quoting a literal");
  return literal.get();
}

std::string identifier(PgConnection& connection, const std::string& name) {
  std::unique_ptr<char, decltype(&PQfreemem)> quoted_name(
      PQescapeIdentifier(connection.handle(), name.c_str(), name.size()), PQfreemem);
  if (!quoted_name) connection.fail("quoting an identifier");
  return quoted_name.get();
}

std::int64_t int_at(const PgResult& result, int column) {
  std::int64_t value = 0;
  (void)parse_int(PQgetvalue(result.get(), 0, column), value);
  return value;
}

// Our own statements pass the connection's statement hook while one of these lives.
class Busy {
 public:
  explicit Busy(bool& flag) : flag_(flag) { flag_ = true; }
  ~Busy() { flag_ = false; }
  Busy(const Busy&) = delete;
  Busy& operator=(const Busy&) = delete;

 private:
  bool& flag_;
};

}  // namespace

bool PgDeferredKeys::try_defer(const std::string& table) {
  if (deferred_.contains(table)) return true;
  if (not_deferrable_.contains(table) || !is_plain_identifier(table)) return false;
  const Busy busy(busy_);
  const std::string name = quoted(connection_, table);
  // One row when the key is the identity column fid alone, with its sequence, whether this
  // transaction holds the table exclusively, and whether a foreign key points at the table.
  const PgResult found = connection_.exec(
      "SELECT c.conname, pg_get_serial_sequence(" + name +
      ", 'fid'), EXISTS (SELECT 1 FROM pg_locks l WHERE l.locktype = 'relation' AND l.relation = "
      "c.conrelid AND l.pid = pg_backend_pid() AND l.mode = 'AccessExclusiveLock' AND l.granted), "
      "EXISTS (SELECT 1 FROM pg_constraint f WHERE f.confrelid = c.conrelid AND f.contype = 'f') "
      "FROM pg_constraint c JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attname = 'fid' "
      "WHERE c.conrelid = to_regclass('public.' || quote_ident(" +
      name + ")) AND c.contype = 'p' AND c.conkey = ARRAY[a.attnum]::int2[] AND a.attidentity <> ''");
  const bool deferrable = PQntuples(found.get()) == 1 && !PQgetisnull(found.get(), 0, 1) &&
                          PQgetvalue(found.get(), 0, 2)[0] == 't' && PQgetvalue(found.get(), 0, 3)[0] == 'f';
  if (!deferrable) {
    not_deferrable_.insert(table);
    return false;
  }
  Deferred deferred{PQgetvalue(found.get(), 0, 0), PQgetvalue(found.get(), 0, 1), 1};
  // Above every fid in use and every value the sequence gave out: nothing can collide. The MAX
  // is an index lookup, the key still being there.
  const PgResult next = connection_.exec("SELECT GREATEST((SELECT COALESCE(MAX(fid), 0) + 1 FROM " + table +
                                         "), nextval(" + quoted(connection_, deferred.sequence) + "))");
  deferred.next_fid = int_at(next, 0);
  connection_.exec("ALTER TABLE " + table + " DROP CONSTRAINT " +
                   identifier(connection_, deferred.constraint));
  deferred_.emplace(table, std::move(deferred));
  return true;
}

std::int64_t* PgDeferredKeys::next_fid(const std::string& table) {
  const auto found = deferred_.find(table);
  return found == deferred_.end() ? nullptr : &found->second.next_fid;
}

std::optional<std::int64_t> PgDeferredKeys::last_fid(const std::string& table) const {
  const auto found = deferred_.find(table);
  if (found == deferred_.end()) return std::nullopt;
  return found->second.next_fid - 1;
}

void PgDeferredKeys::restore_named_in(std::string_view sql) {
  if (busy_ || deferred_.empty()) return;
  for (auto it = deferred_.begin(); it != deferred_.end();) {
    const std::string table = (it++)->first;  // restore() erases the entry
    if (names_identifier(sql, table)) restore(table);
  }
}

void PgDeferredKeys::move_sequence_past(const Deferred& deferred) {
  connection_.exec("SELECT setval(" + quoted(connection_, deferred.sequence) + ", " +
                   std::to_string(deferred.next_fid) + ", false)");
}

void PgDeferredKeys::restore(const std::string& table) {
  const auto found = deferred_.find(table);
  if (found == deferred_.end()) return;
  const Busy busy(busy_);
  connection_.exec("ALTER TABLE " + table + " ADD CONSTRAINT " + found->second.constraint +
                   " PRIMARY KEY (fid)");
  move_sequence_past(found->second);
  deferred_.erase(found);
  // Not deferred again in this transaction: a statement naming the table once a file would
  // otherwise rebuild the whole index once a file.
  not_deferrable_.insert(table);
}

void PgDeferredKeys::restore_all() {
  while (!deferred_.empty()) restore(deferred_.begin()->first);
}

void PgDeferredKeys::after_rollback_to() {
  if (deferred_.empty()) return;
  const Busy busy(busy_);
  for (auto it = deferred_.begin(); it != deferred_.end();) {
    const PgResult key = connection_.exec(
        "SELECT 1 FROM pg_constraint WHERE conrelid = to_regclass('public.' || quote_ident(" +
        quoted(connection_, it->first) + ")) AND contype = 'p'");
    if (PQntuples(key.get()) == 0) {
      ++it;
      continue;
    }
    // The rollback undid the DROP; the fids counted since are burnt, as a sequence's would be.
    move_sequence_past(it->second);
    it = deferred_.erase(it);
  }
}

void PgDeferredKeys::forget() noexcept {
  deferred_.clear();
  not_deferrable_.clear();
  busy_ = false;
}

}  // namespace grip::store

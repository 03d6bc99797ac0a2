#include "grip/store/postgres_deferred_keys.hpp"

#include "grip/core/errors.hpp"
#include "grip/store/postgres_sql.hpp"

namespace grip::store {
namespace {

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
  if (const auto found = tables_.find(table); found != tables_.end()) return found->second.key_dropped;
  if (not_deferrable_.contains(table) || !is_plain_identifier(table)) return false;
  const Busy busy(busy_);
  const std::string name = connection_.literal(table);
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
  Entry entry{PQgetvalue(found.get(), 0, 0), PQgetvalue(found.get(), 0, 1), 1, true};
  // Above every fid in use (an index lookup while the key is there) and every value the sequence
  // gave out (asked only once the DROP has worked, so a key that stays burns no fid).
  const PgResult largest = connection_.exec("SELECT COALESCE(MAX(fid), 0) + 1 FROM " + table);
  // In a savepoint of its own: a key something else depends on (a view, a replica identity)
  // cannot be dropped, and the load then goes on with the key rather than failing.
  connection_.exec("SAVEPOINT grip_defer_key");
  try {
    connection_.exec("ALTER TABLE " + table + " DROP CONSTRAINT " + connection_.identifier(entry.constraint));
  } catch (const StoreError&) {
    connection_.exec("ROLLBACK TO SAVEPOINT grip_defer_key");
    connection_.exec("RELEASE SAVEPOINT grip_defer_key");
    not_deferrable_.insert(table);
    return false;
  }
  connection_.exec("RELEASE SAVEPOINT grip_defer_key");
  const PgResult next = connection_.exec("SELECT GREATEST(" + std::to_string(int_at(largest, 0)) +
                                         ", nextval(" + connection_.literal(entry.sequence) + "))");
  entry.next_fid = int_at(next, 0);
  tables_.emplace(table, std::move(entry));
  return true;
}

std::int64_t* PgDeferredKeys::next_fid(const std::string& table) {
  const auto found = tables_.find(table);
  return found == tables_.end() || !found->second.key_dropped ? nullptr : &found->second.next_fid;
}

std::optional<std::int64_t> PgDeferredKeys::last_fid(const std::string& table) const {
  const auto found = tables_.find(table);
  if (found == tables_.end() || !found->second.key_dropped) return std::nullopt;
  return found->second.next_fid - 1;
}

void PgDeferredKeys::restore_named_in(std::string_view sql) {
  if (busy_ || tables_.empty()) return;
  for (const auto& [table, entry] : tables_) {
    if (entry.key_dropped && names_identifier(sql, table)) restore(table);
  }
}

bool PgDeferredKeys::has_key(const std::string& table) {
  const PgResult key =
      connection_.exec("SELECT 1 FROM pg_constraint WHERE conrelid = to_regclass('public.' || quote_ident(" +
                       connection_.literal(table) + ")) AND contype = 'p'");
  return PQntuples(key.get()) > 0;
}

void PgDeferredKeys::add_key(const std::string& table, const Entry& entry) {
  connection_.exec("ALTER TABLE " + table + " ADD CONSTRAINT " + connection_.identifier(entry.constraint) +
                   " PRIMARY KEY (fid)");
  move_sequence_past(entry);
}

void PgDeferredKeys::move_sequence_past(const Entry& entry) {
  // Never backwards: past the counted fids and past whatever the sequence has given out since.
  const std::string sequence = connection_.literal(entry.sequence);
  connection_.exec("SELECT setval(" + sequence + ", GREATEST(" + std::to_string(entry.next_fid) +
                   ", (SELECT CASE WHEN is_called THEN last_value + 1 ELSE last_value END FROM " +
                   entry.sequence + ")), false)");
}

void PgDeferredKeys::restore(const std::string& table) {
  const auto found = tables_.find(table);
  if (found == tables_.end() || !found->second.key_dropped) return;
  const Busy busy(busy_);
  add_key(table, found->second);
  // Kept, not deferred again in this transaction: a statement naming the table once a file would
  // otherwise rebuild the whole index once a file. after_rollback_to still watches it.
  found->second.key_dropped = false;
}

void PgDeferredKeys::restore_all() {
  for (const auto& [table, entry] : tables_) {
    if (entry.key_dropped) restore(table);
  }
}

void PgDeferredKeys::after_rollback_to() {
  if (tables_.empty()) return;
  const Busy busy(busy_);
  for (auto it = tables_.begin(); it != tables_.end();) {
    const bool key_now = has_key(it->first);
    if (it->second.key_dropped && key_now) {
      // The rollback undid the DROP; the fids counted since are burnt, as a sequence's would be.
      move_sequence_past(it->second);
      it = tables_.erase(it);
      continue;
    }
    if (!it->second.key_dropped && !key_now) {
      // The rollback undid the key's return but not the older DROP: it comes back now, or the
      // table would be committed without it.
      add_key(it->first, it->second);
    }
    ++it;
  }
}

void PgDeferredKeys::forget() noexcept {
  tables_.clear();
  not_deferrable_.clear();
  busy_ = false;
}

}  // namespace grip::store

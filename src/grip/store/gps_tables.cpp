#include "grip/store/gps_tables.hpp"

#include "grip/core/errors.hpp"

namespace grip::store {
namespace {

constexpr const char* kKeyName = "officer_pseudonym_key";

std::string to_hex(const PseudonymKey& key) {
  constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (std::uint8_t b : key) {
    out.push_back(kHex[b >> 4]);
    out.push_back(kHex[b & 0xF]);
  }
  return out;
}

PseudonymKey from_hex(const std::string& text, const std::string& where) {
  PseudonymKey key{};
  if (text.size() != 2 * key.size()) throw StoreError(where + ": the stored pseudonym key is damaged");
  const auto digit = [&](char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    throw StoreError(where + ": the stored pseudonym key is damaged");
  };
  for (std::size_t i = 0; i < key.size(); ++i)
    key[i] = static_cast<std::uint8_t>(digit(text[2 * i]) << 4 | digit(text[2 * i + 1]));
  return key;
}

}  // namespace

PseudonymKey read_or_create_pseudonym_key(Store& store) {
  auto& db = store.database();
  {
    auto read = db.prepare("SELECT value FROM grip_secrets WHERE name = ?1");
    read->bind(1, std::string_view(kKeyName));
    if (read->step()) {
      const std::string text = read->column_text(0);
      while (read->step()) {
      }
      return from_hex(text, store.path());
    }
  }
  const PseudonymKey key = generate_pseudonym_key();
  auto insert = db.prepare("INSERT INTO grip_secrets (name, value) VALUES (?1, ?2)");
  insert->bind(1, std::string_view(kKeyName)).bind(2, to_hex(key));
  insert->step();
  return key;
}

std::optional<std::int64_t> find_gps_batch(Store& store, const std::string& content_hash) {
  auto query = store.database().prepare("SELECT batch_id FROM gps_batches WHERE content_hash = ?1");
  query->bind(1, std::string_view(content_hash));
  if (!query->step()) return std::nullopt;
  const std::int64_t id = query->column_int(0);
  while (query->step()) {
  }
  return id;
}

std::int64_t write_gps_batch(Store& store, const GpsBatchRow& b, const std::vector<GpsVisitRow>& visits) {
  auto& db = store.database();
  std::int64_t id = 0;
  {
    auto insert = db.prepare(
        "INSERT INTO gps_batches (file, content_hash, ingested_at, hotspot_run_id, rows_read, rows_rejected, "
        "fixes_kept, dropped_imprecise, dropped_duplicate, dropped_jump, dropped_outside, officers, visits, "
        "buffer_m, bridge_s) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15) "
        "RETURNING batch_id");
    insert->bind(1, std::string_view(b.file)).bind(2, std::string_view(b.content_hash));
    insert->bind(3, std::string_view(b.ingested_at)).bind(4, b.hotspot_run_id).bind(5, b.rows_read);
    insert->bind(6, b.rows_rejected).bind(7, b.fixes_kept).bind(8, b.dropped_imprecise);
    insert->bind(9, b.dropped_duplicate).bind(10, b.dropped_jump).bind(11, b.dropped_outside);
    insert->bind(12, b.officers).bind(13, b.visits).bind(14, b.buffer_m).bind(15, b.bridge_s);
    insert->step();
    id = insert->column_int(0);
    while (insert->step()) {
    }
  }
  auto sink = db.bulk_insert("gps_visits", {"batch_id", "hotspot_run_id", "hotspot_id", "officer", "first_in",
                                            "last_in", "entry_earliest", "exit_latest", "minutes",
                                            "minutes_low", "minutes_high", "fixes", "verified"});
  for (const GpsVisitRow& v : visits) {
    sink->add(id);
    sink->add(b.hotspot_run_id);
    sink->add(std::string_view(v.hotspot_id));
    sink->add(std::string_view(v.officer));
    sink->add(std::string_view(v.first_in));
    sink->add(std::string_view(v.last_in));
    sink->add(std::string_view(v.entry_earliest));
    sink->add(std::string_view(v.exit_latest));
    sink->add(v.minutes);
    sink->add(v.minutes_low);
    sink->add(v.minutes_high);
    sink->add(v.fixes);
    sink->add(static_cast<std::int64_t>(v.verified ? 1 : 0));
    sink->end_row();
  }
  sink->finish();
  return id;
}

void write_gps_pings(Store& store, std::int64_t batch_id, const std::vector<GpsPingRow>& pings) {
  auto sink = store.database().bulk_insert(
      "gps_pings", {"batch_id", "officer", "fix_time", "x", "y", "accuracy_m", "expires_at"});
  for (const GpsPingRow& p : pings) {
    sink->add(batch_id);
    sink->add(std::string_view(p.officer));
    sink->add(std::string_view(p.fix_time));
    sink->add(p.x);
    sink->add(p.y);
    sink->add(p.accuracy_m);
    sink->add(std::string_view(p.expires_at));
    sink->end_row();
  }
  sink->finish();
}

std::int64_t purge_expired_gps_pings(Store& store, const std::string& now) {
  auto purge = store.database().prepare("DELETE FROM gps_pings WHERE expires_at <= ?1");
  purge->bind(1, std::string_view(now));
  while (purge->step()) {
  }
  return purge->changes();
}

std::int64_t count_gps_pings(Store& store) {
  auto query = store.database().prepare("SELECT COUNT(*) FROM gps_pings");
  const std::int64_t n = query->step() ? query->column_int(0) : 0;
  while (query->step()) {
  }
  return n;
}

}  // namespace grip::store

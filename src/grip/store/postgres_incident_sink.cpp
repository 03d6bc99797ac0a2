#include "grip/store/postgres_incident_sink.hpp"

#include <algorithm>

#include "grip/store/postgres_copy.hpp"
#include "grip/store/postgres_sql.hpp"

namespace grip::store {
namespace {

std::int64_t int_at(const PgResult& result, int row, int column) {
  std::int64_t value = 0;
  (void)parse_int(PQgetvalue(result.get(), row, column), value);
  return value;
}

}  // namespace

void IncidentTextIds::make_current(PgConnection& connection) {
  if (current_) return;
  if (loaded_) {
    const PgResult seen = connection.exec("SELECT COALESCE(max(text_id), 0), count(*) FROM incident_texts");
    if (int_at(seen, 0, 0) != largest_ || int_at(seen, 0, 1) != rows_) load(connection);
  } else {
    load(connection);
  }
  current_ = true;
}

namespace {

std::uint64_t hash_text(std::string_view text) { return std::hash<std::string_view>{}(text); }

}  // namespace

void IncidentTextIds::load(PgConnection& connection) {
  slots_.assign(1024, Slot{});
  used_ = 0;
  arena_.clear();
  pending_.clear();
  largest_ = rows_ = 0;
  const PgResult all = connection.exec("SELECT text_id, text FROM incident_texts");
  const int rows = PQntuples(all.get());
  for (int row = 0; row < rows; ++row) {
    const std::int64_t id = int_at(all, row, 0);
    const std::string_view text(PQgetvalue(all.get(), row, 1),
                                static_cast<std::size_t>(PQgetlength(all.get(), row, 1)));
    bool added = false;
    std::int64_t* held = find_or_add(text, hash_text(text), added);
    if (added || id < *held) *held = id;  // a text held twice: the view follows either
    largest_ = std::max(largest_, id);
  }
  rows_ = rows;
  loaded_ = true;
}

std::int64_t* IncidentTextIds::find_or_add(std::string_view text, std::uint64_t hash, bool& added) {
  if ((used_ + 1) * 2 > slots_.size()) grow();
  const std::size_t mask = slots_.size() - 1;
  for (std::size_t at = hash & mask;; at = (at + 1) & mask) {
    Slot& slot = slots_[at];
    if (slot.id == 0) {
      slot = {hash, -1, static_cast<std::uint32_t>(arena_.size()), static_cast<std::uint32_t>(text.size())};
      arena_.append(text);
      ++used_;
      added = true;
      return &slot.id;
    }
    if (slot.hash == hash && slot.length == text.size() &&
        std::string_view(arena_).substr(slot.offset, slot.length) == text) {
      added = false;
      return &slot.id;
    }
  }
}

void IncidentTextIds::grow() {
  std::vector<Slot> old = std::move(slots_);
  slots_.assign(std::max<std::size_t>(1024, old.size() * 2), Slot{});
  const std::size_t mask = slots_.size() - 1;
  for (const Slot& slot : old) {
    if (slot.id == 0) continue;
    std::size_t at = slot.hash & mask;
    while (slots_[at].id != 0) at = (at + 1) & mask;
    slots_[at] = slot;
  }
}

std::int64_t IncidentTextIds::id_of(std::string_view text) {
  bool added = false;
  std::int64_t* held = find_or_add(text, hash_text(text), added);
  if (!added) return *held;
  *held = ++largest_;
  ++rows_;
  pending_.emplace_back(*held, std::string(text));
  return *held;
}

void IncidentTextIds::store_pending(PgConnection& connection) {
  if (pending_.empty()) return;
  PostgresRowSink texts(connection, "incident_texts", {"text_id", "text"});
  for (const auto& [id, text] : pending_) {
    texts.add(id);
    texts.add(std::string_view(text));
    texts.end_row();
  }
  texts.finish();
  pending_.clear();
}

void IncidentTextIds::forget() noexcept {
  slots_.clear();
  used_ = 0;
  arena_.clear();
  pending_.clear();
  largest_ = rows_ = 0;
  loaded_ = current_ = false;
}

void IncidentRowSink::add(std::string_view text) {
  const Field field = next_field();
  if (field == Field::kNotStored) return;
  if (field == Field::kTextId) {
    const std::size_t column = field_ - 1;
    if (last_id_[column] == 0 || last_text_[column] != text) {
      last_id_[column] = ids_.id_of(text);
      last_text_[column].assign(text);
    }
    rows_->add(last_id_[column]);
  } else {
    rows_->add(text);
  }
}

void IncidentRowSink::finish() {
  rows_->finish();
  ids_.store_pending(connection_);
}

}  // namespace grip::store

// Ingest's rows for the PostGIS `incidents` view, written to incident_rows with their texts as ids
// (postgres_incident_layout.hpp). The dictionary is read before the COPY starts, because no other
// statement can run on the connection during it; texts seen for the first time get the next ids
// and are copied into incident_texts when the rows are done, in the same transaction.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "grip/store/database.hpp"
#include "grip/store/postgres_connection.hpp"

namespace grip::store {

class IncidentTextIds {
 public:
  // Makes the ids current for this transaction: once a transaction (or after SQL that may have
  // added texts, see mark_unsure) it asks the server for the largest id and the count, and reads
  // the whole dictionary again only if they differ from what it holds.
  void make_current(PgConnection& connection);
  // The id of `text`, a new one (kept pending) for a text not seen before.
  [[nodiscard]] std::int64_t id_of(std::string_view text);
  // Copies the pending texts into incident_texts.
  void store_pending(PgConnection& connection);

  // A new transaction began, or SQL that can add texts ran: check again before the next use.
  void mark_unsure() noexcept { current_ = false; }
  // A rollback may have undone texts this holds: read all again before the next use.
  void forget() noexcept;

 private:
  // Open addressing over an arena of the texts: one probe and one compare a lookup, where a
  // node-based map cost three cache misses (6 lookups a row, 39 M on the national year).
  struct Slot {
    std::uint64_t hash = 0;
    std::int64_t id = 0;  // 0: empty
    std::uint32_t offset = 0;
    std::uint32_t length = 0;
  };

  void load(PgConnection& connection);
  [[nodiscard]] std::int64_t* find_or_add(std::string_view text, std::uint64_t hash, bool& added);
  void grow();

  std::vector<Slot> slots_;  // a power of two, at most half full
  std::size_t used_ = 0;
  std::string arena_;
  std::int64_t largest_ = 0;  // the largest id incident_texts holds (pending ones included)
  std::int64_t rows_ = 0;     // rows incident_texts holds (pending ones included)
  std::vector<std::pair<std::int64_t, std::string>> pending_;
  bool loaded_ = false;
  bool current_ = false;
};

class IncidentRowSink final : public RowSink {
 public:
  // `rows` copies into incident_rows the columns the caller named, each text column as its id;
  // text_column[i] says which of the caller's columns those are.
  IncidentRowSink(PgConnection& connection, IncidentTextIds& ids, std::unique_ptr<RowSink> rows,
                  std::vector<bool> text_column)
      : connection_(connection),
        ids_(ids),
        rows_(std::move(rows)),
        text_column_(std::move(text_column)),
        last_text_(text_column_.size()),
        last_id_(text_column_.size(), 0) {}

  void add(std::int64_t value) override { next_plain().add(value); }
  void add(double value) override { next_plain().add(value); }
  void add(std::string_view text) override;
  void add_null() override {
    ++field_;
    rows_->add_null();
  }
  void add_point(double x, double y) override { next_plain().add_point(x, y); }
  void add_geometry(std::span<const std::uint8_t> wkb, const Envelope& envelope) override {
    next_plain().add_geometry(wkb, envelope);
  }
  void end_row() override {
    field_ = 0;
    rows_->end_row();
  }
  void finish() override;

 private:
  RowSink& next_plain() {
    ++field_;
    return *rows_;
  }

  PgConnection& connection_;
  IncidentTextIds& ids_;
  std::unique_ptr<RowSink> rows_;
  std::vector<bool> text_column_;
  std::size_t field_ = 0;
  // The last text and id of each column: a file's force, and often its outcome, repeat row on row.
  std::vector<std::string> last_text_;
  std::vector<std::int64_t> last_id_;
};

}  // namespace grip::store

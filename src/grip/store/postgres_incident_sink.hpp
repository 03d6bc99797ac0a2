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
  // What becomes of each of the caller's columns in incident_rows.
  enum class Field : std::uint8_t {
    kAsGiven,    // copied as it is
    kTextId,     // copied as its text's id
    kNotStored,  // x and y, which the view computes from geom: dropped
  };

  // `rows` copies into incident_rows the caller's columns that are stored, in their order;
  // fields[i] says what becomes of the caller's column i.
  IncidentRowSink(PgConnection& connection, IncidentTextIds& ids, std::unique_ptr<RowSink> rows,
                  std::vector<Field> fields)
      : connection_(connection),
        ids_(ids),
        rows_(std::move(rows)),
        fields_(std::move(fields)),
        last_text_(fields_.size()),
        last_id_(fields_.size(), 0) {}

  void add(std::int64_t value) override {
    if (RowSink* sink = next_plain()) sink->add(value);
  }
  void add(double value) override {
    if (RowSink* sink = next_plain()) sink->add(value);
  }
  void add(std::string_view text) override;
  void add_null() override {
    if (next_field() != Field::kNotStored) rows_->add_null();
  }
  void add_point(double x, double y) override {
    if (RowSink* sink = next_plain()) sink->add_point(x, y);
  }
  void add_geometry(std::span<const std::uint8_t> wkb, const Envelope& envelope) override {
    if (RowSink* sink = next_plain()) sink->add_geometry(wkb, envelope);
  }
  void end_row() override {
    field_ = 0;
    rows_->end_row();
  }
  void finish() override;

 private:
  // The field's kind, moving on to the next (a column past those named goes to rows_, which
  // refuses it).
  Field next_field() { return field_ < fields_.size() ? fields_[field_++] : (++field_, Field::kAsGiven); }
  // rows_ for a value stored as given, nullptr for one not stored.
  RowSink* next_plain() { return next_field() == Field::kNotStored ? nullptr : rows_.get(); }

  PgConnection& connection_;
  IncidentTextIds& ids_;
  std::unique_ptr<RowSink> rows_;
  std::vector<Field> fields_;
  std::size_t field_ = 0;
  // The last text and id of each column: a file's force, and often its outcome, repeat row on row.
  std::vector<std::string> last_text_;
  std::vector<std::int64_t> last_id_;
};

}  // namespace grip::store

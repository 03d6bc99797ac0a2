// Ingest's writes: one file as a batch of rows with its rejects, the replacement of rows an older
// copy of the same data left (same dataset, month and force for data.police.uk; same incident ids
// for a records-system extract), boundaries, categories and the bounds ingest reads back. Every
// function runs inside the caller's WriteTransaction.
#pragma once

#include <compare>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <vector>

#include "grip/store/ingest_rows.hpp"
#include "grip/store/store.hpp"

namespace grip::store {

struct PreviousCopy {
  std::int64_t batch_id = 0;
  std::string ingested_at;
  std::optional<std::int64_t> superseded_by;
};
// The batch that stored a file with these exact bytes, if any.
[[nodiscard]] std::optional<PreviousCopy> find_previous_copy(Store& store, const std::string& content_hash);

struct BatchCounts {
  std::int64_t batch_id = 0;
  std::int64_t stored = 0;
  std::int64_t replaced = 0;
};

// How a batch's rows replace older ones.
enum class Replacement {
  kMonthGroups,  // data.police.uk: the (dataset, month, force) groups it holds
  kIncidentIds,  // an extract: incidents with the same source ids in the same dataset
  kIdsSameFile,  // an extract whose columns were guessed: ids replace only a copy of the same file
};

// One (month, force) group of a data.police.uk dataset; force is "" where the rows name none.
struct MonthGroup {
  std::string month, force;
  auto operator<=>(const MonthGroup&) const = default;
};
// The rows the store holds now in each of these groups of the dataset (replaced rows not counted).
[[nodiscard]] std::map<MonthGroup, std::int64_t> stored_group_rows(Store& store, const std::string& dataset,
                                                                   const std::set<MonthGroup>& groups);

// With kMonthGroups, only the groups in `replacing` replace older rows; the batch's other groups
// are stored beside what is there. Replaced rows (and the rejects of a batch left with none) move
// to the superseded_* tables, from which undo_batch() restores them (batch_undo.hpp).
[[nodiscard]] BatchCounts write_record_batch(Store& store, const IncomingBatch& batch,
                                             Replacement replacement, const std::set<MonthGroup>& replacing,
                                             std::span<const IncidentRecord> incidents,
                                             std::span<const StopSearchRecord> stop_searches,
                                             std::span<const RejectRecord> rejects);
// Areas replace any stored area of the same kind and code.
[[nodiscard]] BatchCounts write_area_batch(Store& store, const IncomingBatch& batch,
                                           std::span<const AreaRow> areas,
                                           std::span<const RejectRecord> rejects);

struct CategoryRow {
  std::string category;
  double harm_weight = 0.0;
  std::string origin;  // "victim-generated", "police-generated", "unknown"
  std::string basis;
};
// Replaces the stored weights of these categories.
void write_categories(Store& store, std::span<const CategoryRow> categories);
// Adds categories not stored yet, leaving stored ones as they are.
void add_missing_categories(Store& store, std::span<const CategoryRow> categories);

// The bounds of the stored boundaries, if any.
[[nodiscard]] std::optional<Envelope> areas_extent(Store& store);
// The bounds of the stored incidents (those not flagged far outside the force area), if any.
[[nodiscard]] std::optional<Envelope> incidents_extent(Store& store);
// Recomputes the areas layer's recorded bounds from the areas themselves.
void refresh_areas_bounds(Store& store);

}  // namespace grip::store

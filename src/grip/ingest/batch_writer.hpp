// Writes one parsed file into the store as a batch: its rows, its rejects, and the replacement of
// rows an older copy of the same data left (same dataset, month and force for data.police.uk; same
// incident ids for a records-system extract). Runs inside the caller's transaction.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "grip/ingest/boundaries.hpp"
#include "grip/ingest/records.hpp"
#include "grip/ingest/source_text.hpp"
#include "grip/store/store.hpp"

namespace grip::ingest {

struct PreviousCopy {
  std::int64_t batch_id = 0;
  std::string ingested_at;
  std::optional<std::int64_t> superseded_by;
};
// The batch that stored a file with these exact bytes, if any.
[[nodiscard]] std::optional<PreviousCopy> find_previous_copy(store::Store& store, const std::string& content_hash);

struct BatchCounts {
  std::int64_t batch_id = 0;
  std::int64_t stored = 0;
  std::int64_t replaced = 0;
};

[[nodiscard]] BatchCounts write_batch(store::Store& store, const SourceText& source, const ParsedFile& parsed);
[[nodiscard]] BatchCounts write_boundary_batch(store::Store& store, const SourceText& source,
                                               const ParsedBoundaries& parsed);

}  // namespace grip::ingest

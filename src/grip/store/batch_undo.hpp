// Taking a batch back out: `grip ingest --undo BATCH` removes the rows a file stored and puts back
// the rows it replaced (kept in the superseded_* tables since), with the replaced batches' status;
// `grip store vacuum` removes replaced rows for good. Both run inside the caller's WriteTransaction.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "grip/store/store.hpp"

namespace grip::store {

struct UndoneBatch {
  std::int64_t batch_id = 0;
  std::string file_name, file_path, format;
  std::int64_t rows_removed = 0;     // the batch's own rows, gone
  std::int64_t rejects_removed = 0;  // its rejects, gone
  std::int64_t rows_restored = 0;    // rows it had replaced, back in incidents / stop_searches
  std::int64_t rejects_restored = 0;
  std::vector<std::int64_t> batches_restored;        // batches it had superseded, current again
  std::vector<std::int64_t> batches_with_rows_back;  // every batch some restored row belongs to
};

// Refused (UsageError) when the batch does not exist, is a boundary file (replaced areas are not
// kept), has rows a later batch replaced (undo that one first), or replaced rows that a vacuum
// has since removed (undoing it would lose them).
[[nodiscard]] UndoneBatch undo_batch(Store& store, std::int64_t batch_id);

struct VacuumCounts {
  std::int64_t incidents = 0, stop_searches = 0, rejects = 0;
};
// Removes every replaced row kept for undo; the batches that replaced them can no longer be undone.
[[nodiscard]] VacuumCounts vacuum_superseded(Store& store);

}  // namespace grip::store

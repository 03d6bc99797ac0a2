// Hands one parsed file to the store as a batch: its rows, its rejects, and how it replaces rows an
// older copy of the same data left (store/batch_tables.hpp). Runs inside the caller's transaction.
#pragma once

#include "grip/ingest/boundaries.hpp"
#include "grip/ingest/records.hpp"
#include "grip/ingest/source_text.hpp"
#include "grip/store/batch_tables.hpp"
#include "grip/store/store.hpp"

namespace grip::ingest {

using store::BatchCounts;
using store::find_previous_copy;
using store::PreviousCopy;

[[nodiscard]] BatchCounts write_batch(store::Store& store, const SourceText& source,
                                      const ParsedFile& parsed);
[[nodiscard]] BatchCounts write_boundary_batch(store::Store& store, const SourceText& source,
                                               const ParsedBoundaries& parsed);

}  // namespace grip::ingest

// Hands one parsed file to the store as a batch: its rows, its rejects, and how it replaces rows an
// older copy of the same data left (store/batch_tables.hpp). Runs inside the caller's transaction.
#pragma once

#include <filesystem>
#include <string>

#include "grip/ingest/boundaries.hpp"
#include "grip/ingest/records.hpp"
#include "grip/ingest/source_text.hpp"
#include "grip/store/batch_tables.hpp"
#include "grip/store/store.hpp"

namespace grip::ingest {

using store::BatchCounts;
using store::find_previous_copy;
using store::PreviousCopy;

// A file's identity however its path is typed (relative, absolute, ./, a/../a/, a symlink):
// the absolute path with symlinks resolved (std::filesystem::weakly_canonical).
[[nodiscard]] std::string file_identity(const std::filesystem::path& path);

// data.police.uk files replace only the months they cover (month_coverage.hpp); a replacement that
// would remove far more rows than it adds throws InputError unless confirm_large (--replace).
// Notes for the summary (a file spanning months unexpectedly) are appended to `note`.
[[nodiscard]] BatchCounts write_batch(store::Store& store, const SourceText& source, const ParsedFile& parsed,
                                      bool confirm_large, std::string& note);
[[nodiscard]] BatchCounts write_boundary_batch(store::Store& store, const SourceText& source,
                                               const ParsedBoundaries& parsed);

}  // namespace grip::ingest

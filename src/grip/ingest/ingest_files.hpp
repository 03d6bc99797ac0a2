// `grip ingest`: files and folders in, one store transaction out. Each file is recognised from its
// header (or, for boundaries, its GDAL format), read whole, checked, projected and written as a
// batch. A file that cannot be read as a whole is refused (reported, nothing of it stored) while
// the others go ahead; a store failure rolls back the whole command.
#pragma once

#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "grip/ingest/boundaries.hpp"
#include "grip/ingest/ingest_summary.hpp"
#include "grip/store/batch_undo.hpp"
#include "grip/store/store.hpp"

namespace grip::ingest {

struct IngestOptions {
  std::optional<std::string> mapping_path;       // generic incident CSVs; else <name>.mapping.json beside it
  std::optional<std::string> crs;                // the store's CRS when this ingest creates it
  std::optional<std::string> harm_weights_path;  // overrides of the built-in harm index
  BoundaryOptions boundaries;
  double max_outside_km = 20;   // tolerance around the loaded boundaries' extent
  bool reject_outside = false;  // refuse rows beyond it instead of storing them flagged
  // --replace: let a month's newer copy replace it even when it removes far more rows than it adds.
  bool confirm_replace = false;
  // Called before each file (index from 0) and once at the end with index == count.
  std::function<void(std::size_t index, std::size_t count, const std::string& file)> progress;
};

// Files under the paths, folders searched recursively, in a stable order: boundaries first (they
// define the force area the other files are checked against), then the rest by name.
[[nodiscard]] std::vector<std::filesystem::path> expand_inputs(
    const std::vector<std::filesystem::path>& paths);

[[nodiscard]] IngestSummary ingest_files(store::Store& store, const std::vector<std::filesystem::path>& paths,
                                         const IngestOptions& options);

// `grip ingest --undo BATCH`: the batch's rows out, the rows it replaced back, in one transaction.
[[nodiscard]] store::UndoneBatch undo_ingest(store::Store& store, std::int64_t batch_id);

}  // namespace grip::ingest

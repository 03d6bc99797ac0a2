// A design stored before any patrol, and read back only if its rows still hash to the stored
// hash (design.hpp): an edited assignment is refused with grip::StoreError.
#pragma once

#include <cstdint>

#include "grip/patrol/design.hpp"
#include "grip/store/store.hpp"

namespace grip::patrol {

// Inside the caller's WriteTransaction; returns the design id.
std::int64_t store_design(store::Store& store, const Design& design, std::int64_t hotspot_run_id);
// Rebuilds the design from its rows, recomputes the hash and throws grip::StoreError on a mismatch.
[[nodiscard]] Design load_design(store::Store& store, std::int64_t design_id);

}  // namespace grip::patrol

// What `grip plan` stores about randomised designs: patrol_designs (one row per design, with its
// seed and hash) and patrol_assignments (one row per hotspot-day: treated or control). Written
// before any patrol of the plan happens; read back for evaluation, where the caller recomputes the
// hash (patrol/design_store.hpp) and refuses a design whose rows were edited.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "grip/store/store.hpp"

namespace grip::store {

struct PatrolDesignRow {
  std::string created, kind, seed, first_day, hash;
  std::int64_t days = 0, hotspot_run_id = 0;
  double treated_share = 0;
};
struct PatrolAssignmentRow {
  std::string hotspot_id;
  std::int64_t day = 0;
  bool treated = false;
};

// Inside the caller's WriteTransaction; returns the new design's id.
std::int64_t write_patrol_design(Store& store, const PatrolDesignRow& design,
                                 const std::vector<PatrolAssignmentRow>& assignments);

struct StoredPatrolDesign {
  PatrolDesignRow design;
  std::vector<PatrolAssignmentRow> assignments;  // in fid order
};
// Throws StoreError when there is no such design.
[[nodiscard]] StoredPatrolDesign read_patrol_design(Store& store, std::int64_t design_id);

}  // namespace grip::store

#include "grip/patrol/design_store.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "grip/core/errors.hpp"
#include "grip/core/time_text.hpp"
#include "grip/store/patrol_tables.hpp"

namespace grip::patrol {

std::int64_t store_design(store::Store& store, const Design& design, std::int64_t hotspot_run_id) {
  store::PatrolDesignRow row;
  row.created = utc_now_iso();
  row.kind = to_string(design.kind);
  row.seed = std::to_string(design.seed);  // text: a 64-bit seed does not fit a signed column
  row.first_day = design.first_day;
  row.days = design.days;
  row.treated_share = design.treated_share;
  row.hotspot_run_id = hotspot_run_id;
  row.hash = design.hash;
  std::vector<store::PatrolAssignmentRow> rows;
  for (std::size_t h = 0; h < design.hotspot_ids.size(); ++h)
    for (int d = 0; d < design.days; ++d) rows.push_back({design.hotspot_ids[h], d, design.treated[h][d]});
  return store::write_patrol_design(store, row, rows);
}

Design load_design(store::Store& store, std::int64_t design_id) {
  const auto stored = store::read_patrol_design(store, design_id);
  Design design;
  design.kind = parse_design_kind(stored.design.kind);
  design.seed = std::stoull(stored.design.seed);
  design.first_day = stored.design.first_day;
  design.days = static_cast<int>(stored.design.days);
  design.treated_share = stored.design.treated_share;
  std::map<std::string, std::size_t> index;
  for (const auto& a : stored.assignments) {
    if (index.emplace(a.hotspot_id, design.hotspot_ids.size()).second) {
      design.hotspot_ids.push_back(a.hotspot_id);
      design.treated.emplace_back(static_cast<std::size_t>(design.days), false);
    }
    if (a.day < 0 || a.day >= design.days)
      throw StoreError(
          fmt::format("patrol design {}: assignment day {} is outside the design", design_id, a.day));
    design.treated[index[a.hotspot_id]][static_cast<std::size_t>(a.day)] = a.treated;
  }
  const std::size_t expected = design.hotspot_ids.size() * static_cast<std::size_t>(design.days);
  design.hash = design_hash(design);
  if (stored.assignments.size() != expected || design.hash != stored.design.hash)
    throw StoreError(
        fmt::format("patrol design {} in {} was changed after it was stored: its assignments hash to {}, not "
                    "the stored {}; "
                    "an evaluation must not use it",
                    design_id, store.path(), design.hash, stored.design.hash));
  return design;
}

}  // namespace grip::patrol

// An analyst's edit of the latest hotspot run's selection (`grip hotspots edit`, POST
// /api/hotspots/selection): drop a selected hotspot or promote a runner-up, with a reason. Besides
// the store's rules (store/selection_edit_tables.hpp: the id is in the latest run, the selection
// stays non-empty, a reason of at most 500 bytes), a promoted runner-up must obey the run's own
// spacing rules against every hotspot still selected, as select_hotspots applied them: centres at
// least min_distance_m apart, and polygons (the runs' grid cells) at least min_gap_m apart edge to
// edge, touching refused when min_gap_m > 0. The run's area and per-district limits are not
// re-checked: an analyst may knowingly go past them, and the reason says why.
#pragma once

#include <cstddef>
#include <functional>
#include <string>

#include "grip/store/selection_edit_tables.hpp"

namespace grip::hotspot {

struct SelectionEditRequest {
  std::string hotspot_id;
  store::SelectionChange change = store::SelectionChange::kDrop;
  std::string reason, user_name;
};

struct SelectionEditResult {
  store::SelectionEditRow edit;
  std::size_t selected_after = 0;
};

// Why the area `hotspot_id` of `latest` may not join the hotspots selected there ("" when it may):
// the spacing rules of the run's settings. Plain data in, text out.
[[nodiscard]] std::string promotion_refusal(const store::LatestSelection& latest,
                                            const std::string& hotspot_id);

// Checks and applies one edit in one write transaction (the edit row, the flag and the run's count
// together, and whatever before_commit writes, e.g. the audit row); UsageError naming the rule when
// refused, with nothing changed.
SelectionEditResult edit_selection(
    store::Store& store, const SelectionEditRequest& request,
    const std::function<void(const store::SelectionEditRow&)>& before_commit = {});

}  // namespace grip::hotspot

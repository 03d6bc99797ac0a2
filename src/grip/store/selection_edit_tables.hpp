// Analysts' edits of the latest hotspot run's selection (issue 14, migration 14): a selected
// hotspot dropped, or a runner-up promoted, each with a reason, the user and the time. The edit is
// hotspots.selected itself (and hotspot_runs.selected, the count), so every reader of the selected
// hotspots (plan, map, dosage, return) sees the edited selection; hotspot_selection_edits keeps
// the history. A new `grip hotspots` run replaces the hotspots and so starts a fresh selection.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "grip/store/store.hpp"

namespace grip::store {

inline constexpr std::size_t kMaxSelectionReason = 500;

enum class SelectionChange { kDrop, kAdd };
[[nodiscard]] const char* to_string(SelectionChange change) noexcept;

struct SelectionEditRow {
  std::int64_t edit_id = 0, run_id = 0;
  std::string hotspot_id;
  SelectionChange change = SelectionChange::kDrop;
  std::string reason, user_name, at;  // at: ISO 8601 UTC
};

// One area of the latest run as the edit's checks need it: its grid cells (col, row) from
// hotspot_cells, so the pipeline's gap rule can be checked without reading geometry.
struct SelectionArea {
  std::string hotspot_id, name;
  std::int64_t rank = 0;
  bool selected = false;
  std::vector<std::pair<std::int64_t, std::int64_t>> cells;
};
struct LatestSelection {
  std::int64_t run_id = 0;  // 0 when no hotspot run is stored
  double cell_size_m = 0;
  std::string settings_json, result_json;  // hotspot_runs.settings and .result
  std::vector<SelectionArea> areas;        // rank order
};
// Inside the caller's transaction.
[[nodiscard]] LatestSelection read_latest_selection(Store& store);

// Applies one edit inside the caller's WriteTransaction: flips hotspots.selected, updates the
// run's count and adds the edit row (edit.run_id is filled in). UsageError, changing nothing, when
// no run is stored, the id is not an area of the latest run, a drop names a hotspot not selected or
// the last one selected, an add names one already selected, or the reason is empty or longer than
// kMaxSelectionReason bytes. Returns the new edit's id.
std::int64_t apply_selection_edit(Store& store, SelectionEditRow& edit);

// The edits of one run, oldest first.
[[nodiscard]] std::vector<SelectionEditRow> list_selection_edits(Store& store, std::int64_t run_id);

}  // namespace grip::store

#include "grip/store/selection_edit_tables.hpp"

#include <algorithm>
#include <map>
#include <optional>

#include "grip/core/errors.hpp"

namespace grip::store {
namespace {

void finish(Query& query) {
  while (query.step()) {
  }
}

}  // namespace

const char* to_string(SelectionChange change) noexcept {
  return change == SelectionChange::kAdd ? "add" : "drop";
}

LatestSelection read_latest_selection(Store& store) {
  LatestSelection latest;
  auto& db = store.database();
  {
    auto run = db.prepare(
        "SELECT r.run_id, r.cell_size_m, r.settings, r.result FROM hotspot_runs r "
        "WHERE r.run_id = (SELECT MAX(h.run_id) FROM hotspots h)");
    if (run->step()) {
      latest.run_id = run->column_int(0);
      latest.cell_size_m = run->column_double(1);
      latest.settings_json = run->column_text(2);
      latest.result_json = run->column_text(3);
    }
    finish(*run);
  }
  if (latest.run_id == 0) return latest;
  std::map<std::string, std::size_t> index;
  {
    auto areas = db.prepare(
        "SELECT hotspot_id, name, rank, selected FROM hotspots WHERE run_id = ?1 ORDER BY rank, fid");
    areas->bind(1, latest.run_id);
    while (areas->step()) {
      index[areas->column_text(0)] = latest.areas.size();
      latest.areas.push_back({areas->column_text(0),
                              areas->column_text(1),
                              areas->column_int(2),
                              areas->column_int(3) != 0,
                              {}});
    }
  }
  auto cells = db.prepare(
      "SELECT hotspot_id, col, row FROM hotspot_cells WHERE run_id = ?1 AND hotspot_id IS NOT NULL ORDER BY "
      "fid");
  cells->bind(1, latest.run_id);
  while (cells->step()) {
    const auto found = index.find(cells->column_text(0));
    if (found != index.end())
      latest.areas[found->second].cells.emplace_back(cells->column_int(1), cells->column_int(2));
  }
  return latest;
}

std::int64_t apply_selection_edit(Store& store, SelectionEditRow& edit) {
  if (edit.reason.empty()) throw UsageError("a reason is required for a change to the hotspot selection");
  if (edit.reason.size() > kMaxSelectionReason) {
    throw UsageError("the reason is " + std::to_string(edit.reason.size()) + " bytes; at most " +
                     std::to_string(kMaxSelectionReason));
  }
  auto& db = store.database();
  std::int64_t run_id = 0, selected_count = 0;
  std::optional<bool> selected;
  {
    auto query = db.prepare(
        "SELECT h.run_id, h.selected, (SELECT count(*) FROM hotspots s WHERE s.run_id = h.run_id AND "
        "s.selected = 1) "
        "FROM hotspots h WHERE h.run_id = (SELECT MAX(run_id) FROM hotspots) AND h.hotspot_id = ?1");
    query->bind(1, std::string_view(edit.hotspot_id));
    if (query->step()) {
      run_id = query->column_int(0);
      selected = query->column_int(1) != 0;
      selected_count = query->column_int(2);
    }
    finish(*query);
  }
  if (!selected) throw UsageError("no hotspot '" + edit.hotspot_id + "' in the latest hotspot run");
  if (edit.change == SelectionChange::kDrop) {
    if (!*selected) throw UsageError(edit.hotspot_id + " is not selected, so it cannot be dropped");
    if (selected_count <= 1) {
      throw UsageError(edit.hotspot_id + " is the only selected hotspot; the selection may not be empty");
    }
  } else if (*selected) {
    throw UsageError(edit.hotspot_id + " is selected already");
  }
  const std::int64_t flag = edit.change == SelectionChange::kAdd ? 1 : 0;
  {
    auto update = db.prepare("UPDATE hotspots SET selected = ?1 WHERE run_id = ?2 AND hotspot_id = ?3");
    update->bind(1, flag).bind(2, run_id).bind(3, std::string_view(edit.hotspot_id));
    finish(*update);
  }
  {
    auto count = db.prepare("UPDATE hotspot_runs SET selected = ?1 WHERE run_id = ?2");
    count->bind(1, selected_count + (flag == 1 ? 1 : -1)).bind(2, run_id);
    finish(*count);
  }
  edit.run_id = run_id;
  auto insert = db.prepare(
      "INSERT INTO hotspot_selection_edits (run_id, hotspot_id, kind, reason, user_name, at) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6) RETURNING edit_id");
  insert->bind(1, run_id)
      .bind(2, std::string_view(edit.hotspot_id))
      .bind(3, std::string_view(to_string(edit.change)));
  insert->bind(4, std::string_view(edit.reason)).bind(5, std::string_view(edit.user_name));
  insert->bind(6, std::string_view(edit.at));
  insert->step();
  edit.edit_id = insert->column_int(0);
  finish(*insert);
  return edit.edit_id;
}

std::vector<SelectionEditRow> list_selection_edits(Store& store, std::int64_t run_id) {
  auto query = store.database().prepare(
      "SELECT edit_id, run_id, hotspot_id, kind, reason, user_name, at FROM hotspot_selection_edits "
      "WHERE run_id = ?1 ORDER BY edit_id");
  query->bind(1, run_id);
  std::vector<SelectionEditRow> rows;
  while (query->step()) {
    rows.push_back({query->column_int(0), query->column_int(1), query->column_text(2),
                    query->column_text(3) == "add" ? SelectionChange::kAdd : SelectionChange::kDrop,
                    query->column_text(4), query->column_text(5), query->column_text(6)});
  }
  return rows;
}

}  // namespace grip::store

#include "grip/store/action_tables.hpp"

namespace grip::store {

std::int64_t add_action(Store& store, const ActionRow& a) {
  auto insert = store.database().prepare(
      "INSERT INTO problem_solving_actions (hotspot_id, kind, owner, status, opened, closed, partner, notes, "
      "updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) RETURNING action_id");
  insert->bind(1, std::string_view(a.hotspot_id)).bind(2, std::string_view(a.kind));
  insert->bind(3, std::string_view(a.owner)).bind(4, std::string_view(a.status));
  insert->bind(5, std::string_view(a.opened));
  if (a.closed.empty()) {
    insert->bind_null(6);
  } else {
    insert->bind(6, std::string_view(a.closed));
  }
  insert->bind(7, std::string_view(a.partner)).bind(8, std::string_view(a.notes));
  insert->bind(9, std::string_view(a.updated_at));
  insert->step();
  const std::int64_t id = insert->column_int(0);
  while (insert->step()) {
  }
  return id;
}

bool update_action_status(Store& store, std::int64_t action_id, const std::string& status,
                          const std::string& closed, const std::string& updated_at) {
  auto update = store.database().prepare(
      "UPDATE problem_solving_actions SET status = ?1, closed = CASE WHEN ?2 = '' THEN closed ELSE ?2 END, "
      "updated_at = ?3 WHERE action_id = ?4");
  update->bind(1, std::string_view(status)).bind(2, std::string_view(closed));
  update->bind(3, std::string_view(updated_at)).bind(4, action_id);
  update->step();
  return update->changes() == 1;
}

std::vector<ActionRow> list_actions(Store& store, const std::string& hotspot_id) {
  auto query = store.database().prepare(
      "SELECT action_id, hotspot_id, kind, owner, status, opened, COALESCE(closed, ''), partner, notes, "
      "updated_at FROM problem_solving_actions WHERE ?1 = '' OR hotspot_id = ?1 ORDER BY action_id");
  query->bind(1, std::string_view(hotspot_id));
  std::vector<ActionRow> rows;
  while (query->step()) {
    rows.push_back({query->column_int(0), query->column_text(1), query->column_text(2), query->column_text(3),
                    query->column_text(4), query->column_text(5), query->column_text(6),
                    query->column_text(7), query->column_text(8), query->column_text(9)});
  }
  return rows;
}

bool hotspot_id_known(Store& store, const std::string& hotspot_id) {
  auto query = store.database().prepare("SELECT COUNT(*) FROM hotspots WHERE hotspot_id = ?1");
  query->bind(1, std::string_view(hotspot_id));
  const bool known = query->step() && query->column_int(0) > 0;
  while (query->step()) {
  }
  return known;
}

}  // namespace grip::store

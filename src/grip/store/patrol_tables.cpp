#include "grip/store/patrol_tables.hpp"

#include "grip/core/errors.hpp"

namespace grip::store {

std::int64_t write_patrol_design(Store& store, const PatrolDesignRow& d,
                                 const std::vector<PatrolAssignmentRow>& assignments) {
  std::int64_t id = 0;
  {
    auto insert = store.database().prepare(
        "INSERT INTO patrol_designs (created, kind, seed, first_day, days, treated_share, hotspot_run_id, "
        "hash) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) RETURNING design_id");
    insert->bind(1, std::string_view(d.created))
        .bind(2, std::string_view(d.kind))
        .bind(3, std::string_view(d.seed));
    insert->bind(4, std::string_view(d.first_day)).bind(5, d.days).bind(6, d.treated_share);
    insert->bind(7, d.hotspot_run_id).bind(8, std::string_view(d.hash));
    insert->step();
    id = insert->column_int(0);
    while (insert->step()) {
    }
  }
  auto sink =
      store.database().bulk_insert("patrol_assignments", {"design_id", "hotspot_id", "day", "treated"});
  for (const auto& a : assignments) {
    sink->add(id);
    sink->add(std::string_view(a.hotspot_id));
    sink->add(a.day);
    sink->add(static_cast<std::int64_t>(a.treated ? 1 : 0));
    sink->end_row();
  }
  sink->finish();
  return id;
}

StoredPatrolDesign read_patrol_design(Store& store, std::int64_t design_id) {
  StoredPatrolDesign stored;
  auto& db = store.database();
  auto head = db.prepare(
      "SELECT created, kind, seed, first_day, days, treated_share, hotspot_run_id, hash FROM patrol_designs "
      "WHERE "
      "design_id = ?1");
  head->bind(1, design_id);
  if (!head->step()) throw StoreError(store.path() + " has no patrol design " + std::to_string(design_id));
  auto& d = stored.design;
  d.created = head->column_text(0), d.kind = head->column_text(1), d.seed = head->column_text(2);
  d.first_day = head->column_text(3), d.days = head->column_int(4), d.treated_share = head->column_double(5);
  d.hotspot_run_id = head->column_int(6), d.hash = head->column_text(7);
  while (head->step()) {
  }
  auto rows =
      db.prepare("SELECT hotspot_id, day, treated FROM patrol_assignments WHERE design_id = ?1 ORDER BY fid");
  rows->bind(1, design_id);
  while (rows->step())
    stored.assignments.push_back({rows->column_text(0), rows->column_int(1), rows->column_int(2) != 0});
  return stored;
}

}  // namespace grip::store

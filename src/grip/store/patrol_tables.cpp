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

std::int64_t write_patrol_plan(Store& store, const PatrolPlanRow& p,
                               const std::vector<PatrolVisitRow>& visits) {
  std::int64_t id = 0;
  {
    auto insert = store.database().prepare(
        "INSERT INTO patrol_plans (created, first_day, days, seed, hotspot_run_id, design_id, design_kind, "
        "risk_source, profile_source, visits, objective, bound, gap, solver_status, settings) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15) RETURNING plan_id");
    insert->bind(1, std::string_view(p.created)).bind(2, std::string_view(p.first_day)).bind(3, p.days);
    insert->bind(4, std::string_view(p.seed)).bind(5, p.hotspot_run_id);
    if (p.design_id > 0) {
      insert->bind(6, p.design_id);
    } else {
      insert->bind_null(6);
    }
    insert->bind(7, std::string_view(p.design_kind)).bind(8, std::string_view(p.risk_source));
    insert->bind(9, std::string_view(p.profile_source)).bind(10, p.visits).bind(11, p.objective);
    insert->bind(12, p.bound).bind(13, p.gap).bind(14, std::string_view(p.solver_status));
    insert->bind(15, std::string_view(p.settings_json));
    insert->step();
    id = insert->column_int(0);
    while (insert->step()) {
    }
  }
  auto sink = store.database().bulk_insert(
      "patrol_visits", {"plan_id", "hotspot_id", "team", "day", "shift", "starts_at", "ends_at", "risk"});
  for (const auto& v : visits) {
    sink->add(id);
    sink->add(std::string_view(v.hotspot_id));
    sink->add(std::string_view(v.team));
    sink->add(v.day);
    sink->add(std::string_view(v.shift));
    sink->add(std::string_view(v.starts_at));
    sink->add(std::string_view(v.ends_at));
    sink->add(v.risk);
    sink->end_row();
  }
  sink->finish();
  return id;
}

StoredPatrolPlan read_patrol_plan(Store& store, std::int64_t plan_id) {
  StoredPatrolPlan stored;
  auto& db = store.database();
  if (plan_id == 0) {
    auto latest = db.prepare("SELECT COALESCE(MAX(plan_id), 0) FROM patrol_plans");
    latest->step();
    plan_id = latest->column_int(0);
    while (latest->step()) {
    }
    if (plan_id == 0) throw StoreError(store.path() + " has no patrol plan (run grip plan)");
  }
  auto head = db.prepare(
      "SELECT created, first_day, days, seed, hotspot_run_id, COALESCE(design_id, 0), design_kind, "
      "risk_source, "
      "profile_source, visits, objective, bound, gap, solver_status, settings FROM patrol_plans WHERE "
      "plan_id = ?1");
  head->bind(1, plan_id);
  if (!head->step()) throw StoreError(store.path() + " has no patrol plan " + std::to_string(plan_id));
  auto& p = stored.plan;
  stored.plan_id = plan_id;
  p.created = head->column_text(0), p.first_day = head->column_text(1), p.days = head->column_int(2);
  p.seed = head->column_text(3), p.hotspot_run_id = head->column_int(4), p.design_id = head->column_int(5);
  p.design_kind = head->column_text(6), p.risk_source = head->column_text(7);
  p.profile_source = head->column_text(8), p.visits = head->column_int(9),
  p.objective = head->column_double(10);
  p.bound = head->column_double(11), p.gap = head->column_double(12), p.solver_status = head->column_text(13);
  p.settings_json = head->column_text(14);
  while (head->step()) {
  }
  auto rows = db.prepare(
      "SELECT hotspot_id, team, day, shift, starts_at, ends_at, risk FROM patrol_visits WHERE plan_id = ?1 "
      "ORDER BY fid");
  rows->bind(1, plan_id);
  while (rows->step()) {
    PatrolVisitRow v;
    v.hotspot_id = rows->column_text(0), v.team = rows->column_text(1), v.day = rows->column_int(2);
    v.shift = rows->column_text(3), v.starts_at = rows->column_text(4), v.ends_at = rows->column_text(5);
    v.risk = rows->column_double(6);
    stored.visits.push_back(std::move(v));
  }
  return stored;
}

PlanHotspotRows read_plan_hotspots(Store& store) {
  PlanHotspotRows selected;
  auto& db = store.database();
  {
    auto latest = db.prepare("SELECT COALESCE(MAX(run_id), 0) FROM hotspots WHERE selected = 1");
    latest->step();
    selected.run_id = latest->column_int(0);
    while (latest->step()) {
    }
  }
  if (selected.run_id == 0) return selected;
  auto query = db.prepare(
      "SELECT hotspot_id, name, district, harm, incidents, geom, counts_by_type FROM hotspots WHERE selected "
      "= 1 AND run_id = ?1 "
      "ORDER BY rank, fid");
  query->bind(1, selected.run_id);
  while (query->step()) {
    selected.hotspots.push_back({query->column_text(0), query->column_text(1), query->column_text(2),
                                 query->column_text(6), query->column_double(3), query->column_int(4),
                                 query->column_geometry(5)});
  }
  return selected;
}

ForecastHarm read_forecast_harm(Store& store, std::int64_t hotspot_run_id) {
  ForecastHarm harm;
  auto& db = store.database();
  {
    auto latest = db.prepare(
        "SELECT r.run_id, r.model, r.target_window FROM forecast_runs r WHERE r.run_id = "
        "(SELECT MAX(h.run_id) FROM forecast_hotspots h WHERE h.hotspot_run_id = ?1)");
    latest->bind(1, hotspot_run_id);
    if (latest->step()) {
      harm.forecast_run = latest->column_int(0);
      harm.model = latest->column_text(1);
      harm.target_window = latest->column_text(2);
    }
    while (latest->step()) {
    }
  }
  if (harm.forecast_run == 0) return harm;
  auto rows = db.prepare(
      "SELECT hotspot_id, expected_harm FROM forecast_hotspots WHERE run_id = ?1 AND hotspot_run_id = ?2 "
      "ORDER BY fid");
  rows->bind(1, harm.forecast_run).bind(2, hotspot_run_id);
  while (rows->step()) harm.expected_harm.emplace_back(rows->column_text(0), rows->column_double(1));
  return harm;
}

}  // namespace grip::store

// What officers log from the street: problem-solving actions (GET/POST /api/actions) and outcomes
// (POST /api/outcomes: arrest, stop search, weapon seized with type, arch deployment), checked by the
// same patrol/ code as the CLI; and the GPS visits for the roles that may see officer pseudonyms.
// Each write and its audit row are one transaction (the patrol writers run the audit before commit).
#include <functional>
#include <string>

#include "grip/core/errors.hpp"
#include "grip/core/time_text.hpp"
#include "grip/patrol/outcomes.hpp"
#include "grip/patrol/problem_solving_log.hpp"
#include "grip/server/api_handlers.hpp"
#include "grip/store/action_tables.hpp"
#include "grip/store/web_tables.hpp"

namespace grip::server {

json action_json(const store::ActionRow& a) {
  return {{"action_id", a.action_id},  {"hotspot_id", a.hotspot_id}, {"kind", a.kind},
          {"owner", a.owner},          {"status", a.status},         {"opened", a.opened},
          {"closed", a.closed},        {"partner", a.partner},       {"notes", a.notes},
          {"updated_at", a.updated_at}};
}

ApiResponse api_list_actions(ApiContext& context, const Caller&, const ApiRequest&) {
  std::vector<store::ActionRow> rows;
  {
    store::ReadTransaction read(context.store);
    rows = store::list_actions(context.store);
  }
  json out = json::array();
  for (const auto& a : rows) out.push_back(action_json(a));
  return json_response(200, out);
}

ApiResponse api_add_action(ApiContext& context, const Caller& caller, const ApiRequest& request) {
  const json body = body_object(
      request.body, {"hotspot_id", "kind", "owner", "status", "opened", "closed", "partner", "notes"});
  store::ActionRow row;
  row.hotspot_id = text_field(body, "hotspot_id", 64);
  row.kind = text_field(body, "kind", 64);
  row.owner = text_field(body, "owner", 200);
  row.status = text_field(body, "status", 64);
  row.opened = text_field(body, "opened", 32);
  row.closed = text_field(body, "closed", 32);
  row.partner = text_field(body, "partner", 200);
  row.notes = text_field(body, "notes", 4000);
  // record_action checks every field (UsageError: 400); the audit row goes in its transaction.
  const std::int64_t id = patrol::record_action(context.store, row, [&](std::int64_t new_id) {
    audit_write(context.store, caller.name, "action_add", "action:" + std::to_string(new_id),
                row.hotspot_id + " " + row.kind);
  });
  return json_response(201, {{"action_id", id}});
}

ApiResponse api_add_outcome(ApiContext& context, const Caller& caller, const ApiRequest& request) {
  const json body = body_object(
      request.body, {"kind", "at", "hotspot_id", "weapon_type", "notes", "people_through", "detections"});
  patrol::OutcomeInput input;
  input.kind = text_field(body, "kind", 32);
  input.at = text_field(body, "at", 40);
  input.hotspot_id = text_field(body, "hotspot_id", 64);
  input.weapon_type = text_field(body, "weapon_type", 100);
  input.notes = text_field(body, "notes", 4000);
  input.people_through = integer_field(body, "people_through", 0, 1'000'000);
  input.detections = integer_field(body, "detections", 0, 1'000'000);
  if (input.kind.empty())
    throw UsageError("field 'kind' is required: arrest, stop_search, weapon_seized or arch_deployment");
  if (input.at.empty()) throw UsageError("field 'at' is required: the time, e.g. 2026-03-01T14:05:00Z");
  if (input.hotspot_id.empty()) throw UsageError("field 'hotspot_id' is required");
  if (const auto when = parse_utc_instant(input.at); when && *when > now_seconds() + 15 * 60) {
    throw UsageError("field 'at' (" + input.at + ") is in the future");
  }
  // record_outcome checks the kind, time, hotspot and the kind's own fields (UsageError: 400).
  // The audit row is written in record_outcome's transaction.
  const patrol::OutcomeSummary summary =
      patrol::record_outcome(context.store, input, [&](std::int64_t new_id) {
        audit_write(context.store, caller.name, "outcome_add", "outcome:" + std::to_string(new_id),
                    input.hotspot_id + " " + input.kind);
      });
  const std::int64_t id = summary.ids.empty() ? 0 : summary.ids.front();
  return json_response(201, {{"outcome_id", id}, {"linked_to_visit", summary.linked_to_visit > 0}});
}

ApiResponse api_gps_visits(ApiContext& context, const Caller& caller, const ApiRequest&) {
  std::vector<store::GpsVisitView> rows;
  {
    store::WriteTransaction write(context.store);
    rows = store::list_gps_visits(context.store, 5000);
    // The view is recorded before the data leaves: no audit row, no data.
    audit_write(context.store, caller.name, "view_personal", "gps_visits",
                std::to_string(rows.size()) + " rows");
    write.commit();
  }
  json out = json::array();
  for (const auto& v : rows) {
    out.push_back({{"id", v.fid},
                   {"hotspot_id", v.hotspot_id},
                   {"officer", v.officer},
                   {"first_in", v.first_in},
                   {"last_in", v.last_in},
                   {"minutes", v.minutes},
                   {"minutes_low", v.minutes_low},
                   {"minutes_high", v.minutes_high},
                   {"verified", v.verified}});
  }
  return json_response(200, out);
}

}  // namespace grip::server

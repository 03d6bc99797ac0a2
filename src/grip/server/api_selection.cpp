// The hotspot selection edited from the browser (POST /api/hotspots/selection, analysts and
// admins): {"hotspot_id": "H03", "change": "drop" | "add", "reason": "..."}; the rules are
// hotspot/selection_edit.hpp's, the edit and its audit row one transaction. The edit history as the
// hotspot page and the map show it: who made an edit (a staff account name) goes only to the
// roles that may see personal data; the others are told it was an analyst.
#include <string>

#include "grip/core/errors.hpp"
#include "grip/hotspot/selection_edit.hpp"
#include "grip/server/api_handlers.hpp"
#include "grip/store/selection_edit_tables.hpp"

namespace grip::server {
namespace {

json selection_edit_json(const store::SelectionEditRow& edit, bool personal) {
  const bool added = edit.change == store::SelectionChange::kAdd;
  const std::string who = personal ? edit.user_name : "an analyst";
  return {{"edit_id", edit.edit_id},
          {"hotspot_id", edit.hotspot_id},
          {"change", store::to_string(edit.change)},
          {"reason", edit.reason},
          {"at", edit.at},
          {"by", personal ? json(edit.user_name) : json(nullptr)},
          {"summary", std::string(added ? "added" : "dropped") + " by " + who + " on " +
                          edit.at.substr(0, 10) + ": " + edit.reason}};
}

}  // namespace

json selection_edits_json(store::Store& store, std::int64_t run_id, bool personal) {
  json out = json::array();
  if (run_id == 0) return out;
  for (const auto& edit : store::list_selection_edits(store, run_id))
    out.push_back(selection_edit_json(edit, personal));
  return out;
}

ApiResponse api_edit_selection(ApiContext& context, const Caller& caller, const ApiRequest& request) {
  const json body = body_object(request.body, {"hotspot_id", "change", "reason"});
  hotspot::SelectionEditRequest edit;
  edit.hotspot_id = text_field(body, "hotspot_id", 64);
  check_hotspot_id(edit.hotspot_id);
  const std::string change = text_field(body, "change", 10);
  if (change != "drop" && change != "add") throw UsageError("field 'change' must be \"drop\" or \"add\"");
  edit.change = change == "add" ? store::SelectionChange::kAdd : store::SelectionChange::kDrop;
  edit.reason = text_field(body, "reason", store::kMaxSelectionReason);
  if (edit.reason.find_first_not_of(" \t\r\n") == std::string::npos)
    throw UsageError("field 'reason' is required");
  edit.user_name = caller.name;
  const auto result = hotspot::edit_selection(context.store, edit, [&](const store::SelectionEditRow& row) {
    audit_write(context.store, caller.name, "hotspot_selection", "hotspot:" + row.hotspot_id,
                std::string(store::to_string(row.change)) + " (run " + std::to_string(row.run_id) +
                    "): " + row.reason);
  });
  json out = selection_edit_json(result.edit, true);
  out["run_id"] = result.edit.run_id;
  out["selected_after"] = result.selected_after;
  return json_response(200, out);
}

}  // namespace grip::server

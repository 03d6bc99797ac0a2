#include "grip/patrol/problem_solving_log.hpp"

#include <algorithm>
#include <functional>

#include "grip/core/csv_text.hpp"
#include "grip/core/errors.hpp"
#include "grip/core/time_text.hpp"

namespace grip::patrol {
namespace {

void require_one_of(const std::string& value, const std::vector<std::string>& allowed, const char* field) {
  if (std::find(allowed.begin(), allowed.end(), value) != allowed.end()) return;
  std::string list;
  for (const auto& a : allowed) list += (list.empty() ? "" : ", ") + a;
  throw UsageError(std::string(field) + " '" + value + "' is not one of: " + list);
}

void require_date(const std::string& value, const char* field) {
  if (value.size() != 10 || !parse_date_time(value)) {
    throw UsageError(std::string(field) + " '" + value + "' is not a date YYYY-MM-DD");
  }
}

void require_text(const std::string& value, const char* field, std::size_t limit, bool lines) {
  if (value.size() > limit) {
    throw UsageError(std::string(field) + " is " + std::to_string(value.size()) + " bytes; at most " +
                     std::to_string(limit));
  }
  for (unsigned char c : value) {
    if ((c < 0x20 && !(lines && (c == '\n' || c == '\t'))) || c == 0x7F) {
      throw UsageError(std::string(field) + " holds a control character");
    }
  }
}

std::string today() { return utc_now_iso().substr(0, 10); }

}  // namespace

const std::vector<std::string>& action_kinds() {
  static const std::vector<std::string> kinds = {
      "cctv", "lighting", "partner_meeting", "licensing", "safe_space", "environmental", "other"};
  return kinds;
}

const std::vector<std::string>& action_statuses() {
  static const std::vector<std::string> statuses = {"open", "in_progress", "done", "declined"};
  return statuses;
}

std::int64_t record_action(store::Store& store, store::ActionRow action,
                           const std::function<void(std::int64_t id)>& before_commit) {
  require_one_of(action.kind, action_kinds(), "kind");
  if (action.status.empty()) action.status = "open";
  require_one_of(action.status, action_statuses(), "status");
  if (action.opened.empty()) action.opened = today();
  require_date(action.opened, "opened");
  if (!action.closed.empty()) {
    require_date(action.closed, "closed");
    if (action.closed < action.opened)
      throw UsageError("closed " + action.closed + " is before opened " + action.opened);
  }
  require_text(action.owner, "owner", 200, false);
  require_text(action.partner, "partner", 200, false);
  require_text(action.notes, "notes", 4000, true);
  if (action.owner.empty()) throw UsageError("an action needs an owner (a team, role or partner agency)");
  store::WriteTransaction transaction(store);
  if (!store::hotspot_id_known(store, action.hotspot_id)) {
    throw UsageError("no hotspot '" + action.hotspot_id + "' in " + store.path() +
                     " (ids as 'grip hotspots' lists them)");
  }
  action.updated_at = utc_now_iso();
  const std::int64_t id = store::add_action(store, action);
  if (before_commit) before_commit(id);
  transaction.commit();
  return id;
}

void set_action_status(store::Store& store, std::int64_t action_id, const std::string& status,
                       std::string closed) {
  require_one_of(status, action_statuses(), "status");
  if (!closed.empty()) require_date(closed, "closed");
  if (closed.empty() && (status == "done" || status == "declined")) closed = today();
  store::WriteTransaction transaction(store);
  if (!store::update_action_status(store, action_id, status, closed, utc_now_iso())) {
    throw UsageError("no action " + std::to_string(action_id) + " in " + store.path());
  }
  transaction.commit();
}

std::string actions_csv(const std::vector<store::ActionRow>& actions) {
  std::string out = "action_id,hotspot_id,kind,owner,status,opened,closed,partner,notes,updated_at\n";
  for (const auto& a : actions) {
    out += std::to_string(a.action_id);
    for (const std::string* field : {&a.hotspot_id, &a.kind, &a.owner, &a.status, &a.opened, &a.closed,
                                     &a.partner, &a.notes, &a.updated_at}) {
      out += "," + csv_text_cell(*field);
    }
    out += "\n";
  }
  return out;
}

}  // namespace grip::patrol

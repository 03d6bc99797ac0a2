// The problem-solving log beside patrols (issue 12): what is being done about a hotspot's causes.
// Kinds follow what hotspot programmes record (cctv, lighting, partner_meeting with the Community
// Safety Partnership, licensing, safe_space, environmental, other); statuses open, in_progress,
// done, declined. Every field is checked here, so the CLI and the web app refuse the same things.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "grip/store/action_tables.hpp"

namespace grip::patrol {

[[nodiscard]] const std::vector<std::string>& action_kinds();
[[nodiscard]] const std::vector<std::string>& action_statuses();

// Adds an action after checking it (UsageError naming the field): a known hotspot, kind and
// status, dates YYYY-MM-DD with closed not before opened, owner and partner up to 200 characters,
// notes up to 4,000, no control characters but line breaks in notes. Returns the new id.
// before_commit, if given, runs inside the same transaction with that id (the server's audit row).
std::int64_t record_action(store::Store& store, store::ActionRow action,
                           const std::function<void(std::int64_t id)>& before_commit = {});

// Changes an action's status (and closing date for done/declined, default today).
void set_action_status(store::Store& store, std::int64_t action_id, const std::string& status,
                       std::string closed);

// The log as CSV (text neutralised for spreadsheets) for export.
[[nodiscard]] std::string actions_csv(const std::vector<store::ActionRow>& actions);

}  // namespace grip::patrol

// The problem-solving log (issue 12): per hotspot, actions such as a CCTV or lighting request, a
// meeting with the Community Safety Partnership, a licensing visit or a Safe Space, with owner,
// status, dates, partner and notes. Table problem_solving_actions; every change stamps updated_at.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "grip/store/store.hpp"

namespace grip::store {

struct ActionRow {
  std::int64_t action_id = 0;
  std::string hotspot_id, kind, owner, status, opened, closed, partner, notes, updated_at;
};

// Inside the caller's WriteTransaction; returns the new action's id.
std::int64_t add_action(Store& store, const ActionRow& action);
// Sets status (and closed when given); false when there is no such action.
bool update_action_status(Store& store, std::int64_t action_id, const std::string& status,
                          const std::string& closed, const std::string& updated_at);
// In id order; hotspot_id empty: every hotspot.
[[nodiscard]] std::vector<ActionRow> list_actions(Store& store, const std::string& hotspot_id = {});
// The hotspot ids any stored hotspot run has named (to refuse an action for an unknown place).
[[nodiscard]] bool hotspot_id_known(Store& store, const std::string& hotspot_id);

}  // namespace grip::store

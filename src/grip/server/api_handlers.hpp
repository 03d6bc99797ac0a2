// The /api/ handlers behind the dashboard's pages, one file per page (api_map.cpp, api_hotspot.cpp,
// api_plan.cpp, api_log.cpp, api_dosage.cpp, api_return.cpp, api_admin.cpp). The dispatcher
// (server.cpp) has checked the session, the role (access.cpp's table) and the CSRF token before any
// of them runs, and holds the store lock. A handler validates its own inputs (UsageError: 400).
#pragma once

#include "grip/server/api_support.hpp"
#include "grip/store/action_tables.hpp"

namespace grip::server {

using ApiHandler = ApiResponse (*)(ApiContext&, const Caller&, const ApiRequest&);

// api_map.cpp
ApiResponse api_hotspots(ApiContext&, const Caller&, const ApiRequest&);
ApiResponse api_gi_bins(ApiContext&, const Caller&, const ApiRequest&);
ApiResponse api_forecast(ApiContext&, const Caller&, const ApiRequest&);
ApiResponse api_areas(ApiContext&, const Caller&, const ApiRequest&);
// api_hotspot.cpp
ApiResponse api_hotspot(ApiContext&, const Caller&, const ApiRequest&);
// api_selection.cpp
ApiResponse api_edit_selection(ApiContext&, const Caller&, const ApiRequest&);
// The latest run's selection edits, oldest first; `by` (an account name) only when personal.
[[nodiscard]] json selection_edits_json(store::Store& store, std::int64_t run_id, bool personal);
// api_plan.cpp
ApiResponse api_plan(ApiContext&, const Caller&, const ApiRequest&);
ApiResponse api_tasking(ApiContext&, const Caller&, const ApiRequest&);
// api_log.cpp
ApiResponse api_list_actions(ApiContext&, const Caller&, const ApiRequest&);
ApiResponse api_add_action(ApiContext&, const Caller&, const ApiRequest&);
ApiResponse api_add_outcome(ApiContext&, const Caller&, const ApiRequest&);
ApiResponse api_gps_visits(ApiContext&, const Caller&, const ApiRequest&);
// api_dosage.cpp
ApiResponse api_dosage(ApiContext&, const Caller&, const ApiRequest&);
// api_return.cpp
ApiResponse api_return(ApiContext&, const Caller&, const ApiRequest&);
ApiResponse api_return_sign_off(ApiContext&, const Caller&, const ApiRequest&);
ApiResponse api_evaluation(ApiContext&, const Caller&, const ApiRequest&);
// api_admin.cpp
ApiResponse api_users(ApiContext&, const Caller&, const ApiRequest&);
ApiResponse api_add_user(ApiContext&, const Caller&, const ApiRequest&);
ApiResponse api_set_role(ApiContext&, const Caller&, const ApiRequest&);
ApiResponse api_disable_user(ApiContext&, const Caller&, const ApiRequest&);
ApiResponse api_set_team(ApiContext&, const Caller&, const ApiRequest&);
ApiResponse api_change_password(ApiContext&, const Caller&, const ApiRequest&);
ApiResponse api_audit(ApiContext&, const Caller&, const ApiRequest&);
ApiResponse api_openapi(ApiContext&, const Caller&, const ApiRequest&);

// One problem-solving action as the API shows it (api_log.cpp).
[[nodiscard]] json action_json(const store::ActionRow& action);
// api_jobs.cpp: long work in the background (job_runner.hpp)
ApiResponse api_start_ingest(ApiContext&, const Caller&, const ApiRequest&);
ApiResponse api_start_hotspots(ApiContext&, const Caller&, const ApiRequest&);
ApiResponse api_jobs(ApiContext&, const Caller&, const ApiRequest&);
ApiResponse api_job(ApiContext&, const Caller&, const ApiRequest&);

// A hotspot id as the store writes them (letters, digits, '-', '_'; 1 to 32); UsageError otherwise.
void check_hotspot_id(const std::string& id);

}  // namespace grip::server

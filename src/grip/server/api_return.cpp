// The monthly return (GET /api/return?month=YYYY-MM: the figures as they stand now, with the
// returns already issued for that month and whether their snapshot still matches; POST
// /api/return/sign-off {"month"}: a supervisor issues it exactly as `grip return` does, a
// hash-chained snapshot, patrol/monthly_return.hpp, and the sign-off is audited) and the
// evaluation (GET /api/evaluation: `grip evaluate` with its defaults, or the periods given).
// Both are aggregated figures: no officer pseudonyms and no stop-search personal fields.
#include <string>

#include "grip/core/errors.hpp"
#include "grip/evaluation/evaluate_run.hpp"
#include "grip/evaluation/evaluation_output.hpp"
#include "grip/patrol/monthly_return.hpp"
#include "grip/server/api_handlers.hpp"
#include "grip/store/return_tables.hpp"

namespace grip::server {
namespace {

// The month before the current UTC one.
std::string last_complete_month() {
  const std::string now = iso_at(now_seconds());
  int year = std::stoi(now.substr(0, 4)), month = std::stoi(now.substr(5, 2)) - 1;
  if (month == 0) {
    month = 12;
    --year;
  }
  char text[24];
  std::snprintf(text, sizeof text, "%04d-%02d", year, month);
  return text;
}

std::string month_param(const ApiRequest& request) {
  std::string month = param(request, "month", 7);
  if (month.empty()) return last_complete_month();
  if (!valid_month(month)) throw UsageError("parameter 'month' must be YYYY-MM, e.g. 2026-03");
  return month;
}

}  // namespace

ApiResponse api_return(ApiContext& context, const Caller&, const ApiRequest& request) {
  const std::string month = month_param(request);
  store::ReadTransaction read(context.store);
  const std::string figures = patrol::compute_return_figures(context.store, month);
  const std::string hash = patrol::return_hash(figures);
  json issued = json::array();
  for (const auto& r : store::list_monthly_returns(context.store)) {
    if (r.month != month) continue;
    issued.push_back({{"return_id", r.return_id},
                      {"issued_at", r.issued_at},
                      {"figures_hash", r.figures_hash},
                      {"chain_hash", r.chain_hash},
                      {"matches_current_figures", r.figures_hash == hash}});
  }
  return json_response(200, {{"month", month},
                             {"figures", json::parse(figures)},
                             {"figures_hash", hash},
                             {"issued", issued},
                             {"signed_off", !issued.empty()}});
}

ApiResponse api_return_sign_off(ApiContext& context, const Caller& caller, const ApiRequest& request) {
  const json body = body_object(request.body, {"month"});
  const std::string month = text_field(body, "month", 7);
  if (!valid_month(month)) throw UsageError("field 'month' must be YYYY-MM, e.g. 2026-03");
  // The audit row is written in issue_monthly_return's transaction.
  const patrol::IssuedReturn issued =
      patrol::issue_monthly_return(context.store, month, [&](const patrol::IssuedReturn& stored) {
        audit_write(context.store, caller.name, "return_sign_off",
                    "return:" + std::to_string(stored.return_id), month + " " + stored.chain_hash);
      });
  json discrepancies = json::array();
  for (const auto& d : issued.discrepancies) {
    discrepancies.push_back(
        {{"return_id", d.return_id}, {"month", d.month}, {"issued_at", d.issued_at}, {"reason", d.reason}});
  }
  return json_response(201, {{"return_id", issued.return_id},
                             {"month", issued.month},
                             {"summary", issued.summary},
                             {"figures_hash", issued.figures_hash},
                             {"previous_hash", issued.previous_hash},
                             {"chain_hash", issued.chain_hash},
                             {"discrepancies", discrepancies}});
}

ApiResponse api_evaluation(ApiContext& context, const Caller&, const ApiRequest& request) {
  evaluation::EvaluationSettings settings;
  settings.before = param(request, "before", 17);
  settings.after = param(request, "after", 17);
  store::ReadTransaction read(context.store);
  try {
    const auto result = evaluation::run_evaluation(context.store, settings);
    return json_response(200, {{"available", true}, {"evaluation", evaluation::evaluation_json(result)}});
  } catch (const UsageError& error) {
    if (!settings.before.empty() || !settings.after.empty()) throw;  // the caller's periods: 400
    return json_response(200, {{"available", false}, {"reason", error.what()}});
  }
}

}  // namespace grip::server

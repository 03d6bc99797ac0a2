// The monthly return (issue 12, `grip return --month YYYY-MM`): per selected hotspot of the latest
// run, GPS patrol visits and minutes (midpoint, with the low-high interval) against the latest
// plan's visits that month; outcomes (arrests, stop searches recorded, weapons by type, arch
// deployments, people through and detections); data.police.uk stop searches inside the buffered
// hotspots (25 m, patrol_zones.hpp) by object of search and outcome, the share whose outcome is
// linked to the object (of all searches, as HMICFRS counts it) and searches per GPS patrol hour;
// problem-solving actions opened and closed; serious violence (Violence and sexual offences,
// Robbery) in the hotspots against the same month last year, null with a note when the store
// holds no incident at all for that month. Months are by each record's own time (UTC prefix).
// Issuing stores the figures with figures_hash = HMAC-SHA256 under a fixed public key of their
// JSON text and chain_hash over the previous return's chain_hash and it; each new return recomputes
// every stored one and lists those whose figures (or chain) no longer match.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "grip/store/store.hpp"

namespace grip::patrol {

struct ReturnDiscrepancy {
  std::int64_t return_id = 0;
  std::string month, issued_at, reason;  // reason: "figures changed: /hotspots/0/serious_violence ..."
};

struct IssuedReturn {
  std::string month;
  std::string figures_json;  // the stored snapshot (sorted keys)
  std::string summary;       // one plain-language sentence
  std::int64_t return_id = 0;
  std::string figures_hash, previous_hash, chain_hash;
  std::vector<ReturnDiscrepancy> discrepancies;
};

// The figures of a month from the store, as JSON text (sorted keys, so the same data gives the same
// bytes on every engine). UsageError for a month that is not YYYY-MM or a store without hotspots.
[[nodiscard]] std::string compute_return_figures(store::Store& store, const std::string& month);

// "hmac-sha256:" + hex of HMAC-SHA256 under the public key "grip monthly return" (tamper evidence
// against accidental or silent change, not a signature: anyone can recompute it).
[[nodiscard]] std::string return_hash(std::string_view text);

// The one plain-language sentence a return opens with, from its figures (compute_return_figures).
// Without issuing, this is the draft a supervisor would sign off (the demo prints it).
[[nodiscard]] std::string return_summary(const std::string& month, const std::string& figures_json);

// Checks every stored return, computes this month's, stores it chained to the last one.
// before_commit, if given, runs inside the same transaction with the stored return (the server's
// audit row of the sign-off).
[[nodiscard]] IssuedReturn issue_monthly_return(
    store::Store& store, const std::string& month,
    const std::function<void(const IssuedReturn& issued)>& before_commit = {});

[[nodiscard]] std::string return_html(const IssuedReturn& issued);  // with a print stylesheet
[[nodiscard]] std::string return_csv(const IssuedReturn& issued);   // section,hotspot_id,measure,value
[[nodiscard]] std::string return_text(const IssuedReturn& issued);  // for the terminal

}  // namespace grip::patrol

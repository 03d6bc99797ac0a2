// `grip return --month YYYY-MM`: the monthly return, issued as a hash-chained snapshot
// (src/grip/patrol/monthly_return.hpp).
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>

#include "commands.hpp"
#include "grip/core/output_file.hpp"
#include "grip/patrol/monthly_return.hpp"

namespace grip::cli {

Action add_return_command(CLI::App& app, const GlobalOptions& global) {
  struct Options {
    std::string month, html, csv;
  };
  auto options = std::make_shared<Options>();
  auto* command = app.add_subcommand(
      "return",
      "Issue the monthly return: patrol hours and visits by hotspot (GPS against plan), outcomes, stop "
      "searches "
      "by object and outcome with scrutiny figures, actions, and serious violence against the same month "
      "last "
      "year. Each return is stored with a hash chained to the previous one; earlier returns whose figures "
      "have since changed are listed as discrepancies.");
  command->add_option("--month", options->month, "Month, YYYY-MM")->required();
  command->add_option("--html", options->html, "Also write the return as HTML (print-ready) to FILE");
  command->add_option("--csv", options->csv,
                      "Also write the return as CSV (section,hotspot_id,measure,value)");

  return [=, &global] {
    if (!options->html.empty()) check_output_path(options->html, "--html", global.db);
    if (!options->csv.empty()) check_output_path(options->csv, "--csv", global.db);
    store::Store store(global.db);
    const patrol::IssuedReturn issued = patrol::issue_monthly_return(store, options->month);
    if (!options->html.empty()) write_output_file(options->html, patrol::return_html(issued));
    if (!options->csv.empty()) write_output_file(options->csv, patrol::return_csv(issued));
    if (global.json) {
      nlohmann::json discrepancies = nlohmann::json::array();
      for (const auto& d : issued.discrepancies)
        discrepancies.push_back({{"return_id", d.return_id},
                                 {"month", d.month},
                                 {"issued_at", d.issued_at},
                                 {"reason", d.reason}});
      std::cout << nlohmann::json{{"return_id", issued.return_id},
                                  {"summary", issued.summary},
                                  {"figures", nlohmann::json::parse(issued.figures_json)},
                                  {"figures_hash", issued.figures_hash},
                                  {"previous_hash", issued.previous_hash},
                                  {"chain_hash", issued.chain_hash},
                                  {"discrepancies", discrepancies}}
                       .dump(2)
                << "\n";
    } else {
      std::cout << patrol::return_text(issued);
    }
    return 0;
  };
}

}  // namespace grip::cli

// An evaluation as text for people (the table with the verdicts and the defaults used), as JSON
// (--json), as CSV (one row per outcome) and as the monthly series CSV (one row per outcome,
// month and zone: counts and harm for treated, comparison and buffer areas).
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "grip/evaluation/evaluate_run.hpp"

namespace grip::evaluation {

[[nodiscard]] std::string evaluation_text(const EvaluationResult& result);
[[nodiscard]] nlohmann::json evaluation_json(const EvaluationResult& result);
[[nodiscard]] std::string evaluation_csv(const EvaluationResult& result);
[[nodiscard]] std::string evaluation_series_csv(const EvaluationResult& result);

}  // namespace grip::evaluation

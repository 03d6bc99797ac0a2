// A self-contained HTML section of an evaluation (no scripts, no external files): the outcome
// table with verdicts and an inline SVG chart of the headline outcome's monthly counts in the
// treated, comparison and buffer zones, the before/after boundary marked and months without data
// left as gaps. A full page from evaluation_html_page(); the section alone for a larger report.
#pragma once

#include <string>

#include "grip/evaluation/evaluate_run.hpp"

namespace grip::evaluation {

[[nodiscard]] std::string evaluation_html_section(const EvaluationResult& result);
[[nodiscard]] std::string evaluation_html_page(const EvaluationResult& result);

}  // namespace grip::evaluation

// Text cells of the CSV files Grip writes, made safe to open in a spreadsheet. Excel, LibreOffice
// and Google Sheets run a cell that begins with =, +, -, @, a tab or a carriage return as a
// formula (CSV or formula injection: =HYPERLINK(...) phones home, +cmd|... runs a program). Text
// from the data (locations, outcomes, street and hotspot names) is user-controlled, so such a cell
// is prefixed with a single quote, as OWASP recommends; the spreadsheet shows the text, not a
// result. Numbers are written as numbers and never prefixed (-3.5 stays -3.5).
#pragma once

#include <string>
#include <string_view>

namespace grip {

enum class CsvText {
  kNeutralised,  // the default: formula-like text cells get a leading '
  kRaw,          // exactly as stored (--csv-raw), for tools that read CSV as data, not as a sheet
};

// True when a spreadsheet would read this text cell as a formula.
[[nodiscard]] bool looks_like_formula(std::string_view text) noexcept;

// text, with a leading ' when it looks like a formula (kNeutralised); unchanged for kRaw.
[[nodiscard]] std::string csv_safe_text(std::string_view text, CsvText mode = CsvText::kNeutralised);

// One text cell ready to write: csv_safe_text(), then quoted as RFC 4180 asks when it holds a
// comma, a quote or a line break.
[[nodiscard]] std::string csv_text_cell(std::string_view text, CsvText mode = CsvText::kNeutralised);

}  // namespace grip

#include "grip/core/csv_text.hpp"

namespace grip {

bool looks_like_formula(std::string_view text) noexcept {
  if (text.empty()) return false;
  switch (text.front()) {
    case '=':
    case '+':
    case '-':
    case '@':
    case '\t':
    case '\r':
      return true;
    default:
      return false;
  }
}

std::string csv_safe_text(std::string_view text, CsvText mode) {
  if (mode == CsvText::kNeutralised && looks_like_formula(text)) return "'" + std::string(text);
  return std::string(text);
}

std::string csv_text_cell(std::string_view text, CsvText mode) {
  std::string cell = csv_safe_text(text, mode);
  if (cell.find_first_of(",\"\r\n") == std::string::npos) return cell;
  std::string quoted = "\"";
  for (const char c : cell) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  return quoted + "\"";
}

}  // namespace grip

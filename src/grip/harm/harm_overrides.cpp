// Reads a user's harm weight file over a base index. Format: CSV, header `category,harm_weight[,origin]`,
// origin `victim` or `police`, '#' comment lines and blank lines skipped, fields may be double-quoted.
// Strict on purpose: a mistyped weight silently read as 0 or a misspelt category silently added would
// change every harm map made with the file, so each bad row stops the run with its file and line.
#include <charconv>
#include <cmath>
#include <cstdint>
#include <fstream>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "grip/core/errors.hpp"
#include "grip/core/text.hpp"
#include "grip/harm/harm_index.hpp"

namespace grip::harm {
namespace {

constexpr std::string_view kHeaderHelp = "category,harm_weight[,origin]";

// Splits one CSV line on commas outside double quotes; "" inside quotes is a literal quote.
std::vector<std::string> split_csv(std::string_view line) {
  std::vector<std::string> fields(1);
  bool quoted = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (c == '"') {
      if (quoted && i + 1 < line.size() && line[i + 1] == '"') {
        fields.back() += '"';
        ++i;
      } else {
        quoted = !quoted;
      }
    } else if (c == ',' && !quoted) {
      fields.emplace_back();
    } else {
      fields.back() += c;
    }
  }
  for (auto& field : fields) field = std::string(trim(field));
  return fields;
}

bool is_skipped(std::string_view line) {
  const std::string_view text = trim(line);
  return text.empty() || text.front() == '#';
}

class OverrideReader {
 public:
  explicit OverrideReader(std::string path) : path_(std::move(path)) {}

  [[noreturn]] void fail(std::int64_t line, const std::string& reason) const {
    throw InputError(path_, line, reason);
  }

  // Number of columns the header declares (2 or 3).
  std::size_t read_header(std::string_view line, std::int64_t line_number) const {
    const auto fields = split_csv(line);
    const bool names_ok = fields.size() >= 2 && fields.size() <= 3 &&
                          equals_ignoring_case(fields[0], "category") &&
                          equals_ignoring_case(fields[1], "harm_weight") &&
                          (fields.size() == 2 || equals_ignoring_case(fields[2], "origin"));
    if (!names_ok) fail(line_number, "expected header '" + std::string(kHeaderHelp) + "'");
    return fields.size();
  }

  double parse_weight(const std::string& text, std::int64_t line) const {
    double value = 0;
    const char* end = text.data() + text.size();
    const auto [ptr, ec] = std::from_chars(text.data(), end, value);
    if (text.empty() || ec != std::errc() || ptr != end || !std::isfinite(value)) {
      fail(line, "harm_weight '" + text + "' is not a number");
    }
    if (value < 0) fail(line, "harm_weight " + text + " is negative; harm weights are days, 0 or more");
    return value;
  }

  Origin parse_origin(const std::string& text, std::int64_t line) const {
    if (equals_ignoring_case(text, "victim") || equals_ignoring_case(text, "victim-generated")) {
      return Origin::kVictimGenerated;
    }
    if (equals_ignoring_case(text, "police") || equals_ignoring_case(text, "police-generated")) {
      return Origin::kPoliceGenerated;
    }
    fail(line, "origin '" + text + "' is not 'victim' or 'police'");
  }

  // Applies one data row to `table`; `first_seen` catches a category given twice in the file.
  void apply_row(std::string_view line, std::int64_t line_number, std::size_t columns,
                 std::vector<CategoryWeight>& table, std::map<std::string, std::int64_t>& first_seen) const {
    const auto fields = split_csv(line);
    if (fields.size() != columns) {
      fail(line_number, "expected " + std::to_string(columns) + " columns (" + std::string(kHeaderHelp) +
                            "), found " + std::to_string(fields.size()));
    }
    const std::string& category = fields[0];
    if (category.empty()) fail(line_number, "category is empty");
    const double weight = parse_weight(fields[1], line_number);
    // A blank origin is as good as none. (A plain flag rather than std::optional: GCC 12 warns falsely
    // that an optional enum may be used uninitialised here.)
    const bool origin_given = columns == 3 && !fields[2].empty();
    const Origin origin = origin_given ? parse_origin(fields[2], line_number) : Origin::kVictimGenerated;

    if (const auto [it, inserted] = first_seen.emplace(lower_ascii(category), line_number); !inserted) {
      fail(line_number, "category '" + category + "' already set on line " + std::to_string(it->second));
    }

    const std::string basis = "override from " + path_ + " line " + std::to_string(line_number);
    for (auto& entry : table) {
      if (same_category(entry.category, category)) {
        entry.harm_weight = weight;
        if (origin_given) entry.origin = origin;
        entry.basis = basis;
        return;
      }
    }
    // A new category has no base origin to keep, and guessing one would decide for the user whether
    // its hotspots reflect victims or police activity.
    if (!origin_given)
      fail(line_number, "new category '" + category + "' needs an origin (victim or police)");
    table.push_back(CategoryWeight{category, weight, origin, basis});
  }

 private:
  std::string path_;
};

}  // namespace

HarmIndex HarmIndex::with_overrides(const HarmIndex& base, const std::string& path) {
  const OverrideReader reader(path);
  std::ifstream in(path);
  if (!in) reader.fail(0, "cannot open harm weight file");

  std::vector<CategoryWeight> table(base.categories_.begin(), base.categories_.end());
  std::map<std::string, std::int64_t> first_seen;
  std::size_t columns = 0;  // 0 until the header is read
  std::string line;
  std::int64_t line_number = 0;
  while (std::getline(in, line)) {
    ++line_number;
    if (line_number == 1 && line.starts_with("\xEF\xBB\xBF")) line.erase(0, 3);  // UTF-8 BOM from Excel
    if (is_skipped(line)) continue;
    if (columns == 0) {
      columns = reader.read_header(line, line_number);
    } else {
      reader.apply_row(line, line_number, columns, table, first_seen);
    }
  }
  if (columns == 0) reader.fail(0, "no header: expected '" + std::string(kHeaderHelp) + "'");
  return HarmIndex(std::move(table), base.description_ + "; overrides from " + path);
}

}  // namespace grip::harm

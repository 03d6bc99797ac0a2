#include "grip/demo/csv_text.hpp"

#include <fmt/format.h>

#include <fstream>

#include "grip/core/errors.hpp"

namespace grip::demo {

void append_csv_field(std::string& out, std::string_view field) {
  if (field.find_first_of(",\"\r\n") == std::string_view::npos) {
    out.append(field);
    return;
  }
  out.push_back('"');
  for (const char c : field) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  out.push_back('"');
}

void append_csv_row(std::string& out, std::initializer_list<std::string_view> fields) {
  bool first = true;
  for (const std::string_view field : fields) {
    if (!first) out.push_back(',');
    first = false;
    append_csv_field(out, field);
  }
  out.push_back('\n');
}

std::string format_degrees(double degrees) { return fmt::format("{:.6f}", degrees); }

std::string hex_id(Random& random) {
  // Draw in sequence: the order in which function arguments are evaluated is unspecified.
  std::string id;
  for (int part = 0; part < 4; ++part) id += fmt::format("{:016x}", random.bits());
  return id;
}

void write_text_file(const std::filesystem::path& path, std::string_view content) {
  std::ofstream file(path, std::ios::binary | std::ios::trunc);
  if (!file) throw UsageError(fmt::format("cannot open {} for writing", path.string()));
  file.write(content.data(), static_cast<std::streamsize>(content.size()));
  if (!file) throw UsageError(fmt::format("writing {} failed", path.string()));
}

}  // namespace grip::demo

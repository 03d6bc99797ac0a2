#include "grip/ingest/csv_table.hpp"

#include "grip/core/errors.hpp"

namespace grip::ingest {

CsvTable::CsvTable(std::string_view text, const std::string& file_name) {
  std::vector<std::string_view> record;
  std::size_t pos = 0;
  std::int64_t line = 1;
  bool have_header = false;
  fields_.reserve(text.size() / 8);

  while (pos < text.size()) {
    const std::size_t record_start = pos;
    const std::int64_t record_line = line;
    record.clear();
    // A blank line between records is not a record (trailing newlines at the end of a file).
    if (text[pos] == '\n' || (text[pos] == '\r' && pos + 1 < text.size() && text[pos + 1] == '\n')) {
      pos += text[pos] == '\n' ? 1 : 2;
      ++line;
      continue;
    }
    bool record_done = false;
    while (!record_done) {
      if (pos < text.size() && text[pos] == '"') {
        // Quoted field: runs to the closing quote; "" inside stands for one quote.
        const std::size_t start = ++pos;
        bool has_escaped_quote = false;
        while (true) {
          const std::size_t quote = text.find('"', pos);
          if (quote == std::string_view::npos) {
            throw InputError(file_name, record_line,
                             "file ends inside a quoted field (the file looks cut off mid-row)");
          }
          for (std::size_t k = pos; k < quote; ++k) line += text[k] == '\n';
          if (quote + 1 < text.size() && text[quote + 1] == '"') {
            has_escaped_quote = true;
            pos = quote + 2;
            continue;
          }
          std::string_view value = text.substr(start, quote - start);
          if (has_escaped_quote) {
            std::string plain;
            plain.reserve(value.size());
            for (std::size_t k = 0; k < value.size(); ++k) {
              plain.push_back(value[k]);
              if (value[k] == '"') ++k;
            }
            value = unescaped_.emplace_back(std::move(plain));
          }
          record.push_back(value);
          pos = quote + 1;
          break;
        }
        if (pos < text.size() && text[pos] != ',' && text[pos] != '\n' && text[pos] != '\r') {
          throw InputError(file_name, line, "unexpected character after a closing quote");
        }
      } else {
        std::size_t end = pos;
        while (end < text.size() && text[end] != ',' && text[end] != '\n' && text[end] != '\r') ++end;
        record.emplace_back(text.substr(pos, end - pos));
        pos = end;
      }
      if (pos >= text.size()) {
        record_done = true;
      } else if (text[pos] == ',') {
        ++pos;
      } else {
        if (text[pos] == '\r') ++pos;
        if (pos < text.size() && text[pos] == '\n') ++pos;
        ++line;
        record_done = true;
      }
    }
    if (!have_header) {
      for (auto name : record) {
        header_.emplace_back(name);
        header_keys_.push_back(lower_trimmed(name));
      }
      columns_ = record.size();
      have_header = true;
      continue;
    }
    if (record.size() != columns_) {
      throw InputError(file_name, record_line,
                       "row has " + std::to_string(record.size()) + " fields but the header has " +
                           std::to_string(columns_) +
                           (pos >= text.size() ? " (the last row looks cut off)" : ""));
    }
    fields_.insert(fields_.end(), record.begin(), record.end());
    lines_.push_back(record_line);
    std::string_view raw = text.substr(record_start, pos - record_start);
    while (!raw.empty() && (raw.back() == '\n' || raw.back() == '\r')) raw.remove_suffix(1);
    raws_.push_back(raw);
  }
  if (!have_header) throw InputError(file_name, 0, "file has no header row");
  last_row_unterminated_ = lines_.size() > 1 && text.back() != '\n' && text.back() != '\r';
}

int CsvTable::find_column(std::string_view name) const {
  const std::string key = lower_trimmed(name);
  for (std::size_t i = 0; i < header_keys_.size(); ++i) {
    if (header_keys_[i] == key) return static_cast<int>(i);
  }
  return -1;
}

}  // namespace grip::ingest

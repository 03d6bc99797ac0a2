// An RFC 4180 CSV tokenizer over text already in memory. Hand-written because it is the ingest
// hot path and must report problems by line: every record keeps its first line number and its raw
// text (for the rejects table), and the file is refused as a whole when a row has the wrong number
// of fields or the file ends inside a quoted field (a file cut off mid-row).
#pragma once

#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <vector>

#include "grip/core/text.hpp"

namespace grip::ingest {

class CsvTable {
 public:
  // Parses `text` (which must outlive the table). Throws InputError naming `file_name`.
  CsvTable(std::string_view text, const std::string& file_name);

  [[nodiscard]] std::size_t columns() const noexcept { return columns_; }
  [[nodiscard]] std::size_t rows() const noexcept { return lines_.size(); }  // data rows, header excluded
  [[nodiscard]] const std::vector<std::string>& header() const noexcept { return header_; }
  // Lower-case, trimmed header names for matching.
  [[nodiscard]] const std::vector<std::string>& header_keys() const noexcept { return header_keys_; }

  [[nodiscard]] std::string_view field(std::size_t row, std::size_t column) const {
    return fields_[row * columns_ + column];
  }
  [[nodiscard]] std::int64_t line(std::size_t row) const { return lines_[row]; }
  [[nodiscard]] std::string_view raw(std::size_t row) const { return raws_[row]; }
  // True when the last data row has no line end although earlier lines do: the file may be cut off
  // inside that row's last field, which the field count cannot reveal.
  [[nodiscard]] bool last_row_unterminated() const noexcept { return last_row_unterminated_; }
  // Index of a header name (case-insensitive), or -1.
  [[nodiscard]] int find_column(std::string_view name) const;

 private:
  std::size_t columns_ = 0;
  bool last_row_unterminated_ = false;
  std::vector<std::string> header_;
  std::vector<std::string> header_keys_;
  std::vector<std::string_view> fields_;
  std::vector<std::int64_t> lines_;
  std::vector<std::string_view> raws_;
  std::deque<std::string> unescaped_;  // quoted fields with "" inside; deque keeps addresses stable
};

}  // namespace grip::ingest

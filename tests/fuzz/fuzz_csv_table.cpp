// The RFC 4180 tokenizer and the text checks in front of it: every field, line and raw row of
// whatever it accepts must be readable, and lines must increase.
#include <cstdlib>

#include "fuzz_input.hpp"
#include "grip/ingest/csv_table.hpp"
#include "grip/ingest/source_text.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  grip::ingest::SourceText source;
  source.name = "fuzz.csv";
  source.bytes.assign(reinterpret_cast<const char*>(data), size);
  if (source.bytes.rfind("\xEF\xBB\xBF", 0) == 0) source.body_offset = 3;
  grip::fuzz::expecting_refusals([&] {
    grip::ingest::require_text(source);
    const grip::ingest::CsvTable table(source.body(), source.name);
    std::size_t total = 0;
    std::int64_t previous_line = 1;
    for (std::size_t row = 0; row < table.rows(); ++row) {
      if (table.line(row) <= previous_line) std::abort();  // rows come after the header, in order
      previous_line = table.line(row);
      total += table.raw(row).size();
      for (std::size_t column = 0; column < table.columns(); ++column)
        total += table.field(row, column).size();
    }
    (void)table.last_row_unterminated();
    (void)table.find_column("date");
    if (total > 2 * size) std::abort();  // fields and raw rows lie inside the input
  });
  return 0;
}

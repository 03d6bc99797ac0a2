// data.police.uk stop-and-search CSVs through the tokenizer and the stop-and-search reader (dates
// with offsets converted to UK time, personal columns redacted).
#include <cstdlib>

#include "fuzz_input.hpp"
#include "grip/ingest/csv_table.hpp"
#include "grip/ingest/police_uk_stop_search.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  grip::fuzz::expecting_refusals([&] {
    const grip::ingest::CsvTable table(grip::fuzz::as_text(data, size), "2018-03-essex-stop-and-search.csv");
    if (!grip::ingest::is_police_uk_stop_search(table)) return;
    const auto parsed = grip::ingest::read_police_uk_stop_search(table, "2018-03-essex-stop-and-search.csv");
    if (parsed.stop_searches.size() + parsed.rejects.size() != table.rows())
      std::abort();  // every row accounted for
  });
  return 0;
}

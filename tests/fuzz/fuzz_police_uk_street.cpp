// data.police.uk street CSVs through the tokenizer and the street reader.
#include "fuzz_input.hpp"
#include "grip/ingest/csv_table.hpp"
#include "grip/ingest/police_uk_street.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  grip::fuzz::expecting_refusals([&] {
    const grip::ingest::CsvTable table(grip::fuzz::as_text(data, size), "2018-01-essex-street.csv");
    if (grip::ingest::is_police_uk_street(table)) (void)grip::ingest::read_police_uk_street(table);
  });
  return 0;
}

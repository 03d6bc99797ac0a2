// Mapping files (JSON): any text is either a mapping or an InputError, never a crash.
#include "fuzz_input.hpp"
#include "grip/ingest/incident_mapping.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  grip::fuzz::expecting_refusals([&] {
    (void)grip::ingest::parse_incident_mapping(grip::fuzz::as_text(data, size), "fuzz.mapping.json");
  });
  return 0;
}

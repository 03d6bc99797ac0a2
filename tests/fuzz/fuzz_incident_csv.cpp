// A force's incident extract through the tokenizer and the mapping reader, with the two shipped
// kinds of mapping (ISO dates with WGS84 and a time zone; day-first dates with eastings) and with
// the mapping guessed from the header.
#include "fuzz_input.hpp"
#include "grip/ingest/csv_table.hpp"
#include "grip/ingest/incident_csv.hpp"
#include "grip/ingest/incident_mapping.hpp"

namespace {

const grip::ingest::IncidentMapping& geographic() {
  static const auto mapping = grip::ingest::parse_incident_mapping(R"({"name": "memphis robberies",
    "columns": {"id": "incident_id", "offence": "offence", "occurred_from": "occurred_at", "occurred_to": "occurred_to",
                "longitude": "longitude", "latitude": "latitude", "location": "location"},
    "date_order": "iso", "timezone": "America/Chicago",
    "categories": {"personal robbery": "Robbery", "carjacking": "Robbery"}})",
                                                                   "geographic.mapping.json");
  return mapping;
}

const grip::ingest::IncidentMapping& projected() {
  static const auto mapping = grip::ingest::parse_incident_mapping(R"({"name": "force records extract",
    "columns": {"id": "URN", "offence": "Offence", "occurred_from": "Committed From", "occurred_to": "Committed To",
                "easting": "Easting", "northing": "Northing", "location": "Street"},
    "source_crs": "EPSG:27700", "date_order": "day-first",
    "categories": {"wounding with intent": "Violence and sexual offences"}})",
                                                                   "projected.mapping.json");
  return mapping;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  grip::fuzz::expecting_refusals([&] {
    const grip::ingest::CsvTable table(grip::fuzz::as_text(data, size), "extract.csv");
    for (const auto* mapping : {&geographic(), &projected()}) {
      if (grip::ingest::mapping_fits(*mapping, table)) (void)grip::ingest::read_incident_csv(table, *mapping);
    }
    if (const auto guessed = grip::ingest::guess_incident_mapping(table)) {
      (void)grip::ingest::read_incident_csv(table, *guessed);
    }
  });
  return 0;
}

// A generic time-stamped incident CSV (a force's records-system extract): id, offence, occurred
// date-time, optional occurred-to date-time, and a position, read through an IncidentMapping.
// The occurrence window is kept as given; analyses that need hours apportion it (aoristic).
#pragma once

#include "grip/ingest/csv_table.hpp"
#include "grip/ingest/incident_mapping.hpp"
#include "grip/ingest/records.hpp"

namespace grip::ingest {

// True when every column the mapping names is in the header.
[[nodiscard]] bool mapping_fits(const IncidentMapping& mapping, const CsvTable& table);
// The columns the mapping names that the header lacks, quoted and comma-separated.
[[nodiscard]] std::string missing_columns(const IncidentMapping& mapping, const CsvTable& table);

[[nodiscard]] ParsedFile read_incident_csv(const CsvTable& table, const IncidentMapping& mapping);

}  // namespace grip::ingest

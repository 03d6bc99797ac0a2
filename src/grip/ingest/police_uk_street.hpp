// data.police.uk street-level crime CSVs: the 12-column schema (Crime ID, Month, Reported by,
// Falls within, Longitude, Latitude, Location, LSOA code, LSOA name, Crime type, Last outcome
// category, Context), matched by header name whatever the case or order. Month resolution only:
// rows carry their month and no occurrence times.
#pragma once

#include <string>

#include "grip/ingest/csv_table.hpp"
#include "grip/ingest/records.hpp"

namespace grip::ingest {

inline constexpr const char* kPoliceUkStreetDataset = "police.uk street";

[[nodiscard]] bool is_police_uk_street(const CsvTable& table);
[[nodiscard]] ParsedFile read_police_uk_street(const CsvTable& table);

}  // namespace grip::ingest

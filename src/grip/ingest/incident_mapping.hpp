// How a force's own records-system extract maps onto Grip's incident fields: which column holds
// the id, offence, occurrence date-times and position, how dates are written, the CRS of projected
// coordinates, and which data.police.uk category each offence belongs to (so harm weights and the
// victim/police-generated flag apply). Written as a small JSON file; see examples/*.mapping.json.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "grip/core/time_text.hpp"

namespace grip::ingest {

struct IncidentMapping {
  std::string name = "incidents";  // the dataset name stored with every row
  std::string id_column, offence_column, from_column, to_column, location_column;
  std::string longitude_column, latitude_column;  // geographic position, or ...
  std::string easting_column, northing_column;    // ... a projected one in source_crs
  std::string source_crs = "EPSG:4326";
  DateOrder date_order = DateOrder::kIso;
  // IANA zone the force's local times are in ("timezone" in the file): times written with a UTC
  // offset are converted to it. Empty: such times are refused row by row, never shifted.
  std::string time_zone;
  std::map<std::string, std::string> categories;  // lower-case offence → category
  // "id_from": "line" in the file: the extract has no id column, so each row's id is its line in
  // the file ("line 2" for the first data row). A newer copy of the same dataset then replaces rows
  // line by line, so re-ingesting an extract that was appended to keeps ids; one that was re-sorted
  // does not (it replaces every row, which is still correct, only not minimal).
  bool id_from_line = false;
  // "offence_value" in the file: every row's offence when the extract has no offence column (a
  // single-offence extract such as Chicago's aggravated assaults).
  std::string offence_value;
  bool from_file = false;
  bool name_given = false;  // the mapping file names the dataset

  [[nodiscard]] bool projected() const { return !easting_column.empty(); }
  // Category for an offence; nullopt when the mapping lists categories but not this offence.
  [[nodiscard]] std::optional<std::string> category_for(const std::string& lower_offence) const;
};

// Reads a mapping file; throws InputError naming the file and the problem.
[[nodiscard]] IncidentMapping load_incident_mapping(const std::string& path);
// The same from the file's text; `path` names it in errors.
[[nodiscard]] IncidentMapping parse_incident_mapping(std::string_view json_text, const std::string& path);

// The mapping Grip guesses from common column names (incident_id/id, offence/offense/crime_type,
// occurred_at/occurred_from/date, occurred_to, longitude/lon, latitude/lat, easting/northing);
// nullopt when the header does not have at least an offence, a date-time and a position.
class CsvTable;
[[nodiscard]] std::optional<IncidentMapping> guess_incident_mapping(const CsvTable& table);

}  // namespace grip::ingest

// What a reader makes of one file before anything is written: the rows to store, the rows refused
// one by one (with line, reason and raw text), and the groups the file covers, which decide what a
// newer copy replaces. Text fields are views into the file's bytes or into `owned`.
#pragma once

#include <cstdint>
#include <deque>
#include <limits>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace grip::ingest {

inline constexpr double kNoCoordinate = std::numeric_limits<double>::quiet_NaN();

enum class Format { kPoliceUkStreet, kPoliceUkStopSearch, kIncidentCsv, kBoundaries };
[[nodiscard]] const char* to_string(Format format);

struct Location {
  double longitude = kNoCoordinate;  // as read (or easting, for sources already projected)
  double latitude = kNoCoordinate;
  double x = kNoCoordinate;  // in the store's CRS, filled by placement
  double y = kNoCoordinate;
  double outside_km = kNoCoordinate;  // distance outside the force area, when beyond the tolerance
};

struct IncidentRecord {
  std::int64_t line = 0;
  std::string_view raw;
  std::string_view source_id, month, occurred_from, occurred_to, category, offence;  // empty = NULL
  std::string_view location, lsoa_code, lsoa_name, force, outcome, context;
  Location where;
};

struct StopSearchRecord {
  std::int64_t line = 0;
  std::string_view raw;  // with personal descriptors blanked
  std::string_view month, occurred_at, search_type, part_of_operation, operation_name, legislation;
  std::string_view object_of_search, outcome, outcome_linked_to_object, force;
  Location where;
};

struct RejectRecord {
  std::int64_t line = 0;
  std::string reason;  // a short stable key: "no coordinates", "unparseable date", ...
  std::string detail;  // the specifics, e.g. the bad value
  std::string raw;     // the row as it was in the file (personal fields blanked for stop and search)
};

struct ParsedFile {
  Format format = Format::kPoliceUkStreet;
  std::string dataset;  // "police.uk street", "police.uk stop and search", or the mapping's name
  std::string source_crs = "EPSG:4326";  // the CRS the file's coordinates are written in
  bool dataset_named = false;  // a mapping file named the dataset: its ids span files
  std::int64_t rows_read = 0;
  std::vector<IncidentRecord> incidents;
  std::vector<StopSearchRecord> stop_searches;
  std::vector<RejectRecord> rejects;
  std::map<std::string, std::int64_t> unmapped_offences;  // generic extracts: offence → rows
  std::deque<std::string> owned;  // strings made while reading (month bounds, normalised times)

  std::string_view own(std::string text) { return owned.emplace_back(std::move(text)); }
};

}  // namespace grip::ingest

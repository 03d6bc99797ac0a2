// The rows ingest hands to the store: plain records whose text fields are views into the file's
// bytes (or into strings the reader owns), so a whole force's file is written without copying.
#pragma once

#include <cstdint>
#include <limits>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "grip/store/geometry_blob.hpp"

namespace grip::store {

inline constexpr double kNoCoordinate = std::numeric_limits<double>::quiet_NaN();

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
  std::string_view ethnicity_group;  // self-defined, top-level group only; empty = NULL (no such column)
  Location where;
};

struct RejectRecord {
  std::int64_t line = 0;
  std::string reason;  // a short stable key: "no coordinates", "unparseable date", ...
  std::string detail;  // the specifics, e.g. the bad value
  std::string raw;     // the row as it was in the file (personal fields blanked for stop and search)
};

struct AreaRow {
  std::string_view kind, code, name, parent_code, parent_name;  // empty parent = NULL
  std::span<const std::uint8_t> wkb;                            // multipolygon in the store CRS
  Envelope envelope{};
  double area_m2 = 0;
};

// One file as a batch: where it came from and what it holds.
struct IncomingBatch {
  std::string file_name, file_path, content_hash, format, dataset;
  std::int64_t bytes = 0;
  std::int64_t rows_read = 0;
};

}  // namespace grip::store

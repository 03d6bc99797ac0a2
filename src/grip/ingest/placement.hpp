// Puts a parsed file's rows into the store's CRS and refuses, row by row, positions that cannot be
// right: outside the CRS's area of use. Rows far outside the force area (the loaded boundaries'
// extent when there are any, otherwise the file's own median position) are real records of the
// force (data.police.uk has Essex crimes placed in Exeter): by default they are stored and flagged
// with their distance, and analyses leave them out; with reject_outside they are refused instead.
#pragma once

#include <optional>
#include <unordered_map>

#include "grip/geo/projection.hpp"
#include "grip/ingest/records.hpp"

namespace grip::ingest {

struct Extent {
  double min_x, min_y, max_x, max_y;
  [[nodiscard]] double distance_to(double x, double y) const;
};

// data.police.uk snaps every crime to one of a limited set of "on or near" points (Essex: 166,000
// rows, 18,700 distinct points over ten months), so projecting each distinct pair once per ingest
// is most of the projection cost saved. Keyed by the exact source coordinates.
class ProjectionCache {
 public:
  struct Key {
    double first, second;
    bool operator==(const Key&) const = default;
  };
  struct KeyHash {
    std::size_t operator()(const Key& key) const noexcept;
  };
  struct Projected {
    double longitude, latitude, x, y;
  };
  std::unordered_map<Key, Projected, KeyHash> entries;
};

struct PlacementRules {
  const geo::Projector* to_store = nullptr;  // WGS84 → store CRS
  ProjectionCache* cache = nullptr;          // optional; shared across the files of one ingest
  std::string store_crs_code;                // for messages
  std::optional<Extent> force_area;          // boundaries' extent, when loaded
  double max_outside_m = 20'000;             // tolerance around the force area
  double max_from_median_m = 100'000;        // without boundaries: distance from the file's median
  bool reject_outside = false;               // refuse, rather than flag, rows beyond the tolerance
};

// Projects every record of `parsed` (first to WGS84 when the source is projected), flags those far
// outside the force area, and moves the refused ones into parsed.rejects. Returns the number flagged.
std::int64_t place(ParsedFile& parsed, const PlacementRules& rules);

// Median longitude/latitude of the records, for choosing a CRS; nullopt when there are none.
struct LonLat {
  double longitude, latitude;
};
[[nodiscard]] std::optional<LonLat> median_position(const ParsedFile& parsed);

}  // namespace grip::ingest

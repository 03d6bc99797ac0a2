// A SYNTHETIC patrol programme with a planted effect, for showing that `grip evaluate` recovers it.
// The same county (geography and hotspots from the same seed) is generated again for the programme
// months with its own crime stream; then every serious-violence and robbery event (the evaluation's
// headline outcome) published at a snap point inside a treated area is removed with probability
// `reduction` (default 0.20), and a share `displaced_share` of the removed ones is re-published at a
// random snap point of the treated areas' buffer (planted displacement; default none). Which snap
// point lies in which zone is the caller's rule (the store CRS and the evaluation's zones are not the
// generator's business). The data.police.uk street CSVs are written, and the force's time-stamped
// extract of the same events (dataset kProgrammeIncidentsDataset) for the Koper curve.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <vector>

#include "grip/demo/synthetic_county.hpp"

namespace grip::demo {

inline constexpr const char* kProgrammeIncidentsDataset = "programme incidents";

enum class ProgrammeZone : std::uint8_t { kTreated, kBuffer, kElsewhere };

struct ProgrammeOptions {
  CountyOptions county;   // the county: seed and scale (its months are the before period)
  int first_year = 2026;  // first programme month
  int first_month = 1;
  int months = 12;
  double reduction = 0.20;       // planted share of headline events removed in treated areas
  double displaced_share = 0.0;  // share of the removed events moved into the buffer
};

struct ProgrammeTruth {
  std::vector<std::filesystem::path> street_csvs;
  std::int64_t street_rows = 0;
  std::filesystem::path incidents_csv;
  std::int64_t incident_rows = 0;
  std::int64_t treated_events_before_thinning = 0;  // headline events generated in treated areas
  std::int64_t removed = 0, displaced = 0;
  std::int64_t buffer_snap_points = 0;
};

// Snap point (WGS84 longitude, latitude) to its zone.
using ProgrammeZoneRule = std::function<ProgrammeZone(double longitude, double latitude)>;

// Writes synthetic-programme-YYYY-MM-street.csv files into out_dir. Throws grip::UsageError on
// options out of range (those of write_synthetic_county, reduction and displaced_share in [0, 1]).
ProgrammeTruth write_programme_months(const ProgrammeOptions& options, const ProgrammeZoneRule& zone_of,
                                      const std::filesystem::path& out_dir);

}  // namespace grip::demo

#include "grip/demo/programme.hpp"

#include <fmt/format.h>

#include "grip/core/errors.hpp"
#include "grip/demo/calendar.hpp"
#include "grip/demo/crime_process.hpp"
#include "grip/demo/crime_types.hpp"
#include "grip/demo/csv_text.hpp"
#include "grip/demo/geography.hpp"
#include "grip/demo/hotspots.hpp"
#include "grip/demo/incident_writers.hpp"
#include "grip/demo/police_uk_writers.hpp"
#include "grip/demo/random.hpp"
#include "grip/demo/snap_index.hpp"

namespace grip::demo {
namespace {

// The county's own streams (synthetic_county.cpp) are 1-5; the programme's are its own, so the
// programme months are a fresh draw of the same county, not a replay of its first months.
constexpr std::uint64_t kGeographyStream = 1, kHotspotStream = 2, kProgrammeCrimeStream = 101,
                        kProgrammeStreetStream = 102, kProgrammeThinningStream = 103;

void check_options(const ProgrammeOptions& options) {
  if (options.months < 1 || options.months > 120)
    throw UsageError(fmt::format("demo programme: months must be 1 to 120, got {}", options.months));
  if (options.first_month < 1 || options.first_month > 12)
    throw UsageError(fmt::format("demo programme: first month must be 1 to 12, got {}", options.first_month));
  if (!(options.reduction >= 0.0 && options.reduction <= 1.0))
    throw UsageError(fmt::format("demo programme: reduction must be in [0, 1], got {}", options.reduction));
  if (!(options.displaced_share >= 0.0 && options.displaced_share <= 1.0))
    throw UsageError(
        fmt::format("demo programme: displaced share must be in [0, 1], got {}", options.displaced_share));
}

}  // namespace

ProgrammeTruth write_programme_months(const ProgrammeOptions& options, const ProgrammeZoneRule& zone_of,
                                      const std::filesystem::path& out_dir) {
  check_options(options);
  std::error_code error;
  std::filesystem::create_directories(out_dir, error);
  if (error) throw UsageError(fmt::format("demo: cannot create {}: {}", out_dir.string(), error.message()));

  Random root(options.county.seed);
  Random geography_random = root.fork(kGeographyStream);
  Random hotspot_random = root.fork(kHotspotStream);
  Random crime_random = root.fork(kProgrammeCrimeStream);
  Random street_random = root.fork(kProgrammeStreetStream);
  Random thinning_random = root.fork(kProgrammeThinningStream);
  Geography geography = build_geography(geography_random);
  const std::vector<Hotspot> hotspots = plant_hotspots(geography, hotspot_random);
  finish_geography(geography);
  const SnapIndex snap_index(geography.snap_points);
  const std::vector<StudyMonth> months =
      study_months(options.first_year, options.first_month, options.months);
  CrimeProcessSettings settings;
  settings.crime_scale = options.county.crime_scale;
  std::vector<CrimeEvent> events =
      generate_crimes(geography, hotspots, snap_index, months, settings, crime_random);

  std::vector<ProgrammeZone> zone(geography.snap_points.size());
  std::vector<std::size_t> buffer_points;
  for (std::size_t i = 0; i < zone.size(); ++i) {
    const LonLat lonlat = to_lonlat(geography.snap_points[i].at);
    zone[i] = zone_of(lonlat.longitude, lonlat.latitude);
    if (zone[i] == ProgrammeZone::kBuffer) buffer_points.push_back(i);
  }
  ProgrammeTruth truth;
  truth.buffer_snap_points = static_cast<std::int64_t>(buffer_points.size());
  const std::size_t violence = crime_type_index("Violence and sexual offences");
  const std::size_t robbery = crime_type_index("Robbery");
  std::vector<CrimeEvent> kept;
  kept.reserve(events.size());
  for (CrimeEvent& event : events) {
    const bool headline = event.type == violence || event.type == robbery;
    if (headline && zone[event.snap] == ProgrammeZone::kTreated) {
      ++truth.treated_events_before_thinning;
      if (thinning_random.chance(options.reduction)) {
        ++truth.removed;
        if (buffer_points.empty() || !thinning_random.chance(options.displaced_share)) continue;
        event.snap = buffer_points[static_cast<std::size_t>(
            thinning_random.index(static_cast<std::int64_t>(buffer_points.size())))];
        event.at = geography.snap_points[event.snap].at;  // the extract places it where it moved to
        ++truth.displaced;
      }
    }
    kept.push_back(event);
  }
  for (std::size_t m = 0; m < months.size(); ++m) {
    const StreetFile street = street_csv(geography, kept, m, months[m], street_random);
    truth.street_csvs.push_back(out_dir /
                                fmt::format("synthetic-programme-{}-street.csv", months[m].label()));
    write_text_file(truth.street_csvs.back(), street.text);
    truth.street_rows += street.rows;
  }
  // The force's time-stamped extract of the same months, for the Koper curve after GPS visits.
  const IncidentFile incidents = incidents_csv(kept);
  truth.incidents_csv = out_dir / "synthetic-programme-incidents.csv";
  write_text_file(truth.incidents_csv, incidents.text);
  truth.incident_rows = incidents.rows;
  write_text_file(out_dir / "synthetic-programme-incidents.mapping.json",
                  incidents_mapping_json(kProgrammeIncidentsDataset));
  return truth;
}

}  // namespace grip::demo

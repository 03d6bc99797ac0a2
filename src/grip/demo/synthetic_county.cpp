#include "grip/demo/synthetic_county.hpp"

#include <fmt/format.h>

#include "grip/core/errors.hpp"
#include "grip/demo/calendar.hpp"
#include "grip/demo/county_metadata.hpp"
#include "grip/demo/crime_process.hpp"
#include "grip/demo/csv_text.hpp"
#include "grip/demo/geography.hpp"
#include "grip/demo/hotspots.hpp"
#include "grip/demo/incident_writers.hpp"
#include "grip/demo/police_uk_writers.hpp"
#include "grip/demo/random.hpp"
#include "grip/demo/snap_index.hpp"

namespace grip::demo {
namespace {

// Independent random streams, so a change to one part leaves the others' numbers alone.
enum Stream : std::uint64_t {
  kGeographyStream = 1,
  kHotspotStream,
  kCrimeStream,
  kStreetStream,
  kStopStream
};

void check_options(const CountyOptions& options) {
  if (options.months < 1 || options.months > 120) {
    throw UsageError(fmt::format("demo: months must be 1 to 120, got {}", options.months));
  }
  if (options.first_month < 1 || options.first_month > 12) {
    throw UsageError(fmt::format("demo: first month must be 1 to 12, got {}", options.first_month));
  }
  if (options.first_year < 2000 || options.first_year > 2100) {
    throw UsageError(fmt::format("demo: first year must be 2000 to 2100, got {}", options.first_year));
  }
  if (!(options.crime_scale > 0.0 && options.crime_scale <= 100.0)) {
    throw UsageError(fmt::format("demo: crime scale must be in (0, 100], got {}", options.crime_scale));
  }
}

std::vector<PlantedHotspot> hotspot_truth(const Geography& geography, const std::vector<Hotspot>& hotspots) {
  std::vector<PlantedHotspot> truth;
  for (const Hotspot& hotspot : hotspots) {
    const LonLat lonlat = to_lonlat(hotspot.centre);
    truth.push_back({hotspot.name, geography.districts[district_of(geography, hotspot.centre)].name,
                     lonlat.longitude, lonlat.latitude, hotspot.radius_m, hotspot.violence_share});
  }
  return truth;
}

}  // namespace

SyntheticCounty write_synthetic_county(const CountyOptions& options, const std::filesystem::path& out_dir) {
  check_options(options);
  std::error_code error;
  std::filesystem::create_directories(out_dir, error);
  if (error) throw UsageError(fmt::format("demo: cannot create {}: {}", out_dir.string(), error.message()));

  Random root(options.seed);
  Random geography_random = root.fork(kGeographyStream);
  Random hotspot_random = root.fork(kHotspotStream);
  Random crime_random = root.fork(kCrimeStream);
  Random street_random = root.fork(kStreetStream);
  Random stop_random = root.fork(kStopStream);

  Geography geography = build_geography(geography_random);
  const std::vector<Hotspot> hotspots = plant_hotspots(geography, hotspot_random);
  finish_geography(geography);
  const SnapIndex snap_index(geography.snap_points);
  const std::vector<StudyMonth> months =
      study_months(options.first_year, options.first_month, options.months);

  CrimeProcessSettings settings;
  settings.crime_scale = options.crime_scale;
  const std::vector<CrimeEvent> events =
      generate_crimes(geography, hotspots, snap_index, months, settings, crime_random);

  SyntheticCounty county;
  county.hotspots = hotspot_truth(geography, hotspots);
  county.triggering = {settings.triggering.theta, settings.triggering.omega_per_day,
                       settings.triggering.sigma_m};

  const Placer placer(geography, hotspots, snap_index);
  for (std::size_t m = 0; m < months.size(); ++m) {
    const std::string label = months[m].label();
    const StreetFile street = street_csv(geography, events, m, months[m], street_random);
    county.street_csvs.push_back(out_dir / fmt::format("synthetic-{}-street.csv", label));
    write_text_file(county.street_csvs.back(), street.text);
    county.street_rows += street.rows;

    county.stop_search_csvs.push_back(out_dir / fmt::format("synthetic-{}-stop-and-search.csv", label));
    write_text_file(county.stop_search_csvs.back(),
                    stop_search_csv(geography, placer, months[m], options.crime_scale, stop_random));
  }

  const IncidentFile incidents = incidents_csv(events);
  county.incidents_csv = out_dir / "synthetic-incidents.csv";
  write_text_file(county.incidents_csv, incidents.text);
  county.incident_rows = incidents.rows;
  county.incidents_mapping = out_dir / "synthetic-incidents.mapping.json";
  write_text_file(county.incidents_mapping, incidents_mapping_json());
  county.districts_geojson = out_dir / "synthetic-districts.geojson";
  write_text_file(county.districts_geojson, districts_geojson(geography));
  county.readme = out_dir / "README-SYNTHETIC.txt";
  write_text_file(county.readme, readme_text(options, geography, county));
  return county;
}

}  // namespace grip::demo

// `grip demo`: a synthetic county written in the same formats as the real sources, with known
// truth (planted hotspots, triggering parameters) for later checks. Seeded and reproducible: the
// same options give byte-identical files. Everything written says it is synthetic: file names,
// the force name "Synthetic County Police (SYNTHETIC)", the Context column, the README.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace grip::demo {

struct CountyOptions {
  std::uint64_t seed = 20250101;
  int months = 12;
  int first_year = 2025;
  int first_month = 1;
  double crime_scale = 1.0;  // 1.0 is about 10,000 street rows per month
};

struct PlantedHotspot {
  std::string name;
  std::string district;  // LAD_NAME of the district holding its centre
  double longitude = 0.0;
  double latitude = 0.0;
  double radius_m = 0.0;
  double violence_share = 0.0;  // designed share of all violence placed in it
};

// Parameters of the self-exciting (ETAS) process behind serious violence and robbery.
struct TriggeringTruth {
  double theta = 0.0;          // expected offspring per event
  double omega_per_day = 0.0;  // decay rate of the triggering kernel in time
  double sigma_m = 0.0;        // sd of the Gaussian spatial kernel, per coordinate
};

struct SyntheticCounty {
  std::vector<std::filesystem::path> street_csvs, stop_search_csvs;
  std::filesystem::path incidents_csv, incidents_mapping, districts_geojson, readme;
  std::vector<PlantedHotspot> hotspots;
  TriggeringTruth triggering;
  std::int64_t street_rows = 0, incident_rows = 0;
};

// Writes the county's files into out_dir (created if missing; existing files of the same names
// are overwritten) and returns their paths and the truth. Throws grip::UsageError on options out
// of range (months 1-120, first_month 1-12, first_year 2000-2100, crime_scale in (0, 100]) or an
// unwritable folder.
SyntheticCounty write_synthetic_county(const CountyOptions& options, const std::filesystem::path& out_dir);

}  // namespace grip::demo

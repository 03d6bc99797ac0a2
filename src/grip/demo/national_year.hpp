// A synthetic national year for scale tests: 43 forces tiling a region the size of England and
// Wales (about 153,000 km², lon −4.2..1.3, lat 50.7..54.4), each with its towns, snap points and a
// few planted hotspots, written as data.police.uk street CSVs (one per force and month, about
// 6.5 million rows at the defaults) and the forces' boundaries as GeoJSON. Every file says it is
// synthetic (force names, the Context column). Seeded: the same options give the same bytes.
// Far simpler than the synthetic county (no near-repeats, no stop and search): it exists to time
// ingest and a whole-country hotspot grid, not to check methods.
#pragma once

#include <cstdint>
#include <filesystem>
#include <vector>

namespace grip::demo {

struct NationalOptions {
  std::uint64_t seed = 20250101;
  int year = 2025;
  int months = 12;
  int forces = 43;
  double rows_per_force_month = 12'600.0;  // 43 forces × 12 months ≈ 6.5 M rows
};

struct NationalYear {
  std::vector<std::filesystem::path> street_csvs;
  std::filesystem::path forces_geojson;
  std::int64_t street_rows = 0;
  double area_km2 = 0.0;  // of the forces' boundaries
};

// Writes the files into out_dir (created if missing). Throws grip::UsageError for options out of
// range (forces 1-100, months 1-24, rows per force-month 1-1,000,000) or an unwritable folder.
NationalYear write_national_year(const NationalOptions& options, const std::filesystem::path& out_dir);

}  // namespace grip::demo

// Boundary layers (districts / community safety partnership areas, LSOAs, precincts) read through
// GDAL from any vector format it knows (GeoJSON, GeoPackage, Shapefile), reprojected to the
// store's CRS and kept as multipolygons. The kind and the code/name fields are recognised from
// ONS-style property names (LSOA11CD/LSOA11NM, LAD_CODE/LAD_NAME, ...) or named by the user.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "grip/ingest/boundary_checks.hpp"
#include "grip/ingest/records.hpp"
#include "grip/store/geometry_blob.hpp"

namespace grip::ingest {

struct BoundaryOptions {
  std::string kind;        // "district", "lsoa", "precinct"...; empty = recognise from fields
  std::string code_field;  // empty = recognise
  std::string name_field;  // empty = recognise
};

struct AreaRecord {
  std::int64_t feature = 0;  // 1-based feature number, reported as the "line"
  std::string kind, code, name, parent_code, parent_name;
  std::vector<std::uint8_t> wkb;  // multipolygon in the store CRS
  store::Envelope envelope{};
  double area_m2 = 0;
};

struct ParsedBoundaries {
  std::string kind;
  std::string code_field, name_field;
  std::int64_t features_read = 0;
  std::int64_t merged_features = 0;  // features whose code an earlier feature had: merged into it
  // Codes of areas whose outline was not valid (a self-intersecting "bow-tie" ring, overlapping
  // parts) and was repaired with GEOS MakeValid before storing, so area_m2 and the even-odd raster
  // of the stored geometry agree.
  std::vector<std::string> repaired_codes;
  // Where the layer lies, for boundary_placement_problem(); `incidents` is left for the caller.
  BoundaryPlacement placement;
  std::vector<AreaRecord> areas;
  std::vector<RejectRecord> rejects;
};

[[nodiscard]] bool has_boundary_extension(const std::filesystem::path& path);

// Longitude/latitude of the layer's extent centre, to choose the store CRS when boundaries come first.
[[nodiscard]] std::optional<std::pair<double, double>> boundary_centre(const std::filesystem::path& path);

// Throws InputError when GDAL cannot open the file as a vector layer, the fields are unknown, or
// an invalid outline cannot be repaired into polygons.
[[nodiscard]] ParsedBoundaries read_boundaries(const std::filesystem::path& path,
                                               const std::string& store_crs, const BoundaryOptions& options);

}  // namespace grip::ingest

// Export of store layers (incidents, areas, hotspot cells and polygons...) to the formats analysts
// open elsewhere, through GDAL's vector translation (ogr2ogr's library form): GeoPackage (every
// layer in one file), GeoJSON (reprojected to WGS84 longitude/latitude as RFC 7946 requires),
// ESRI Shapefile (field names cut to the dBase limit of 10 characters; renames are reported) and
// CSV (geometry as WKT, or x/y columns for point layers). Other formats keep the store's CRS unless
// a target CRS is given. An optional SQL where-clause picks rows (e.g. one hotspot run).
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "grip/core/csv_text.hpp"

namespace grip::report {

enum class ExportFormat { kGeoPackage, kGeoJson, kShapefile, kCsv };
enum class CsvGeometry { kWkt, kXy };

[[nodiscard]] const char* to_string(ExportFormat format) noexcept;  // "GPKG", "GeoJSON", ...
// Parses a format name as a user types it ("gpkg", "geopackage", "geojson", "json", "shp",
// "shapefile", "csv"; any case). Throws grip::UsageError naming the known formats otherwise.
[[nodiscard]] ExportFormat parse_export_format(const std::string& name);
// The format an output path's extension names (.gpkg, .geojson/.json, .shp, .csv), if any.
[[nodiscard]] std::optional<ExportFormat> format_from_extension(const std::filesystem::path& path);

struct ExportOptions {
  std::optional<ExportFormat> format;     // empty = from the output's extension
  std::string where;                      // SQL where-clause applied to every layer; empty = all rows
  std::optional<std::string> target_crs;  // e.g. "EPSG:4326"; GeoJSON is always WGS84
  CsvGeometry csv_geometry =
      CsvGeometry::kWkt;                     // kXy: X and Y columns (the layer's own x/y fields are left out)
  CsvText csv_text = CsvText::kNeutralised;  // CSV: formula-like text cells get a leading ' (csv_text.hpp)
  std::string output_option = "--output";    // how the user named the output, for refusals
};

struct FieldRename {
  std::string from;
  std::string to;
};

struct ExportedLayer {
  std::string layer;
  std::filesystem::path file;
  std::int64_t features = 0;
  std::vector<FieldRename> renamed_fields;  // Shapefile's 10-character limit, in field order
};

struct ExportResult {
  ExportFormat format = ExportFormat::kGeoPackage;
  std::vector<ExportedLayer> layers;
  std::vector<std::string> warnings;  // one line each: renames, and what GDAL warned about
};

// Exports `layers` of the store at store_path to output. GeoPackage writes them all into the one
// output file. The single-layer formats write one layer to the output file, or, when several
// layers are asked for, each to <output>/<layer>.<ext> with output a folder (created if missing).
// Every file is written under a temporary name beside its target and renamed into place when all
// are complete, so an existing output is replaced only by a whole new one. Throws grip::UsageError
// for an unknown or missing format, no layers, a layer the store does not have (listing those it
// has), a bad where-clause, x/y columns for a non-point layer, or an output that is the store or
// not a regular file (check_output_path); grip::InputError (naming the path) for a store that
// cannot be opened; grip::OutputError for an output that cannot be written.
[[nodiscard]] ExportResult export_layers(const std::filesystem::path& store_path,
                                         const std::vector<std::string>& layers,
                                         const std::filesystem::path& output,
                                         const ExportOptions& options = {});

}  // namespace grip::report

// `grip export`: copy store layers to GeoPackage, GeoJSON, Shapefile or CSV through GDAL.
#include <fmt/format.h>

#include <iostream>
#include <nlohmann/json.hpp>

#include "commands.hpp"
#include "grip/core/errors.hpp"
#include "grip/core/output_file.hpp"
#include "grip/core/text.hpp"
#include "grip/report/layer_export.hpp"
#include "grip/store/store.hpp"

namespace grip::cli {

Action add_export_command(CLI::App& app, const GlobalOptions& global) {
  auto* command = app.add_subcommand("export",
                                     "Export store layers (incidents, stop_searches, areas, hotspots, "
                                     "hotspot_cells, ...) to GeoPackage, GeoJSON "
                                     "(WGS84), Shapefile or CSV for QGIS/ArcGIS/Excel. Several layers to a "
                                     "single-layer format need a folder.");
  struct Options {
    std::vector<std::string> layers;
    std::string output, format, where, crs;
    bool csv_xy = false;
    bool csv_raw = false;
  };
  auto options = std::make_shared<Options>();
  command->add_option("layers", options->layers, "Layers to export")->required();
  command->add_option("-o,--output", options->output, "Output file (or folder for several layers)")
      ->required();
  command->add_option("--format", options->format,
                      "gpkg, geojson, shp or csv (default: from the file extension)");
  command->add_option("--where", options->where,
                      "SQL filter applied to every layer, e.g. \"month >= '2018-06'\"");
  command->add_option("--crs", options->crs,
                      "Reproject to this CRS, e.g. EPSG:4326 (GeoJSON is always WGS84)");
  command->add_flag("--csv-xy", options->csv_xy, "CSV: X and Y columns instead of WKT (point layers)");
  command->add_flag(
      "--csv-raw", options->csv_raw,
      "CSV: write text cells exactly as stored (by default a cell starting with = + - @ tab or CR gets a "
      "leading ' so spreadsheets show it instead of running it as a formula; see docs/report.md)");
  return [options, &global] {
    report::ExportOptions export_options;
    if (!options->format.empty()) export_options.format = report::parse_export_format(options->format);
    export_options.where = options->where;
    if (!options->crs.empty()) export_options.target_crs = options->crs;
    if (options->csv_xy) export_options.csv_geometry = report::CsvGeometry::kXy;
    if (options->csv_raw) export_options.csv_text = CsvText::kRaw;
    const std::filesystem::path output = options->output;
    const bool folder = options->layers.size() > 1 && !output.has_extension();
    if (folder) {
      std::error_code error;
      if (std::filesystem::exists(output, error) && !std::filesystem::is_directory(output, error)) {
        throw UsageError("--output " + output.string() +
                         ": several layers go into a folder, and this is a file");
      }
      make_output_folder(output, output);
    } else {
      check_output_path(output, "--output", global.db);
      make_output_folder(output.parent_path(), output);
    }
    // GDAL reads the layers itself: from the GeoPackage file, or through its PostgreSQL driver.
    const std::string source =
        store::is_postgres_locator(global.db) ? store::Store(global.db).gdal_name() : global.db;
    const auto result = report::export_layers(source, options->layers, output, export_options);
    if (global.json) {
      nlohmann::json layers = nlohmann::json::array();
      for (const auto& layer : result.layers) {
        layers.push_back(
            {{"layer", layer.layer}, {"file", layer.file.string()}, {"features", layer.features}});
      }
      std::cout << nlohmann::json{{"format", report::to_string(result.format)},
                                  {"layers", layers},
                                  {"warnings", result.warnings}}
                       .dump(2)
                << "\n";
      return 0;
    }
    for (const auto& layer : result.layers) {
      std::cout << fmt::format("{} → {} ({}, {})\n", layer.layer, layer.file.string(),
                               counted(layer.features, "feature"), report::to_string(result.format));
    }
    for (const auto& warning : result.warnings) std::cout << "note: " << warning << "\n";
    return 0;
  };
}

}  // namespace grip::cli

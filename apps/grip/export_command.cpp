// `grip export`: copy store layers to GeoPackage, GeoJSON, Shapefile or CSV through GDAL.
#include <fmt/format.h>

#include <iostream>
#include <nlohmann/json.hpp>

#include "commands.hpp"
#include "grip/report/layer_export.hpp"
#include "grip/store/store.hpp"

namespace grip::cli {

Action add_export_command(CLI::App& app, const GlobalOptions& global) {
  auto* command = app.add_subcommand(
      "export",
      "Export store layers (incidents, stop_searches, areas, hotspots, hotspot_cells, ...) to GeoPackage, GeoJSON "
      "(WGS84), Shapefile or CSV for QGIS/ArcGIS/Excel. Several layers to a single-layer format need a folder.");
  struct Options {
    std::vector<std::string> layers;
    std::string output, format, where, crs;
    bool csv_xy = false;
  };
  auto options = std::make_shared<Options>();
  command->add_option("layers", options->layers, "Layers to export")->required();
  command->add_option("-o,--output", options->output, "Output file (or folder for several layers)")->required();
  command->add_option("--format", options->format, "gpkg, geojson, shp or csv (default: from the file extension)");
  command->add_option("--where", options->where, "SQL filter applied to every layer, e.g. \"month >= '2018-06'\"");
  command->add_option("--crs", options->crs, "Reproject to this CRS, e.g. EPSG:4326 (GeoJSON is always WGS84)");
  command->add_flag("--csv-xy", options->csv_xy, "CSV: X and Y columns instead of WKT (point layers)");
  return [options, &global] {
    report::ExportOptions export_options;
    if (!options->format.empty()) export_options.format = report::parse_export_format(options->format);
    export_options.where = options->where;
    if (!options->crs.empty()) export_options.target_crs = options->crs;
    if (options->csv_xy) export_options.csv_geometry = report::CsvGeometry::kXy;
    const std::filesystem::path output = options->output;
    const bool folder = options->layers.size() > 1 && !output.has_extension();
    if (folder) {
      std::filesystem::create_directories(output);
    } else if (output.has_parent_path()) {
      std::filesystem::create_directories(output.parent_path());
    }
    // GDAL reads the layers itself: from the GeoPackage file, or through its PostgreSQL driver.
    const std::string source = store::is_postgres_locator(global.db) ? store::Store(global.db).gdal_name() : global.db;
    const auto result = report::export_layers(source, options->layers, output, export_options);
    if (global.json) {
      nlohmann::json layers = nlohmann::json::array();
      for (const auto& layer : result.layers) {
        layers.push_back({{"layer", layer.layer}, {"file", layer.file.string()}, {"features", layer.features}});
      }
      std::cout << nlohmann::json{{"format", report::to_string(result.format)}, {"layers", layers},
                                  {"warnings", result.warnings}}
                       .dump(2)
                << "\n";
      return 0;
    }
    for (const auto& layer : result.layers) {
      std::cout << fmt::format("{} → {} ({} features, {})\n", layer.layer, layer.file.string(), layer.features,
                               report::to_string(result.format));
    }
    for (const auto& warning : result.warnings) std::cout << "note: " << warning << "\n";
    return 0;
  };
}

}  // namespace grip::cli

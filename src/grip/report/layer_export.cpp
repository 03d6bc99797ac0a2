#include "grip/report/layer_export.hpp"

#include <gdal_priv.h>
#include <gdal_utils.h>
#include <ogrsf_frmts.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <system_error>

#include "grip/core/errors.hpp"
#include "grip/core/text.hpp"
#include "grip/report/gdal_handles.hpp"

namespace grip::report {
namespace fs = std::filesystem;

namespace {

struct FormatInfo {
  ExportFormat format;
  const char* driver;
  const char* extension;
  bool multi_layer;
};

constexpr FormatInfo kFormats[] = {
    {ExportFormat::kGeoPackage, "GPKG", ".gpkg", true},
    {ExportFormat::kGeoJson, "GeoJSON", ".geojson", false},
    {ExportFormat::kShapefile, "ESRI Shapefile", ".shp", false},
    {ExportFormat::kCsv, "CSV", ".csv", false},
};

const FormatInfo& info(ExportFormat format) {
  for (const auto& candidate : kFormats) {
    if (candidate.format == format) return candidate;
  }
  return kFormats[0];
}

struct TranslateOptionsDeleter {
  void operator()(GDALVectorTranslateOptions* options) const { GDALVectorTranslateOptionsFree(options); }
};

// store_path: a GeoPackage file, or what store::Store::gdal_name() gives for PostGIS ("PG:...").
DatasetPtr open_store(const fs::path& store_path) {
  const bool postgis = store_path.string().starts_with("PG:");
  if (!postgis && !fs::is_regular_file(store_path)) throw InputError(store_path.string(), 0, "no such store file");
  GdalMessages messages;
  const char* const drivers[] = {postgis ? "PostgreSQL" : "GPKG", nullptr};
  DatasetPtr dataset(GDALDataset::Open(store_path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, drivers));
  if (!dataset) {
    throw InputError(store_path.string(), 0, "cannot open as a GeoPackage: " + messages.error_text("not a GeoPackage"));
  }
  return dataset;
}

// Refuses a folder that does not exist or that this process cannot write, naming the output path.
void check_writable_folder(const fs::path& folder, const fs::path& output) {
  const fs::path where = folder.empty() ? fs::path(".") : folder;
  std::error_code error;
  if (!fs::is_directory(where, error)) {
    throw InputError(output.string(), 0, "cannot write: folder " + where.string() + " does not exist");
  }
  if (::access(where.c_str(), W_OK | X_OK) != 0) {
    throw InputError(output.string(), 0, "cannot write: no permission to write in " + where.string());
  }
}

// Removes an earlier export at `file` (a Shapefile's .shx/.dbf/.prj/.cpg go with it).
void remove_existing(const fs::path& file, const FormatInfo& format) {
  std::error_code error;
  if (!fs::exists(file, error)) return;
  if (fs::is_directory(file, error)) throw InputError(file.string(), 0, "cannot write: it is a folder");
  if (format.format == ExportFormat::kShapefile) {
    for (const char* sidecar : {".shp", ".shx", ".dbf", ".prj", ".cpg", ".qix", ".sbn", ".sbx"}) {
      fs::path part = file;
      part.replace_extension(sidecar);
      fs::remove(part, error);
    }
  }
  if (!fs::remove(file, error) && fs::exists(file)) {
    throw InputError(file.string(), 0, "cannot replace the existing file: " + error.message());
  }
}

std::vector<std::string> field_names(OGRLayer& layer) {
  std::vector<std::string> names;
  const OGRFeatureDefn* definition = layer.GetLayerDefn();
  for (int i = 0; i < definition->GetFieldCount(); ++i) names.emplace_back(definition->GetFieldDefn(i)->GetNameRef());
  return names;
}

// The translation keeps field order, so the n-th field written is the n-th field read.
std::vector<FieldRename> shapefile_renames(const std::vector<std::string>& source_fields, const fs::path& file) {
  std::vector<FieldRename> renames;
  DatasetPtr written(GDALDataset::Open(file.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
  if (!written || written->GetLayerCount() == 0) return renames;
  const auto written_fields = field_names(*written->GetLayer(0));
  const std::size_t n = std::min(source_fields.size(), written_fields.size());
  for (std::size_t i = 0; i < n; ++i) {
    if (source_fields[i] != written_fields[i]) renames.push_back({source_fields[i], written_fields[i]});
  }
  return renames;
}

std::vector<std::string> translate_arguments(const FormatInfo& format, const std::string& layer, bool update,
                                             OGRwkbGeometryType geometry_type, const ExportOptions& options) {
  std::vector<std::string> arguments = {"-f", format.driver};
  if (update) arguments.emplace_back("-update");
  if (!options.where.empty()) arguments.insert(arguments.end(), {"-where", options.where});
  switch (format.format) {
    case ExportFormat::kGeoPackage:
      arguments.insert(arguments.end(), {"-nln", layer, "-preserve_fid"});
      if (options.target_crs) arguments.insert(arguments.end(), {"-t_srs", *options.target_crs});
      break;
    case ExportFormat::kGeoJson:
      // RFC 7946: WGS84 longitude/latitude, right-hand rings, 7 decimals (about 1 cm).
      arguments.insert(arguments.end(), {"-t_srs", "EPSG:4326", "-lco", "RFC7946=YES", "-preserve_fid"});
      break;
    case ExportFormat::kShapefile:
      arguments.insert(arguments.end(), {"-lco", "ENCODING=UTF-8"});
      if (options.target_crs) arguments.insert(arguments.end(), {"-t_srs", *options.target_crs});
      break;
    case ExportFormat::kCsv:
      if (geometry_type != wkbNone) {
        const bool xy = options.csv_geometry == CsvGeometry::kXy;
        arguments.insert(arguments.end(), {"-lco", xy ? "GEOMETRY=AS_XY" : "GEOMETRY=AS_WKT"});
      }
      if (options.target_crs) arguments.insert(arguments.end(), {"-t_srs", *options.target_crs});
      break;
  }
  arguments.push_back(layer);  // the source layer to translate
  return arguments;
}

// A DBF real field holds at most 24 characters; GDAL gives a field without a declared width 15
// decimals, so values of 10^8 and more (areas in m², harm sums) would not fit and be dropped. Each
// real field gets the decimals its largest value leaves room for.
void fit_real_fields_for_dbf(OGRLayer& layer) {
  OGRFeatureDefn* definition = layer.GetLayerDefn();
  std::vector<double> largest(static_cast<std::size_t>(definition->GetFieldCount()), 0.0);
  layer.ResetReading();
  for (auto& feature : layer) {
    for (int i = 0; i < definition->GetFieldCount(); ++i) {
      if (definition->GetFieldDefn(i)->GetType() == OFTReal && feature->IsFieldSetAndNotNull(i)) {
        largest[static_cast<std::size_t>(i)] =
            std::max(largest[static_cast<std::size_t>(i)], std::abs(feature->GetFieldAsDouble(i)));
      }
    }
  }
  for (int i = 0; i < definition->GetFieldCount(); ++i) {
    if (definition->GetFieldDefn(i)->GetType() != OFTReal) continue;
    const double value = largest[static_cast<std::size_t>(i)];
    const int integer_digits = value < 1 ? 1 : static_cast<int>(std::floor(std::log10(value))) + 1;
    OGRFieldDefn resized(definition->GetFieldDefn(i));
    resized.SetWidth(24);
    resized.SetPrecision(std::clamp(24 - 2 - integer_digits, 0, 15));  // room for sign and point
    layer.AlterFieldDefn(i, &resized, ALTER_WIDTH_PRECISION_FLAG);
  }
}

// Runs GDALVectorTranslate (ogr2ogr's arguments) from one dataset to `destination` ("" with
// "-f Memory" for an in-memory copy). A null result means failure; `messages` holds GDAL's words.
GDALDatasetH vector_translate(GDALDataset& from, const std::vector<std::string>& arguments, const char* destination,
                              GdalMessages& messages, bool& usage_error) {
  std::vector<char*> argv;
  for (const auto& argument : arguments) argv.push_back(const_cast<char*>(argument.c_str()));
  argv.push_back(nullptr);
  std::unique_ptr<GDALVectorTranslateOptions, TranslateOptionsDeleter> translate(
      GDALVectorTranslateOptionsNew(argv.data(), nullptr));
  if (!translate) throw UsageError("cannot export: " + messages.error_text("bad options"));
  GDALDatasetH source_handle = GDALDataset::ToHandle(&from);
  int error = 0;
  GDALDatasetH result = GDALVectorTranslate(destination, nullptr, 1, &source_handle, translate.get(), &error);
  usage_error = error != 0;
  return result;
}

// Shapefiles go through an in-memory copy whose real fields are sized to fit (see above).
DatasetPtr staged_for_shapefile(GDALDataset& source, const std::string& layer, const ExportOptions& options) {
  std::vector<std::string> arguments = {"-f", "Memory"};
  if (!options.where.empty()) arguments.insert(arguments.end(), {"-where", options.where});
  arguments.push_back(layer);
  GdalMessages messages;
  bool usage_error = false;
  DatasetPtr staged(GDALDataset::FromHandle(vector_translate(source, arguments, "", messages, usage_error)));
  if (!staged || usage_error || staged->GetLayerCount() == 0) {
    throw UsageError("cannot export " + layer + ": " + messages.error_text("GDAL failed"));
  }
  fit_real_fields_for_dbf(*staged->GetLayer(0));
  return staged;
}

void translate_layer(GDALDataset& source, const FormatInfo& format, const std::string& layer, const fs::path& file,
                     bool update, OGRwkbGeometryType geometry_type, const ExportOptions& options,
                     std::vector<std::string>& warnings) {
  DatasetPtr staged;
  GDALDataset* from = &source;
  if (format.format == ExportFormat::kShapefile) {
    staged = staged_for_shapefile(source, layer, options);
    from = staged.get();
  }
  GdalMessages messages;
  bool usage_error = false;
  GDALDatasetH written = vector_translate(*from, translate_arguments(format, layer, update, geometry_type, options),
                                          file.c_str(), messages, usage_error);
  if (written != nullptr) GDALClose(written);  // flushes; a failed flush shows as an error message
  if (written == nullptr || usage_error || !messages.errors().empty()) {
    throw InputError(file.string(), 0, "cannot write layer " + layer + ": " + messages.error_text("GDAL failed"));
  }
  for (const auto& warning : messages.warnings()) {
    // Renamed fields are reported field by field from what was written.
    if (warning.find("aundered field name") == std::string::npos) warnings.push_back(layer + ": " + warning);
  }
}

}  // namespace

const char* to_string(ExportFormat format) noexcept { return info(format).driver; }

ExportFormat parse_export_format(const std::string& name) {
  const std::string key = lower_trimmed(name);
  if (key == "gpkg" || key == "geopackage") return ExportFormat::kGeoPackage;
  if (key == "geojson" || key == "json") return ExportFormat::kGeoJson;
  if (key == "shp" || key == "shapefile" || key == "esri shapefile") return ExportFormat::kShapefile;
  if (key == "csv") return ExportFormat::kCsv;
  throw UsageError("unknown export format '" + name + "'; use gpkg, geojson, shapefile or csv");
}

std::optional<ExportFormat> format_from_extension(const fs::path& path) {
  const std::string extension = lower_ascii(path.extension().string());
  if (extension == ".json") return ExportFormat::kGeoJson;
  for (const auto& candidate : kFormats) {
    if (extension == candidate.extension) return candidate.format;
  }
  return std::nullopt;
}

ExportResult export_layers(const fs::path& store_path, const std::vector<std::string>& layers,
                           const fs::path& output, const ExportOptions& options) {
  if (layers.empty()) throw UsageError("no layer to export");
  if (output.empty()) throw UsageError("no output path to export to");
  const auto from_extension = format_from_extension(output);
  if (!options.format && !from_extension) {
    throw UsageError("cannot tell the export format from '" + output.string() +
                     "'; give a .gpkg, .geojson, .shp or .csv name, or name the format (gpkg, geojson, shapefile, csv)");
  }
  const FormatInfo& format = info(options.format.value_or(from_extension.value_or(ExportFormat::kGeoPackage)));
  const bool into_folder = !format.multi_layer && layers.size() > 1;
  if (into_folder && from_extension) {
    throw UsageError(std::string(format.driver) + " holds one layer a file; to export " + std::to_string(layers.size()) +
                     " layers give a folder, not " + output.string());
  }

  register_gdal_drivers();
  DatasetPtr source = open_store(store_path);
  ExportResult result;
  result.format = format.format;

  // Check everything before writing anything.
  struct Planned {
    std::string layer;
    fs::path file;
    OGRwkbGeometryType geometry_type;
    std::vector<std::string> fields;
    std::int64_t features;
  };
  std::vector<Planned> plan;
  for (const auto& layer_name : layers) {
    OGRLayer* layer = source->GetLayerByName(layer_name.c_str());
    if (layer == nullptr) throw UsageError("the store " + store_path.string() + " has no layer '" + layer_name + "'");
    const auto geometry_type = wkbFlatten(layer->GetGeomType());
    if (format.format == ExportFormat::kCsv && options.csv_geometry == CsvGeometry::kXy &&
        geometry_type != wkbPoint) {
      throw UsageError("x/y columns need a point layer; " + layer_name + " has " +
                       OGRGeometryTypeToName(geometry_type) + " geometries (export it with WKT)");
    }
    std::int64_t features = 0;
    {
      GdalMessages messages;
      // GeoPackage checks the clause only when it runs, so count with it before writing anything.
      const bool accepted = layer->SetAttributeFilter(options.where.empty() ? nullptr : options.where.c_str()) ==
                            OGRERR_NONE;
      features = accepted ? layer->GetFeatureCount(TRUE) : -1;
      layer->SetAttributeFilter(nullptr);
      if (!accepted || features < 0 || !messages.errors().empty()) {
        throw UsageError("cannot select rows of " + layer_name + " with where-clause '" + options.where +
                         "': " + messages.error_text("invalid where-clause"));
      }
    }
    fs::path file = into_folder ? output / (layer_name + format.extension) : output;
    plan.push_back({layer_name, std::move(file), geometry_type, field_names(*layer), features});
  }

  if (into_folder) {
    std::error_code error;
    fs::create_directories(output, error);
    if (error) throw InputError(output.string(), 0, "cannot create the folder: " + error.message());
  }
  check_writable_folder(into_folder ? output : output.parent_path(), output);
  if (format.multi_layer) {
    remove_existing(output, format);
  } else {
    for (const auto& planned : plan) remove_existing(planned.file, format);
  }

  bool file_started = false;
  for (const auto& planned : plan) {
    const bool update = format.multi_layer && file_started;
    translate_layer(*source, format, planned.layer, planned.file, update, planned.geometry_type, options,
                    result.warnings);
    file_started = true;
    ExportedLayer exported{planned.layer, planned.file, planned.features, {}};
    if (format.format == ExportFormat::kShapefile) {
      exported.renamed_fields = shapefile_renames(planned.fields, planned.file);
      for (const auto& rename : exported.renamed_fields) {
        result.warnings.push_back(planned.layer + ": field " + rename.from + " written as " + rename.to +
                                  " (Shapefile field names have at most 10 characters)");
      }
    }
    result.layers.push_back(std::move(exported));
  }
  return result;
}

}  // namespace grip::report

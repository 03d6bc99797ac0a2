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
#include "grip/core/output_file.hpp"
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
  if (!postgis && !fs::is_regular_file(store_path))
    throw InputError(store_path.string(), 0, "no such store file");
  GdalMessages messages;
  const char* const drivers[] = {postgis ? "PostgreSQL" : "GPKG", nullptr};
  // GDAL's PostgreSQL driver lists only tables with geometry unless asked for all of them.
  const char* const open_options[] = {postgis ? "LIST_ALL_TABLES=YES" : nullptr, nullptr};
  DatasetPtr dataset(
      GDALDataset::Open(store_path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, drivers, open_options));
  if (!dataset) {
    throw InputError(store_path.string(), 0,
                     "cannot open as a GeoPackage: " + messages.error_text("not a GeoPackage"));
  }
  return dataset;
}

// Refuses a folder that does not exist or that this process cannot write, naming the output path
// (GDAL's own message for this is about a dataset it "cannot create").
void check_writable_folder(const fs::path& folder, const fs::path& output) {
  const fs::path where = folder.empty() ? fs::path(".") : folder;
  std::error_code error;
  if (!fs::is_directory(where, error)) {
    throw OutputError(output.string() + ": cannot write: folder " + where.string() + " does not exist");
  }
  if (::access(where.c_str(), W_OK | X_OK) != 0) {
    throw OutputError(output.string() + ": cannot write: no permission to write in " + where.string());
  }
}

// The files a Shapefile writer may leave beside its .shp; they move (or go) with it.
std::vector<std::string> sidecars_of(const FormatInfo& format) {
  if (format.format != ExportFormat::kShapefile) return {};
  return {".shx", ".dbf", ".prj", ".cpg", ".qix", ".sbn", ".sbx"};
}

std::string layer_names(GDALDataset& dataset) {
  std::vector<std::string> names;
  for (int i = 0; i < dataset.GetLayerCount(); ++i) names.emplace_back(dataset.GetLayer(i)->GetName());
  std::sort(names.begin(), names.end());
  std::string joined;
  for (const auto& name : names) joined += (joined.empty() ? "" : ", ") + name;
  return joined;
}

std::vector<std::string> field_names(OGRLayer& layer) {
  std::vector<std::string> names;
  const OGRFeatureDefn* definition = layer.GetLayerDefn();
  for (int i = 0; i < definition->GetFieldCount(); ++i)
    names.emplace_back(definition->GetFieldDefn(i)->GetNameRef());
  return names;
}

// The translation keeps field order, so the n-th field written is the n-th field read.
std::vector<FieldRename> shapefile_renames(const std::vector<std::string>& source_fields,
                                           const fs::path& file) {
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

// `staged`: the source is an in-memory copy that already holds only the selected rows.
std::vector<std::string> translate_arguments(const FormatInfo& format, const std::string& layer, bool update,
                                             OGRwkbGeometryType geometry_type, const ExportOptions& options,
                                             bool staged) {
  std::vector<std::string> arguments = {"-f", format.driver};
  if (update) arguments.emplace_back("-update");
  if (!options.where.empty() && !staged) arguments.insert(arguments.end(), {"-where", options.where});
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
GDALDatasetH vector_translate(GDALDataset& from, const std::vector<std::string>& arguments,
                              const char* destination, GdalMessages& messages, bool& usage_error) {
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

// CSV text cells a spreadsheet would run as formulas get their leading ' (csv_text.hpp). Only
// string fields: numbers, dates and the geometry are not text and stay as they are.
void neutralise_formula_text(OGRLayer& layer) {
  OGRFeatureDefn* definition = layer.GetLayerDefn();
  std::vector<int> text_fields;
  for (int i = 0; i < definition->GetFieldCount(); ++i) {
    if (definition->GetFieldDefn(i)->GetType() == OFTString) text_fields.push_back(i);
  }
  if (text_fields.empty()) return;
  layer.ResetReading();
  while (OGRFeatureUniquePtr feature{layer.GetNextFeature()}) {
    bool changed = false;
    for (const int i : text_fields) {
      if (!feature->IsFieldSetAndNotNull(i)) continue;
      const char* text = feature->GetFieldAsString(i);
      if (!looks_like_formula(text)) continue;
      feature->SetField(i, csv_safe_text(text).c_str());
      changed = true;
    }
    if (changed && layer.SetFeature(feature.get()) != OGRERR_NONE) {
      throw UsageError("cannot prepare layer " + std::string(layer.GetName()) + " for CSV");
    }
  }
}

// With GEOMETRY=AS_XY GDAL writes the point's X and Y first; a layer's own x and y fields (the
// store keeps them for SQL) would repeat them, so they are left out: one pair of columns.
void drop_xy_fields(OGRLayer& layer) {
  for (const char* name : {"x", "y"}) {
    const int index = layer.GetLayerDefn()->GetFieldIndex(name);
    if (index >= 0) layer.DeleteField(index);
  }
}

// Shapefiles and CSV go through an in-memory copy of the selected rows: a Shapefile's real fields
// are sized to fit (see above), a CSV's text cells are made safe for spreadsheets.
DatasetPtr staged_copy(GDALDataset& source, const std::string& layer, const ExportOptions& options) {
  std::vector<std::string> arguments = {"-f", "Memory"};
  if (!options.where.empty()) arguments.insert(arguments.end(), {"-where", options.where});
  arguments.push_back(layer);
  GdalMessages messages;
  bool usage_error = false;
  DatasetPtr staged(GDALDataset::FromHandle(vector_translate(source, arguments, "", messages, usage_error)));
  if (!staged || usage_error || staged->GetLayerCount() == 0) {
    throw UsageError("cannot export " + layer + ": " + messages.error_text("GDAL failed"));
  }
  return staged;
}

bool needs_staging(const FormatInfo& format) {
  return format.format == ExportFormat::kShapefile || format.format == ExportFormat::kCsv;
}

DatasetPtr staged_for(GDALDataset& source, const FormatInfo& format, const std::string& layer,
                      OGRwkbGeometryType geometry_type, const ExportOptions& options) {
  DatasetPtr staged = staged_copy(source, layer, options);
  OGRLayer& copy = *staged->GetLayer(0);
  if (format.format == ExportFormat::kShapefile) fit_real_fields_for_dbf(copy);
  if (format.format == ExportFormat::kCsv) {
    if (options.csv_text == CsvText::kNeutralised) neutralise_formula_text(copy);
    if (options.csv_geometry == CsvGeometry::kXy && geometry_type != wkbNone) drop_xy_fields(copy);
  }
  return staged;
}

// Writes to `destination` (the pending temporary file); `file` is the name the user will see.
void translate_layer(GDALDataset& source, const FormatInfo& format, const std::string& layer,
                     const fs::path& file, const fs::path& destination, bool update,
                     OGRwkbGeometryType geometry_type, const ExportOptions& options,
                     std::vector<std::string>& warnings) {
  DatasetPtr staged;
  GDALDataset* from = &source;
  const bool staging = needs_staging(format);
  if (staging) {
    staged = staged_for(source, format, layer, geometry_type, options);
    from = staged.get();
  }
  GdalMessages messages;
  bool usage_error = false;
  GDALDatasetH written =
      vector_translate(*from, translate_arguments(format, layer, update, geometry_type, options, staging),
                       destination.c_str(), messages, usage_error);
  if (written != nullptr) GDALClose(written);  // flushes; a failed flush shows as an error message
  if (written == nullptr || usage_error || !messages.errors().empty()) {
    throw OutputError(file.string() + ": cannot write layer " + layer + ": " +
                      messages.error_text("GDAL failed"));
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
    throw UsageError(
        "cannot tell the export format from '" + output.string() +
        "'; give a .gpkg, .geojson, .shp or .csv name, or name the format (gpkg, geojson, shapefile, csv)");
  }
  const FormatInfo& format =
      info(options.format.value_or(from_extension.value_or(ExportFormat::kGeoPackage)));
  const bool into_folder = !format.multi_layer && layers.size() > 1;
  if (into_folder && from_extension) {
    throw UsageError(std::string(format.driver) + " holds one layer a file; to export " +
                     std::to_string(layers.size()) + " layers give a folder, not " + output.string());
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
    if (layer == nullptr) {
      throw UsageError("the store " + store_path.string() + " has no layer '" + layer_name +
                       "'; its layers are: " + layer_names(*source));
    }
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
      const bool accepted =
          layer->SetAttributeFilter(options.where.empty() ? nullptr : options.where.c_str()) == OGRERR_NONE;
      features = accepted ? layer->GetFeatureCount(TRUE) : -1;
      layer->SetAttributeFilter(nullptr);
      if (!accepted || features < 0 || !messages.errors().empty()) {
        throw UsageError("cannot select rows of " + layer_name + " with where-clause '" + options.where +
                         "': " + messages.error_text("invalid where-clause"));
      }
    }
    fs::path file = into_folder ? output / (layer_name + format.extension) : output;
    check_output_path(file, options.output_option, store_path.string());
    plan.push_back({layer_name, std::move(file), geometry_type, field_names(*layer), features});
  }

  if (into_folder) {
    std::error_code error;
    fs::create_directories(output, error);
    if (error) throw OutputError(output.string() + ": cannot create the folder: " + error.message());
  }
  check_writable_folder(into_folder ? output : output.parent_path(), output);

  // Nothing is replaced until every file is complete: GeoPackage's layers share one pending file.
  std::vector<PendingOutput> pending;
  if (format.multi_layer) pending.emplace_back(output, sidecars_of(format));
  for (const auto& planned : plan) {
    if (!format.multi_layer) pending.emplace_back(planned.file, sidecars_of(format));
    const fs::path& destination = pending.back().temporary();
    const bool update = format.multi_layer && &planned != &plan.front();
    translate_layer(*source, format, planned.layer, planned.file, destination, update, planned.geometry_type,
                    options, result.warnings);
    ExportedLayer exported{planned.layer, planned.file, planned.features, {}};
    if (format.format == ExportFormat::kShapefile) {
      exported.renamed_fields = shapefile_renames(planned.fields, destination);
      for (const auto& rename : exported.renamed_fields) {
        result.warnings.push_back(planned.layer + ": field " + rename.from + " written as " + rename.to +
                                  " (Shapefile field names have at most 10 characters)");
      }
    }
    result.layers.push_back(std::move(exported));
  }
  for (auto& file : pending) file.commit();
  return result;
}

}  // namespace grip::report

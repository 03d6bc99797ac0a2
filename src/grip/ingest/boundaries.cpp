#include "grip/ingest/boundaries.hpp"

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <algorithm>
#include <limits>
#include <map>
#include <memory>
#include <mutex>

#include "grip/core/errors.hpp"
#include "grip/geo/projection.hpp"
#include "grip/ingest/csv_table.hpp"

namespace grip::ingest {
namespace {

struct DatasetCloser {
  void operator()(GDALDataset* dataset) const { GDALClose(dataset); }
};
using DatasetPtr = std::unique_ptr<GDALDataset, DatasetCloser>;

DatasetPtr open_vector(const std::filesystem::path& path) {
  static std::once_flag registered;
  std::call_once(registered, [] { GDALAllRegister(); });
  CPLPushErrorHandler(CPLQuietErrorHandler);  // GDAL's own messages become our InputError below
  DatasetPtr dataset(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
  CPLPopErrorHandler();
  if (!dataset || dataset->GetLayerCount() == 0) {
    throw InputError(path.string(), 0,
                     std::string("not a readable vector boundary file (GDAL: ") + CPLGetLastErrorMsg() + ")");
  }
  return dataset;
}

struct FieldRoles {
  std::string kind, code, name, parent_code, parent_name;
};

// ONS names for the areas Grip uses; the first match decides the kind.
FieldRoles recognise(OGRFeatureDefn& definition, const BoundaryOptions& options, const std::string& file) {
  const auto has = [&](const std::string& name) { return definition.GetFieldIndex(name.c_str()) >= 0; };
  FieldRoles roles;
  struct Known {
    const char* kind;
    const char* code;
    const char* name;
  };
  static constexpr Known kKnown[] = {
      {"lsoa", "LSOA11CD", "LSOA11NM"},     {"lsoa", "LSOA21CD", "LSOA21NM"},
      {"msoa", "MSOA11CD", "MSOA11NM"},     {"district", "LAD_CODE", "LAD_NAME"},
      {"district", "LAD22CD", "LAD22NM"},   {"district", "LAD21CD", "LAD21NM"},
      {"district", "CSP_CODE", "CSP_NAME"}, {"precinct", "precinct", "precinct"},
  };
  for (const auto& known : kKnown) {
    if (has(known.code) && has(known.name)) {
      roles = {known.kind, known.code, known.name, "", ""};
      break;
    }
  }
  if (roles.kind == "lsoa" && has("LAD_CODE") && has("LAD_NAME")) {
    roles.parent_code = "LAD_CODE";
    roles.parent_name = "LAD_NAME";
  }
  if (!options.kind.empty()) roles.kind = options.kind;
  if (!options.code_field.empty()) roles.code = options.code_field;
  if (!options.name_field.empty()) roles.name = options.name_field;
  if (roles.code.empty() && !roles.name.empty()) roles.code = roles.name;
  if (roles.name.empty() && !roles.code.empty()) roles.name = roles.code;
  if (roles.code.empty()) {
    std::string fields;
    for (int i = 0; i < definition.GetFieldCount(); ++i)
      fields += std::string(i ? ", " : "") + definition.GetFieldDefn(i)->GetNameRef();
    throw InputError(file, 0,
                     "cannot tell which property holds the area code and name (properties: " + fields +
                         "); name them with --code-field and --name-field");
  }
  for (const std::string* field : {&roles.code, &roles.name}) {
    if (!has(*field)) throw InputError(file, 0, "no property named '" + *field + "'");
  }
  if (roles.kind.empty()) roles.kind = "area";
  return roles;
}

// The layer's extent in WGS84 degrees (infinite when it cannot be transformed: refused later).
LonLatBox lon_lat_extent(OGRLayer& layer, const OGRSpatialReference& wgs84) {
  constexpr double kUnknown = std::numeric_limits<double>::infinity();
  OGREnvelope extent;
  if (layer.GetExtent(&extent, TRUE) != OGRERR_NONE) return {kUnknown, kUnknown, kUnknown, kUnknown};
  const OGRSpatialReference* source = layer.GetSpatialRef();
  if (!source || source->IsGeographic()) return {extent.MinX, extent.MinY, extent.MaxX, extent.MaxY};
  std::unique_ptr<OGRCoordinateTransformation> to_wgs84(OGRCreateCoordinateTransformation(source, &wgs84));
  LonLatBox box;
  if (!to_wgs84 || !to_wgs84->TransformBounds(extent.MinX, extent.MinY, extent.MaxX, extent.MaxY, &box.west,
                                              &box.south, &box.east, &box.north, 21)) {
    return {kUnknown, kUnknown, kUnknown, kUnknown};
  }
  return box;
}

// The polygons of a MakeValid result (which may also hold the lines and points a collapsed ring
// leaves), or null when it has none.
std::unique_ptr<OGRMultiPolygon> polygonal_part(const OGRGeometry* geometry) {
  if (!geometry || geometry->IsEmpty()) return nullptr;
  auto polygons = std::make_unique<OGRMultiPolygon>();
  const auto add = [&](const OGRGeometry* part) {
    const auto flat = wkbFlatten(part->getGeometryType());
    if (flat == wkbPolygon) polygons->addGeometry(part);
    if (flat == wkbMultiPolygon) {
      for (const auto* polygon : *part->toMultiPolygon()) polygons->addGeometry(polygon);
    }
  };
  if (wkbFlatten(geometry->getGeometryType()) == wkbGeometryCollection) {
    for (const auto* part : *geometry->toGeometryCollection()) add(part);
  } else {
    add(geometry);
  }
  if (polygons->IsEmpty()) return nullptr;
  return polygons;
}

// A valid multipolygon for the area: the geometry itself, or its GEOS MakeValid repair (with the
// STRUCTURE method, which unions overlapping parts rather than cutting holes where they overlap).
std::unique_ptr<OGRMultiPolygon> valid_outline(std::unique_ptr<OGRMultiPolygon> geometry,
                                               const AreaRecord& area, const std::filesystem::path& path,
                                               ParsedBoundaries& parsed) {
  CPLPushErrorHandler(CPLQuietErrorHandler);  // GEOS reports "Self-intersection at ..." as a warning
  const bool valid = geometry->IsValid();
  std::unique_ptr<OGRMultiPolygon> repaired;
  if (!valid) {
    const char* const options[] = {"METHOD=STRUCTURE", nullptr};
    const std::unique_ptr<OGRGeometry> made(geometry->MakeValid(options));
    repaired = polygonal_part(made.get());
    if (repaired && !repaired->IsValid()) repaired.reset();
  }
  CPLPopErrorHandler();
  if (valid) return geometry;
  if (!repaired) {
    throw InputError(path.string(), area.feature,
                     "area '" + area.code +
                         "' has an invalid outline (e.g. a self-intersecting ring) that GEOS "
                         "MakeValid cannot repair into polygons; fix the boundary file");
  }
  parsed.repaired_codes.push_back(area.code);
  return repaired;
}

}  // namespace

bool has_boundary_extension(const std::filesystem::path& path) {
  const std::string extension = lower_trimmed(path.extension().string());
  return extension == ".geojson" || extension == ".json" || extension == ".shp" || extension == ".gpkg" ||
         extension == ".fgb";
}

std::optional<std::pair<double, double>> boundary_centre(const std::filesystem::path& path) {
  auto dataset = open_vector(path);
  OGRLayer* layer = dataset->GetLayer(0);
  OGREnvelope extent;
  if (layer->GetExtent(&extent, TRUE) != OGRERR_NONE) return std::nullopt;
  double x = (extent.MinX + extent.MaxX) / 2, y = (extent.MinY + extent.MaxY) / 2;
  if (const OGRSpatialReference* source = layer->GetSpatialRef(); source && !source->IsGeographic()) {
    OGRSpatialReference wgs84;
    wgs84.importFromEPSG(4326);
    wgs84.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    std::unique_ptr<OGRCoordinateTransformation> to_wgs84(OGRCreateCoordinateTransformation(source, &wgs84));
    if (!to_wgs84 || !to_wgs84->Transform(1, &x, &y)) return std::nullopt;
  }
  return std::pair{x, y};
}

ParsedBoundaries read_boundaries(const std::filesystem::path& path, const std::string& store_crs,
                                 const BoundaryOptions& options) {
  auto dataset = open_vector(path);
  OGRLayer* layer = dataset->GetLayer(0);
  const FieldRoles roles = recognise(*layer->GetLayerDefn(), options, path.string());

  OGRSpatialReference target;
  if (target.SetFromUserInput(store_crs.c_str()) != OGRERR_NONE) {
    throw UsageError("GDAL does not know the store CRS " + store_crs);
  }
  target.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  OGRSpatialReference wgs84;
  wgs84.importFromEPSG(4326);
  wgs84.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  const OGRSpatialReference* source = layer->GetSpatialRef() ? layer->GetSpatialRef() : &wgs84;
  std::unique_ptr<OGRCoordinateTransformation> transform(OGRCreateCoordinateTransformation(source, &target));
  if (!transform) throw InputError(path.string(), 0, "cannot transform its CRS to " + store_crs);

  ParsedBoundaries parsed;
  parsed.kind = roles.kind;
  parsed.code_field = roles.code;
  parsed.name_field = roles.name;
  layer->ResetReading();
  std::int64_t number = 0;
  std::map<std::string, std::size_t> area_of_code;
  parsed.placement.boundaries_lon_lat = lon_lat_extent(*layer, wgs84);
  {
    const geo::Projector store_projection(store_crs);
    parsed.placement.store_crs = store_crs + " (" + store_projection.target_name() + ")";
    parsed.placement.store_area_of_use = store_projection.target_area_of_use();
  }
  std::vector<std::unique_ptr<OGRMultiPolygon>> geometries;  // parallel to parsed.areas
  for (auto& feature : *layer) {
    ++number;
    const auto text = [&](const std::string& field) {
      return field.empty() ? std::string() : std::string(feature->GetFieldAsString(field.c_str()));
    };
    AreaRecord area;
    area.feature = number;
    area.kind = roles.kind;
    area.code = text(roles.code);
    area.name = text(roles.name);
    area.parent_code = text(roles.parent_code);
    area.parent_name = text(roles.parent_name);
    const std::string raw = area.code + " " + area.name;
    const auto reject = [&](const char* reason, const std::string& detail) {
      parsed.rejects.push_back({number, reason, detail, raw});
    };
    const OGRGeometry* geometry = feature->GetGeometryRef();
    if (!geometry || geometry->IsEmpty()) {
      reject("no geometry", "feature has no geometry");
      continue;
    }
    const auto flat = wkbFlatten(geometry->getGeometryType());
    if (flat != wkbPolygon && flat != wkbMultiPolygon) {
      reject("not a polygon", std::string("geometry is ") + geometry->getGeometryName());
      continue;
    }
    if (area.code.empty()) {
      reject("no area code", "property '" + roles.code + "' is empty");
      continue;
    }
    std::unique_ptr<OGRGeometry> projected(OGRGeometryFactory::forceToMultiPolygon(geometry->clone()));
    if (projected->transform(transform.get()) != OGRERR_NONE) {
      reject("outside the CRS area of use", "cannot be transformed to " + store_crs);
      continue;
    }
    // Several features with one code (an area's islands stored apart) become one multipolygon.
    auto* parts = projected->toMultiPolygon();
    if (const auto known = area_of_code.find(area.code); known != area_of_code.end()) {
      for (const auto* polygon : *parts) geometries[known->second]->addGeometry(polygon);
      ++parsed.merged_features;
      continue;
    }
    area_of_code.emplace(area.code, parsed.areas.size());
    geometries.emplace_back(parts);
    projected.release();
    parsed.areas.push_back(std::move(area));
  }
  Extent& all = parsed.placement.boundaries;
  all = {std::numeric_limits<double>::infinity(), std::numeric_limits<double>::infinity(),
         -std::numeric_limits<double>::infinity(), -std::numeric_limits<double>::infinity()};
  for (std::size_t i = 0; i < parsed.areas.size(); ++i) {
    auto& area = parsed.areas[i];
    geometries[i] = valid_outline(std::move(geometries[i]), area, path, parsed);
    const auto& geometry = *geometries[i];
    area.area_m2 = geometry.get_Area();
    OGREnvelope envelope;
    geometry.getEnvelope(&envelope);
    area.envelope = {envelope.MinX, envelope.MaxX, envelope.MinY, envelope.MaxY};
    all = {std::min(all.min_x, envelope.MinX), std::min(all.min_y, envelope.MinY),
           std::max(all.max_x, envelope.MaxX), std::max(all.max_y, envelope.MaxY)};
    area.wkb.resize(geometry.WkbSize());
    geometry.exportToWkb(wkbNDR, area.wkb.data(), wkbVariantIso);
  }
  parsed.features_read = number;
  return parsed;
}

}  // namespace grip::ingest

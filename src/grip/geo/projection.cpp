#include "grip/geo/projection.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "grip/core/errors.hpp"

namespace grip::geo {

bool in_great_britain(double longitude, double latitude) {
  return longitude >= -8.75 && longitude <= 1.9 && latitude >= 49.8 && latitude <= 60.95;
}

CrsChoice british_national_grid() {
  return {"EPSG:27700", 27700, "British National Grid, the standard metric CRS for UK police data"};
}

CrsChoice utm_zone_for(double longitude, double latitude) {
  const int zone = std::clamp(static_cast<int>(std::floor((longitude + 180.0) / 6.0)) + 1, 1, 60);
  const int epsg = (latitude >= 0 ? 32600 : 32700) + zone;
  return {"EPSG:" + std::to_string(epsg), epsg,
          "WGS 84 / UTM zone " + std::to_string(zone) + (latitude >= 0 ? "N" : "S") +
              ", the local UTM zone of the data's median position"};
}

CrsChoice crs_from_user(const std::string& text) {
  std::string digits = text;
  if (digits.rfind("EPSG:", 0) == 0 || digits.rfind("epsg:", 0) == 0) digits = digits.substr(5);
  int epsg = 0;
  try {
    std::size_t used = 0;
    epsg = std::stoi(digits, &used);
    if (used != digits.size()) throw std::invalid_argument(text);
  } catch (const std::exception&) {
    throw UsageError("--crs must be an EPSG code such as EPSG:27700, not '" + text + "'");
  }
  PJ_CONTEXT* context = proj_context_create();
  PJ* crs = proj_create(context, ("EPSG:" + std::to_string(epsg)).c_str());
  const bool projected = crs && proj_get_type(crs) == PJ_TYPE_PROJECTED_CRS;
  proj_destroy(crs);
  proj_context_destroy(context);
  if (!projected) {
    throw UsageError("--crs " + text +
                     " is not a projected (metric) CRS that PROJ knows; use e.g. EPSG:27700");
  }
  return {"EPSG:" + std::to_string(epsg), epsg, "named by the user (--crs)"};
}

Projector::Projector(const std::string& target_crs, const std::string& source_crs) {
  context_ = proj_context_create();
  // Grids are never fetched from the network: results must not depend on connectivity.
  proj_context_set_enable_network(context_, 0);
  PJ* raw = proj_create_crs_to_crs(context_, source_crs.c_str(), target_crs.c_str(), nullptr);
  if (!raw) {
    proj_context_destroy(context_);
    throw UsageError("PROJ cannot transform " + source_crs + " to " + target_crs);
  }
  // Longitude first, as every input format here stores it.
  transform_ = proj_normalize_for_visualization(context_, raw);
  proj_destroy(raw);
  target_ = proj_create(context_, target_crs.c_str());
  if (!transform_ || !target_) {
    proj_destroy(transform_);
    proj_destroy(target_);
    proj_context_destroy(context_);
    throw UsageError("PROJ cannot use " + target_crs);
  }
  double west = 0, south = 0, east = 0, north = 0;
  if (proj_get_area_of_use(context_, target_, &west, &south, &east, &north, nullptr) && west > -1000) {
    // A UTM zone's official area is its 6° band, but transverse Mercator stays accurate to well
    // under a metre in 100 km a few degrees beyond it, and cities straddle zone edges (Memphis sits
    // on 90°W). Other CRSs get half a degree, for data snapped just past a coastline.
    const bool utm = target_crs.rfind("EPSG:326", 0) == 0 || target_crs.rfind("EPSG:327", 0) == 0;
    const double margin = utm ? 3.0 : 0.5;
    area_ = {west - margin, south - 0.5, east + margin, north + 0.5};
  }
}

Projector::~Projector() {
  proj_destroy(transform_);
  proj_destroy(target_);
  proj_context_destroy(context_);
}

namespace {
void transform(PJ* pj, PJ_DIRECTION direction, std::span<double> x, std::span<double> y) {
  if (x.size() != y.size()) throw std::invalid_argument("Projector: x and y differ in length");
  if (x.empty()) return;
  proj_trans_generic(pj, direction, x.data(), sizeof(double), x.size(), y.data(), sizeof(double), y.size(),
                     nullptr, 0, 0, nullptr, 0, 0);
  for (std::size_t i = 0; i < x.size(); ++i) {
    if (!std::isfinite(x[i]) || !std::isfinite(y[i]) || x[i] == HUGE_VAL) {
      x[i] = y[i] = std::numeric_limits<double>::quiet_NaN();
    }
  }
}
}  // namespace

void Projector::forward(std::span<double> x, std::span<double> y) const {
  transform(transform_, PJ_FWD, x, y);
}
void Projector::inverse(std::span<double> x, std::span<double> y) const {
  transform(transform_, PJ_INV, x, y);
}

std::string Projector::target_wkt() const {
  const char* wkt = proj_as_wkt(context_, target_, PJ_WKT1_GDAL, nullptr);
  return wkt ? wkt : "";
}

std::string Projector::target_name() const {
  const char* name = proj_get_name(target_);
  return name ? name : "";
}

}  // namespace grip::geo

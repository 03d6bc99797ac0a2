// Projection of WGS84 longitude/latitude to the store's metric CRS through PROJ, and the rule that
// picks that CRS: British National Grid (EPSG:27700) for UK data, otherwise the WGS84 UTM zone of
// the data's median longitude, unless the user names one. PROJ without the OSTN15 grid uses a
// Helmert transformation (about 2 m in Britain), well inside data.police.uk's snap-point anonymity.
#pragma once

#include <proj.h>

#include <span>
#include <string>

namespace grip::geo {

struct CrsChoice {
  std::string code;  // e.g. "EPSG:27700"
  int epsg = 0;
  std::string reason;  // why this CRS, printed with the ingest summary
};

struct AreaOfUse {
  double west = -180, south = -90, east = 180, north = 90;
  [[nodiscard]] bool contains(double longitude, double latitude) const {
    return longitude >= west && longitude <= east && latitude >= south && latitude <= north;
  }
};

// Great Britain's extent in degrees: points whose median falls here get British National Grid.
[[nodiscard]] bool in_great_britain(double longitude, double latitude);

[[nodiscard]] CrsChoice british_national_grid();
[[nodiscard]] CrsChoice utm_zone_for(double longitude, double latitude);
// Parses "EPSG:n" (or a bare number); throws UsageError when PROJ does not know a projected CRS by it.
[[nodiscard]] CrsChoice crs_from_user(const std::string& text);

// One-way transformation from a source CRS (default WGS84 lon/lat) to a projected target CRS.
class Projector {
 public:
  explicit Projector(const std::string& target_crs, const std::string& source_crs = "EPSG:4326");
  ~Projector();
  Projector(const Projector&) = delete;
  Projector& operator=(const Projector&) = delete;

  // Transforms in place: x holds longitudes (or source eastings) on entry, target eastings on exit.
  // Points PROJ cannot transform come back as NaN.
  void forward(std::span<double> x, std::span<double> y) const;
  void inverse(std::span<double> x, std::span<double> y) const;
  // The target CRS's area of use in degrees (points outside it are rejected at ingest).
  [[nodiscard]] const AreaOfUse& target_area_of_use() const noexcept { return area_; }
  // WKT of the target CRS, for gpkg_spatial_ref_sys.
  [[nodiscard]] std::string target_wkt() const;
  [[nodiscard]] std::string target_name() const;

 private:
  PJ_CONTEXT* context_ = nullptr;
  PJ* transform_ = nullptr;
  PJ* target_ = nullptr;
  AreaOfUse area_;
};

}  // namespace grip::geo

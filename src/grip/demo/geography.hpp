// The synthetic county's places: a 40 x 30 km rectangle of England centred on lon -1.0, lat 52.4,
// with towns and villages, grid-ish named streets, the finite set of "On or near ..." snap points
// that data.police.uk snaps crimes to, districts (Voronoi cells of the largest towns' centres,
// clipped to the county) and LSOA-like small areas (1 km cells inside 3 km MSOA-like cells).
// Positions are kept in a local east/north frame in metres; to_lonlat() maps them to WGS84 by an
// equirectangular projection about the centre, which is within 0.5% of true distance here.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "grip/demo/random.hpp"

namespace grip::demo {

inline constexpr double kCentreLongitude = -1.0;
inline constexpr double kCentreLatitude = 52.4;
inline constexpr double kHalfWidthM = 20'000.0;
inline constexpr double kHalfHeightM = 15'000.0;

// Metres east and north of the county centre.
struct LocalPoint {
  double x = 0.0;
  double y = 0.0;
};

struct LonLat {
  double longitude = 0.0;
  double latitude = 0.0;
};

[[nodiscard]] LonLat to_lonlat(LocalPoint point);
[[nodiscard]] double distance_m(LocalPoint a, LocalPoint b);
[[nodiscard]] bool inside_county(LocalPoint point);

struct Settlement {
  std::string name;
  LocalPoint centre;
  double radius_m = 0.0;
  double population = 0.0;
  bool is_town = false;
  std::vector<std::string> central_streets;  // High Street etc., reused for hotspot snap points
};

struct District {
  std::string code;  // S009xxxxx: "S" for synthetic, numbered clear of real Scottish codes
  std::string name;
  LocalPoint seat;
  std::vector<LocalPoint> boundary;  // convex, counter-clockwise, not closed
};

struct Lsoa {
  std::string code;  // S019xxxxx
  std::string name;  // "<district name> 003B", as ONS names LSOAs
};

struct SnapPoint {
  LocalPoint at;
  std::string location;  // "On or near Mill Lane"
  std::size_t settlement = 0;
  std::size_t district = 0;
  std::size_t lsoa = 0;
  double residential_weight = 0.0;  // where people live: share of the settlement's population
  double centre_weight = 0.0;       // pull of the town centre: shops, bars, transport
};

struct Geography {
  std::vector<Settlement> settlements;  // towns first, largest first, then villages
  std::vector<District> districts;
  std::vector<Lsoa> lsoas;
  std::vector<SnapPoint> snap_points;
};

// Settlements, districts, streets and their snap points. LSOAs are assigned later by
// finish_geography(), once every snap point (including those planted hotspots add) exists.
[[nodiscard]] Geography build_geography(Random& random);

// The district whose seat is nearest: the same rule that draws the district polygons.
[[nodiscard]] std::size_t district_of(const Geography& geography, LocalPoint point);

// Assigns each snap point its district and LSOA, and normalises its weights so that each
// settlement's weights sum to its population.
void finish_geography(Geography& geography);

}  // namespace grip::demo

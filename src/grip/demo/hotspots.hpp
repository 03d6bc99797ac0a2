// Planted hotspots: small discs (100-200 m radius), most in town centres (the night-time
// economy), a few on estates, where violence and robbery concentrate. Hotspots are shared out
// between towns by population (at least one each); each gets a "violence share", the designed
// probability that a violence event's origin falls in it, from Zipf-like weights 1/k^0.7 scaled so
// that all hotspots together hold kHotspotViolenceShare of violence. Each hotspot adds a small
// lattice of snap points (about 9, spacing half its radius) so snapped crimes stay inside it.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "grip/demo/geography.hpp"
#include "grip/demo/random.hpp"

namespace grip::demo {

inline constexpr int kHotspotCount = 15;
inline constexpr double kHotspotViolenceShare = 0.40;

struct Hotspot {
  std::string name;
  std::size_t settlement = 0;
  LocalPoint centre;
  double radius_m = 0.0;
  double violence_share = 0.0;
  bool night_time_economy = false;  // a town-centre hotspot rather than an estate one
};

// Places the hotspots and adds their snap points to the geography (call before finish_geography).
[[nodiscard]] std::vector<Hotspot> plant_hotspots(Geography& geography, Random& random);

// A point uniformly distributed in the hotspot's disc, shrunk to 85% so snapping keeps it inside.
[[nodiscard]] LocalPoint point_in_hotspot(const Hotspot& hotspot, Random& random);

}  // namespace grip::demo

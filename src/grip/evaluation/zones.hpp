// Which evaluation zone a point lies in: inside a treated area, inside a comparison area, within
// the buffer distance of a treated area (its displacement catchment), or within it of a comparison
// area; first match in that order, so a zone never counts a point twice. Distance to an area is
// the Euclidean distance to its nearest edge (0 inside, even-odd rule as geo::point_in_rings), in
// store CRS metres. Zone areas are measured by classifying a lattice of points (default 10 m), the
// same rule as the incidents, so area weights and counts agree on every boundary.
// Defaults: buffer 250 m (Bowers et al. 2011 and Wheeler & Ratcliffe 2018 use one to two blocks).
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "grip/geo/polygon_raster.hpp"

namespace grip::evaluation {

inline constexpr double kDefaultBufferM = 250.0;

enum class Zone : std::uint8_t { kTreated = 0, kComparison, kTreatedBuffer, kComparisonBuffer, kOutside };
inline constexpr std::size_t kZoneCount = 4;  // zones that are counted (kOutside is not)
[[nodiscard]] const char* to_string(Zone zone) noexcept;

// Euclidean distance from (x, y) to the nearest edge of the shape; 0 when inside.
[[nodiscard]] double distance_to_shape(const geo::RingSet& shape, double x, double y) noexcept;

struct ZoneHit {
  Zone zone = Zone::kOutside;
  int area = -1;  // index of the treated or comparison area (the nearest one for a buffer)
};

class ZoneClassifier {
 public:
  // treated_everywhere: every point is treated (the whole force); no comparison or buffer then.
  ZoneClassifier(std::vector<geo::RingSet> treated, std::vector<geo::RingSet> comparison, double buffer_m,
                 bool treated_everywhere = false);
  [[nodiscard]] ZoneHit classify(double x, double y) const noexcept;
  // m² of each counted zone, by a lattice of the given spacing over the areas and their buffers;
  // the treated zone is NaN when it is everywhere.
  [[nodiscard]] std::array<double, kZoneCount> zone_areas_m2(double spacing_m = 10.0) const;
  [[nodiscard]] double buffer_m() const noexcept { return buffer_m_; }

 private:
  std::vector<geo::RingSet> treated_, comparison_;
  double buffer_m_;
  bool treated_everywhere_;
};

}  // namespace grip::evaluation

// Ping -> hotspot assignment: which hotspot (grown by a buffer) a GPS fix lies in.
//   fix (x, y) is in zone h when it is inside h's polygon or within `buffer_m` of its boundary;
//   where buffered zones overlap, the nearest polygon wins (inside = distance 0), ties to the
//   lower index.
// Default buffer 25 m: about the accuracy of a handheld radio's fix in a street, so an officer on
// the hotspot's edge is not lost to noise (issue 12). Built once per plan; the lookup is a bucket
// grid of `bucket_m` squares holding the zones whose buffered bounding box meets each bucket, so a
// fix far from every hotspot costs one array read, and one near a hotspot a few edge tests.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

namespace grip::patrol {

struct ZonePoint {
  double x = 0, y = 0;
};

// One hotspot: its rings (outer and holes, any orientation, closed or not), in the store's metric CRS.
struct ZonePolygon {
  std::vector<std::vector<ZonePoint>> rings;
};

class PatrolZones {
 public:
  static constexpr double kDefaultBufferM = 25;
  static constexpr std::int32_t kOutside = -1;

  PatrolZones(std::vector<ZonePolygon> zones, double buffer_m = kDefaultBufferM, double bucket_m = 250);

  // The zone index (into the constructor's vector) for one fix, or kOutside.
  [[nodiscard]] std::int32_t zone_of(double x, double y) const;
  // zone_of for many fixes; x, y and out have the same length.
  void assign(std::span<const double> x, std::span<const double> y, std::span<std::int32_t> out) const;

  [[nodiscard]] std::size_t size() const noexcept { return zones_.size(); }
  [[nodiscard]] double buffer_m() const noexcept { return buffer_m_; }

 private:
  struct Edge {
    double x0, y0, x1, y1;
  };
  struct Zone {
    std::vector<Edge> edges;
    double min_x, min_y, max_x, max_y;  // bounding box grown by the buffer
  };
  // Distance from (x, y) to the zone's area: 0 inside, else to the nearest edge; compared squared.
  [[nodiscard]] double squared_distance(const Zone& zone, double x, double y) const;

  std::vector<Zone> zones_;
  double buffer_m_, bucket_m_;
  double origin_x_ = 0, origin_y_ = 0;
  std::int64_t columns_ = 0, rows_ = 0;
  std::vector<std::uint32_t> bucket_start_;  // CSR: zones of bucket b are bucket_zones_[start[b]..start[b+1])
  std::vector<std::int32_t> bucket_zones_;
};

}  // namespace grip::patrol

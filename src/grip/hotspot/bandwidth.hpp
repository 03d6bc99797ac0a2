// The default KDE bandwidth at patrol scale, from the data: a nearest-neighbour rule. For each
// incident, r_k = the distance from its location to the k-th nearest incident recorded at another
// location (incidents sharing a snap point are one place, not k neighbours); the quartic radius is
// the median r_k over incidents, k = kNeighbourBandwidthK = 10, and never less than two cells (the
// sampling error of a narrower kernel, docs/kde.md). Around the typical incident the kernel thus
// reaches ten others: a street's width in a town centre, wider where crime is sparse, never the
// county-wide blob of Silverman's rule (kde.hpp), which assumes one normal cluster.
#pragma once

#include <cstddef>
#include <span>

namespace grip::hotspot {

inline constexpr std::size_t kNeighbourBandwidthK = 10;

struct NeighbourBandwidth {
  double median_kth_distance_m = 0.0;  // median over incidents of r_k
  double quartic_radius_m = 0.0;       // max(median r_k, min_radius_m)
  double gaussian_sigma_m = 0.0;       // the same smoothing as a Gaussian (÷ kQuarticPerGaussianBandwidth)
  std::size_t k = kNeighbourBandwidthK;
  std::size_t locations = 0;  // distinct locations
  bool floored = false;       // the two-cell minimum applied
};

// Throws grip::UsageError when the points hold fewer than k + 1 incidents at two or more locations.
[[nodiscard]] NeighbourBandwidth nearest_neighbour_bandwidth(std::span<const double> xs,
                                                             std::span<const double> ys, double min_radius_m,
                                                             std::size_t k = kNeighbourBandwidthK);

}  // namespace grip::hotspot

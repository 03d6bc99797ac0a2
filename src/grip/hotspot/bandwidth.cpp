#include "grip/hotspot/bandwidth.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <unordered_map>
#include <utility>
#include <vector>

#include "grip/core/errors.hpp"
#include "grip/hotspot/kde.hpp"

namespace grip::hotspot {
namespace {

struct Place {
  double x, y;
  double count;
};

// Places hashed into square buckets; the k-th neighbour search grows rings of buckets until the
// ring's nearest edge is farther than the k-th distance found so far.
class BucketIndex {
 public:
  BucketIndex(const std::vector<Place>& places, double bucket_m, double incidents)
      : places_(places), size_(bucket_m), incidents_(incidents) {
    for (std::size_t i = 0; i < places.size(); ++i)
      buckets_[key(bx(places[i].x), by(places[i].y))].push_back(i);
  }
  // Distance to the k-th nearest incident at a place other than `self`.
  double kth_distance(std::size_t self, std::size_t k,
                      std::vector<std::pair<double, double>>& scratch) const {
    const auto& p = places_[self];
    if (incidents_ - p.count < static_cast<double>(k)) return std::numeric_limits<double>::infinity();
    const auto cx = bx(p.x), cy = by(p.y);
    scratch.clear();
    double total = 0;
    for (std::int64_t ring = 0;; ++ring) {
      for (std::int64_t dx = -ring; dx <= ring; ++dx) {
        for (std::int64_t dy = -ring; dy <= ring; ++dy) {
          if (std::max(std::abs(dx), std::abs(dy)) != ring) continue;
          const auto found = buckets_.find(key(cx + dx, cy + dy));
          if (found == buckets_.end()) continue;
          for (const auto j : found->second) {
            if (j == self) continue;
            scratch.emplace_back(std::hypot(places_[j].x - p.x, places_[j].y - p.y), places_[j].count);
            total += places_[j].count;
          }
        }
      }
      if (total >= static_cast<double>(k)) {
        std::sort(scratch.begin(), scratch.end());
        double seen = 0, kth = 0;
        for (const auto& [d, c] : scratch) {
          seen += c;
          if (seen >= static_cast<double>(k)) {
            kth = d;
            break;
          }
        }
        // Everything within `ring` whole buckets of the centre bucket has been seen.
        if (kth <= static_cast<double>(ring) * size_) return kth;
      }
    }
  }

 private:
  [[nodiscard]] std::int64_t bx(double x) const { return static_cast<std::int64_t>(std::floor(x / size_)); }
  [[nodiscard]] std::int64_t by(double y) const { return static_cast<std::int64_t>(std::floor(y / size_)); }
  static std::uint64_t key(std::int64_t a, std::int64_t b) {
    return (static_cast<std::uint64_t>(a) << 32) ^ (static_cast<std::uint64_t>(b) & 0xffffffffULL);
  }
  const std::vector<Place>& places_;
  double size_;
  double incidents_;
  std::unordered_map<std::uint64_t, std::vector<std::size_t>> buckets_;
};

}  // namespace

NeighbourBandwidth nearest_neighbour_bandwidth(std::span<const double> xs, std::span<const double> ys,
                                               double min_radius_m, std::size_t k) {
  if (xs.size() != ys.size())
    throw UsageError(fmt::format("bandwidth rule: {} x values but {} y values", xs.size(), ys.size()));
  if (k == 0) throw UsageError("bandwidth rule: k must be at least 1");
  std::vector<std::pair<double, double>> points;
  points.reserve(xs.size());
  for (std::size_t i = 0; i < xs.size(); ++i) {
    if (std::isfinite(xs[i]) && std::isfinite(ys[i])) points.emplace_back(xs[i], ys[i]);
  }
  std::sort(points.begin(), points.end());
  std::vector<Place> places;
  for (const auto& [x, y] : points) {
    if (!places.empty() && places.back().x == x && places.back().y == y) {
      places.back().count += 1;
    } else {
      places.push_back({x, y, 1.0});
    }
  }
  if (places.size() < 2 || points.size() < k + 1) {
    throw UsageError(
        fmt::format("bandwidth rule needs more than {} incidents at two or more locations, got {} at {}; "
                    "give --bandwidth",
                    k, points.size(), places.size()));
  }
  // Buckets of about the mean spacing of the places over their extent keep each search small.
  double min_x = places.front().x, max_x = min_x, min_y = places.front().y, max_y = min_y;
  for (const auto& p : places) {
    min_x = std::min(min_x, p.x), max_x = std::max(max_x, p.x);
    min_y = std::min(min_y, p.y), max_y = std::max(max_y, p.y);
  }
  const double extent = std::max({max_x - min_x, max_y - min_y, 1.0});
  const double bucket = std::max(1.0, extent / std::sqrt(static_cast<double>(places.size())));
  const BucketIndex index(places, bucket, static_cast<double>(points.size()));
  std::vector<std::pair<double, double>> by_distance;  // (r_k, incidents at the place)
  by_distance.reserve(places.size());
  std::vector<std::pair<double, double>> scratch;
  for (std::size_t i = 0; i < places.size(); ++i)
    by_distance.emplace_back(index.kth_distance(i, k, scratch), places[i].count);
  std::sort(by_distance.begin(), by_distance.end());
  const double half = static_cast<double>(points.size()) / 2.0;
  double seen = 0, median = by_distance.back().first;
  for (const auto& [d, c] : by_distance) {
    seen += c;
    if (seen >= half) {
      median = d;
      break;
    }
  }
  if (!std::isfinite(median)) {
    throw UsageError(
        fmt::format("bandwidth rule: most incidents share one location, so no {}-th neighbour "
                    "exists elsewhere; give --bandwidth",
                    k));
  }
  NeighbourBandwidth result;
  result.k = k;
  result.locations = places.size();
  result.median_kth_distance_m = median;
  result.floored = median < min_radius_m;
  result.quartic_radius_m = std::max(median, min_radius_m);
  result.gaussian_sigma_m = result.quartic_radius_m / kQuarticPerGaussianBandwidth;
  return result;
}

}  // namespace grip::hotspot

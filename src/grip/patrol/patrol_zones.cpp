#include "grip/patrol/patrol_zones.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include "grip/core/errors.hpp"

namespace grip::patrol {

PatrolZones::PatrolZones(std::vector<ZonePolygon> zones, double buffer_m, double bucket_m)
    : buffer_m_(buffer_m), bucket_m_(bucket_m) {
  if (!(buffer_m >= 0) || !std::isfinite(buffer_m)) {
    throw UsageError("the visit buffer must be 0 m or more, not " + std::to_string(buffer_m));
  }
  if (!(bucket_m > 0) || !std::isfinite(bucket_m)) throw UsageError("the bucket size must be positive");
  constexpr double kInfinity = std::numeric_limits<double>::infinity();
  double min_x = kInfinity, min_y = kInfinity, max_x = -kInfinity, max_y = -kInfinity;
  for (std::size_t index = 0; index < zones.size(); ++index) {
    Zone zone{{}, kInfinity, kInfinity, -kInfinity, -kInfinity};
    for (const auto& ring : zones[index].rings) {
      for (std::size_t i = 0; i < ring.size(); ++i) {
        const ZonePoint& a = ring[i];
        const ZonePoint& b = ring[(i + 1) % ring.size()];
        if (!std::isfinite(a.x) || !std::isfinite(a.y)) {
          throw UsageError("hotspot " + std::to_string(index + 1) + " has a vertex that is not a number");
        }
        if (a.x != b.x || a.y != b.y) zone.edges.push_back({a.x, a.y, b.x, b.y});
        zone.min_x = std::min(zone.min_x, a.x - buffer_m);
        zone.max_x = std::max(zone.max_x, a.x + buffer_m);
        zone.min_y = std::min(zone.min_y, a.y - buffer_m);
        zone.max_y = std::max(zone.max_y, a.y + buffer_m);
      }
    }
    if (zone.edges.size() < 3) throw UsageError("hotspot " + std::to_string(index + 1) + " has no area");
    min_x = std::min(min_x, zone.min_x);
    min_y = std::min(min_y, zone.min_y);
    max_x = std::max(max_x, zone.max_x);
    max_y = std::max(max_y, zone.max_y);
    zones_.push_back(std::move(zone));
  }
  if (zones_.empty()) return;
  origin_x_ = min_x;
  origin_y_ = min_y;
  columns_ = static_cast<std::int64_t>(std::floor((max_x - min_x) / bucket_m)) + 1;
  rows_ = static_cast<std::int64_t>(std::floor((max_y - min_y) / bucket_m)) + 1;
  if (columns_ * rows_ > 50'000'000) {
    throw UsageError("the hotspots spread over more than 50 million " + std::to_string(bucket_m) +
                     " m buckets; use larger buckets");
  }
  std::vector<std::vector<std::int32_t>> buckets(static_cast<std::size_t>(columns_ * rows_));
  for (std::size_t index = 0; index < zones_.size(); ++index) {
    const Zone& zone = zones_[index];
    const auto c0 = static_cast<std::int64_t>((zone.min_x - origin_x_) / bucket_m);
    const auto c1 = static_cast<std::int64_t>((zone.max_x - origin_x_) / bucket_m);
    const auto r0 = static_cast<std::int64_t>((zone.min_y - origin_y_) / bucket_m);
    const auto r1 = static_cast<std::int64_t>((zone.max_y - origin_y_) / bucket_m);
    for (std::int64_t r = r0; r <= r1; ++r)
      for (std::int64_t c = c0; c <= c1; ++c)
        buckets[static_cast<std::size_t>(r * columns_ + c)].push_back(static_cast<std::int32_t>(index));
  }
  bucket_start_.reserve(buckets.size() + 1);
  for (const auto& bucket : buckets) {
    bucket_start_.push_back(static_cast<std::uint32_t>(bucket_zones_.size()));
    bucket_zones_.insert(bucket_zones_.end(), bucket.begin(), bucket.end());
  }
  bucket_start_.push_back(static_cast<std::uint32_t>(bucket_zones_.size()));
}

double PatrolZones::squared_distance(const Zone& zone, double x, double y) const {
  bool inside = false;  // even-odd crossing test over every ring, so holes count
  double best = std::numeric_limits<double>::infinity();
  for (const Edge& e : zone.edges) {
    if ((e.y0 > y) != (e.y1 > y) && x < e.x0 + (y - e.y0) * (e.x1 - e.x0) / (e.y1 - e.y0)) inside = !inside;
    const double dx = e.x1 - e.x0, dy = e.y1 - e.y0;
    const double length2 = dx * dx + dy * dy;
    double t = ((x - e.x0) * dx + (y - e.y0) * dy) / length2;
    t = std::clamp(t, 0.0, 1.0);
    const double px = e.x0 + t * dx - x, py = e.y0 + t * dy - y;
    best = std::min(best, px * px + py * py);
  }
  return inside ? 0.0 : best;
}

std::int32_t PatrolZones::zone_of(double x, double y) const {
  if (zones_.empty() || !(x >= origin_x_) || !(y >= origin_y_)) return kOutside;
  const auto c = static_cast<std::int64_t>((x - origin_x_) / bucket_m_);
  const auto r = static_cast<std::int64_t>((y - origin_y_) / bucket_m_);
  if (c >= columns_ || r >= rows_) return kOutside;
  const auto bucket = static_cast<std::size_t>(r * columns_ + c);
  std::int32_t found = kOutside;
  double best = buffer_m_ * buffer_m_;
  for (std::uint32_t i = bucket_start_[bucket]; i < bucket_start_[bucket + 1]; ++i) {
    const std::int32_t index = bucket_zones_[i];
    const Zone& zone = zones_[static_cast<std::size_t>(index)];
    if (x < zone.min_x || x > zone.max_x || y < zone.min_y || y > zone.max_y) continue;
    const double distance = squared_distance(zone, x, y);
    if (distance < best || (distance == best && found == kOutside)) {
      best = distance;
      found = index;
    }
  }
  return found;
}

void PatrolZones::assign(std::span<const double> x, std::span<const double> y,
                         std::span<std::int32_t> out) const {
  if (x.size() != y.size() || x.size() != out.size()) {
    throw UsageError("assign: x, y and out differ in length");
  }
  for (std::size_t i = 0; i < x.size(); ++i) out[i] = zone_of(x[i], y[i]);
}

}  // namespace grip::patrol

#include "grip/demo/snap_index.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace grip::demo {

SnapIndex::SnapIndex(std::span<const SnapPoint> points, double bucket_m)
    : points_(points), bucket_m_(bucket_m) {
  if (points.empty()) throw std::invalid_argument("SnapIndex needs at least one snap point");
  double max_x = points[0].at.x;
  double max_y = points[0].at.y;
  min_x_ = max_x;
  min_y_ = max_y;
  for (const SnapPoint& point : points) {
    min_x_ = std::min(min_x_, point.at.x);
    min_y_ = std::min(min_y_, point.at.y);
    max_x = std::max(max_x, point.at.x);
    max_y = std::max(max_y, point.at.y);
  }
  columns_ = static_cast<std::int64_t>((max_x - min_x_) / bucket_m_) + 1;
  rows_ = static_cast<std::int64_t>((max_y - min_y_) / bucket_m_) + 1;
  buckets_.resize(static_cast<std::size_t>(columns_ * rows_));
  for (std::size_t i = 0; i < points.size(); ++i) {
    buckets_[static_cast<std::size_t>(row(points[i].at.y) * columns_ + column(points[i].at.x))].push_back(i);
  }
}

std::int64_t SnapIndex::column(double x) const {
  return std::clamp(static_cast<std::int64_t>(std::floor((x - min_x_) / bucket_m_)), std::int64_t{0},
                    columns_ - 1);
}

std::int64_t SnapIndex::row(double y) const {
  return std::clamp(static_cast<std::int64_t>(std::floor((y - min_y_) / bucket_m_)), std::int64_t{0},
                    rows_ - 1);
}

std::size_t SnapIndex::nearest(LocalPoint at) const {
  const std::int64_t c0 = column(at.x);
  const std::int64_t r0 = row(at.y);
  std::size_t best = 0;
  double best_d2 = 1e300;
  const std::int64_t max_ring = std::max(columns_, rows_);
  for (std::int64_t ring = 0; ring <= max_ring; ++ring) {
    for (std::int64_t r = r0 - ring; r <= r0 + ring; ++r) {
      if (r < 0 || r >= rows_) continue;
      for (std::int64_t c = c0 - ring; c <= c0 + ring; ++c) {
        if (c < 0 || c >= columns_) continue;
        if (std::max(std::abs(r - r0), std::abs(c - c0)) != ring) continue;  // ring's border only
        for (const std::size_t i : buckets_[static_cast<std::size_t>(r * columns_ + c)]) {
          const double dx = points_[i].at.x - at.x;
          const double dy = points_[i].at.y - at.y;
          const double d2 = dx * dx + dy * dy;
          if (d2 < best_d2 || (d2 == best_d2 && i < best)) {
            best_d2 = d2;
            best = i;
          }
        }
      }
    }
    // Every point outside rings 0..ring lies at least ring * bucket away (clamping only moves the
    // query's bucket towards the points, so the bound still holds).
    const double reach = static_cast<double>(ring) * bucket_m_;
    if (best_d2 < 1e300 && best_d2 <= reach * reach) break;
  }
  return best;
}

}  // namespace grip::demo

#include "grip/evaluation/zones.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "grip/core/errors.hpp"

namespace grip::evaluation {
namespace {

bool near_box(const geo::RingSet& s, double x, double y, double margin) noexcept {
  return x >= s.min_x - margin && x <= s.max_x + margin && y >= s.min_y - margin && y <= s.max_y + margin;
}

// Index of the first shape containing the point, or of the nearest within `margin` when none does.
int hit(const std::vector<geo::RingSet>& shapes, double x, double y, double margin,
        bool inside_only) noexcept {
  int nearest = -1;
  double best = std::numeric_limits<double>::infinity();
  for (std::size_t i = 0; i < shapes.size(); ++i) {
    if (!near_box(shapes[i], x, y, inside_only ? 0.0 : margin)) continue;
    if (inside_only) {
      if (geo::point_in_rings(shapes[i], x, y)) return static_cast<int>(i);
      continue;
    }
    const double d = distance_to_shape(shapes[i], x, y);
    if (d <= margin && d < best) {
      best = d;
      nearest = static_cast<int>(i);
    }
  }
  return nearest;
}

}  // namespace

const char* to_string(Zone zone) noexcept {
  switch (zone) {
    case Zone::kTreated:
      return "treated";
    case Zone::kComparison:
      return "comparison";
    case Zone::kTreatedBuffer:
      return "treated buffer";
    case Zone::kComparisonBuffer:
      return "comparison buffer";
    case Zone::kOutside:
      break;
  }
  return "outside";
}

double distance_to_shape(const geo::RingSet& shape, double x, double y) noexcept {
  if (geo::point_in_rings(shape, x, y)) return 0.0;
  double best = std::numeric_limits<double>::infinity();
  for (const auto& ring : shape.rings) {
    for (std::size_t i = 0; i < ring.size(); ++i) {
      const auto& a = ring[i];
      const auto& b = ring[(i + 1) % ring.size()];
      const double dx = b.x - a.x, dy = b.y - a.y;
      const double length2 = dx * dx + dy * dy;
      double t = length2 > 0 ? ((x - a.x) * dx + (y - a.y) * dy) / length2 : 0.0;
      t = std::clamp(t, 0.0, 1.0);
      const double px = a.x + t * dx - x, py = a.y + t * dy - y;
      best = std::min(best, px * px + py * py);
    }
  }
  return std::sqrt(best);
}

ZoneClassifier::ZoneClassifier(std::vector<geo::RingSet> treated, std::vector<geo::RingSet> comparison,
                               double buffer_m, bool treated_everywhere)
    : treated_(std::move(treated)),
      comparison_(std::move(comparison)),
      buffer_m_(buffer_m),
      treated_everywhere_(treated_everywhere) {
  if (!(buffer_m >= 0.0) || !std::isfinite(buffer_m))
    throw UsageError(
        fmt::format("the buffer distance must be a finite number of metres >= 0, got {}", buffer_m));
}

ZoneHit ZoneClassifier::classify(double x, double y) const noexcept {
  if (treated_everywhere_) return {Zone::kTreated, 0};
  if (int i = hit(treated_, x, y, 0.0, true); i >= 0) return {Zone::kTreated, i};
  if (int i = hit(comparison_, x, y, 0.0, true); i >= 0) return {Zone::kComparison, i};
  if (buffer_m_ > 0.0) {
    if (int i = hit(treated_, x, y, buffer_m_, false); i >= 0) return {Zone::kTreatedBuffer, i};
    if (int i = hit(comparison_, x, y, buffer_m_, false); i >= 0) return {Zone::kComparisonBuffer, i};
  }
  return {};
}

std::array<double, kZoneCount> ZoneClassifier::zone_areas_m2(double spacing_m) const {
  std::array<double, kZoneCount> areas{};
  if (treated_everywhere_) {
    areas[0] = std::numeric_limits<double>::quiet_NaN();
    return areas;
  }
  if (!(spacing_m > 0.0))
    throw UsageError(fmt::format("lattice spacing must be positive, got {}", spacing_m));
  // One lattice anchored at the origin; each shape walks its own box and counts the points that
  // classify to it, so a point shared by two boxes is counted once, by its owner.
  const double cell = spacing_m * spacing_m;
  const auto walk = [&](const std::vector<geo::RingSet>& shapes, Zone inside, Zone buffer) {
    for (std::size_t i = 0; i < shapes.size(); ++i) {
      const auto& s = shapes[i];
      const double x0 = std::floor((s.min_x - buffer_m_) / spacing_m),
                   x1 = std::ceil((s.max_x + buffer_m_) / spacing_m);
      const double y0 = std::floor((s.min_y - buffer_m_) / spacing_m),
                   y1 = std::ceil((s.max_y + buffer_m_) / spacing_m);
      for (double row = y0; row <= y1; ++row)
        for (double col = x0; col <= x1; ++col) {
          const auto h = classify((col + 0.5) * spacing_m, (row + 0.5) * spacing_m);
          if (h.area == static_cast<int>(i) && (h.zone == inside || h.zone == buffer))
            areas[static_cast<std::size_t>(h.zone)] += cell;
        }
    }
  };
  walk(treated_, Zone::kTreated, Zone::kTreatedBuffer);
  walk(comparison_, Zone::kComparison, Zone::kComparisonBuffer);
  return areas;
}

}  // namespace grip::evaluation

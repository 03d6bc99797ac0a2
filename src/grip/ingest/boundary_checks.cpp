#include "grip/ingest/boundary_checks.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace grip::ingest {

double gap_between(const Extent& a, const Extent& b) {
  const double dx = std::max({0.0, a.min_x - b.max_x, b.min_x - a.max_x});
  const double dy = std::max({0.0, a.min_y - b.max_y, b.min_y - a.max_y});
  return std::hypot(dx, dy);
}

std::optional<std::string> boundary_placement_problem(const BoundaryPlacement& p) {
  const LonLatBox& box = p.boundaries_lon_lat;
  const geo::AreaOfUse& area = p.store_area_of_use;
  const bool finite = std::isfinite(box.west) && std::isfinite(box.south) && std::isfinite(box.east) &&
                      std::isfinite(box.north);
  if (!finite || !area.contains(box.west, box.south) || !area.contains(box.east, box.north)) {
    return fmt::format(
        "boundaries lie at longitude {:.2f} to {:.2f}, latitude {:.2f} to {:.2f}, outside the area of use of "
        "the "
        "store's CRS {} (longitude {:.1f} to {:.1f}, latitude {:.1f} to {:.1f}): they belong to another "
        "place; load "
        "them into a store of their own",
        box.west, box.east, box.south, box.north, p.store_crs, area.west, area.east, area.south, area.north);
  }
  if (p.incidents && p.boundaries.min_x <= p.boundaries.max_x) {
    const double gap = gap_between(p.boundaries, *p.incidents);
    if (!(gap <= p.max_gap_m)) {
      const Extent& b = p.boundaries;
      const Extent& i = *p.incidents;
      return fmt::format(
          "boundaries lie {:.0f} km from the stored incidents (more than {:.0f} km): in the store's CRS {} "
          "they span "
          "x {:.0f} to {:.0f}, y {:.0f} to {:.0f}, the incidents x {:.0f} to {:.0f}, y {:.0f} to {:.0f}",
          gap / 1000, p.max_gap_m / 1000, p.store_crs, b.min_x, b.max_x, b.min_y, b.max_y, i.min_x, i.max_x,
          i.min_y, i.max_y);
    }
  }
  return std::nullopt;
}

}  // namespace grip::ingest

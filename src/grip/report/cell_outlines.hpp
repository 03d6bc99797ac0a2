// Grid cells drawn as they are: the outline of every set of cells that share a class (a Gi* bin,
// an emerging hot spot category) as rings through the grid's own cell corners, so a map can
// project each corner exactly (PROJ, corner by corner) instead of warping a raster. Boundary edges
// are directed with the class on their left (outer rings counter-clockwise, holes clockwise), linked
// into rings (at a corner where two cells of the class touch diagonally the ring turns left, so the
// two stay apart) and straight runs are reduced to their end corners. Drawn with the even-odd rule,
// a class's rings fill exactly its cells. Plain data in, plain data out.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace grip::report {

struct GridCorner {
  std::int64_t col = 0, row = 0;  // corner (col, row) lies at (x0 + col·s, y0 + row·s)
  friend bool operator==(const GridCorner&, const GridCorner&) = default;
};
using CornerRing = std::vector<GridCorner>;  // closed implicitly: the last corner joins the first

struct ClassOutline {
  int value = 0;          // the class
  std::size_t cells = 0;  // cells of the class
  std::vector<CornerRing> rings;
};

// One outline per distinct class value other than `skip` that occurs, ascending by value. classes
// is row-major over nx × ny cells (row 0 the southernmost). Throws grip::UsageError when
// classes.size() != nx·ny.
[[nodiscard]] std::vector<ClassOutline> class_outlines(std::size_t nx, std::size_t ny,
                                                       std::span<const int> classes, int skip = 0);

// Twice the signed area of a ring in cell units (positive counter-clockwise), for checks.
[[nodiscard]] std::int64_t twice_signed_area(const CornerRing& ring);

}  // namespace grip::report

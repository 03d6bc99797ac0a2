// Groups flagged cells (e.g. significant Gi* hot cells) into connected hotspot areas: two flagged
// cells belong to one area when a chain of flagged cells joins them, each touching the next by an
// edge (rook) or by an edge or a corner (queen, the default, matching the Gi* neighbourhood).
// Two-pass union-find labelling over the row-major grid, O(cells).
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "grip/geo/grid.hpp"

namespace grip::hotspot {

enum class Adjacency { kQueen, kRook };

struct CellGroups {
  // Per cell, row-major: the index into `groups` of the cell's group, or −1 when not flagged.
  std::vector<std::int32_t> group_of_cell;
  // Each group's cells in ascending cell order; groups ordered by their first cell.
  std::vector<std::vector<std::size_t>> groups;
};

// flagged: one flag per cell (non-zero = flagged). Throws grip::UsageError when its length is not
// the grid's cell count.
[[nodiscard]] CellGroups connected_cells(const geo::Grid& grid, std::span<const std::uint8_t> flagged,
                                         Adjacency adjacency = Adjacency::kQueen);

}  // namespace grip::hotspot

#include "grip/hotspot/delineate.hpp"

#include <fmt/format.h>

#include <utility>

#include "grip/core/errors.hpp"

namespace grip::hotspot {
namespace {

constexpr std::size_t kUnlabelled = static_cast<std::size_t>(-1);

std::size_t find_root(std::vector<std::size_t>& parent, std::size_t node) {
  while (parent[node] != node) {
    parent[node] = parent[parent[node]];  // path halving
    node = parent[node];
  }
  return node;
}

void unite(std::vector<std::size_t>& parent, std::size_t a, std::size_t b) {
  a = find_root(parent, a);
  b = find_root(parent, b);
  if (a != b) {
    // The smaller cell index stays the root, so a root is always its group's first cell.
    if (b < a) {
      std::swap(a, b);
    }
    parent[b] = a;
  }
}

}  // namespace

CellGroups connected_cells(const geo::Grid& grid, std::span<const std::uint8_t> flagged,
                           Adjacency adjacency) {
  const std::size_t cells = grid.cell_count();
  if (flagged.size() != cells) {
    throw UsageError(fmt::format("connected cells: {} flags for a grid of {} cells", flagged.size(), cells));
  }
  const std::size_t nx = grid.nx();
  std::vector<std::size_t> parent(cells, kUnlabelled);
  for (std::size_t cell = 0; cell < cells; ++cell) {
    if (flagged[cell] == 0) {
      continue;
    }
    parent[cell] = cell;
    const std::size_t col = cell % nx;
    // Neighbours already visited: west, and in the row below south (plus south-west and
    // south-east for queen).
    if (col > 0 && flagged[cell - 1] != 0) {
      unite(parent, cell, cell - 1);
    }
    if (cell >= nx) {
      const std::size_t south = cell - nx;
      if (flagged[south] != 0) {
        unite(parent, cell, south);
      }
      if (adjacency == Adjacency::kQueen) {
        if (col > 0 && flagged[south - 1] != 0) {
          unite(parent, cell, south - 1);
        }
        if (col + 1 < nx && flagged[south + 1] != 0) {
          unite(parent, cell, south + 1);
        }
      }
    }
  }
  CellGroups result;
  result.group_of_cell.assign(cells, -1);
  for (std::size_t cell = 0; cell < cells; ++cell) {
    if (flagged[cell] == 0) {
      continue;
    }
    const std::size_t root = find_root(parent, cell);
    if (root == cell) {
      result.group_of_cell[cell] = static_cast<std::int32_t>(result.groups.size());
      result.groups.emplace_back();
    } else {
      result.group_of_cell[cell] = result.group_of_cell[root];
    }
    result.groups[static_cast<std::size_t>(result.group_of_cell[cell])].push_back(cell);
  }
  return result;
}

}  // namespace grip::hotspot

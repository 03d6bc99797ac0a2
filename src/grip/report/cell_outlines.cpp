#include "grip/report/cell_outlines.hpp"

#include <algorithm>
#include <map>
#include <string>

#include "grip/core/errors.hpp"

namespace grip::report {
namespace {

// Directions of an edge: east, north, west, south (a left turn adds one).
constexpr int kDx[4] = {1, 0, -1, 0};
constexpr int kDy[4] = {0, 1, 0, -1};

struct Edge {
  std::uint64_t from = 0;  // corner key row·(nx + 1) + col
  int direction = 0;
  bool used = false;
};

std::vector<CornerRing> trace(std::size_t nx, std::size_t ny, std::span<const int> classes, int value) {
  const auto stride = static_cast<std::uint64_t>(nx + 1);
  const auto key = [stride](std::int64_t col, std::int64_t row) {
    return static_cast<std::uint64_t>(row) * stride + static_cast<std::uint64_t>(col);
  };
  const auto in_class = [&](std::int64_t col, std::int64_t row) {
    if (col < 0 || row < 0 || col >= static_cast<std::int64_t>(nx) || row >= static_cast<std::int64_t>(ny))
      return false;
    return classes[static_cast<std::size_t>(row) * nx + static_cast<std::size_t>(col)] == value;
  };
  std::vector<Edge> edges;
  for (std::size_t r = 0; r < ny; ++r) {
    for (std::size_t c = 0; c < nx; ++c) {
      if (classes[r * nx + c] != value) continue;
      const auto col = static_cast<std::int64_t>(c), row = static_cast<std::int64_t>(r);
      // Each side facing a cell outside the class, walked with the cell on the left.
      if (!in_class(col, row - 1)) edges.push_back({key(col, row), 0});
      if (!in_class(col + 1, row)) edges.push_back({key(col + 1, row), 1});
      if (!in_class(col, row + 1)) edges.push_back({key(col + 1, row + 1), 2});
      if (!in_class(col - 1, row)) edges.push_back({key(col, row + 1), 3});
    }
  }
  std::sort(edges.begin(), edges.end(), [](const Edge& a, const Edge& b) {
    return a.from != b.from ? a.from < b.from : a.direction < b.direction;
  });
  const auto outgoing = [&edges](std::uint64_t corner) {
    return std::equal_range(edges.begin(), edges.end(), Edge{corner, 0},
                            [](const Edge& a, const Edge& b) { return a.from < b.from; });
  };
  std::vector<CornerRing> rings;
  for (auto& start : edges) {
    if (start.used) continue;
    CornerRing ring;
    start.used = true;
    Edge* edge = &start;
    while (true) {
      const auto col = static_cast<std::int64_t>(edge->from % stride);
      const auto row = static_cast<std::int64_t>(edge->from / stride);
      const std::uint64_t next = key(col + kDx[edge->direction], row + kDy[edge->direction]);
      // The edge leaving the next corner: at a diagonal touch there are two, and the left turn
      // keeps to the cell just passed. The ring closes when that edge is the one it began with.
      Edge* chosen = nullptr;
      const auto [first, last] = outgoing(next);
      for (const int turn : {1, 0, 3}) {
        const int direction = (edge->direction + turn) % 4;
        if (next == start.from && start.direction == direction) {
          chosen = &start;
          break;
        }
        for (auto it = first; it != last && chosen == nullptr; ++it) {
          if (!it->used && it->direction == direction) chosen = &*it;
        }
        if (chosen != nullptr) break;
      }
      if (chosen == nullptr) throw UsageError("cell outlines: an open boundary (internal error)");
      // A corner where the direction changes is kept; straight runs keep only their ends.
      if (chosen->direction != edge->direction)
        ring.push_back({static_cast<std::int64_t>(next % stride), static_cast<std::int64_t>(next / stride)});
      if (chosen == &start) break;
      chosen->used = true;
      edge = chosen;
    }
    rings.push_back(std::move(ring));
  }
  return rings;
}

}  // namespace

std::vector<ClassOutline> class_outlines(std::size_t nx, std::size_t ny, std::span<const int> classes,
                                         int skip) {
  if (classes.size() != nx * ny) {
    throw UsageError("cell outlines: " + std::to_string(classes.size()) + " classes for a grid of " +
                     std::to_string(nx) + " x " + std::to_string(ny) + " cells");
  }
  std::map<int, std::size_t> counts;
  for (const int value : classes) {
    if (value != skip) ++counts[value];
  }
  std::vector<ClassOutline> outlines;
  for (const auto& [value, cells] : counts) outlines.push_back({value, cells, trace(nx, ny, classes, value)});
  return outlines;
}

std::int64_t twice_signed_area(const CornerRing& ring) {
  std::int64_t sum = 0;
  for (std::size_t i = 0; i < ring.size(); ++i) {
    const auto& a = ring[i];
    const auto& b = ring[(i + 1) % ring.size()];
    sum += a.col * b.row - b.col * a.row;
  }
  return sum;
}

}  // namespace grip::report

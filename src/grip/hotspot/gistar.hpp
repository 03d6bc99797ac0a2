// Getis-Ord Gi* (Getis & Ord 1992; Ord & Getis 1995) on a grid, in the z-score form of ArcGIS and
// of R spdep::localG with include.self() binary weights:
//   Gi*_i = (Σ_j w_ij x_j − x̄ W_i) / (S · sqrt((n W_i − W_i²) / (n − 1))),  W_i = Σ_j w_ij,
//   x̄ = Σ x / n, S = sqrt(Σ x² / n − x̄²), p = 2Φ(−|z|); binary w, so Σ_j w_ij² = W_i.
// Neighbours of a cell: the cells of the study area within a distance band of it, itself included.
// Default: queen contiguity (Chebyshev band of 1 cell). Neighbour sums come from prefix sums, so
// the cost is O(cells) for a square band and O(cells × band) for a round one. See docs/gistar.md.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "grip/geo/grid.hpp"

namespace grip::hotspot {

enum class BandShape {
  kSquare,  // Chebyshev distance ≤ band: band 1 = queen contiguity, band 2 = 5×5 window, ...
  kDisc,    // Euclidean distance between cell centres ≤ band (band 1 = rook, √2 = queen)
};

struct GiStarOptions {
  BandShape shape = BandShape::kSquare;
  double band_cells = 1.0;  // distance band in cells, ≥ 1
};

struct GiStarResult {
  // Per cell, row-major. NaN outside the study area, and where the statistic is undefined: every
  // value equal (S = 0), or a neighbourhood that covers the whole study area (W_i = n).
  std::vector<double> z;
  std::vector<double> p;  // two-sided, 2Φ(−|z|)
  std::size_t n = 0;      // cells in the study area
  double mean = 0.0;      // x̄ over the study area
  double sd = 0.0;        // S (population form, divisor n)
};

// values: one per cell of the grid, row-major. in_study_area: one flag per cell (non-zero = in), or
// empty for the whole grid; cells outside count neither in n nor as anyone's neighbour. Throws
// grip::UsageError when a span's length differs from the grid's cell count, a value in the study
// area is not finite, the study area has fewer than two cells, or band_cells is < 1 or not finite.
[[nodiscard]] GiStarResult gi_star(const geo::Grid& grid, std::span<const double> values,
                                   std::span<const std::uint8_t> in_study_area = {},
                                   const GiStarOptions& options = {});

// Gi* of many value layers over one grid and study area (the monthly series of a hotspot run): n
// and the neighbour counts W_i depend only on the study area, so they are counted once, here.
// compute() gives the same z and p, bit for bit, as gi_star() on the same layer; with_p = false
// leaves p empty for callers that need only z (gi_bins_from_z in fdr.hpp). The constructor throws
// as gi_star() does for a bad mask or band, compute() for bad values. compute() is const and may
// run on several threads at once.
// Work arrays of one GiStarLayers::compute, kept between calls so a series of layers reuses their
// memory instead of faulting in fresh pages each time (a national 100 m grid is 15 M cells).
struct GiStarWorkspace {
  std::vector<double> centred, numerator, scratch;
};

class GiStarLayers {
 public:
  GiStarLayers(const geo::Grid& grid, std::span<const std::uint8_t> in_study_area = {},
               const GiStarOptions& options = {});
  [[nodiscard]] GiStarResult compute(std::span<const double> values, bool with_p = true) const;
  // The same into `result`, with the work arrays (and result's own) reused.
  void compute(std::span<const double> values, bool with_p, GiStarWorkspace& workspace,
               GiStarResult& result) const;

 private:
  geo::Grid grid_;
  GiStarOptions options_;
  std::vector<std::int32_t> member_;      // 1 in the study area
  std::vector<std::int32_t> neighbours_;  // W_i
  std::size_t n_ = 0;
};

// Two-sided normal p-value 2Φ(−|z|) = erfc(|z|/√2); NaN for NaN.
[[nodiscard]] double two_sided_p(double z) noexcept;

}  // namespace grip::hotspot

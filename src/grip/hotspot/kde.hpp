// Kernel density estimation of weighted incidents on a grid: density at each cell centre
// = Σ_i w_i · K(|centre − p_i|), per square metre, so density × cell area is an expected count.
// Quartic kernel (default) K(d) = 3/(π h²)·(1 − d²/h²)² for d < h; Gaussian
// K(d) = 1/(2π σ²)·exp(−d²/(2σ²)), truncated at 4σ (drops e^−8 ≈ 0.034 % of each point's mass).
// Following the forms in Silverman (1986) and the quartic of Chainey et al. (2008); see docs/kde.md
// for the rule-of-thumb bandwidth, the exact versus cell-centre placement and the edge-loss report.
#pragma once

#include <cstddef>
#include <span>
#include <vector>

#include "grip/geo/grid.hpp"

namespace grip::hotspot {

enum class KernelShape {
  kQuartic,   // bandwidth = radius h of the support
  kGaussian,  // bandwidth = standard deviation σ; support truncated at kGaussianTruncation·σ
};

enum class KdePlacement {
  // Every distinct incident location is kept where it is and the kernel evaluated at the exact
  // distance to each cell centre (identical locations are merged first; that changes nothing).
  kExact,
  // Incidents are snapped to the centre of their cell, summed per cell, and one precomputed
  // kernel stencil is spread from each occupied cell. Moves each point by up to half a cell
  // diagonal; faster when the bandwidth spans many cells.
  kCellCentres,
};

inline constexpr double kGaussianTruncation = 4.0;  // in standard deviations

// The stencil of a bandwidth more than this many cells wide is refused as absurd.
inline constexpr double kMaxBandwidthCells = 1000.0;

struct KdeOptions {
  KernelShape kernel = KernelShape::kQuartic;
  double bandwidth_m = 300.0;
  KdePlacement placement = KdePlacement::kExact;
};

struct KdeSurface {
  std::vector<double> density;  // per square metre at each cell centre, row-major as geo::Grid
  double total_weight = 0.0;    // Σ w over every point given, inside the grid or not
  double weight_in_grid = 0.0;  // Σ density × cell area: the expected count the surface holds
  // total_weight − weight_in_grid: kernel mass that falls outside the grid (points near or beyond
  // its edge), plus the Gaussian's truncated tail and the small error of sampling the kernel at
  // cell centres rather than integrating it over each cell (docs/kde.md gives its size).
  double edge_loss = 0.0;
};

// K(d) per square metre as the estimator uses it (zero at and beyond the support). Throws
// grip::UsageError when bandwidth_m is not positive and finite.
[[nodiscard]] double kernel_value(KernelShape kernel, double bandwidth_m, double distance_m);

// The surface of the weighted points (xs[i], ys[i]) on the grid. weights may be empty (each point
// weighs 1). Throws grip::UsageError for spans of different lengths, a negative or non-finite
// weight, or a bandwidth that is not positive or spans more than kMaxBandwidthCells cells.
// Points with non-finite coordinates are skipped and counted in total_weight and so edge_loss.
[[nodiscard]] KdeSurface kernel_density(const geo::Grid& grid, std::span<const double> xs,
                                        std::span<const double> ys, std::span<const double> weights,
                                        const KdeOptions& options = {});

// Rule-of-thumb bandwidths from the spread of the points on both axes, after Silverman (1986,
// eq. 4.14) for a bivariate normal reference: the standard distance SD = sqrt((σx² + σy²)/2)
// (weighted moments), n = Kish's effective count (Σw)²/Σw² (the point count when unweighted),
// Gaussian σ = SD·n^(−1/6); the quartic radius with the same AMISE is (2304/5)^(1/6) ≈ 2.78 times
// that (canonical-kernel rescaling, Marron & Nolan 1988). It assumes one blob, so it oversmooths
// clustered crime: kept for reference; the default is nearest_neighbour_bandwidth (bandwidth.hpp).
struct BandwidthRule {
  double standard_distance_m = 0.0;
  double effective_n = 0.0;
  double gaussian_sigma_m = 0.0;
  double quartic_radius_m = 0.0;
};
inline constexpr double kQuarticPerGaussianBandwidth = 2.7791932420839394;  // (2304/5)^(1/6)

// Throws grip::UsageError for fewer than two points of positive weight or points that all coincide.
[[nodiscard]] BandwidthRule rule_of_thumb_bandwidth(std::span<const double> xs, std::span<const double> ys,
                                                    std::span<const double> weights = {});

}  // namespace grip::hotspot

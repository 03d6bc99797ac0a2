#include "grip/hotspot/kde.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>
#include <random>
#include <vector>

#include "grip/core/errors.hpp"

namespace {

using grip::geo::Grid;
using grip::hotspot::KdeOptions;
using grip::hotspot::KdePlacement;
using grip::hotspot::kernel_density;
using grip::hotspot::kernel_value;
using grip::hotspot::KernelShape;
using grip::hotspot::rule_of_thumb_bandwidth;

struct Points {
  std::vector<double> xs;
  std::vector<double> ys;
  std::vector<double> weights;
};

// Clustered weighted points over and just beyond a 2 km x 1.5 km box, with repeated locations
// (as police data snap incidents to street points).
Points clustered_points(std::size_t count, unsigned seed) {
  std::mt19937_64 random(seed);
  std::uniform_real_distribution<double> uniform_x(-300.0, 2300.0);
  std::uniform_real_distribution<double> uniform_y(-300.0, 1800.0);
  std::normal_distribution<double> near(0.0, 120.0);
  std::uniform_int_distribution<int> weight(1, 4);
  Points points;
  for (std::size_t i = 0; i < count; ++i) {
    double x = 0;
    double y = 0;
    if (i % 7 == 3 && i > 0) {
      x = points.xs[i / 2];  // a repeat of an earlier location
      y = points.ys[i / 2];
    } else if (i % 2 == 0) {
      x = 700.0 + near(random);
      y = 900.0 + near(random);
    } else {
      x = uniform_x(random);
      y = uniform_y(random);
    }
    points.xs.push_back(x);
    points.ys.push_back(y);
    points.weights.push_back(weight(random));
  }
  return points;
}

// The kernel written out from METHODS.md, independently of the library.
double brute_force_density(double cx, double cy, const Points& points, KernelShape shape, double h) {
  double sum = 0.0;
  for (std::size_t i = 0; i < points.xs.size(); ++i) {
    const double d2 = (points.xs[i] - cx) * (points.xs[i] - cx) + (points.ys[i] - cy) * (points.ys[i] - cy);
    if (shape == KernelShape::kQuartic) {
      if (d2 < h * h) {
        sum += points.weights[i] * 3.0 / (std::numbers::pi * h * h) * std::pow(1.0 - d2 / (h * h), 2);
      }
    } else if (d2 < 16.0 * h * h) {  // truncated at 4σ
      sum += points.weights[i] * std::exp(-d2 / (2.0 * h * h)) / (2.0 * std::numbers::pi * h * h);
    }
  }
  return sum;
}

void expect_equals_brute_force(const Grid& grid, const Points& points, const KdeOptions& options) {
  const auto surface = kernel_density(grid, points.xs, points.ys, points.weights, options);
  ASSERT_EQ(surface.density.size(), grid.cell_count());
  double largest = 0.0;
  for (const double value : surface.density) {
    largest = std::max(largest, value);
  }
  ASSERT_GT(largest, 0.0);
  for (std::size_t cell = 0; cell < grid.cell_count(); cell += 7) {
    const auto centre = grid.cell_centre(cell);
    const double expected =
        brute_force_density(centre.x, centre.y, points, options.kernel, options.bandwidth_m);
    EXPECT_NEAR(surface.density[cell], expected, 1e-12 * largest) << "cell " << cell;
  }
}

TEST(Kde, QuarticEqualsBruteForceSum) {
  const Grid grid(0.0, 0.0, 50.0, 40, 30);
  expect_equals_brute_force(grid, clustered_points(3000, 1),
                            {KernelShape::kQuartic, 300.0, KdePlacement::kExact});
  expect_equals_brute_force(grid, clustered_points(500, 2),
                            {KernelShape::kQuartic, 37.0, KdePlacement::kExact});
}

TEST(Kde, GaussianEqualsBruteForceSum) {
  const Grid grid(0.0, 0.0, 50.0, 40, 30);
  expect_equals_brute_force(grid, clustered_points(3000, 3),
                            {KernelShape::kGaussian, 100.0, KdePlacement::kExact});
}

TEST(Kde, CellCentrePlacementIsExactForPointsAtCentres) {
  const Grid grid(0.0, 0.0, 50.0, 40, 30);
  Points points = clustered_points(2000, 4);
  // Snap every point to the centre of the (possibly virtual, off-grid) cell that holds it.
  for (std::size_t i = 0; i < points.xs.size(); ++i) {
    points.xs[i] = (std::floor(points.xs[i] / 50.0) + 0.5) * 50.0;
    points.ys[i] = (std::floor(points.ys[i] / 50.0) + 0.5) * 50.0;
  }
  expect_equals_brute_force(grid, points, {KernelShape::kQuartic, 300.0, KdePlacement::kCellCentres});
  expect_equals_brute_force(grid, points, {KernelShape::kGaussian, 80.0, KdePlacement::kCellCentres});
}

TEST(Kde, IntegratesToTheWeightedTotalAwayFromTheEdges) {
  // 20 km square of 25 m cells; points within 2 km of the centre; bandwidth 10 cells, where
  // sampling the kernel at cell centres is good to about 5e-5 per point (docs/kde.md).
  const Grid grid(0.0, 0.0, 25.0, 800, 800);
  std::mt19937_64 random(5);
  std::uniform_real_distribution<double> spot(8000.0, 12000.0);
  Points points;
  for (int i = 0; i < 400; ++i) {
    points.xs.push_back(spot(random));
    points.ys.push_back(spot(random));
    points.weights.push_back(1.0 + i % 3);
  }
  const double total = 134 * 1 + 133 * 2 + 133 * 3;  // weights cycle 1, 2, 3
  for (const KernelShape shape : {KernelShape::kQuartic, KernelShape::kGaussian}) {
    const auto surface =
        kernel_density(grid, points.xs, points.ys, points.weights, {shape, 250.0, KdePlacement::kExact});
    EXPECT_DOUBLE_EQ(surface.total_weight, total);
    // The Gaussian keeps 1 − e^−8 of each point's mass inside its 4σ truncation disc.
    const double kept = shape == KernelShape::kQuartic ? total : total * (1.0 - std::exp(-8.0));
    EXPECT_NEAR(surface.weight_in_grid, kept, 2e-5 * total);
    EXPECT_DOUBLE_EQ(surface.edge_loss, surface.total_weight - surface.weight_in_grid);
  }
}

TEST(Kde, ReportsEdgeLoss) {
  // One point on the grid's south-west corner keeps a quarter of its kernel; one far outside
  // keeps nothing.
  const Grid grid(0.0, 0.0, 10.0, 200, 200);
  const std::vector<double> xs = {0.0, -5000.0};
  const std::vector<double> ys = {0.0, 0.0};
  const auto surface = kernel_density(grid, xs, ys, {}, {KernelShape::kQuartic, 300.0, KdePlacement::kExact});
  EXPECT_DOUBLE_EQ(surface.total_weight, 2.0);
  EXPECT_NEAR(surface.weight_in_grid, 0.25, 2e-3);
  EXPECT_NEAR(surface.edge_loss, 1.75, 2e-3);
}

TEST(Kde, KernelValues) {
  const double h = 200.0;
  const double peak = 3.0 / (std::numbers::pi * h * h);
  EXPECT_DOUBLE_EQ(kernel_value(KernelShape::kQuartic, h, 0.0), peak);
  EXPECT_DOUBLE_EQ(kernel_value(KernelShape::kQuartic, h, 100.0), peak * 0.5625);  // (1 − 1/4)²
  EXPECT_EQ(kernel_value(KernelShape::kQuartic, h, 200.0), 0.0);
  EXPECT_DOUBLE_EQ(kernel_value(KernelShape::kGaussian, 50.0, 50.0),
                   std::exp(-0.5) / (2.0 * std::numbers::pi * 2500.0));
  EXPECT_EQ(kernel_value(KernelShape::kGaussian, 50.0, 200.0), 0.0);  // beyond 4σ
}

// Four points at (±100, ±100): σx = σy = 100 m, so SD = 100 m; n = 4, σ = 100·4^(−1/6);
// quartic radius (2304/5)^(1/6) times that.
TEST(Kde, RuleOfThumbBandwidthUsesBothAxes) {
  const std::vector<double> xs = {-100, 100, -100, 100};
  const std::vector<double> ys = {-100, -100, 100, 100};
  const auto rule = rule_of_thumb_bandwidth(xs, ys);
  EXPECT_DOUBLE_EQ(rule.standard_distance_m, 100.0);
  EXPECT_DOUBLE_EQ(rule.effective_n, 4.0);
  EXPECT_NEAR(rule.gaussian_sigma_m, 100.0 * std::pow(4.0, -1.0 / 6.0), 1e-12);
  EXPECT_NEAR(rule.quartic_radius_m, std::pow(2304.0 / 5.0, 1.0 / 6.0) * rule.gaussian_sigma_m, 1e-9);
  // Spread on one axis only: σx = 100, σy = 0 → SD = sqrt(100²/2).
  const auto flat = rule_of_thumb_bandwidth(xs, std::vector<double>(4, 7.0));
  EXPECT_NEAR(flat.standard_distance_m, 100.0 / std::sqrt(2.0), 1e-12);
  // Weights 1, 1, 1, 3: effective n = 36/12 = 3.
  const auto weighted = rule_of_thumb_bandwidth(xs, ys, std::vector<double>{1, 1, 1, 3});
  EXPECT_DOUBLE_EQ(weighted.effective_n, 3.0);
}

TEST(Kde, RefusesBadInput) {
  const Grid grid(0.0, 0.0, 10.0, 20, 20);
  const std::vector<double> xs = {1.0, 2.0};
  const std::vector<double> ys = {1.0, 2.0};
  EXPECT_THROW((void)kernel_density(grid, xs, ys, {}, {KernelShape::kQuartic, 0.0}), grip::UsageError);
  EXPECT_THROW((void)kernel_density(grid, xs, ys, {}, {KernelShape::kQuartic, std::nan("")}),
               grip::UsageError);
  EXPECT_THROW((void)kernel_density(grid, xs, ys, {}, {KernelShape::kQuartic, 20'000.0}), grip::UsageError);
  EXPECT_THROW((void)kernel_density(grid, xs, std::vector<double>{1.0}, {}), grip::UsageError);
  EXPECT_THROW((void)kernel_density(grid, xs, ys, std::vector<double>{1.0, -2.0}), grip::UsageError);
  EXPECT_THROW((void)rule_of_thumb_bandwidth(xs, xs, std::vector<double>{1.0, 0.0}), grip::UsageError);
  EXPECT_THROW((void)rule_of_thumb_bandwidth(std::vector<double>{3, 3}, std::vector<double>{4, 4}),
               grip::UsageError);
}

}  // namespace

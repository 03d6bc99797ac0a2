// The fast paths of a hotspot run's Gi* against the plain kernels they replace: GiStarLayers with
// reused work arrays against gi_star, gi_bins_from_z against gi_bins on every p, the two-thread
// ranking against a single sort, and monthly_trends (any thread count) against a month-by-month
// loop over gi_star, gi_bins, mann_kendall and classify_emerging.
#include "grip/hotspot/monthly_trend.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <numeric>
#include <random>
#include <vector>

#include "grip/core/errors.hpp"
#include "grip/hotspot/emerging.hpp"
#include "grip/hotspot/fdr.hpp"
#include "grip/hotspot/gistar.hpp"
#include "grip/hotspot/trend.hpp"

namespace {

using grip::geo::Grid;
using namespace grip::hotspot;

// Bit-for-bit equality, NaN equal to NaN.
bool same_bits(const std::vector<double>& a, const std::vector<double>& b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(double)) == 0;
}

std::vector<double> sparse_layer(std::size_t cells, std::mt19937_64& random, double share) {
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  std::vector<double> values(cells, 0.0);
  for (auto& v : values) {
    if (unit(random) < share) v = std::floor(unit(random) * 40.0);
  }
  return values;
}

TEST(GiStarLayers, EqualsGiStarBitForBitWithReusedWorkArrays) {
  const Grid grid(0, 0, 10, 53, 41);
  std::mt19937_64 random(7);
  std::vector<std::uint8_t> mask(grid.cell_count(), 1);
  for (std::size_t c = 0; c < mask.size(); c += 5) mask[c] = 0;
  for (const auto& options :
       {GiStarOptions{}, GiStarOptions{BandShape::kSquare, 2.0}, GiStarOptions{BandShape::kDisc, 2.5}}) {
    const GiStarLayers layers(grid, mask, options);
    GiStarWorkspace workspace;
    GiStarResult reused;
    for (int layer = 0; layer < 4; ++layer) {
      const auto values = sparse_layer(grid.cell_count(), random, 0.05 + 0.2 * layer);
      const auto reference = gi_star(grid, values, mask, options);
      layers.compute(values, /*with_p=*/true, workspace, reused);
      EXPECT_TRUE(same_bits(reused.z, reference.z)) << "layer " << layer;
      EXPECT_TRUE(same_bits(reused.p, reference.p)) << "layer " << layer;
      EXPECT_EQ(reused.n, reference.n);
      EXPECT_EQ(reused.mean, reference.mean);
      EXPECT_EQ(reused.sd, reference.sd);
      layers.compute(values, /*with_p=*/false, workspace, reused);
      EXPECT_TRUE(same_bits(reused.z, reference.z));
      EXPECT_TRUE(reused.p.empty());
    }
  }
}

TEST(GiStarLayers, RefusesWhatGiStarRefuses) {
  const Grid grid(0, 0, 10, 4, 4);
  EXPECT_THROW((GiStarLayers{grid, std::vector<std::uint8_t>(3, 1)}), grip::UsageError);
  EXPECT_THROW((GiStarLayers{grid, {}, {BandShape::kSquare, 0.5}}), grip::UsageError);
  const GiStarLayers layers(grid);
  EXPECT_THROW((void)layers.compute(std::vector<double>(15, 0.0)), grip::UsageError);
  std::vector<double> values(16, 1.0);
  values[3] = std::numeric_limits<double>::infinity();
  EXPECT_THROW((void)layers.compute(values), grip::UsageError);
}

TEST(GiBinsFromZ, CutoffLeavesEveryBinnableP) {
  // The cutoff is safe: at |z| = 1.6 the two-sided p is already above the widest level, 0.10.
  EXPECT_GT(two_sided_p(kGiBinMinAbsZ), 0.10);
  EXPECT_NEAR(two_sided_p(kGiBinMinAbsZ), 0.1096, 1e-4);  // 2Φ(−1.6), from tables
}

TEST(GiBinsFromZ, EqualsGiBinsOnEveryP) {
  std::mt19937_64 random(11);
  std::normal_distribution<double> normal(0.0, 1.3);
  for (const auto method : {PAdjust::kBenjaminiHochberg, PAdjust::kHolm, PAdjust::kNone}) {
    std::vector<double> z(20'000);
    for (auto& v : z) v = normal(random);
    // Values on and around the cutoffs and levels, ties, NaN and large |z|.
    const double edge[] = {
        1.6,  -1.6, 1.6448536269514722, -1.6448536269514722, 1.959963984540054, 2.5758293035489004, 0.0, -0.0,
        40.0, -40.0};
    for (std::size_t i = 0; i < std::size(edge); ++i) z[i * 7] = edge[i], z[i * 7 + 1] = edge[i];
    for (std::size_t i = 100; i < 200; ++i) z[i] = std::numeric_limits<double>::quiet_NaN();
    for (std::size_t i = 300; i < 340; ++i) z[i] = 4.0;  // concentrated: many rejections at once
    std::vector<double> p(z.size());
    for (std::size_t i = 0; i < z.size(); ++i) p[i] = two_sided_p(z[i]);
    EXPECT_EQ(gi_bins_from_z(z, method), gi_bins(z, p, method));
  }
}

TEST(GiBinsFromZ, LargeRankingSortedOnTwoThreadsAsOne) {
  // Over a million p-values: adjust_p_values takes the two-thread sort. The reference is
  // p.adjust's BH written out directly over a stable sort of the indices.
  std::mt19937_64 random(5);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  std::vector<double> p(1'300'000);
  for (auto& v : p) v = std::round(unit(random) * 1e5) / 1e5;  // many ties
  for (std::size_t i = 0; i < 2000; ++i) p[i * 17] = unit(random) * 1e-6;
  std::vector<std::size_t> order(p.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](auto a, auto b) { return p[a] < p[b]; });
  std::vector<double> expected(p.size());
  double running = 1.0;
  const auto m = static_cast<double>(p.size());
  for (std::size_t k = p.size(); k-- > 0;) {
    running = std::min(running, p[order[k]] * m / static_cast<double>(k + 1));
    expected[order[k]] = running;
  }
  EXPECT_TRUE(same_bits(adjust_p_values(p, PAdjust::kBenjaminiHochberg), expected));
}

// The month-by-month loop monthly_trends replaced, on the plain kernels.
MonthlyTrends reference_trends(const Grid& grid, const std::vector<std::uint8_t>& mask,
                               const std::vector<std::size_t>& cell, const std::vector<std::uint16_t>& month,
                               const std::vector<double>& weight, std::size_t months, PAdjust correction) {
  const std::size_t cells = grid.cell_count();
  std::vector<std::vector<std::int8_t>> bins(months);
  std::vector<std::vector<double>> z(months);
  for (std::size_t m = 0; m < months; ++m) {
    std::vector<double> layer(cells, 0.0);
    for (std::size_t i = 0; i < cell.size(); ++i) {
      if (month[i] == m && cell[i] != cells) layer[cell[i]] += weight[i];
    }
    const auto gi = gi_star(grid, layer, mask);
    bins[m] = gi_bins(gi.z, gi.p, correction);
    z[m] = gi.z;
  }
  MonthlyTrends out;
  out.category.assign(cells, EmergingCategory::kNoPattern);
  out.trend_z.assign(cells, std::numeric_limits<double>::quiet_NaN());
  out.trend_p = out.trend_z;
  for (std::size_t c = 0; c < cells; ++c) {
    std::vector<std::int8_t> cell_bins(months);
    std::vector<double> series(months);
    bool hot = false;
    for (std::size_t m = 0; m < months; ++m) {
      cell_bins[m] = bins[m][c];
      series[m] = static_cast<float>(z[m][c]);
      hot = hot || bins[m][c] >= kEmergingMinBin;
    }
    if (!hot) continue;
    MannKendall trend;
    trend.z = trend.p = std::numeric_limits<double>::quiet_NaN();
    if (months >= 3 && std::none_of(series.begin(), series.end(), [](double v) { return std::isnan(v); }))
      trend = mann_kendall(series);
    out.trend_z[c] = trend.z;
    out.trend_p[c] = trend.p;
    out.category[c] = classify_emerging(cell_bins, trend);
  }
  return out;
}

TEST(MonthlyTrends, EqualsTheMonthByMonthLoopOnAnyThreadCount) {
  const Grid grid(0, 0, 100, 37, 29);
  const std::size_t cells = grid.cell_count();
  std::vector<std::uint8_t> mask(cells, 1);
  for (std::size_t c = 0; c < cells; c += 9) mask[c] = 0;
  std::mt19937_64 random(3);
  std::uniform_int_distribution<std::size_t> any_cell(0, cells);  // cells = outside the study area
  std::uniform_int_distribution<int> hot_cell(0, 24);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  const std::size_t months = 7;
  std::vector<std::size_t> cell;
  std::vector<std::uint16_t> month;
  std::vector<double> weight;
  for (int i = 0; i < 6000; ++i) {
    const auto m = static_cast<std::uint16_t>(i % months);
    // A cluster that grows month by month, so some cells are hot, intensifying or new.
    const bool clustered = unit(random) < 0.15 + 0.05 * m;
    const std::size_t c =
        clustered ? static_cast<std::size_t>(300 + hot_cell(random) % 5 + 37 * (hot_cell(random) % 5))
                  : any_cell(random);
    cell.push_back(c < cells && mask[c] ? c : cells);
    month.push_back(m);
    weight.push_back(unit(random) < 0.1 ? 365.0 : 1.5);
  }
  for (const auto correction : {PAdjust::kBenjaminiHochberg, PAdjust::kNone}) {
    const auto expected = reference_trends(grid, mask, cell, month, weight, months, correction);
    ASSERT_GT(std::count_if(expected.category.begin(), expected.category.end(),
                            [](auto c) { return c != EmergingCategory::kNoPattern; }),
              5);
    for (const unsigned threads : {1U, 2U, 3U, 16U}) {
      const auto got = monthly_trends(grid, mask, {cell, month, weight, months}, correction, threads);
      EXPECT_EQ(got.category, expected.category) << threads << " threads";
      EXPECT_TRUE(same_bits(got.trend_z, expected.trend_z)) << threads << " threads";
      EXPECT_TRUE(same_bits(got.trend_p, expected.trend_p)) << threads << " threads";
    }
  }
}

TEST(MonthlyTrends, RefusesInconsistentInput) {
  const Grid grid(0, 0, 100, 4, 4);
  const std::vector<std::size_t> cell = {1, 2};
  const std::vector<std::uint16_t> month = {0, 5};
  const std::vector<double> weight = {1, 1};
  EXPECT_THROW((void)monthly_trends(grid, {}, {cell, month, weight, 2}, PAdjust::kNone, 2), grip::UsageError);
  EXPECT_THROW((void)monthly_trends(grid, {}, {cell, month, weight, 1}, PAdjust::kNone, 2), grip::UsageError);
  const std::vector<std::size_t> beyond = {1, 17};  // the grid has 16 cells; 16 = outside
  const std::vector<std::uint16_t> in_range = {0, 1};
  EXPECT_THROW((void)monthly_trends(grid, {}, {beyond, in_range, weight, 2}, PAdjust::kNone, 2),
               grip::UsageError);
  const std::vector<double> short_weight = {1};
  EXPECT_THROW((void)monthly_trends(grid, {}, {cell, month, short_weight, 6}, PAdjust::kNone, 2),
               grip::UsageError);
}

TEST(MonthlyTrends, ThreadsFollowTheMemoryLeft) {
  setenv("GRIP_MEMORY_LIMIT_MB", "100", 1);
  // 10 M cells need 410 MB a thread: beyond one, none fits in 100 MB.
  EXPECT_EQ(monthly_trend_threads(10'000'000, 12, 50e6), 1U);
  unsetenv("GRIP_MEMORY_LIMIT_MB");
  EXPECT_GE(monthly_trend_threads(1000, 12, 0), 1U);
  EXPECT_LE(monthly_trend_threads(1000, 12, 0), 4U);
  EXPECT_EQ(monthly_trend_threads(1000, 1, 0), 1U);
}

}  // namespace

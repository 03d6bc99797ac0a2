#include "grip/hotspot/gistar.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <random>
#include <vector>

#include "grip/core/errors.hpp"

namespace {

using grip::geo::Grid;
using grip::hotspot::BandShape;
using grip::hotspot::gi_star;
using grip::hotspot::GiStarOptions;

// The 7 x 6 grid of bench/reference/gistar_spdep.R, row-major from row 0.
const std::vector<double> kSpdepValues = {0, 1, 0, 2, 0, 0, 1,  //
                                          1, 3, 5, 4, 1, 0, 0,  //
                                          0, 4, 9, 7, 2, 1, 0,  //
                                          0, 2, 6, 5, 1, 0, 0,  //
                                          0, 0, 1, 1, 0, 0, 3,  //
                                          1, 0, 0, 0, 0, 2, 4.5};

// Published reference: z-scores printed by `Rscript bench/reference/gistar_spdep.R` (R 4.2.2,
// spdep 1.2-7: localG over nb2listw(include.self(nb), style = "B")), 15 significant digits.
const std::vector<double> kSpdepQueen = {
    -0.337673658974515,  0.0708161171780463,  1.06224175767069,   0.467386373375105,  -0.524039267117541,
    -1.51546490761019,   -1.28315990410316,   -0.127469010920483, 1.44337328477595,   3.47255078973293,
    2.62706016266752,    0.428784532297457,   -1.60039297265952,  -1.51546490761019,  0.0708161171780463,
    2.62706016266752,    5.16353204386374,    4.31804141679834,   1.10517703394978,   -1.60039297265952,
    -1.71375003570872,   -0.722324395216071,  1.27427515936287,   3.47255078973293,   2.96525641349368,
    0.428784532297457,   -1.26219672183336,   -1.11889465141313,  -1.31717977951166,  -0.754902345594115,
    0.0905882814712936,  -0.0785098439417881, -0.924000471007196, -0.670353282887574, -0.0283264468712184,
    -1.28315990410316,   -1.51546490761019,   -1.51546490761019,  -1.51546490761019,  -1.31717977951166,
    -0.0283264468712184, 0.725998366795206};

// Same, with cells 0 and 25 taken out of the study area (subset.nb); the 40 kept cells in order.
const std::vector<double> kSpdepQueenMasked = {
    0.356537175818522,  0.983333976401986,  0.396268915863487,  -0.582172851700679,  -1.56061461926484,
    -1.31597386594146,  0.145255886444583,  1.69446192472994,   3.35290691587407,    2.51624892064661,
    0.340938133055192,  -1.66704105549073,  -1.56061461926484,  0.00489220883782055, 2.51624892064661,
    5.026222906329,     4.48945066655252,   1.1704015356382,    -1.62458720618437,   -1.75630297277768,
    -0.777861205213512, 1.17759612828266,   3.35290691587407,   3.09195629564123,    -1.27521361345655,
    -1.16923791223918,  -1.36492626575201,  -0.83038306026326,  0.00627493496420594, -0.0524060389091735,
    -0.925840020728729, -0.663809826182863, -0.092951967918596, -1.31597386594146,   -1.56061461926484,
    -1.56061461926484,  -1.56061461926484,  -1.36492626575201,  -0.092951967918596,  0.663809826182862};

// Same, Euclidean band of 2 cells with self (dnearneigh(coords, 0, 2)).
const std::vector<double> kSpdepDisc2 = {
    -0.9206095233146,   0.555337763061766,   1.61247141018903,   0.936078908536702,  -0.754902345594115,
    -1.38834440765442,  -1.71375003570872,   0.201941004749733,  1.78665648133301,   3.64230085205002,
    2.87434585312381,   0.570480856345183,   -1.36958209767799,  -1.74174116596645,  0.76698078312362,
    2.87434585312381,   4.06846034425292,    4.06846034425292,   1.36687402870157,   -1.11902014129247,
    -1.26219672183336,  -0.0785098439417881, 1.64561785484187,   3.01784344376073,   2.56757905783551,
    0.466345256851125,  -0.811838141721991,  -0.839451408300656, -1.56504278681043,  -0.422710523974687,
    0.724071856130425,  0.2632988567747,     -0.65824714193675,  -0.817240346351061, -0.593201701452341,
    -1.71375003570872,  -1.56504278681043,   -0.924000471007196, -0.924000471007196, -1.00854953371374,
    -0.593201701452341, -0.0283264468712184};

// Same, Chebyshev band of 2 cells (5 x 5 window) with self, neighbour lists built by hand in R.
const std::vector<double> kSpdepSquare2 = {
    1.44337328477595,   2.56716385355332,    2.15658971562198,   2.15658971562198,   1.1429408324999,
    -0.197474142581025, -1.60039297265952,   1.79920885462712,   3.32705451392736,   2.89764712011536,
    2.89764712011536,   1.6472925408875,     -0.244936528632689, -2.04056614000392,  1.1429408324999,
    2.61979054695362,   2.09513792427848,    2.09513792427848,   1.2469857043296,    -0.575560044406477,
    -2.18761978347266,  1.1429408324999,     2.34193397379187,   1.81242051762885,   1.95377922095367,
    1.74174116596645,   -0.0893110413734192, -1.39118137530531,  0.570480856345183,  1.46961917179614,
    0.952651107983133,  1.23050768114488,    1.43890011101619,   0.112262575623316,  -0.888633641614612,
    -0.754902345594115, -0.504656142151508,  -1.02916391704742,  -0.884356933744265, -0.0879185255769153,
    -0.427860642258887, -0.670353282887574};

constexpr double kTolerance = 1e-9;

void expect_matches(const std::vector<double>& z, const std::vector<double>& reference) {
  ASSERT_EQ(z.size(), reference.size());
  for (std::size_t i = 0; i < z.size(); ++i) {
    EXPECT_NEAR(z[i], reference[i], kTolerance) << "cell " << i;
  }
}

TEST(GiStar, MatchesSpdepOnQueenGrid) {
  const Grid grid(0.0, 0.0, 100.0, 7, 6);
  const auto result = gi_star(grid, kSpdepValues);
  EXPECT_EQ(result.n, 42u);
  expect_matches(result.z, kSpdepQueen);
}

TEST(GiStar, MatchesSpdepWithCellsOutsideTheStudyArea) {
  const Grid grid(0.0, 0.0, 100.0, 7, 6);
  std::vector<std::uint8_t> in_area(42, 1);
  in_area[0] = 0;
  in_area[25] = 0;
  const auto result = gi_star(grid, kSpdepValues, in_area);
  EXPECT_EQ(result.n, 40u);
  EXPECT_TRUE(std::isnan(result.z[0]));
  EXPECT_TRUE(std::isnan(result.z[25]));
  std::vector<double> kept;
  for (std::size_t cell = 0; cell < 42; ++cell) {
    if (in_area[cell] != 0) {
      kept.push_back(result.z[cell]);
    }
  }
  expect_matches(kept, kSpdepQueenMasked);
}

TEST(GiStar, MatchesSpdepOnEuclideanBandOfTwoCells) {
  const Grid grid(0.0, 0.0, 100.0, 7, 6);
  const auto result = gi_star(grid, kSpdepValues, {}, GiStarOptions{BandShape::kDisc, 2.0});
  expect_matches(result.z, kSpdepDisc2);
}

TEST(GiStar, MatchesSpdepOnSquareBandOfTwoCells) {
  const Grid grid(0.0, 0.0, 100.0, 7, 6);
  const auto result = gi_star(grid, kSpdepValues, {}, GiStarOptions{BandShape::kSquare, 2.0});
  expect_matches(result.z, kSpdepSquare2);
}

TEST(GiStar, DiscBandOfRootTwoIsQueen) {
  const Grid grid(0.0, 0.0, 100.0, 7, 6);
  const auto result = gi_star(grid, kSpdepValues, {}, GiStarOptions{BandShape::kDisc, std::sqrt(2.0)});
  expect_matches(result.z, kSpdepQueen);
}

// Hand-worked: values 1..9 on a 3 x 3 grid, queen with self. n = 9, x̄ = 5,
// S² = 285/9 − 25 = 20/3.
// Cell 0 (value 1): neighbours 1, 2, 4, 5 → Σ = 12, W = 4; z = (12 − 20) / sqrt(20/3 · (36 − 16)/8)
//   = −8 / sqrt(50/3) = −0.8·√6.
// Cell 1 (value 2): neighbours 1..6 → Σ = 21, W = 6; z = (21 − 30) / sqrt(20/3 · (54 − 36)/8)
//   = −9 / √15.
// Cell 8: neighbours 5, 6, 8, 9 → Σ = 28; z = +0.8·√6. Centre: W = n, undefined (NaN).
TEST(GiStar, HandWorkedThreeByThree) {
  const Grid grid(0.0, 0.0, 1.0, 3, 3);
  const std::vector<double> values = {1, 2, 3, 4, 5, 6, 7, 8, 9};
  const auto result = gi_star(grid, values);
  EXPECT_NEAR(result.mean, 5.0, 1e-15);
  EXPECT_NEAR(result.sd, std::sqrt(20.0 / 3.0), 1e-14);
  EXPECT_NEAR(result.z[0], -0.8 * std::sqrt(6.0), 1e-12);
  EXPECT_NEAR(result.z[1], -9.0 / std::sqrt(15.0), 1e-12);
  EXPECT_NEAR(result.z[8], 0.8 * std::sqrt(6.0), 1e-12);
  EXPECT_TRUE(std::isnan(result.z[4]));
  EXPECT_TRUE(std::isnan(result.p[4]));
  // p = 2Φ(−|z|); R: 2 * pnorm(-0.8 * sqrt(6)) = 0.0500435212487051.
  EXPECT_NEAR(result.p[0], 0.0500435212487051, 1e-13);
}

TEST(GiStar, ConstantSurfaceIsUndefined) {
  const Grid grid(0.0, 0.0, 1.0, 4, 4);
  const std::vector<double> values(16, 3.0);
  const auto result = gi_star(grid, values);
  for (const double z : result.z) {
    EXPECT_TRUE(std::isnan(z));
  }
}

// The prefix-sum window equals a direct loop over each cell's neighbours, on a larger grid with a
// ragged study area and wide bands of both shapes.
TEST(GiStar, WideBandsEqualDirectNeighbourSums) {
  const std::size_t nx = 53;
  const std::size_t ny = 41;
  const Grid grid(0.0, 0.0, 100.0, nx, ny);
  std::mt19937_64 random(7);
  std::poisson_distribution<int> counts(0.8);
  std::bernoulli_distribution kept(0.9);
  std::vector<double> values(nx * ny);
  std::vector<std::uint8_t> in_area(nx * ny);
  for (std::size_t i = 0; i < values.size(); ++i) {
    values[i] = counts(random);
    in_area[i] = kept(random) ? 1 : 0;
  }
  for (const auto& options : {GiStarOptions{BandShape::kSquare, 4.0}, GiStarOptions{BandShape::kDisc, 3.5}}) {
    const auto result = gi_star(grid, values, in_area, options);
    double n = 0;
    double sum = 0;
    double sum_sq = 0;
    for (std::size_t i = 0; i < values.size(); ++i) {
      if (in_area[i] != 0) {
        n += 1;
        sum += values[i];
        sum_sq += values[i] * values[i];
      }
    }
    const double mean = sum / n;
    const double s = std::sqrt(sum_sq / n - mean * mean);
    for (std::size_t cell = 0; cell < values.size(); cell += 13) {
      if (in_area[cell] == 0) {
        EXPECT_TRUE(std::isnan(result.z[cell]));
        continue;
      }
      const auto col = static_cast<long>(cell % nx);
      const auto row = static_cast<long>(cell / nx);
      double w = 0;
      double lag = 0;
      for (long r = 0; r < static_cast<long>(ny); ++r) {
        for (long c = 0; c < static_cast<long>(nx); ++c) {
          const double dc = static_cast<double>(c - col);
          const double dr = static_cast<double>(r - row);
          const bool near = options.shape == BandShape::kSquare
                                ? std::max(std::abs(dc), std::abs(dr)) <= options.band_cells
                                : dc * dc + dr * dr <= options.band_cells * options.band_cells;
          const auto j = static_cast<std::size_t>(r) * nx + static_cast<std::size_t>(c);
          if (near && in_area[j] != 0) {
            w += 1;
            lag += values[j];
          }
        }
      }
      const double expected = (lag - mean * w) / (s * std::sqrt((n * w - w * w) / (n - 1)));
      EXPECT_NEAR(result.z[cell], expected, 1e-9) << "cell " << cell;
    }
  }
}

TEST(GiStar, RefusesBadInput) {
  const Grid grid(0.0, 0.0, 1.0, 3, 3);
  const std::vector<double> values = {1, 2, 3, 4, 5, 6, 7, 8, 9};
  EXPECT_THROW((void)gi_star(grid, std::vector<double>(8, 1.0)), grip::UsageError);
  EXPECT_THROW((void)gi_star(grid, values, std::vector<std::uint8_t>(4, 1)), grip::UsageError);
  EXPECT_THROW((void)gi_star(grid, values, {}, GiStarOptions{BandShape::kSquare, 0.5}), grip::UsageError);
  std::vector<std::uint8_t> one_cell(9, 0);
  one_cell[3] = 1;
  EXPECT_THROW((void)gi_star(grid, values, one_cell), grip::UsageError);
  std::vector<double> with_nan = values;
  with_nan[2] = std::nan("");
  EXPECT_THROW((void)gi_star(grid, with_nan), grip::UsageError);
}

}  // namespace

// Randomised designs: balance per block, matching, reproducibility and the hash.
#include "grip/patrol/design.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <map>

namespace {
using namespace grip::patrol;

DesignInput input(int hotspots, int days, std::uint64_t seed) {
  DesignInput in;
  for (int h = 0; h < hotspots; ++h) {
    in.hotspot_ids.push_back("H" + std::to_string(h + 1));
    in.pre_period_harm.push_back(100.0 - h * 3.5);
  }
  in.first_day = "2024-03-06";  // a Wednesday: the first week's blocks are uneven
  in.days = days;
  in.seed = seed;
  return in;
}

TEST(Design, BlocksSplitWeeksIntoWeekdaysAndWeekends) {
  const auto blocks = design_blocks("2024-03-06", 8);  // Wed Thu Fri Sat Sun Mon Tue | Wed
  EXPECT_EQ(blocks, (std::vector<int>{0, 0, 0, 1, 1, 0, 0, 2}));
}

TEST(Design, CrossoverIsWithinOneDayOfTheTargetInEveryBlock) {
  for (const double share : {0.5, 0.4}) {
    auto in = input(15, 28, 11);
    in.treated_share = share;
    const auto design = make_design(DesignKind::kCrossover, in);
    const auto blocks = design_blocks(in.first_day, in.days);
    std::map<int, int> block_days;
    for (int b : blocks) ++block_days[b];
    int treated_total = 0;
    for (std::size_t h = 0; h < design.treated.size(); ++h) {
      std::map<int, int> treated;
      for (int d = 0; d < in.days; ++d)
        treated[blocks[d]] += design.treated[h][d] ? 1 : 0, treated_total += design.treated[h][d];
      for (const auto& [block, n] : block_days)
        EXPECT_LE(std::abs(treated[block] - share * n), 1.0) << "hotspot " << h << " block " << block;
    }
    EXPECT_NEAR(treated_total / (15.0 * 28), share, 0.06);
    // Not the same days for every hotspot.
    EXPECT_NE(design.treated[0], design.treated[1]);
  }
}

TEST(Design, SameSeedSameAssignmentOtherSeedOther) {
  const auto a = make_design(DesignKind::kCrossover, input(10, 14, 5));
  const auto b = make_design(DesignKind::kCrossover, input(10, 14, 5));
  const auto c = make_design(DesignKind::kCrossover, input(10, 14, 6));
  EXPECT_EQ(a.treated, b.treated);
  EXPECT_EQ(a.hash, b.hash);
  EXPECT_NE(a.treated, c.treated);
  EXPECT_NE(a.hash, c.hash);
}

TEST(Design, HashChangesWithAnyOneDayFlipped) {
  auto design = make_design(DesignKind::kCrossover, input(4, 7, 1));
  const auto original = design.hash;
  design.treated[2][3] = !design.treated[2][3];
  EXPECT_NE(design_hash(design), original);
  design.treated[2][3] = !design.treated[2][3];
  EXPECT_EQ(design_hash(design), original);
}

TEST(Design, RctPairsNeighboursInHarmIntoOppositeArms) {
  const auto in = input(9, 5, 3);
  const auto design = make_design(DesignKind::kRct, in);
  // Harm falls with the index, so pairs are (0,1), (2,3), (4,5), (6,7) and 8 alone.
  for (int pair = 0; pair < 4; ++pair)
    EXPECT_NE(design.treated[2 * pair][0], design.treated[2 * pair + 1][0]) << pair;
  for (std::size_t h = 0; h < 9; ++h)
    for (int d = 1; d < 5; ++d) EXPECT_EQ(design.treated[h][d], design.treated[h][0]);  // whole period
}

}  // namespace

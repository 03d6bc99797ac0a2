// Knife arch / support group ranking on hand-worked places: score = weapon harm in the window x
// how much busier than average the window is.
#include "grip/patrol/deployments.hpp"

#include <gtest/gtest.h>

#include "grip/core/errors.hpp"

namespace {
using namespace grip::patrol;

TEST(Deployments, RanksWeaponHarmTimesFootfallAsWorkedByHand) {
  DeploymentPlace a{"A", "Station", 100.0, {}, {}};
  DeploymentPlace b{"B", "Market", 30.0, {}, {}};
  for (int bin = 0; bin < 168; ++bin) {
    a.weapon_shares[bin] = 1.0 / 168;                                         // weapons any time
    a.footfall_shares[bin] = bin >= 108 && bin < 120 ? 0.5 / 12 : 0.5 / 156;  // half of all crime Fri 12-24
    b.weapon_shares[bin] = bin >= 120 && bin < 132 ? 1.0 / 12 : 0.0;          // weapons only Sat 00-12
    b.footfall_shares[bin] = 1.0 / 168;
  }
  const auto top = rank_deployment_windows({a, b}, 12, 3);
  ASSERT_EQ(top.size(), 3u);
  // A, Fri 12-24: 100 * 12/168 weapon harm, footfall 0.5 / (12/168) = 7: score 50.
  EXPECT_EQ(top[0].id, "A");
  EXPECT_EQ(top[0].start_bin, 108);
  EXPECT_NEAR(top[0].weapon_harm_in_window, 100.0 * 12 / 168, 1e-12);
  EXPECT_NEAR(top[0].footfall_index, 7.0, 1e-12);
  EXPECT_NEAR(top[0].score, 50.0, 1e-12);
  // B, Sat 00-12: all 30 of its weapon harm at average footfall: 30.
  EXPECT_EQ(top[1].id, "B");
  EXPECT_EQ(top[1].start_bin, 120);
  EXPECT_NEAR(top[1].score, 30.0, 1e-12);
  // Then A's other windows: 100·12/168 · (0.5·12/156)/(12/168) = 50/156·12 ≈ 3.846; first is Mon 00-12.
  EXPECT_EQ(top[2].id, "A");
  EXPECT_EQ(top[2].start_bin, 0);
  EXPECT_NEAR(top[2].score, 100.0 * 12 / 168 * (0.5 * 168 / 156), 1e-12);
  EXPECT_EQ(window_label(108, 12), "Fri 12:00-24:00");
}

TEST(Deployments, WeaponCategoriesAndWindowLengths) {
  EXPECT_TRUE(is_weapon_related("Possession of weapons"));
  EXPECT_TRUE(is_weapon_related("Robbery"));
  EXPECT_TRUE(is_weapon_related("Knife-enabled violence"));
  EXPECT_FALSE(is_weapon_related("Violence and sexual offences"));
  EXPECT_FALSE(is_weapon_related("Burglary"));
  EXPECT_TRUE(is_police_generated_weapon("Possession of weapons"));
  EXPECT_FALSE(is_police_generated_weapon("Robbery"));
  EXPECT_THROW((void)rank_deployment_windows({}, 5, 10), grip::UsageError);
}

}  // namespace

// `grip demo` step 8: the planted 20 % fall in the selected hotspots is recovered by grip evaluate's
// interval (which must hold -20 % and exclude 0), and planted displacement shows in the buffer.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "support/test_support.hpp"

using grip::test::run_grip;

TEST(DemoProgramme, EvaluationRecoversThePlantedTwentyPercentFall) {
  grip::test::ScratchDir scratch;
  const auto result = run_grip({"-q", "--json", "demo", "--out", (scratch / "demo").string()});
  ASSERT_EQ(result.exit_code, 0) << result.out;
  const auto programme = nlohmann::json::parse(result.out)["programme_evaluation"];
  ASSERT_TRUE(programme.is_object()) << result.out;
  EXPECT_EQ(programme["before"], "2025-01..2025-12");
  EXPECT_EQ(programme["after"], "2026-01..2026-12");
  EXPECT_DOUBLE_EQ(programme["planted"]["percent_change"].get<double>(), -20.0);
  const auto removed = programme["planted"]["removed"].get<double>();
  const auto thinned_from = programme["planted"]["treated_events_before_thinning"].get<double>();
  ASSERT_GT(thinned_from, 1000.0);
  EXPECT_NEAR(removed / thinned_from, 0.2, 0.03);  // the thinning itself, binomial sd < 0.013
  const double low = programme["interval_percent"][0].get<double>();
  const double high = programme["interval_percent"][1].get<double>();
  EXPECT_LT(low, -20.0) << programme.dump();
  EXPECT_GT(high, -20.0) << programme.dump();
  EXPECT_LT(high, 0.0) << programme.dump();
  ASSERT_TRUE(programme.contains("did")) << programme.dump();
  EXPECT_LT(programme["did"]["interval_percent"][0].get<double>(), -20.0);
  EXPECT_GT(programme["did"]["interval_percent"][1].get<double>(), -20.0);
  EXPECT_LT(programme["did"]["interval_percent"][1].get<double>(), 0.0);
  EXPECT_EQ(programme["planted"]["displaced"], 0);
  // The planted fall is the same in every hotspot, whatever its patrol minutes: the observational
  // dose-response over the plan's GPS minutes should find no slope.
  ASSERT_TRUE(programme.contains("dose_response")) << programme.dump();
  EXPECT_TRUE(programme["dose_response"]["observational"].get<bool>());
  EXPECT_LT(programme["dose_response"]["interval"][0].get<double>(), 1.0);
  EXPECT_GT(programme["dose_response"]["interval"][1].get<double>(), 1.0);
  // The programme's time-stamped extract lets the Koper curve follow each GPS presence.
  ASSERT_TRUE(programme.contains("koper_curve")) << programme.dump();
  const auto& koper = programme["koper_curve"];
  EXPECT_EQ(koper["dataset"], "programme incidents");
  EXPECT_GT(koper["incidents"].get<int>(), 100);
  ASSERT_EQ(koper["bands"].size(), 4u);
  int followed = 0;
  for (const auto& band : koper["bands"]) followed += band["visits"].get<int>();
  EXPECT_GT(followed, 100);
  EXPECT_LE(followed, koper["presences"].get<int>());
}

TEST(DemoProgramme, PlantedDisplacementShowsInTheBuffer) {
  grip::test::ScratchDir scratch;
  const auto result = run_grip(
      {"-q", "--json", "demo", "--out", (scratch / "demo").string(), "--programme-displacement", "1"});
  ASSERT_EQ(result.exit_code, 0) << result.out;
  const auto programme = nlohmann::json::parse(result.out)["programme_evaluation"];
  const double displaced = programme["planted"]["displaced"].get<double>();
  EXPECT_EQ(displaced, programme["planted"]["removed"].get<double>());
  ASSERT_GT(displaced, 300.0);
  // WDD's buffer term (D1 − D0) − (E1 − E0): the displaced events plus noise of sd ≈ its SE.
  const auto wdd = programme["wdd"];
  const double se = wdd["displacement_se"].get<double>();
  EXPECT_NEAR(wdd["displacement"].get<double>(), displaced, 3.0 * se + 0.15 * displaced) << wdd.dump();
  EXPECT_GT(wdd["displacement"].get<double>(), 2.0 * se) << wdd.dump();
}

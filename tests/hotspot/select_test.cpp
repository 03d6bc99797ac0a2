// Selection constraints on hand-built candidates, naming, cores, emerging categories, review hints.
#include "grip/hotspot/select.hpp"

#include <gtest/gtest.h>

#include "grip/core/errors.hpp"
#include "grip/hotspot/emerging.hpp"
#include "grip/hotspot/hotspot_areas.hpp"

namespace {

using namespace grip::hotspot;

Candidate at(double x, double y, double harm, std::int32_t district = 0, double area = 10'000) {
  return {x, y, area, harm, district, {}};
}

TEST(Selection, TakesTheTopNByHarm) {
  const std::vector<Candidate> c{at(0, 0, 5), at(1000, 0, 9), at(2000, 0, 7), at(3000, 0, 1)};
  SelectionRules rules;
  rules.top_n = 2;
  const auto s = select_hotspots(c, rules);
  EXPECT_EQ(s.selected, (std::vector<std::size_t>{1, 2}));
  EXPECT_EQ(s.outcomes[0].decision, Decision::kBelowCutOff);
  EXPECT_EQ(s.outcomes[0].rank, 3u);
}

TEST(Selection, SkipsCandidatesTooCloseToAHigherRankedOne) {
  const std::vector<Candidate> c{at(0, 0, 10), at(300, 0, 9), at(1000, 0, 8)};
  SelectionRules rules;
  rules.top_n = 2;
  rules.min_distance_m = 500;
  const auto s = select_hotspots(c, rules);
  EXPECT_EQ(s.selected, (std::vector<std::size_t>{0, 2}));
  EXPECT_EQ(s.outcomes[1].decision, Decision::kTooClose);
  EXPECT_EQ(s.outcomes[1].blocked_by, 0);
  EXPECT_DOUBLE_EQ(s.outcomes[1].distance_to_blocker_m, 300);
}

TEST(Selection, RespectsMaximumPerDistrictAndArea) {
  const std::vector<Candidate> c{at(0, 0, 10, 0), at(5000, 0, 9, 0), at(9000, 0, 8, 1),
                                 at(12000, 0, 20, 1, 1e6)};
  SelectionRules rules;
  rules.top_n = 3;
  rules.max_per_district = 1;
  rules.max_area_m2 = 250'000;
  const auto s = select_hotspots(c, rules);
  EXPECT_EQ(s.selected, (std::vector<std::size_t>{0, 2}));
  EXPECT_EQ(s.outcomes[1].decision, Decision::kDistrictFull);
  EXPECT_EQ(s.outcomes[3].decision, Decision::kTooLarge);
}

TEST(Selection, MeetsTheMinimumPerDistrictAheadOfRank) {
  const std::vector<Candidate> c{at(0, 0, 10, 0), at(5000, 0, 9, 0), at(9000, 0, 1, 1), at(20000, 0, 8, 2)};
  SelectionRules rules;
  rules.top_n = 3;
  rules.min_per_district = 1;
  rules.district_count = 3;
  const auto s = select_hotspots(c, rules);
  EXPECT_EQ(s.selected, (std::vector<std::size_t>{0, 3, 2}));
  EXPECT_EQ(s.outcomes[2].decision, Decision::kSelectedForDistrictMinimum);
  EXPECT_EQ(s.outcomes[1].decision, Decision::kBelowCutOff);
  rules.district_count = 4;
  EXPECT_THROW((void)select_hotspots(c, rules), grip::UsageError);
  rules.district_count = 4;
  rules.top_n = 4;
  EXPECT_EQ(select_hotspots(c, rules).unmet_districts, (std::vector<std::int32_t>{3}));
}

TEST(Naming, DistrictPlusDominantStreet) {
  const std::vector<std::string> labels{"On or near High Street", "On or near Station Road",
                                        "On or near High Street", ""};
  const std::vector<double> weights{1, 3, 1, 10};
  EXPECT_EQ(dominant_label(labels, weights), "On or near Station Road");
  EXPECT_EQ(hotspot_name("Colchester", "On or near Station Road", 0, 0),
            "Colchester: On or near Station Road");
  EXPECT_EQ(hotspot_name("", "On or near X", 0, 0), "On or near X");
  EXPECT_EQ(hotspot_name("", "", 599850, 225150), "hot area at E 599850 N 225150");
}

TEST(Cores, LargeGroupsAreCutIntoConnectedCoresFromTheTop) {
  const grip::geo::Grid grid(0, 0, 1, 6, 1);
  std::vector<double> harm{1, 2, 9, 3, 8, 1};
  const std::vector<std::size_t> group{0, 1, 2, 3, 4, 5};
  const auto cores = cut_into_cores(grid, group, harm, 2);
  ASSERT_EQ(cores.size(), 3u);
  EXPECT_EQ(cores[0], (std::vector<std::size_t>{2, 3}));  // 9 then its best neighbour 3
  EXPECT_EQ(cores[1], (std::vector<std::size_t>{4, 5}));
  EXPECT_EQ(cores[2], (std::vector<std::size_t>{0, 1}));
}

MannKendall trend(double z, double p) { return {0, 0, z, p}; }

TEST(Emerging, FollowsTheArcGisRules) {
  using E = EmergingCategory;
  const auto none = trend(0, 1);
  const auto up = trend(2.5, 0.01);
  const auto down = trend(-2.5, 0.01);
  using B = std::vector<std::int8_t>;
  EXPECT_EQ(classify_emerging(B{0, 0, 0, 0, 0, 0, 0, 0, 0, 0}, none), E::kNoPattern);
  EXPECT_EQ(classify_emerging(B{0, 0, 0, 0, 0, 0, 0, 0, 0, 2}, none), E::kNew);
  EXPECT_EQ(classify_emerging(B{0, 0, 0, 0, 0, 0, 0, 1, 2, 3}, none), E::kConsecutive);
  EXPECT_EQ(classify_emerging(B{0, 2, 2, 2, 2, 2, 2, 2, 2, 3}, up), E::kIntensifying);
  EXPECT_EQ(classify_emerging(B{2, 2, 2, 2, 2, 2, 2, 2, 2, 2}, none), E::kPersistent);
  EXPECT_EQ(classify_emerging(B{3, 3, 3, 3, 3, 2, 2, 0, 2, 1}, down), E::kDiminishing);
  EXPECT_EQ(classify_emerging(B{2, 0, 2, 0, 0, 2, 0, 0, 0, 2}, none), E::kSporadic);
  EXPECT_EQ(classify_emerging(B{2, 0, -2, 0, 0, 2, 0, 0, 0, 2}, none), E::kOscillating);
  EXPECT_EQ(classify_emerging(B{2, 2, 2, 2, 2, 2, 2, 2, 2, 0}, none), E::kHistorical);
  EXPECT_EQ(classify_emerging(B{2, 0, 2, 0, 0, 2, 0, 0, 0, 0}, none), E::kNoPattern);
  // A significant trend without 90 % hot months does not make a cell intensifying.
  EXPECT_EQ(classify_emerging(B{0, 0, 0, 0, 0, 2, 0, 2, 2, 2}, up), E::kSporadic);
}

TEST(Review, KeepReviewDropHints) {
  std::array<std::size_t, kEmergingCategoryCount> counts{};
  counts[static_cast<std::size_t>(EmergingCategory::kPersistent)] = 6;
  counts[static_cast<std::size_t>(EmergingCategory::kNoPattern)] = 5;
  EXPECT_EQ(review_hint(counts), ReviewHint::kKeep);
  counts = {};
  counts[static_cast<std::size_t>(EmergingCategory::kHistorical)] = 4;
  counts[static_cast<std::size_t>(EmergingCategory::kNoPattern)] = 3;
  std::string reason;
  EXPECT_EQ(review_hint(counts, &reason), ReviewHint::kDrop);
  EXPECT_NE(reason.find("4 historical"), std::string::npos);
  counts[static_cast<std::size_t>(EmergingCategory::kSporadic)] = 2;
  EXPECT_EQ(review_hint(counts), ReviewHint::kReview);
}

}  // namespace

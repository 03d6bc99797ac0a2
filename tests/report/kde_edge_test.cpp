// The KDE edge effect in words: a negative loss is a gain, and a narrow bandwidth is warned about.
#include "grip/report/kde_edge.hpp"

#include <gtest/gtest.h>

namespace grip::report {
namespace {

TEST(KdeEdge, ANegativeLossIsSaidAsAGainWithAWarning) {
  const auto text = describe_kde_edge(-1538.4, 15.0, 11.5);
  EXPECT_EQ(text.summary, "gained 1538.4 at its edge");
  ASSERT_TRUE(text.warning);
  EXPECT_NE(text.warning->find("below 2 cells"), std::string::npos) << *text.warning;
  EXPECT_NE(text.warning->find("poor estimate"), std::string::npos) << *text.warning;
}

TEST(KdeEdge, AnOrdinaryLossHasNoWarning) {
  const auto text = describe_kde_edge(12.34, 300.0, 150.0);
  EXPECT_EQ(text.summary, "lost 12.3 at its edge");
  EXPECT_FALSE(text.warning);
  EXPECT_TRUE(describe_kde_edge(3.0, 299.0, 150.0).warning) << "299 m is under two 150 m cells";
}

}  // namespace
}  // namespace grip::report

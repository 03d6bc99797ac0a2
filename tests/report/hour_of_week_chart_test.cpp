// The 7 x 24 hour-of-week chart: counts per hour of the week from recorded start times, checked
// against hand-placed times (1 January 2024 was a Monday).
#include "grip/report/hour_of_week_chart.hpp"

#include <gtest/gtest.h>

#include <regex>
#include <string>
#include <vector>

namespace {

using grip::report::hour_of_week_svg;

TEST(HourOfWeekChart, CountsEachStartTimeInItsHourOfTheWeek) {
  const std::vector<std::string> times{"2024-01-01T00:30", "2024-01-05T22:10", "2024-01-12T22:59:00",
                                       "2024-01"};
  const auto svg = hour_of_week_svg(times, "H01 <by hour>");
  ASSERT_FALSE(svg.empty());
  EXPECT_NE(svg.find("<title>Mon 00:00: 1</title>"), std::string::npos);
  EXPECT_NE(svg.find("<title>Fri 22:00: 2</title>"), std::string::npos);  // two Fridays, same hour
  EXPECT_NE(svg.find("<title>Sun 23:00: 0</title>"), std::string::npos);
  EXPECT_NE(svg.find("3 incidents with a start time"), std::string::npos) << "the month-only one is not";
  EXPECT_NE(svg.find("H01 &lt;by hour&gt;"), std::string::npos);
  EXPECT_NE(svg.find("darkest 2 incidents"), std::string::npos);
  const std::regex rect("<rect ");
  EXPECT_EQ(std::distance(std::sregex_iterator(svg.begin(), svg.end(), rect), std::sregex_iterator()), 168);
}

TEST(HourOfWeekChart, MonthOnlyDataDrawsNothing) {
  const std::vector<std::string> months{"2018-01", "", "2018-02"};
  EXPECT_EQ(hour_of_week_svg(months, "street data"), "");
}

}  // namespace

// `grip profile` on the real time-stamped sets (Chicago aggravated assaults 2010-16, Memphis
// robberies 2019): the hour-of-week counts and peaks equal an independent count made here from the
// CSV text with std::chrono, and the smoothed peak equals this test's own ¼ ½ ¼ circular smoothing.
#include <gtest/gtest.h>

#include <array>
#include <chrono>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "support/test_support.hpp"

namespace {

using Week = std::array<double, 168>;

// Counts the CSV's date-time column (YYYY-MM-DD?HH:MM...) by hour of week, Monday 00:00 first.
Week count_csv(const std::filesystem::path& csv, int column, std::int64_t& rows) {
  std::ifstream in(csv);
  std::string line;
  std::getline(in, line);  // header
  Week week{};
  rows = 0;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    std::size_t start = 0;
    for (int c = 0; c < column; ++c) start = line.find(',', start) + 1;
    if (line[start] == '"') ++start;
    const int y = std::stoi(line.substr(start, 4)), m = std::stoi(line.substr(start + 5, 2)),
              d = std::stoi(line.substr(start + 8, 2)), hour = std::stoi(line.substr(start + 11, 2));
    const std::chrono::year_month_day ymd{std::chrono::year{y}, std::chrono::month{static_cast<unsigned>(m)},
                                          std::chrono::day{static_cast<unsigned>(d)}};
    const int monday_first =
        static_cast<int>(std::chrono::weekday{std::chrono::sys_days{ymd}}.iso_encoding()) - 1;
    week[static_cast<std::size_t>(monday_first * 24 + hour)] += 1;
    ++rows;
  }
  return week;
}

int argmax(const Week& w) {
  int best = 0;
  for (int b = 1; b < 168; ++b)
    if (w[b] > w[best]) best = b;
  return best;
}

void check_profile(const std::string& csv_name, const std::string& mapping, int time_column) {
  if (!grip::test::have_shared_data()) GTEST_SKIP() << "no real data";
  grip::test::ScratchDir scratch;
  const auto db = (scratch / "t.gpkg").string();
  const auto csv = grip::test::shared_data() / "incidents" / csv_name;
  const auto ingest =
      grip::test::run_grip({"--db", db, "-q", "ingest", "--mapping",
                            std::string(GRIP_SOURCE_DIR) + "/examples/" + mapping, csv.string()});
  ASSERT_EQ(ingest.exit_code, 0) << ingest.out;
  const auto result = grip::test::run_grip({"--db", db, "--json", "-q", "profile", "--force-only"});
  ASSERT_EQ(result.exit_code, 0) << result.out;
  const auto json = nlohmann::json::parse(result.out);

  std::int64_t rows = 0;
  const Week expected = count_csv(csv, time_column, rows);
  EXPECT_EQ(json["timed_incidents"].get<double>(), static_cast<double>(rows));
  EXPECT_EQ(json["month_only_incidents"].get<double>(), 0.0);
  const auto counts = json["force_counts"].get<std::vector<double>>();
  ASSERT_EQ(counts.size(), 168u);
  // One crime type, so one harm weight: the stored profile is the count times that weight.
  const double weight = counts[static_cast<std::size_t>(argmax(expected))] / expected[argmax(expected)];
  for (int b = 0; b < 168; ++b) EXPECT_NEAR(counts[b], weight * expected[b], 1e-6 * weight) << b;
  EXPECT_EQ(json["raw_peak"]["bin"].get<int>(), argmax(expected));

  Week smoothed{};
  for (int b = 0; b < 168; ++b)
    smoothed[b] = 0.25 * expected[(b + 167) % 168] + 0.5 * expected[b] + 0.25 * expected[(b + 1) % 168];
  EXPECT_EQ(json["peak"]["bin"].get<int>(), argmax(smoothed));
  const auto shares = json["force_shares"].get<std::vector<double>>();
  for (int b = 0; b < 168; ++b) EXPECT_NEAR(shares[b], smoothed[b] / static_cast<double>(rows), 1e-12) << b;
}

TEST(ProfileRealData, ChicagoAssaultPeakMatchesAnIndependentCount) {
  check_profile("chicago-aggravated-assaults-2010-2016.csv", "chicago-assaults.mapping.json", 0);
}

TEST(ProfileRealData, MemphisRobberyPeakMatchesAnIndependentCount) {
  check_profile("memphis-robberies-2019.csv", "memphis-robberies.mapping.json", 2);
}

}  // namespace

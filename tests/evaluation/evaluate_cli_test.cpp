// `grip evaluate` through the binary: the defaults stated, the verdicts printed, JSON and CSV out,
// and bad options refused with the usage exit code and a message naming the option.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "support/test_support.hpp"

namespace {

using grip::test::run_grip;

class EvaluateCli : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = grip::test::make_small_store(dir_);
    const auto hotspots = run_grip({"--db", db_.string(), "-q", "hotspots", "--top", "2"});
    ASSERT_EQ(hotspots.exit_code, 0) << hotspots.out;
  }
  grip::test::ScratchDir dir_;
  std::filesystem::path db_;
};

TEST_F(EvaluateCli, DefaultsAreStatedWithVerdicts) {
  const auto result = run_grip({"--db", db_.string(), "evaluate"});
  ASSERT_EQ(result.exit_code, 0) << result.out;
  // Three months stored (2018-01..03) and no patrol design: the last one against the one before.
  EXPECT_NE(result.out.find("Before 2018-02..2018-02"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("after 2018-03..2018-03"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("no patrol design stored"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("Buffer: 250 m"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("selected hotspots of hotspot run"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("Holm"), std::string::npos) << result.out;
}

TEST_F(EvaluateCli, WritesJsonAndCsv) {
  const auto csv = dir_ / "evaluation.csv";
  const auto series = dir_ / "series.csv";
  const auto html = dir_ / "evaluation.html";
  const auto result = run_grip({"--db", db_.string(), "--json", "evaluate", "--before", "2018-01..2018-02",
                                "--after", "2018-03", "--csv", csv.string(), "--series-csv", series.string(),
                                "--buffer-m", "100", "--html", html.string()});
  ASSERT_EQ(result.exit_code, 0) << result.out;
  const auto json = nlohmann::json::parse(result.out);
  EXPECT_EQ(json["before"], "2018-01..2018-02");
  EXPECT_EQ(json["after"], "2018-03..2018-03");
  EXPECT_EQ(json["buffer_m"], 100.0);
  ASSERT_FALSE(json["outcomes"].empty());
  EXPECT_TRUE(json["outcomes"][0].contains("verdict"));
  const auto rows = grip::test::parse_csv(grip::test::read_file(csv));
  ASSERT_EQ(rows.size(), json["outcomes"].size() + 1);
  EXPECT_EQ(rows[0][0], "outcome");
  EXPECT_EQ(rows[1][0], json["outcomes"][0]["name"]);
  // The CSV's treated counts are the JSON's.
  EXPECT_EQ(std::stod(rows[1][2]), json["outcomes"][0]["zones"]["treated"]["before"].get<double>());
  const auto series_rows = grip::test::parse_csv(grip::test::read_file(series));
  // One row per outcome, month (3) and zone (4), plus the header.
  EXPECT_EQ(series_rows.size(), json["outcomes"].size() * 3 * 4 + 1);
  // The HTML page: the outcome table and a chart with a line for the treated zone at least.
  const auto page = grip::test::read_file(html);
  EXPECT_EQ(page.rfind("<!DOCTYPE html>", 0), 0u);
  EXPECT_NE(page.find("<svg"), std::string::npos);
  EXPECT_NE(page.find("stroke=\"#c0392b\" stroke-width=\"2\" points="), std::string::npos);
  EXPECT_NE(page.find(json["outcomes"][0]["verdict"].get<std::string>()), std::string::npos);
}

TEST_F(EvaluateCli, RefusesBadOptions) {
  auto result = run_grip({"--db", db_.string(), "evaluate", "--after", "2018-13"});
  EXPECT_EQ(result.exit_code, 1) << result.out;
  EXPECT_NE(result.out.find("--after: '2018-13' is not a month YYYY-MM"), std::string::npos) << result.out;
  result = run_grip({"--db", db_.string(), "evaluate", "--before", "2018-03", "--after", "2018-01"});
  EXPECT_EQ(result.exit_code, 1) << result.out;
  EXPECT_NE(result.out.find("must end before --after"), std::string::npos) << result.out;
  result = run_grip({"--db", db_.string(), "evaluate", "--crime-types", "Jaywalking"});
  EXPECT_EQ(result.exit_code, 1) << result.out;
  EXPECT_NE(result.out.find("'Jaywalking' is not a stored crime type"), std::string::npos) << result.out;
  result = run_grip({"--db", db_.string(), "evaluate", "--areas", "district:Atlantis"});
  EXPECT_EQ(result.exit_code, 1) << result.out;
  EXPECT_NE(result.out.find("no stored district"), std::string::npos) << result.out;
  result = run_grip({"--db", db_.string(), "evaluate", "--after", "2017-01..2017-03"});
  EXPECT_EQ(result.exit_code, 1) << result.out;
  EXPECT_NE(result.out.find("no incidents are stored"), std::string::npos) << result.out;
  result = run_grip({"--db", db_.string(), "evaluate", "--buffer-m", "-5"});
  EXPECT_EQ(result.exit_code, 1) << result.out;
}

TEST(EvaluateCliHelp, StatesTheDefaults) {
  const auto result = run_grip({"evaluate", "--help"});
  ASSERT_EQ(result.exit_code, 0) << result.out;
  EXPECT_NE(result.out.find("--buffer-m"), std::string::npos);
  EXPECT_NE(result.out.find("=250"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("--areas TEXT=hotspots"), std::string::npos) << result.out;
}

}  // namespace

// `grip backtest` and `grip forecast` through the binary on the Essex months: the table states A and
// the cell size, the best model becomes the stored default, the forecast writes its layers.
#include <gtest/gtest.h>

#include <cmath>
#include <nlohmann/json.hpp>

#include "support/test_support.hpp"

namespace {

using grip::test::run_grip;

TEST(ForecastCli, BacktestChoosesTheDefaultAndForecastUsesIt) {
  if (!grip::test::have_shared_data()) GTEST_SKIP() << "no real data";
  grip::test::ScratchDir scratch;
  const auto db = (scratch / "essex.gpkg").string();
  const auto data = grip::test::shared_data();
  ASSERT_EQ(run_grip({"--db", db, "-q", "ingest", (data / "boundaries" / "essex-districts.geojson").string(),
                      (data / "police-uk" / "street").string()})
                .exit_code,
            0);
  const auto csv = (scratch / "backtest.csv").string();
  const auto backtest = run_grip({"--db", db, "-q", "backtest", "--csv", csv});
  ASSERT_EQ(backtest.exit_code, 0) << backtest.out;
  EXPECT_NE(backtest.out.find("163401 cells of 150 m = 3676.5 km2"), std::string::npos) << backtest.out;
  for (const char* model : {"long-run-mean", "naive", "moving-average", "all-crime", "ewma", "kde",
                            "prospective", "poisson-glm", "ensemble"}) {
    EXPECT_NE(backtest.out.find(std::string("\n") + model), std::string::npos) << model;
  }
  EXPECT_NE(backtest.out.find("Stored as the default model for grip forecast"), std::string::npos);
  EXPECT_NE(backtest.out.find("seasonal left out: no window a year before"), std::string::npos)
      << backtest.out;
  EXPECT_NE(backtest.out.find("Paired gain over origins against the best baseline"), std::string::npos);
  EXPECT_NE(grip::test::read_file(csv).find("naive,2018-12,0.05,"), std::string::npos);
  const auto stored =
      grip::test::query_text(db, "SELECT value FROM grip_settings WHERE key = 'forecast.default_model'");
  EXPECT_FALSE(stored.empty());

  ASSERT_EQ(run_grip({"--db", db, "-q", "hotspots"}).exit_code, 0);
  const auto forecast = run_grip({"--db", db, "--json", "-q", "forecast"});
  ASSERT_EQ(forecast.exit_code, 0) << forecast.out;
  const auto json = nlohmann::json::parse(forecast.out);
  EXPECT_EQ(json["model"], stored);
  EXPECT_EQ(json["target_window"], "2019-01");
  EXPECT_EQ(json["hotspots"].size(), 15u);
  EXPECT_EQ(grip::test::query_int(db, "SELECT count(*) FROM forecast_cells"),
            json["cells_in_layer"].get<std::int64_t>());
  EXPECT_EQ(grip::test::query_int(db, "SELECT count(*) FROM forecast_cells WHERE probability >= 0.01"),
            json["cells_above_cut"].get<std::int64_t>());
  EXPECT_EQ(
      grip::test::query_int(db, "SELECT count(*) FROM forecast_cells WHERE probability < 0.01 AND rank = 0"),
      0);
  // Ranked by expected harm, with P(>= 1), P(>= k) and the expected count side by side.
  const auto& ranked = json["ranked_cells"];
  ASSERT_EQ(ranked.size(), 15u);
  for (std::size_t i = 1; i < ranked.size(); ++i)
    EXPECT_GE(ranked[i - 1]["expected_harm"].get<double>(), ranked[i]["expected_harm"].get<double>());
  EXPECT_EQ(json["at_least_k"], 5);
  for (const auto& r : ranked) {
    // P(N >= 5) for N ~ Poisson(expected), summed here term by term.
    const double lambda = r["expected"].get<double>();
    double below = 0.0, factorial = 1.0;
    for (int i = 0; i < 5; ++i) {
      if (i > 0) factorial *= i;
      below += std::exp(-lambda) * std::pow(lambda, i) / factorial;
    }
    EXPECT_NEAR(r["probability_at_least_k"].get<double>(), 1.0 - below, 1e-9);
    EXPECT_GT(lambda, 0.0);
  }
  EXPECT_EQ(grip::test::query_int(db, "SELECT count(*) FROM forecast_hotspots"), 15);

  const auto refused = run_grip({"--db", db, "backtest", "--models", "sepp"});
  EXPECT_EQ(refused.exit_code, 1) << refused.out;
  EXPECT_NE(refused.out.find("needs time-stamped incidents"), std::string::npos) << refused.out;
}

// Day windows: no cell of Memphis reaches P = 0.5 in a day. The forecast says why and writes the
// ranked cells rather than an empty layer.
TEST(ForecastCli, DayWindowBelowTheCutSaysWhyAndWritesTheRankedCells) {
  if (!grip::test::have_shared_data()) GTEST_SKIP() << "no real data";
  grip::test::ScratchDir scratch;
  const auto db = (scratch / "memphis.gpkg").string();
  const auto data = grip::test::shared_data();
  ASSERT_EQ(run_grip({"--db", db, "-q", "ingest", "--mapping",
                      std::string(GRIP_SOURCE_DIR) + "/examples/memphis-robberies.mapping.json",
                      (data / "incidents" / "memphis-robberies-2019.csv").string()})
                .exit_code,
            0);
  const auto forecast = run_grip({"--db", db, "--json", "-q", "forecast", "--cut", "0.5", "--top", "4"});
  ASSERT_EQ(forecast.exit_code, 0) << forecast.out;
  const auto json = nlohmann::json::parse(forecast.out);
  EXPECT_EQ(json["model"], "long-run-mean");  // no backtest stored: the simplest baseline
  EXPECT_EQ(json["cells_above_cut"], 0);
  EXPECT_EQ(json["cells_in_layer"], 4);
  bool said_why = false;
  for (const auto& note : json["notes"])
    said_why |= note.get<std::string>().find("No cell reaches P >= 0.5") == 0;
  EXPECT_TRUE(said_why) << json["notes"].dump();
  EXPECT_EQ(grip::test::query_int(db, "SELECT count(*) FROM forecast_cells"), 4);
}

}  // namespace

// `grip backtest --window` with shift and recurring windows, through the binary on the Memphis
// robberies (2019, to the minute): 8-hour shifts from 06:00 are labelled and scored, Friday and
// Saturday nights 20:00-04:00 say how many robberies fall outside them, and a bad window is refused
// with exit code 1 and the reason.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "support/test_support.hpp"

namespace {

using grip::test::run_grip;

std::string memphis_store(const grip::test::ScratchDir& scratch) {
  const auto db = (scratch / "memphis.gpkg").string();
  const auto data = grip::test::shared_data();
  const auto ingest = run_grip({"--db", db, "-q", "ingest", "--mapping",
                                std::string(GRIP_SOURCE_DIR) + "/examples/memphis-robberies.mapping.json",
                                (data / "incidents" / "memphis-robberies-2019.csv").string()});
  EXPECT_EQ(ingest.exit_code, 0) << ingest.out;
  return db;
}

TEST(ForecastWindowsCli, EightHourShiftsFromSix) {
  if (!grip::test::have_shared_data()) GTEST_SKIP() << "no real data";
  grip::test::ScratchDir scratch;
  const auto db = memphis_store(scratch);
  const auto run = run_grip({"--db", db, "--json", "-q", "backtest", "--window", "8h", "--window-start", "06",
                             "--models", "long-run-mean,naive,moving-average", "--origins", "6"});
  ASSERT_EQ(run.exit_code, 0) << run.out;
  const auto json = nlohmann::json::parse(run.out);
  EXPECT_EQ(json["window"], "shift");
  EXPECT_EQ(json["window_spec"], "8 h from 06:00");
  ASSERT_EQ(json["scored_windows"].size(), 6u);
  // Every label is a shift start at 06, 14 or 22 o'clock.
  for (const auto& label : json["scored_windows"]) {
    const auto text = label.get<std::string>();
    EXPECT_TRUE(text.find(" 06:00/8h") != std::string::npos || text.find(" 14:00/8h") != std::string::npos ||
                text.find(" 22:00/8h") != std::string::npos)
        << text;
  }
}

TEST(ForecastWindowsCli, FridayAndSaturdayNights) {
  if (!grip::test::have_shared_data()) GTEST_SKIP() << "no real data";
  grip::test::ScratchDir scratch;
  const auto db = memphis_store(scratch);
  const auto run = run_grip({"--db", db, "--json", "-q", "backtest", "--window", "fri,sat 20:00-04:00",
                             "--models", "long-run-mean,naive", "--origins", "4"});
  ASSERT_EQ(run.exit_code, 0) << run.out;
  const auto json = nlohmann::json::parse(run.out);
  EXPECT_EQ(json["window_spec"], "Fri, Sat 20:00-04:00");
  for (const auto& label : json["scored_windows"]) {
    const auto text = label.get<std::string>();
    EXPECT_TRUE(text.find(" Fri 20:00/8h") != std::string::npos ||
                text.find(" Sat 20:00/8h") != std::string::npos)
        << text;
  }
  bool outside = false;
  for (const auto& note : json["notes"])
    outside |=
        note.get<std::string>().find("fall outside every Fri, Sat 20:00-04:00 window") != std::string::npos;
  EXPECT_TRUE(outside) << json["notes"].dump();
}

TEST(ForecastWindowsCli, RefusesABadWindow) {
  if (!grip::test::have_shared_data()) GTEST_SKIP() << "no real data";
  grip::test::ScratchDir scratch;
  const auto db = memphis_store(scratch);
  const auto bad = run_grip({"--db", db, "-q", "backtest", "--window", "36h"});
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_NE(bad.out.find("lengths over a day must be whole days"), std::string::npos) << bad.out;
  const auto start_alone = run_grip({"--db", db, "-q", "backtest", "--window-start", "06"});
  EXPECT_EQ(start_alone.exit_code, 1);
  EXPECT_NE(start_alone.out.find("--window-start needs --window"), std::string::npos) << start_alone.out;
}

}  // namespace

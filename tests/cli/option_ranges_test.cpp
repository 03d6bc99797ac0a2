// Every numeric option is range-checked before any work: a negative count no longer wraps to
// 18446744073709551613, NaN is no number, and the refusal names the option and the range.
#include <gtest/gtest.h>

#include "support/test_support.hpp"

namespace grip::test {
namespace {

struct BadValue {
  std::string command, option, value, range;
};

TEST(OptionRanges, BadValuesExitOneNamingOptionAndRange) {
  ScratchDir dir;
  const std::string db = (dir / "none.gpkg").string();
  const std::vector<BadValue> bad = {
      {"hotspots", "--top", "-3", "from 1 to 1000"},
      {"hotspots", "--top", "0", "from 1 to 1000"},
      {"hotspots", "--cell-size", "0", "from 1 to 10000"},
      {"hotspots", "--cell-size", "nan", "from 1 to 10000"},
      {"hotspots", "--min-distance-m", "-5", "from 0 to 100000"},
      {"hotspots", "--max-area-m2", "-1", "from 0 to 1e+10"},
      {"hotspots", "--bandwidth", "-300", "from 1 to 100000"},
      {"hotspots", "--runners-up", "-1", "from 0 to 1000"},
      {"hotspots", "--min-per-district", "-2", "from 0 to 1000"},
      {"hotspots", "--max-per-district", "2.5", "from 0 to 1000"},
      {"hotspots", "--grid-shift", "inf", "from -10000 to 10000"},
      {"forecast", "--top", "-1", "from 1 to 1000"},
      {"forecast", "--cut", "1.5", "from 0 to 1"},
      {"forecast", "--cut", "nan", "from 0 to 1"},
      {"forecast", "--cell-size", "-150", "from 1 to 10000"},
      {"backtest", "--origins", "-1", "from 1 to 10000"},
      {"backtest", "--warmup", "-2", "from 0 to 1000"},
      {"backtest", "--min-train", "0", "from 1 to 10000"},
      {"backtest", "--calibration-origins", "-4", "from 1 to 10000"},
      {"demo", "--months", "0", "from 1 to 120"},
      {"demo", "--scale", "-1", "from 0.01 to 100"},
      {"demo", "--seed", "-1", "from 0 to 9223372036854775807"},
      {"ingest", "--max-outside-km", "-20", "from 0.1 to 1000"},
      {"demo", "--programme-displacement", "1.5", "from 0 to 1"},
      {"demo", "--programme-displacement", "-0.1", "from 0 to 1"},
      {"demo", "--programme-displacement", "nan", "from 0 to 1"},
      {"evaluate", "--buffer-m", "-1", "from 0 to 5000"},
      {"evaluate", "--confidence", "1", "from 0.5 to 0.999"},
  };
  for (const auto& b : bad) {
    std::vector<std::string> arguments = {"--db", db, b.command, b.option, b.value};
    if (b.command == "ingest") arguments.push_back((dir / "nothing.csv").string());
    const auto result = run_grip(arguments);
    EXPECT_EQ(result.exit_code, 1) << b.command << " " << b.option << " " << b.value << ": " << result.out;
    EXPECT_NE(result.out.find(b.option), std::string::npos) << result.out;
    EXPECT_NE(result.out.find(b.range), std::string::npos)
        << b.option << " " << b.value << ": " << result.out;
  }
  EXPECT_FALSE(fs::exists(db)) << "refused at parsing: no store is created";
}

}  // namespace
}  // namespace grip::test

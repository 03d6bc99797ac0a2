// The memory check: the budget from GRIP_MEMORY_LIMIT_MB, the refusal's words and the advice.
#include "grip/core/memory_budget.hpp"

#include <gtest/gtest.h>

#include <cstdlib>

#include "grip/core/errors.hpp"

namespace grip {
namespace {

class MemoryBudgetTest : public ::testing::Test {
 protected:
  void SetUp() override { setenv("GRIP_MEMORY_LIMIT_MB", "25", 1); }
  void TearDown() override { unsetenv("GRIP_MEMORY_LIMIT_MB"); }
};

TEST_F(MemoryBudgetTest, ReadsTheLimitFromTheEnvironment) {
  const auto budget = available_memory();
  ASSERT_TRUE(budget);
  EXPECT_EQ(budget->bytes, 25u * 1024 * 1024);
  EXPECT_EQ(budget->source, "GRIP_MEMORY_LIMIT_MB");
}

TEST_F(MemoryBudgetTest, WithoutTheLimitItReadsProcMeminfo) {
  unsetenv("GRIP_MEMORY_LIMIT_MB");
  const auto budget = available_memory();
  ASSERT_TRUE(budget);
  EXPECT_EQ(budget->source, "MemAvailable in /proc/meminfo");
  EXPECT_GT(budget->bytes, 1u << 20);
}

TEST_F(MemoryBudgetTest, RefusesWhatDoesNotFitSayingNeededAvailableAndAdvice) {
  EXPECT_NO_THROW(require_memory(25u * 1024 * 1024, "a job", "x"));
  try {
    require_memory(100u * 1024 * 1024, "the hotspot analysis", "use --cell-size 40 or larger");
    FAIL() << "100 MB does not fit in 25 MB";
  } catch (const UsageError& error) {
    const std::string message = error.what();
    EXPECT_NE(message.find("the hotspot analysis needs about 100 MB"), std::string::npos) << message;
    EXPECT_NE(message.find("but 25 MB is available (GRIP_MEMORY_LIMIT_MB)"), std::string::npos) << message;
    EXPECT_NE(message.find("use --cell-size 40 or larger"), std::string::npos) << message;
  }
}

TEST_F(MemoryBudgetTest, GridAdviceScalesTheCellSizeWithTheSquareRoot) {
  // 1,048,576 cells × 100 B = 100 MB, 4 × the budget: twice the cell size (10 m → 20 m) holds a
  // quarter of the cells; with 5 % room, 21 m, rounded up to 25 m.
  try {
    require_grid_memory(1'048'576, 100.0, 10.0, "the analysis");
    FAIL();
  } catch (const UsageError& error) {
    EXPECT_NE(std::string(error.what()).find("use --cell-size 25 or larger"), std::string::npos)
        << error.what();
  }
  EXPECT_NO_THROW(require_grid_memory(262'144, 100.0, 20.0, "the analysis"));  // exactly 25 MB
}

TEST_F(MemoryBudgetTest, ABadLimitIsAUsageError) {
  setenv("GRIP_MEMORY_LIMIT_MB", "lots", 1);
  EXPECT_THROW((void)available_memory(), UsageError);
}

}  // namespace
}  // namespace grip

// A GoogleTest fixture for tests that need a PostgreSQL server: each gets a fresh database
// (support/postgres_fixture.hpp) and an open Grip engine on it. Without GRIP_TEST_PG the test
// fails and says how to start the cluster, unless GRIP_SKIP_POSTGRES=1 makes it skip.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <optional>

#include "grip/store/database.hpp"
#include "support/postgres_fixture.hpp"

namespace grip::test {

inline constexpr int kBritishNationalGrid = 27700;

class PostgresTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!postgres_available()) {
      if (postgres_skipped()) GTEST_SKIP() << "GRIP_SKIP_POSTGRES=1";
      FAIL() << postgres_missing_message();
    }
    database_.emplace();
    db = store::open_postgis(database_->locator());
    db->use_srid(kBritishNationalGrid);
  }

  [[nodiscard]] const TestDatabase& database() const { return *database_; }
  // What the server holds, read without the engine under test.
  [[nodiscard]] std::string value(const std::string& sql) const {
    return pg_value(database_->conninfo(), sql);
  }
  [[nodiscard]] std::unique_ptr<store::Database> open_again() const {
    auto other = store::open_postgis(database_->locator());
    other->use_srid(kBritishNationalGrid);
    return other;
  }

  std::optional<TestDatabase> database_;
  std::unique_ptr<store::Database> db;  // declared after database_: closed before it is dropped
};

}  // namespace grip::test

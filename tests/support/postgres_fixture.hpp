// Test support for the PostgreSQL engine: a throwaway database per test, made from the cluster
// that scripts/pg-test-cluster starts (GRIP_TEST_PG holds its admin conninfo), and a libpq reader
// independent of the code under test.
#pragma once

#include <string>

namespace grip::test {

// GRIP_TEST_PG is set: PostgreSQL tests can run.
bool postgres_available();
// GRIP_SKIP_POSTGRES=1: a machine without PostgreSQL skips those tests instead of failing them.
bool postgres_skipped();
// Why a PostgreSQL test failed for want of a server, and how to give it one.
const char* postgres_missing_message();

// A database grip_t_<random> made from template grip_template (PostGIS installed), dropped with
// WITH (FORCE) at destruction so a test's leftover connection cannot keep it.
class TestDatabase {
 public:
  TestDatabase();
  // The same made as a copy of another database of the cluster (a cached store, see
  // reset_cache_database), which must have no open connection while it is copied.
  explicit TestDatabase(const std::string& template_name);
  ~TestDatabase();
  TestDatabase(const TestDatabase&) = delete;
  TestDatabase& operator=(const TestDatabase&) = delete;

  [[nodiscard]] const std::string& name() const { return name_; }
  // libpq keyword conninfo for the database.
  [[nodiscard]] const std::string& conninfo() const { return conninfo_; }
  // What Grip's --db takes: "PG:" + conninfo (GDAL opens the same string).
  [[nodiscard]] std::string locator() const { return "PG:" + conninfo_; }

 private:
  std::string name_;
  std::string conninfo_;
};

// Databases kept for the cluster's life, which test processes copy (test_support's
// copy_cached_store): one is complete once mark_cache_database_complete has run on it, which a
// half-made one (its maker killed) never has.
std::string cache_database_conninfo(const std::string& name);
bool cache_database_complete(const std::string& name);
// Drops the database if it exists and makes it again, empty, from grip_template.
void reset_cache_database(const std::string& name);
void mark_cache_database_complete(const std::string& name);

// The first column of the first row of `sql` as text ("" for NULL or no row), read with libpq
// directly so a test checks the engine against something it did not write. Throws on error.
std::string pg_value(const std::string& conninfo, const std::string& sql);

}  // namespace grip::test

#include "support/postgres_fixture.hpp"

#include <libpq-fe.h>

#include <cstdlib>
#include <memory>
#include <random>
#include <stdexcept>

namespace grip::test {
namespace {

using Connection = std::unique_ptr<PGconn, decltype(&PQfinish)>;
using Result = std::unique_ptr<PGresult, decltype(&PQclear)>;

std::string admin_conninfo() {
  const char* value = std::getenv("GRIP_TEST_PG");
  if (value == nullptr || value[0] == '\0') throw std::runtime_error(postgres_missing_message());
  return value;
}

Connection connect(const std::string& conninfo) {
  Connection conn(PQconnectdb(conninfo.c_str()), PQfinish);
  if (PQstatus(conn.get()) != CONNECTION_OK) {
    throw std::runtime_error("cannot connect to " + conninfo + ": " + PQerrorMessage(conn.get()));
  }
  return conn;
}

Result run(PGconn* conn, const std::string& sql) {
  Result result(PQexec(conn, sql.c_str()), PQclear);
  const ExecStatusType status = PQresultStatus(result.get());
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
    throw std::runtime_error(sql + ": " + PQresultErrorMessage(result.get()));
  }
  return result;
}

// The admin conninfo with dbname replaced, rebuilt from libpq's own parse of it.
std::string with_database(const std::string& conninfo, const std::string& database) {
  char* error = nullptr;
  std::unique_ptr<PQconninfoOption, decltype(&PQconninfoFree)> options(
      PQconninfoParse(conninfo.c_str(), &error), PQconninfoFree);
  if (!options) {
    const std::string message = error ? error : "out of memory";
    PQfreemem(error);
    throw std::runtime_error("GRIP_TEST_PG is not a conninfo: " + message);
  }
  std::string out;
  for (const PQconninfoOption* option = options.get(); option->keyword; ++option) {
    const std::string keyword = option->keyword;
    if (keyword == "dbname" || option->val == nullptr || option->val[0] == '\0') continue;
    out += keyword + "='" + option->val + "' ";
  }
  return out + "dbname=" + database;
}

}  // namespace

bool postgres_available() {
  const char* value = std::getenv("GRIP_TEST_PG");
  return value != nullptr && value[0] != '\0';
}

bool postgres_skipped() {
  const char* value = std::getenv("GRIP_SKIP_POSTGRES");
  return value != nullptr && std::string(value) == "1";
}

const char* postgres_missing_message() {
  return "GRIP_TEST_PG is not set: run `scripts/pg-test-cluster start` and "
         "`eval \"$(scripts/pg-test-cluster env)\"`, or set GRIP_SKIP_POSTGRES=1 to skip PostgreSQL tests";
}

TestDatabase::TestDatabase() : TestDatabase(std::string("grip_template")) {}

TestDatabase::TestDatabase(const std::string& template_name) {
  std::random_device seed;
  std::mt19937_64 random(seed());
  name_ = "grip_t_" + std::to_string(random() % 1'000'000'000'000ULL);
  const Connection admin = connect(admin_conninfo());
  run(admin.get(), "CREATE DATABASE " + name_ + " TEMPLATE " + template_name);
  conninfo_ = with_database(admin_conninfo(), name_);
}

TestDatabase::~TestDatabase() {
  try {
    const Connection admin = connect(admin_conninfo());
    run(admin.get(), "DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)");
  } catch (const std::runtime_error&) {
    // The cluster is throwaway: a database left behind goes with `pg-test-cluster stop`.
  }
}

namespace {
constexpr const char* kCacheComplete = "grip test cache: complete";
}  // namespace

std::string cache_database_conninfo(const std::string& name) { return with_database(admin_conninfo(), name); }

bool cache_database_complete(const std::string& name) {
  const Connection admin = connect(admin_conninfo());
  const Result result =
      run(admin.get(),
          "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = '" + name + "'");
  return PQntuples(result.get()) == 1 && !PQgetisnull(result.get(), 0, 0) &&
         std::string(PQgetvalue(result.get(), 0, 0)) == kCacheComplete;
}

void reset_cache_database(const std::string& name) {
  const Connection admin = connect(admin_conninfo());
  run(admin.get(), "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
  run(admin.get(), "CREATE DATABASE " + name + " TEMPLATE grip_template");
}

void mark_cache_database_complete(const std::string& name) {
  const Connection admin = connect(admin_conninfo());
  run(admin.get(), "COMMENT ON DATABASE " + name + " IS '" + kCacheComplete + "'");
}

std::string pg_value(const std::string& conninfo, const std::string& sql) {
  const Connection conn = connect(conninfo);
  const Result result = run(conn.get(), sql);
  if (PQntuples(result.get()) == 0 || PQgetisnull(result.get(), 0, 0)) return "";
  return PQgetvalue(result.get(), 0, 0);
}

}  // namespace grip::test

#include "support/test_support.hpp"

#include "support/postgres_fixture.hpp"

#include <sqlite3.h>
#include <sys/wait.h>

#include <array>
#include <atomic>
#include <cstdio>
#include <fstream>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <random>
#include <sstream>
#include <stdexcept>

namespace grip::test {

fs::path shared_data() { return fs::path(GRIP_SHARED_DATA); }
bool have_shared_data() { return fs::exists(shared_data() / "police-uk" / "street"); }

ScratchDir::ScratchDir() {
  static std::atomic<int> counter{0};
  std::random_device entropy;
  path_ = fs::temp_directory_path() /
          ("grip-test-" + std::to_string(entropy()) + "-" + std::to_string(counter++));
  fs::create_directories(path_);
}

namespace {
// The PostGIS databases standing in for store paths, by path; dropped with their folder.
struct StandIns {
  std::mutex lock;
  std::map<std::string, std::unique_ptr<TestDatabase>> by_path;
};
StandIns& stand_ins() {
  static StandIns all;
  return all;
}
}  // namespace

bool testing_postgis() {
  const char* engine = std::getenv("GRIP_TEST_ENGINE");
  return engine != nullptr && std::string(engine) == "postgis";
}

std::string store_locator(const fs::path& gpkg_path) {
  if (!testing_postgis()) return gpkg_path.string();
  const std::string key = fs::absolute(gpkg_path).lexically_normal().string();
  auto& all = stand_ins();
  const std::lock_guard guard(all.lock);
  auto& database = all.by_path[key];
  if (!database) database = std::make_unique<TestDatabase>();
  return database->locator();
}

ScratchDir::~ScratchDir() {
  {
    auto& all = stand_ins();
    const std::lock_guard guard(all.lock);
    const std::string prefix = path_.string() + "/";
    for (auto it = all.by_path.begin(); it != all.by_path.end();) {
      it = it->first.starts_with(prefix) ? all.by_path.erase(it) : std::next(it);
    }
  }
  std::error_code ignored;
  fs::remove_all(path_, ignored);
}

fs::path ScratchDir::write(const std::string& name, const std::string& bytes) const {
  const fs::path file = path_ / name;
  fs::create_directories(file.parent_path());
  std::ofstream out(file, std::ios::binary);
  out << bytes;
  return file;
}

namespace {
std::string shell_quote(const std::string& word) {
  std::string quoted = "'";
  for (char c : word) {
    if (c == '\'') {
      quoted += "'\\''";
    } else {
      quoted.push_back(c);
    }
  }
  return quoted + "'";
}

sqlite3* open_read_only(const fs::path& db) {
  sqlite3* handle = nullptr;
  if (sqlite3_open_v2(db.c_str(), &handle, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
    sqlite3_close(handle);
    throw std::runtime_error("cannot open " + db.string());
  }
  return handle;
}
}  // namespace

CliResult run_grip(const std::vector<std::string>& arguments) {
  std::string command = shell_quote(GRIP_CLI);
  bool store_next = false;
  for (const auto& argument : arguments) {
    if (store_next) {
      command += " " + shell_quote(store_locator(argument));
    } else if (argument.starts_with("--db=")) {
      command += " " + shell_quote("--db=" + store_locator(argument.substr(5)));
    } else {
      command += " " + shell_quote(argument);
    }
    store_next = argument == "--db";
  }
  command += " 2>&1";
  CliResult result;
  FILE* pipe = popen(command.c_str(), "r");
  if (!pipe) throw std::runtime_error("cannot run " + command);
  std::array<char, 4096> buffer{};
  std::size_t got = 0;
  while ((got = fread(buffer.data(), 1, buffer.size(), pipe)) > 0) result.out.append(buffer.data(), got);
  const int status = pclose(pipe);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

std::int64_t query_int(const fs::path& db, const std::string& sql) {
  if (testing_postgis()) {
    const auto value = pg_value(store_locator(db).substr(3), sql);
    if (value.empty()) return -1;
    if (value == "t" || value == "f") return value == "t" ? 1 : 0;
    return std::stoll(value);
  }
  sqlite3* handle = open_read_only(db);
  sqlite3_stmt* statement = nullptr;
  if (sqlite3_prepare_v2(handle, sql.c_str(), -1, &statement, nullptr) != SQLITE_OK) {
    const std::string message = sqlite3_errmsg(handle);
    sqlite3_close(handle);
    throw std::runtime_error(message + " in " + sql);
  }
  std::int64_t value = sqlite3_step(statement) == SQLITE_ROW ? sqlite3_column_int64(statement, 0) : -1;
  sqlite3_finalize(statement);
  sqlite3_close(handle);
  return value;
}

std::string query_text(const fs::path& db, const std::string& sql) {
  if (testing_postgis()) return pg_value(store_locator(db).substr(3), sql);
  sqlite3* handle = open_read_only(db);
  sqlite3_stmt* statement = nullptr;
  std::string value;
  if (sqlite3_prepare_v2(handle, sql.c_str(), -1, &statement, nullptr) == SQLITE_OK &&
      sqlite3_step(statement) == SQLITE_ROW && sqlite3_column_text(statement, 0)) {
    value = reinterpret_cast<const char*>(sqlite3_column_text(statement, 0));
  }
  sqlite3_finalize(statement);
  sqlite3_close(handle);
  return value;
}

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

}  // namespace grip::test

#include "support/test_support.hpp"

#include <fcntl.h>
#include <sqlite3.h>
#include <sys/file.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <random>
#include <sstream>
#include <stdexcept>

#include "support/postgres_fixture.hpp"

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
  std::map<std::string, std::string> kept;  // cache stores: path -> locator of a database kept
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
  if (const auto kept = all.kept.find(key); kept != all.kept.end()) return kept->second;
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

namespace {
// Names the grip binary by path, size and modification time, so a rebuilt binary never gets a
// store that older code made.
std::string binary_identity() {
  const fs::path binary(GRIP_CLI);
  std::error_code error;
  const auto size = fs::file_size(binary, error);
  const auto modified = fs::last_write_time(binary, error).time_since_epoch().count();
  const std::string text =
      binary.string() + "|" + std::to_string(size) + "|" + std::to_string(modified) + "|" +
      (testing_postgis()
           ? std::string("postgis|") + (std::getenv("GRIP_TEST_PG") ? std::getenv("GRIP_TEST_PG") : "")
           : "gpkg");
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016zx", std::hash<std::string>{}(text));
  return hex;
}

// An exclusive flock held for the object's life.
class FileLock {
 public:
  explicit FileLock(const fs::path& file) : fd_(::open(file.c_str(), O_CREAT | O_RDWR, 0600)) {
    if (fd_ < 0 || ::flock(fd_, LOCK_EX) != 0) throw std::runtime_error("cannot lock " + file.string());
  }
  ~FileLock() {
    ::flock(fd_, LOCK_UN);
    ::close(fd_);
  }
  FileLock(const FileLock&) = delete;
  FileLock& operator=(const FileLock&) = delete;

 private:
  int fd_;
};
}  // namespace

void copy_cached_store(const std::string& recipe, const fs::path& gpkg_path,
                       const std::function<std::string(const fs::path& store)>& make) {
  const std::string key = recipe + "-" + binary_identity();
  const fs::path root = fs::temp_directory_path() / ("grip-test-cache-" + std::to_string(::getuid()));
  fs::create_directories(root);
  const FileLock lock(root / (key + ".lock"));
  const fs::path folder = root / key;
  const fs::path cached = folder / "store.gpkg";
  if (testing_postgis()) {
    char hashed[17];
    std::snprintf(hashed, sizeof hashed, "%016zx", std::hash<std::string>{}(key));
    const std::string database = std::string("grip_cache_") + hashed;
    if (!cache_database_complete(database)) {
      reset_cache_database(database);
      const std::string cached_key = fs::absolute(cached).lexically_normal().string();
      {
        auto& all = stand_ins();
        const std::lock_guard guard(all.lock);
        all.kept[cached_key] = "PG:" + cache_database_conninfo(database);
      }
      fs::create_directories(folder);
      const std::string failed = make(cached);
      {
        auto& all = stand_ins();
        const std::lock_guard guard(all.lock);
        all.kept.erase(cached_key);
      }
      if (!failed.empty()) throw std::runtime_error("making the cached store " + recipe + ": " + failed);
      mark_cache_database_complete(database);
    }
    const std::string target = fs::absolute(gpkg_path).lexically_normal().string();
    auto& all = stand_ins();
    const std::lock_guard guard(all.lock);
    all.by_path[target] = std::make_unique<TestDatabase>(database);
    return;
  }
  const fs::path complete = folder / "complete";
  if (!fs::exists(complete)) {
    // Copies made by older binaries of this recipe go once they have been idle for a day.
    std::error_code ignored;
    for (const auto& entry : fs::directory_iterator(root, ignored)) {
      const std::string name = entry.path().filename().string();
      if (entry.is_directory() && name != key && name.starts_with(recipe + "-") &&
          fs::last_write_time(entry.path(), ignored) <
              fs::file_time_type::clock::now() - std::chrono::hours(24))
        fs::remove_all(entry.path(), ignored);
    }
    fs::remove_all(folder);
    fs::create_directories(folder);
    const std::string failed = make(cached);
    if (!failed.empty()) {
      fs::remove_all(folder);
      throw std::runtime_error("making the cached store " + recipe + ": " + failed);
    }
    std::ofstream(complete) << recipe << "\n";
  }
  for (const char* suffix : {"", "-wal"}) {
    const fs::path from = cached.string() + suffix;
    if (fs::exists(from))
      fs::copy_file(from, gpkg_path.string() + suffix, fs::copy_options::overwrite_existing);
  }
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

namespace {
CliResult run_shell(std::string command);
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
  return run_shell(std::move(command));
}

CliResult run_grip_verbatim(const std::vector<std::string>& arguments) {
  std::string command = shell_quote(GRIP_CLI);
  for (const auto& argument : arguments) command += " " + shell_quote(argument);
  return run_shell(std::move(command));
}

namespace {
CliResult run_shell(std::string command) {
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
}  // namespace

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

void exec_sql(const fs::path& db, const std::string& sql) {
  if (testing_postgis()) {
    (void)pg_value(store_locator(db).substr(3), sql);
    return;
  }
  sqlite3* handle = nullptr;
  if (sqlite3_open_v2(db.c_str(), &handle, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK) {
    sqlite3_close(handle);
    throw std::runtime_error("cannot open " + db.string());
  }
  char* error = nullptr;
  const int code = sqlite3_exec(handle, sql.c_str(), nullptr, nullptr, &error);
  const std::string message = error ? error : "";
  sqlite3_free(error);
  sqlite3_close(handle);
  if (code != SQLITE_OK) throw std::runtime_error(message + " in " + sql);
}

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

fs::path make_small_store(const ScratchDir& dir, const std::string& name) {
  std::string csv =
      "Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Crime type,"
      "Last outcome category,Context\n";
  const char* types[] = {"Violence and sexual offences", "Robbery", "Burglary",
                         "Violence and sexual offences"};
  int id = 0;
  for (const char* month : {"2018-01", "2018-02", "2018-03"}) {
    for (int i = 0; i < 24; ++i) {
      // Half the rows at two repeated places, the rest spread over about 2 km.
      const double lon = i % 4 == 0 ? 0.4700 : i % 4 == 1 ? 0.4850 : 0.4600 + 0.0011 * i;
      const double lat = i % 4 == 0 ? 51.7300 : i % 4 == 1 ? 51.7380 : 51.7200 + 0.0007 * i;
      char position[64];
      std::snprintf(position, sizeof position, "%.6f,%.6f", lon, lat);
      csv += "r" + std::to_string(id++) + "," + month + ",Essex Police,Essex Police," + position +
             ",On or near High Street,E01021585,Chelmsford 011A," + types[i % 4] + ",Under investigation,\n";
    }
  }
  // The hostile rows: text a spreadsheet would run, and a point west of Greenwich (negative longitude).
  csv +=
      "h1,2018-03,Essex Police,Essex Police,0.470000,51.730000,\"=HYPERLINK(\"\"http://x\"\")\",E01021585,"
      "@SUM(1+1),Robbery,+cmd|' /C calc'!A0,\n";
  csv +=
      "h2,2018-03,Essex Police,Essex Police,-0.010000,51.730000,-2+3,E01021585,Chelmsford 011A,Robbery,"
      "Under investigation,\n";
  const fs::path store = dir / name;
  const auto result = run_grip(
      {"--db", store.string(), "-q", "ingest", dir.write("street/2018-03-street.csv", csv).string()});
  if (result.exit_code != 0) throw std::runtime_error("small store: ingest failed: " + result.out);
  return store;
}

std::int64_t street_rows_with_coordinates(const fs::path& csv) {
  std::istringstream lines(read_file(csv));
  std::string line;
  std::getline(lines, line);
  std::int64_t rows = 0;
  while (std::getline(lines, line)) {
    if (line.size() > 2 && line.find("Police,,") == std::string::npos) ++rows;
  }
  return rows;
}

std::int64_t write_renamed_street_copies(const fs::path& folder, int copies) {
  fs::create_directories(folder);
  std::int64_t with_coordinates = 0;
  for (const auto& entry : fs::directory_iterator(shared_data() / "police-uk" / "street")) {
    const std::string text = read_file(entry.path());
    for (int copy = 1; copy <= copies; ++copy) {
      const std::string from = "Essex Police", to = "Force " + std::to_string(copy);
      std::string renamed;
      renamed.reserve(text.size());
      std::size_t done = 0;
      for (std::size_t at = text.find(from); at != std::string::npos; at = text.find(from, done)) {
        renamed.append(text, done, at - done).append(to);
        done = at + from.size();
      }
      renamed.append(text, done);
      std::ofstream(folder / (std::to_string(copy) + "-" + entry.path().filename().string())) << renamed;
    }
    with_coordinates += street_rows_with_coordinates(entry.path());
  }
  return with_coordinates * copies;
}

std::vector<std::vector<std::string>> parse_csv(const std::string& text) {
  std::vector<std::vector<std::string>> rows(1);
  std::string cell;
  bool quoted = false, any = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        cell += '"', ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        cell += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      rows.back().push_back(cell), cell.clear();
    } else if (c == '\n' || c == '\r') {
      if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
      rows.back().push_back(cell), cell.clear();
      rows.emplace_back();
    } else {
      cell += c;
    }
    any = true;
  }
  if (!cell.empty() || (any && !rows.back().empty())) rows.back().push_back(cell);
  if (rows.back().empty()) rows.pop_back();
  return rows;
}

}  // namespace grip::test

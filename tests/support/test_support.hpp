// Helpers shared by the integration tests: scratch folders, running the grip CLI, reading a store.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace grip::test {

namespace fs = std::filesystem;

// The real data beside the repository (CI has it); tests that need it skip when it is absent.
fs::path shared_data();
bool have_shared_data();

// A fresh folder under the system temp dir, removed at destruction.
class ScratchDir {
 public:
  ScratchDir();
  ~ScratchDir();
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  [[nodiscard]] const fs::path& path() const { return path_; }
  [[nodiscard]] fs::path operator/(const std::string& name) const { return path_ / name; }
  // Writes bytes to a file in the folder and returns its path.
  fs::path write(const std::string& name, const std::string& bytes) const;

 private:
  fs::path path_;
};

// The engine the suite runs against: GRIP_TEST_ENGINE=postgis runs every test that names a store
// path on PostgreSQL/PostGIS instead (scripts/test runs the suite once per engine).
bool testing_postgis();
// What a test passes as a store: the path itself on the GeoPackage engine; on PostGIS a database
// of its own for that path (made from grip_template on first use, dropped with its ScratchDir).
std::string store_locator(const fs::path& gpkg_path);

// A store that takes long to make (the demo: ~25 s), made once per grip binary, engine and
// recipe, then copied to gpkg_path (on PostGIS: a database of its own for that path, made from
// the cached one). ctest runs every test in a process of its own, so a suite's SetUpTestSuite
// alone would make it again for each of its tests. `make` writes the store at the path it is
// given through run_grip, as any test does, and returns what went wrong ("" when nothing did),
// which is thrown and leaves no cache behind. Processes wanting the same recipe wait on a file
// lock; a cache whose maker died half-way is made again.
void copy_cached_store(const std::string& recipe, const fs::path& gpkg_path,
                       const std::function<std::string(const fs::path& store)>& make);

struct CliResult {
  int exit_code = -1;
  std::string out;  // stdout and stderr together
};
// Runs the built grip binary with arguments (each passed as one shell word). The value of --db
// goes through store_locator, so CLI tests run on either engine unchanged.
CliResult run_grip(const std::vector<std::string>& arguments);
// The same with every argument as given, --db included (tests that name both engines themselves).
CliResult run_grip_verbatim(const std::vector<std::string>& arguments);

// First column of the first row of a query on a store, as an integer (opened read-only), read
// with the engine's own client library, independently of Grip's store code.
std::int64_t query_int(const fs::path& db, const std::string& sql);
std::string query_text(const fs::path& db, const std::string& sql);

// Runs a statement that changes a store (a test tampering with it), with the engine's own client.
void exec_sql(const fs::path& db, const std::string& sql);

std::string read_file(const fs::path& path);

// A small store made through `grip ingest`: three months of data.police.uk street rows around
// Chelmsford, some at repeated places so hotspots form, and `hostile` rows whose location, outcome
// and LSOA name are spreadsheet formulas (=HYPERLINK, +cmd, @SUM) and one west of Greenwich.
// Returns the store's path (dir / name).
fs::path make_small_store(const ScratchDir& dir, const std::string& name = "s.gpkg");

// Rows of a data.police.uk street file that carry coordinates (what ingest stores; the others are
// rejects), counted from the text: fields 5 and 6 are empty exactly when ",," follows "Police".
std::int64_t street_rows_with_coordinates(const fs::path& csv);
// The Essex street files written `copies` times into folder as if from forces "Force 1".."Force N"
// (a large ingest, for kill and concurrency tests); returns the rows with coordinates written.
std::int64_t write_renamed_street_copies(const fs::path& folder, int copies);

// Cells of a CSV text (RFC 4180 quoting), row by row.
std::vector<std::vector<std::string>> parse_csv(const std::string& text);

}  // namespace grip::test

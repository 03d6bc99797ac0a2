// Ingest of the real data.police.uk Essex files, checked against an independent count of the CSVs
// made here with a plain line split (the Essex files contain no quoted fields, which is checked).
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <sstream>

#include "grip/ingest/ingest_files.hpp"
#include "support/test_support.hpp"

namespace grip::ingest {
namespace {

namespace fs = std::filesystem;

// One shell word, single-quoted (a PostgreSQL conninfo has quotes of its own).
std::string shell_word(const std::string& text) {
  std::string quoted = "'";
  for (const char c : text) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return quoted + "'";
}

struct IndependentCount {
  std::map<std::pair<std::string, std::string>, std::int64_t> with_coordinates;  // (month, type) → rows
  std::map<std::string, std::int64_t> without_coordinates;                       // file name → rows
};

std::vector<std::string> split(const std::string& line) {
  std::vector<std::string> fields;
  std::stringstream stream(line);
  std::string field;
  while (std::getline(stream, field, ',')) fields.push_back(field);
  if (!line.empty() && line.back() == ',') fields.emplace_back();
  return fields;
}

IndependentCount count_street_csvs(const fs::path& folder) {
  IndependentCount count;
  for (const auto& entry : fs::directory_iterator(folder)) {
    std::ifstream in(entry.path());
    std::string line;
    std::getline(in, line);  // header
    while (std::getline(in, line)) {
      if (!line.empty() && line.back() == '\r') line.pop_back();
      if (line.empty()) continue;
      EXPECT_EQ(line.find('"'), std::string::npos) << "the independent count assumes no quoted fields";
      const auto fields = split(line);
      EXPECT_EQ(fields.size(), 12u) << line;
      if (fields[4].empty() || fields[5].empty()) {
        ++count.without_coordinates[entry.path().filename().string()];
      } else {
        ++count.with_coordinates[{fields[1], fields[9]}];
      }
    }
  }
  return count;
}

class PoliceUkIngest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!test::have_shared_data()) GTEST_SKIP() << "../shared/data is not present";
  }
  test::ScratchDir dir;
  fs::path db = dir / "essex.gpkg";
};

TEST_F(PoliceUkIngest, StoresEveryRowWithCoordinatesAndRejectsTheRowsWithout) {
  const fs::path street = test::shared_data() / "police-uk" / "street";
  const auto expected = count_street_csvs(street);
  {
    store::Store store(grip::test::store_locator(db));
    const auto summary = ingest_files(store, {street}, {});
    EXPECT_EQ(summary.exit_code(), 0);
    EXPECT_EQ(summary.crs_code, "EPSG:27700");
    for (const auto& file : summary.files) {
      const auto name = fs::path(file.file).filename().string();
      EXPECT_EQ(file.rows_rejected,
                expected.without_coordinates.count(name) ? expected.without_coordinates.at(name) : 0)
          << name;
    }
  }
  std::int64_t total = 0;
  for (const auto& [key, rows] : expected.with_coordinates) {
    const auto& [month, type] = key;
    EXPECT_EQ(test::query_int(db, "SELECT count(*) FROM incidents WHERE month = '" + month +
                                      "' AND category = '" + type + "'"),
              rows)
        << month << " " << type;
    total += rows;
  }
  EXPECT_EQ(test::query_int(db, "SELECT count(*) FROM incidents"), total);
  std::int64_t missing = 0;
  for (const auto& [file, rows] : expected.without_coordinates) missing += rows;
  EXPECT_EQ(test::query_int(db, "SELECT count(*) FROM rejects"), missing);
  EXPECT_EQ(test::query_int(db, "SELECT count(*) FROM rejects WHERE reason <> 'no coordinates'"), 0);
  // Positions land on the British National Grid around Essex (eastings 520-660 km, northings
  // 170-250 km; rows in Sussex and Suffolk allowed for), except the rows flagged far outside.
  EXPECT_EQ(test::query_int(db,
                            "SELECT count(*) FROM incidents WHERE outside_km IS NULL AND NOT "
                            "(x BETWEEN 450000 AND 700000 AND y BETWEEN 100000 AND 300000)"),
            0);
  EXPECT_LT(test::query_int(db, "SELECT count(*) FROM incidents WHERE outside_km IS NOT NULL"), 100);
}

TEST_F(PoliceUkIngest, SecondIngestChangesNothing) {
  const fs::path police_uk = test::shared_data() / "police-uk";
  store::Store store(grip::test::store_locator(db));
  const auto first = ingest_files(store, {police_uk}, {});
  const auto incidents = store.count_rows("incidents");
  const auto searches = store.count_rows("stop_searches");
  const auto rejects = store.count_rows("rejects");
  const auto batches = store.count_rows("ingest_batches");
  const auto second = ingest_files(store, {police_uk}, {});
  ASSERT_EQ(second.files.size(), first.files.size());
  for (const auto& file : second.files) EXPECT_EQ(file.status, FileStatus::kAlreadyIngested) << file.file;
  EXPECT_EQ(store.count_rows("incidents"), incidents);
  EXPECT_EQ(store.count_rows("stop_searches"), searches);
  EXPECT_EQ(store.count_rows("rejects"), rejects);
  EXPECT_EQ(store.count_rows("ingest_batches"), batches);
}

TEST_F(PoliceUkIngest, StopSearchesKeepNoPersonalDescriptors) {
  const fs::path folder = test::shared_data() / "police-uk" / "stop-and-search";
  std::int64_t with_coordinates = 0, without = 0;
  for (const auto& entry : fs::directory_iterator(folder)) {
    std::ifstream in(entry.path());
    std::string line;
    std::getline(in, line);
    while (std::getline(in, line)) {
      const auto fields = split(line);
      (fields[4].empty() || fields[5].empty() ? without : with_coordinates)++;
    }
  }
  {
    store::Store store(grip::test::store_locator(db));
    (void)ingest_files(store, {folder}, {});
  }
  EXPECT_EQ(test::query_int(db, "SELECT count(*) FROM stop_searches"), with_coordinates);
  EXPECT_EQ(test::query_int(db, "SELECT count(*) FROM rejects"), without);
  // The table's columns, from SQLite's table_info or PostgreSQL's information_schema.
  const auto columns_named = [&](const std::string& name) {
    return test::query_int(
        db, test::testing_postgis()
                ? "SELECT count(*) FROM information_schema.columns WHERE table_name = 'stop_searches' AND "
                  "column_name = '" +
                      name + "'"
                : "SELECT count(*) FROM pragma_table_info('stop_searches') WHERE name = '" + name + "'");
  };
  ASSERT_EQ(columns_named("legislation"), 1) << "the column query sees the table's columns";
  for (const char* personal :
       {"gender", "age_range", "self_defined_ethnicity", "officer_defined_ethnicity"}) {
    EXPECT_EQ(columns_named(personal), 0) << personal;
  }
  // The raw text kept for rejected rows has the personal columns blanked.
  EXPECT_EQ(test::query_int(db,
                            "SELECT count(*) FROM rejects WHERE raw LIKE '%Male%' OR raw LIKE '%White%' "
                            "OR raw LIKE '%18-24%'"),
            0);
}

TEST_F(PoliceUkIngest, OgrinfoListsTheIncidentLayerWithTheStoredCount) {
  if (std::system("command -v ogrinfo >/dev/null 2>&1") != 0) GTEST_SKIP() << "ogrinfo is not installed";
  {
    store::Store store(grip::test::store_locator(db));
    (void)ingest_files(store, {test::shared_data() / "police-uk" / "street" / "2018-01-essex-street.csv"},
                       {});
  }
  const auto stored = test::query_int(db, "SELECT count(*) FROM incidents");
  // The store file, or on PostGIS its "PG:<conninfo>" (GDAL's name for the same layers).
  FILE* pipe =
      popen(("ogrinfo -ro -so " + shell_word(test::store_locator(db)) + " incidents 2>&1").c_str(), "r");
  ASSERT_NE(pipe, nullptr);
  std::string out;
  char buffer[4096];
  while (std::size_t got = fread(buffer, 1, sizeof buffer, pipe)) out.append(buffer, got);
  pclose(pipe);
  // std::regex is avoided: GCC 12 under ASan warns inside it (-Wmaybe-uninitialized).
  const auto at = out.find("Feature Count: ");
  ASSERT_NE(at, std::string::npos) << out;
  EXPECT_EQ(std::stoll(out.substr(at + 15)), stored);
  EXPECT_NE(out.find("British National Grid"), std::string::npos) << out;
}

}  // namespace
}  // namespace grip::ingest

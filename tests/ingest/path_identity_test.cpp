// A file is one file however its path is typed: a re-exported extract whose columns were guessed
// replaces its earlier copy by id only at the same path, and "the same path" is the canonical one
// (relative, absolute, ./, a/../a/, a symlink), so no spelling duplicates its rows.
#include <gtest/gtest.h>

#include <algorithm>

#include "grip/ingest/ingest_files.hpp"
#include "support/test_support.hpp"

namespace grip::ingest {
namespace {

namespace fs = std::filesystem;

// 100 incidents numbered 1..100; `version` changes one offence so that each export has new bytes.
std::string extract(int version) {
  std::string text = "incident_id,offence,occurred_at,longitude,latitude\n";
  for (int id = 1; id <= 100; ++id) {
    text += std::to_string(id) + "," + (id == version ? "robbery" : "burglary") +
            ",2019-01-01T01:00:00,-89." + std::to_string(9000 + id) + ",35.10\n";
  }
  return text;
}

std::int64_t data_lines(const std::string& csv) {
  return static_cast<std::int64_t>(std::count(csv.begin(), csv.end(), '\n')) - 1;
}

// Runs in the scratch folder, so relative spellings resolve there; restores the working folder.
class PathIdentity : public ::testing::Test {
 protected:
  void SetUp() override {
    previous_ = fs::current_path();
    fs::current_path(dir.path());
  }
  void TearDown() override { fs::current_path(previous_); }
  test::ScratchDir dir;
  fs::path db = dir / "store.gpkg";
  fs::path previous_;
};

TEST_F(PathIdentity, EverySpellingOfTheSamePathReplacesInsteadOfDuplicating) {
  fs::create_directories(dir / "ex");
  const std::vector<fs::path> spellings = {"ex/extract.csv", dir / "ex/extract.csv", "./ex/extract.csv",
                                           "ex/../ex/extract.csv", "link.csv"};
  fs::create_symlink(dir / "ex/extract.csv", dir / "link.csv");
  std::int64_t expected_rows = 0;
  for (std::size_t version = 0; version < spellings.size(); ++version) {
    const std::string text = extract(static_cast<int>(version) + 1);
    dir.write("ex/extract.csv", text);
    expected_rows = data_lines(text);
    store::Store store(test::store_locator(db));
    const auto summary = ingest_files(store, {spellings[version]}, {});
    ASSERT_EQ(summary.files.size(), 1u);
    const auto& file = summary.files.at(0);
    EXPECT_EQ(file.status, FileStatus::kStored) << spellings[version] << ": " << file.message;
    EXPECT_EQ(file.file, spellings[version].string()) << "messages keep the name as typed";
    EXPECT_EQ(file.rows_replaced, version == 0 ? 0 : expected_rows) << spellings[version];
    EXPECT_EQ(store.count_rows("incidents"), expected_rows) << "after " << spellings[version];
  }
  EXPECT_EQ(test::query_int(db, "SELECT count(DISTINCT source_id) FROM incidents"), expected_rows);
  EXPECT_EQ(test::query_int(db, "SELECT count(DISTINCT file_path) FROM ingest_batches"), 1);
  EXPECT_EQ(test::query_text(db, "SELECT DISTINCT file_path FROM ingest_batches"),
            fs::weakly_canonical(dir / "ex/extract.csv").string());
}

TEST_F(PathIdentity, ADifferentFileWithTheSameNameIsStillAnotherFile) {
  dir.write("a/extract.csv", extract(1));
  dir.write("b/extract.csv", extract(2));
  store::Store store(test::store_locator(db));
  const auto summary = ingest_files(store, {fs::path("a/extract.csv"), fs::path("b/../b/extract.csv")}, {});
  for (const auto& file : summary.files) EXPECT_EQ(file.rows_replaced, 0) << file.file;
  EXPECT_EQ(store.count_rows("incidents"), data_lines(extract(1)) + data_lines(extract(2)));
}

}  // namespace
}  // namespace grip::ingest

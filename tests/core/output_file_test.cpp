// Output paths that would destroy the store are refused, and outputs are whole or absent.
#include "grip/core/output_file.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include "grip/core/errors.hpp"
#include "support/test_support.hpp"

namespace grip {
namespace {

namespace fs = std::filesystem;

// The option name and the path must both be in the refusal.
void expect_refused(const fs::path& output, const std::string& store, const std::string& what) {
  try {
    check_output_path(output, "--output", store);
    FAIL() << output << " must be refused (" << what << ")";
  } catch (const UsageError& error) {
    const std::string message = error.what();
    EXPECT_NE(message.find("--output " + output.string()), std::string::npos) << message;
    EXPECT_NE(message.find(what), std::string::npos) << message;
  }
}

TEST(OutputPath, RefusesEveryNameOfTheStore) {
  test::ScratchDir dir;
  const fs::path store = dir.write("s.gpkg", "store bytes");
  expect_refused(store, store.string(), "the store");
  // The same file by another spelling, a symlink and a hard link.
  expect_refused(dir / "." / "s.gpkg", store.string(), "the store");
  expect_refused(dir / "sub" / ".." / "s.gpkg", store.string(), "the store");
  fs::create_symlink(store, dir / "link.gpkg");
  expect_refused(dir / "link.gpkg", store.string(), "the store");
  fs::create_hard_link(store, dir / "hard.gpkg");
  expect_refused(dir / "hard.gpkg", store.string(), "the store");
  // The store named through a relative path while the output is absolute.
  const fs::path here = fs::current_path();
  fs::current_path(dir.path());
  expect_refused(dir / "s.gpkg", "./s.gpkg", "the store");
  fs::current_path(here);
}

TEST(OutputPath, RefusesTheStoresWorkingFilesEvenBeforeTheyExist) {
  test::ScratchDir dir;
  const fs::path store = dir.write("s.gpkg", "store bytes");
  for (const char* suffix : {"-wal", "-shm", "-journal"}) {
    expect_refused(store.string() + suffix, store.string(), "working file of the store");
  }
  fs::create_symlink(store.string() + "-wal", dir / "dangling.csv");  // the -wal is not there yet
  expect_refused(dir / "dangling.csv", store.string(), "working file of the store");
}

TEST(OutputPath, RefusesWhatIsNotARegularFile) {
  test::ScratchDir dir;
  expect_refused("/dev/full", "", "a device");
  expect_refused(dir.path(), "", "a folder");
  ASSERT_EQ(::mkfifo((dir / "fifo.csv").c_str(), 0600), 0);
  expect_refused(dir / "fifo.csv", "", "a FIFO");
}

TEST(OutputPath, AcceptsOrdinaryFilesAndDatabaseLocators) {
  test::ScratchDir dir;
  const fs::path store = dir.write("s.gpkg", "store bytes");
  EXPECT_NO_THROW(check_output_path(dir / "new.csv", "--csv", store.string()));
  EXPECT_NO_THROW(check_output_path(dir.write("old.csv", "x"), "--csv", store.string()));
  EXPECT_NO_THROW(check_output_path(dir / "s.gpkg.csv", "--csv", store.string()));
  // No file can collide with a PostgreSQL store.
  EXPECT_NO_THROW(check_output_path(dir / "s.gpkg", "--csv", "postgresql://grip@localhost/grip"));
  EXPECT_FALSE(is_file_locator("postgresql://grip@localhost/grip"));
  EXPECT_TRUE(is_file_locator("grip.gpkg"));
}

TEST(OutputFile, AFullDiskIsAnOutputErrorWithExitCodeFour) {
  try {
    write_bytes("/dev/full", std::string(100'000, 'x'));
    FAIL() << "writing to /dev/full must fail";
  } catch (const OutputError& error) {
    EXPECT_EQ(error.exit_code(), ExitCode::kOutput);
    EXPECT_EQ(static_cast<int>(error.exit_code()), 4);
    EXPECT_NE(std::string(error.what()).find("No space left on device"), std::string::npos) << error.what();
  }
}

TEST(OutputFile, ReplacesTheTargetOnlyWhenComplete) {
  test::ScratchDir dir;
  const fs::path target = dir.write("report.csv", "old");
  {
    PendingOutput pending(target);
    write_bytes(pending.temporary(), "half");
    EXPECT_EQ(test::read_file(target), "old") << "the target is untouched until commit";
    EXPECT_EQ(pending.temporary().parent_path(), target.parent_path());
    EXPECT_EQ(pending.temporary().extension(), ".csv");
  }  // a writer that fails never commits
  EXPECT_EQ(test::read_file(target), "old");
  EXPECT_EQ(std::distance(fs::directory_iterator(dir.path()), fs::directory_iterator()), 1)
      << "no temporary left";

  write_output_file(target, "new");
  EXPECT_EQ(test::read_file(target), "new");
  EXPECT_EQ(std::distance(fs::directory_iterator(dir.path()), fs::directory_iterator()), 1);
  EXPECT_THROW(write_output_file(dir / "no-folder" / "x.csv", "x"), OutputError);
}

TEST(OutputFile, SidecarsMoveWithTheMainFileAndStaleOnesGo) {
  test::ScratchDir dir;
  dir.write("a.shp", "old shp");
  dir.write("a.qix", "stale index of the old file");
  PendingOutput pending(dir / "a.shp", {".dbf", ".qix"});
  write_bytes(pending.temporary(), "new shp");
  fs::path dbf = pending.temporary();
  write_bytes(dbf.replace_extension(".dbf"), "new dbf");
  pending.commit();
  EXPECT_EQ(test::read_file(dir / "a.shp"), "new shp");
  EXPECT_EQ(test::read_file(dir / "a.dbf"), "new dbf");
  EXPECT_FALSE(fs::exists(dir / "a.qix"));
}

}  // namespace
}  // namespace grip

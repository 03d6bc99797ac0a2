#include "grip/ingest/csv_table.hpp"

#include <gtest/gtest.h>

#include "grip/core/errors.hpp"

namespace grip::ingest {
namespace {

TEST(CsvTable, ReadsQuotedFieldsWithCommasQuotesAndLineBreaks) {
  const std::string text =
      "id,Location,Note\r\n1,\"On or near High St, Colchester\",\"He said \"\"run\"\"\"\r\n"
      "2,\"two\nlines\",plain\r\n";
  const CsvTable table(text, "t.csv");
  ASSERT_EQ(table.rows(), 2u);
  EXPECT_EQ(table.field(0, 1), "On or near High St, Colchester");
  EXPECT_EQ(table.field(0, 2), "He said \"run\"");
  EXPECT_EQ(table.field(1, 1), "two\nlines");
  EXPECT_EQ(table.line(0), 2);
  EXPECT_EQ(table.line(1), 3);
  EXPECT_EQ(table.raw(0), "1,\"On or near High St, Colchester\",\"He said \"\"run\"\"\"");
}

TEST(CsvTable, MatchesHeaderNamesWhateverTheCase) {
  const CsvTable table("Crime ID,MONTH\nx,2018-01\n", "t.csv");
  EXPECT_EQ(table.find_column("crime id"), 0);
  EXPECT_EQ(table.find_column("Month"), 1);
  EXPECT_EQ(table.find_column("Longitude"), -1);
}

TEST(CsvTable, AcceptsLastRowWithoutNewlineAndIgnoresBlankTrailingLines) {
  EXPECT_EQ(CsvTable("a,b\n1,2", "t.csv").rows(), 1u);
  EXPECT_EQ(CsvTable("a,b\n1,2\n\n\r\n", "t.csv").rows(), 1u);
}

TEST(CsvTable, RefusesARowWithTheWrongNumberOfFieldsNamingItsLine) {
  std::string text = "a,b,c\n1,2,3\n";
  text += std::string(39, ',') + "\n";  // 40 fields
  try {
    const CsvTable table(text, "bad.csv");
    FAIL() << "expected InputError";
  } catch (const InputError& error) {
    EXPECT_EQ(error.file(), "bad.csv");
    EXPECT_EQ(error.line(), 3);
    EXPECT_NE(error.reason().find("40 fields"), std::string::npos) << error.reason();
  }
}

TEST(CsvTable, RefusesAFileCutOffMidRow) {
  try {
    const CsvTable table("a,b,c\n1,2,3\n4,5", "cut.csv");
    FAIL() << "expected InputError";
  } catch (const InputError& error) {
    EXPECT_EQ(error.line(), 3);
    EXPECT_NE(error.reason().find("cut off"), std::string::npos) << error.reason();
  }
  try {
    const CsvTable table("a,b\n1,\"unterminated\n", "cut.csv");
    FAIL() << "expected InputError";
  } catch (const InputError& error) {
    EXPECT_EQ(error.line(), 2);
    EXPECT_NE(error.reason().find("quoted field"), std::string::npos) << error.reason();
  }
}

}  // namespace
}  // namespace grip::ingest

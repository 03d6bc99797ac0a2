// Stop-and-search personal descriptors (gender, age range, ethnicity, clothing removal) never reach
// the store, the summary or --json, whatever path keeps a row's raw text: a rejected row, the
// unterminated last row, a header spelt without hyphens, a duplicated column. The check reads the
// store file's bytes (and its WAL), so no table or column can hide a value.
#include <gtest/gtest.h>

#include "support/test_support.hpp"

namespace grip::test {
namespace {

// Values no real file contains, so finding one anywhere means it leaked.
const std::vector<std::string> kPersonalValues = {"Zyxwoman",  "Qq-ethnicity-77", "Ww-officer-eth-55",
                                                  "Age-zz-99", "Age-dup-98",      "Strip-yy-42"};

std::string row(const std::string& date, const std::string& latitude, const std::string& age = "Age-zz-99") {
  return "Person search," + date + ",False,," + latitude + ",0.470000,Zyxwoman," + age +
         ",Qq-ethnicity-77,Ww-officer-eth-55,Misuse of Drugs Act 1971 (section 23),Controlled drugs,"
         "A no further action disposal,False,Strip-yy-42";
}

class StopSearchPrivacy : public ::testing::Test {
 protected:
  // Ingests one file through the CLI, in text and in --json, and checks every output and the store.
  void expect_no_personal_values(const std::string& name, const std::string& bytes) {
    const auto file = dir.write(name, bytes);
    const auto text = run_grip({"--db", db.string(), "ingest", file.string()});
    ASSERT_EQ(text.exit_code, 0) << text.out;
    const auto json = run_grip({"--db", (dir / "json.gpkg").string(), "--json", "ingest", file.string()});
    ASSERT_EQ(json.exit_code, 0) << json.out;
    ASSERT_GT(query_int(db, "SELECT count(*) FROM rejects"), 0) << "the file must exercise a reject path";
    // The non-personal fields of the rejected row are kept, so the check is not passing vacuously.
    EXPECT_EQ(query_int(db, "SELECT count(*) FROM rejects WHERE raw LIKE '%Controlled drugs%'"),
              query_int(db, "SELECT count(*) FROM rejects"));
    std::string stored;
    for (const auto& store : {db, dir / "json.gpkg"}) {
      for (const auto& suffix : {"", "-wal", "-journal"}) {
        const fs::path path = store.string() + suffix;
        if (fs::exists(path)) stored += read_file(path);
      }
    }
    for (const auto& value : kPersonalValues) {
      EXPECT_EQ(stored.find(value), std::string::npos) << value << " is in the store file";
      EXPECT_EQ(text.out.find(value), std::string::npos) << value << " is in the summary\n" << text.out;
      EXPECT_EQ(json.out.find(value), std::string::npos) << value << " is in --json\n" << json.out;
    }
  }
  ScratchDir dir;
  fs::path db = dir / "store.gpkg";
};

const std::string kHeader =
    "Type,Date,Part of a policing operation,Policing operation,Latitude,Longitude,Gender,Age range,"
    "Self-defined ethnicity,Officer-defined ethnicity,Legislation,Object of search,Outcome,"
    "Outcome linked to object of search,Removal of more than just outer clothing\n";

TEST_F(StopSearchPrivacy, UnterminatedLastRowIsRedacted) {
  // Both rows are valid; the second has no line end, so it goes to the rejects by that path.
  expect_no_personal_values("2018-03-essex-stop-and-search.csv",
                            kHeader + row("2018-03-01T14:01:00+00:00", "51.730000") + "\n" +
                                row("2018-03-02T14:01:00+00:00", "51.731000"));
  EXPECT_EQ(query_int(db, "SELECT count(*) FROM rejects WHERE reason = 'last row has no line end'"), 1);
}

TEST_F(StopSearchPrivacy, HeaderWithoutHyphensIsRedacted) {
  std::string header = kHeader;
  header.replace(header.find("Self-defined"), 12, "Self defined");
  header.replace(header.find("Officer-defined"), 15, "officer_defined");
  header.replace(header.find("Gender"), 6, "GENDER");
  header.replace(header.find("Removal of more"), 15, "Removal-of-more");
  expect_no_personal_values("2018-03-essex-stop-and-search.csv",
                            header + row("2018-03-01T14:01:00+00:00", "51.730000") + "\n" +
                                row("not a date", "51.730000") + "\n" + row("2018-03-01T15:00:00+00:00", "") +
                                "\n");
  EXPECT_EQ(query_int(db, "SELECT count(*) FROM rejects"), 2);
}

TEST_F(StopSearchPrivacy, DuplicatedAgeColumnIsRedacted) {
  std::string header = kHeader;
  header.insert(header.size() - 1, ",Age range");
  const auto with_second_age = [](const std::string& line) { return line + ",Age-dup-98\n"; };
  expect_no_personal_values("2018-03-essex-stop-and-search.csv",
                            header + with_second_age(row("2018-03-01T14:01:00+00:00", "51.730000")) +
                                with_second_age(row("2018-03-01T14:01:00+00:00", "95.0")));
  EXPECT_EQ(query_int(db, "SELECT count(*) FROM rejects"), 1);
}

}  // namespace
}  // namespace grip::test

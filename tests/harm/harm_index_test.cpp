// Tests of the harm index. Expected weights are written out here from the cited source, the Cambridge
// Crime Harm Index (Sherman, Neyroud & Neyroud 2016; CCHI 2026 update, median CCHI per Police Recorded
// Crime offence subgroup, as tabulated in docs/harm-weights.md), not read back from the code's table.
#include "grip/harm/harm_index.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <string>

#include "grip/core/errors.hpp"

namespace grip::harm {
namespace {

std::string write_file(const std::string& name, const std::string& text) {
  const auto path = std::filesystem::path(testing::TempDir()) / ("grip_harm_" + name);
  std::ofstream(path, std::ios::binary) << text;
  return path.string();
}

// Expects with_overrides to throw InputError at `line`, with `fragment` in the reason.
void expect_bad_row(const std::string& name, const std::string& text, std::int64_t line,
                    const std::string& fragment) {
  const std::string path = write_file(name, text);
  try {
    (void)HarmIndex::with_overrides(HarmIndex::built_in(), path);
    ADD_FAILURE() << "no InputError for " << name;
  } catch (const InputError& error) {
    EXPECT_EQ(error.file(), path);
    EXPECT_EQ(error.line(), line) << error.what();
    EXPECT_NE(error.reason().find(fragment), std::string::npos) << error.reason();
  }
}

TEST(HarmIndex, HasAllFourteenDataPoliceUkStreetTypes) {
  const char* const types[] = {"Anti-social behaviour",
                               "Bicycle theft",
                               "Burglary",
                               "Criminal damage and arson",
                               "Drugs",
                               "Other crime",
                               "Other theft",
                               "Possession of weapons",
                               "Public order",
                               "Robbery",
                               "Shoplifting",
                               "Theft from the person",
                               "Vehicle crime",
                               "Violence and sexual offences"};
  const HarmIndex index = HarmIndex::built_in();
  for (const char* type : types) {
    const CategoryWeight* weight = index.find(type);
    ASSERT_NE(weight, nullptr) << type;
    EXPECT_EQ(weight->category, type);
    EXPECT_GE(weight->harm_weight, 0.0) << type;
    EXPECT_FALSE(weight->basis.empty()) << type;
  }
  EXPECT_EQ(index.categories().size(), 14U);
}

TEST(HarmIndex, BuiltInWeightsAreTheCitedCchiValues) {
  const HarmIndex index = HarmIndex::built_in();
  // CCHI days: robbery (personal and business property subgroups) 365; residential burglary 273.5;
  // possession of weapons 273.75; violence with injury 365; public order 7.5; vehicle offences 5;
  // criminal damage 2; possession of drugs 3; shoplifting 1; theft from the person 2.
  EXPECT_DOUBLE_EQ(index.find("Robbery")->harm_weight, 365.0);
  EXPECT_DOUBLE_EQ(index.find("Burglary")->harm_weight, 273.5);
  EXPECT_DOUBLE_EQ(index.find("Possession of weapons")->harm_weight, 273.75);
  EXPECT_DOUBLE_EQ(index.find("Violence and sexual offences")->harm_weight, 365.0);
  EXPECT_DOUBLE_EQ(index.find("Public order")->harm_weight, 7.5);
  EXPECT_DOUBLE_EQ(index.find("Vehicle crime")->harm_weight, 5.0);
  EXPECT_DOUBLE_EQ(index.find("Criminal damage and arson")->harm_weight, 2.0);
  EXPECT_DOUBLE_EQ(index.find("Drugs")->harm_weight, 3.0);
  EXPECT_DOUBLE_EQ(index.find("Shoplifting")->harm_weight, 1.0);
  EXPECT_DOUBLE_EQ(index.find("Theft from the person")->harm_weight, 2.0);
  // Anti-social behaviour is not a crime, so no sentencing index weighs it: documented 0.
  EXPECT_DOUBLE_EQ(index.find("Anti-social behaviour")->harm_weight, 0.0);
  EXPECT_NE(index.description().find("Cambridge Crime Harm Index"), std::string::npos);
}

TEST(HarmIndex, LookupIgnoresCaseAndSurroundingSpaces) {
  const HarmIndex index = HarmIndex::built_in();
  const CategoryWeight* exact = index.find("Violence and sexual offences");
  ASSERT_NE(exact, nullptr);
  EXPECT_EQ(index.find("VIOLENCE AND SEXUAL OFFENCES"), exact);
  EXPECT_EQ(index.find("  violence and Sexual offences\t"), exact);
  EXPECT_EQ(index.find("anti-social behaviour\r"), index.find("Anti-social behaviour"));
}

TEST(HarmIndex, UnknownCategoryIsNullNotAGuess) {
  const HarmIndex index = HarmIndex::built_in();
  EXPECT_EQ(index.find("Fraud"), nullptr);
  EXPECT_EQ(index.find(""), nullptr);
  EXPECT_EQ(index.find("Violence"), nullptr);  // a prefix is not a match
}

TEST(HarmIndex, WeaponsDrugsAndOtherCrimeArePoliceGenerated) {
  const HarmIndex index = HarmIndex::built_in();
  EXPECT_EQ(index.find("Possession of weapons")->origin, Origin::kPoliceGenerated);
  EXPECT_EQ(index.find("Drugs")->origin, Origin::kPoliceGenerated);
  EXPECT_EQ(index.find("Other crime")->origin, Origin::kPoliceGenerated);
  for (const char* reported : {"Violence and sexual offences", "Robbery", "Burglary", "Theft from the person",
                               "Shoplifting", "Vehicle crime", "Bicycle theft", "Anti-social behaviour"}) {
    EXPECT_EQ(index.find(reported)->origin, Origin::kVictimGenerated) << reported;
  }
  EXPECT_STREQ(to_string(Origin::kVictimGenerated), "victim-generated");
  EXPECT_STREQ(to_string(Origin::kPoliceGenerated), "police-generated");
}

TEST(HarmIndex, EveryCrimeTypeInRealEssexDataIsKnown) {
  const std::string path = std::string(GRIP_SHARED_DATA) + "/police-uk/street/2018-04-essex-street.csv";
  std::ifstream in(path);
  if (!in) GTEST_SKIP() << "no shared data at " << path;
  std::string header;
  std::getline(in, header);
  std::set<std::string> types;
  std::string line;
  while (std::getline(in, line)) {
    // `Crime type` is the 10th column; earlier columns (Location, LSOA name) hold no quoted commas here.
    std::size_t start = 0;
    for (int column = 0; column < 9; ++column) start = line.find(',', start) + 1;
    types.insert(line.substr(start, line.find(',', start) - start));
  }
  EXPECT_EQ(types.size(), 14U);
  const HarmIndex index = HarmIndex::built_in();
  for (const auto& type : types) EXPECT_NE(index.find(type), nullptr) << type;
}

TEST(HarmOverrides, ReplaceKeepsOriginAndAddNeedsOne) {
  const std::string path = write_file("replace_add.csv",
                                      "# local weights\n"
                                      "category,harm_weight,origin\n"
                                      "\n"
                                      "robbery ,500,\n"
                                      "Drugs,3,victim\n"
                                      "\"Fraud, online\",12.5,victim\n"
                                      "Knife crime,1000,police\n");
  const HarmIndex base = HarmIndex::built_in();
  const HarmIndex index = HarmIndex::with_overrides(base, path);
  EXPECT_EQ(index.categories().size(), 16U);
  const CategoryWeight* robbery = index.find("Robbery");
  ASSERT_NE(robbery, nullptr);
  EXPECT_DOUBLE_EQ(robbery->harm_weight, 500.0);
  EXPECT_EQ(robbery->category, "Robbery");  // the base spelling stays
  EXPECT_EQ(robbery->origin, Origin::kVictimGenerated);
  EXPECT_NE(robbery->basis.find("line 4"), std::string::npos) << robbery->basis;
  EXPECT_EQ(index.find("Drugs")->origin, Origin::kVictimGenerated);
  ASSERT_NE(index.find("fraud, online"), nullptr);
  EXPECT_DOUBLE_EQ(index.find("Fraud, online")->harm_weight, 12.5);
  EXPECT_EQ(index.find("knife crime")->origin, Origin::kPoliceGenerated);
  // Untouched rows and the base itself are unchanged.
  EXPECT_DOUBLE_EQ(index.find("Burglary")->harm_weight, 273.5);
  EXPECT_DOUBLE_EQ(base.find("Robbery")->harm_weight, 365.0);
  EXPECT_EQ(base.find("Knife crime"), nullptr);
  EXPECT_NE(index.description().find("overrides from " + path), std::string::npos);
}

TEST(HarmOverrides, TwoColumnFileReplacesWeightsOnly) {
  const std::string path = write_file("two_col.csv",
                                      "\xEF\xBB\xBF"
                                      "category,harm_weight\r\nAnti-social behaviour,1\r\n");
  const HarmIndex index = HarmIndex::with_overrides(HarmIndex::built_in(), path);
  EXPECT_DOUBLE_EQ(index.find("Anti-social behaviour")->harm_weight, 1.0);
  EXPECT_EQ(index.find("Anti-social behaviour")->origin, Origin::kVictimGenerated);
}

TEST(HarmOverrides, ExampleFileInRepositoryLoads) {
  const HarmIndex index = HarmIndex::with_overrides(
      HarmIndex::built_in(), std::string(GRIP_SOURCE_DIR) + "/examples/harm-weights-override.csv");
  EXPECT_GE(index.categories().size(), 14U);
}

TEST(HarmOverrides, BadRowsNameTheirLine) {
  expect_bad_row("non_numeric.csv", "category,harm_weight\nRobbery,365\nBurglary,lots\n", 3, "not a number");
  expect_bad_row("trailing_text.csv", "category,harm_weight\nBurglary,12days\n", 2, "not a number");
  expect_bad_row("empty_weight.csv", "category,harm_weight\nBurglary,\n", 2, "not a number");
  expect_bad_row("nan.csv", "category,harm_weight\nBurglary,nan\n", 2, "not a number");
  expect_bad_row("negative.csv", "# comment\ncategory,harm_weight\n\nBurglary,-5\n", 4, "negative");
  expect_bad_row("bad_origin.csv", "category,harm_weight,origin\nDrugs,3,proactive\n", 2,
                 "origin 'proactive'");
  expect_bad_row("missing_column.csv", "category,harm_weight,origin\nRobbery,365,victim\nBurglary\n", 3,
                 "expected 3 columns");
  expect_bad_row("extra_column.csv", "category,harm_weight\nRobbery,365,victim\n", 2, "expected 2 columns");
  expect_bad_row("new_without_origin.csv", "category,harm_weight\nFraud,12\n", 2, "needs an origin");
  expect_bad_row("empty_category.csv", "category,harm_weight\n ,12\n", 2, "category is empty");
  expect_bad_row("duplicate.csv", "category,harm_weight\nRobbery,1\nROBBERY,2\n", 3, "already set on line 2");
  expect_bad_row("bad_header.csv", "# weights\ncrime type,weight\nRobbery,1\n", 2, "expected header");
  expect_bad_row("only_comments.csv", "# nothing here\n", 0, "no header");
}

TEST(HarmOverrides, MissingFileIsInputError) {
  const std::string path =
      (std::filesystem::path(testing::TempDir()) / "grip_harm_does_not_exist.csv").string();
  try {
    (void)HarmIndex::with_overrides(HarmIndex::built_in(), path);
    ADD_FAILURE() << "no InputError";
  } catch (const InputError& error) {
    EXPECT_EQ(error.line(), 0);
    EXPECT_EQ(error.file(), path);
  }
}

}  // namespace
}  // namespace grip::harm

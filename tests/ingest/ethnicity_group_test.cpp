// The top-level group kept of a stop search's self-defined ethnicity (ingest/police_uk_stop_search.hpp):
// the census group names, "Not stated" for none, and "Other" for any text that is not a group name,
// so that free text can never reach the store. Streamed hashing equals the whole-file hash.
#include <gtest/gtest.h>

#include "grip/ingest/police_uk_stop_search.hpp"
#include "grip/ingest/source_text.hpp"

namespace {

using grip::ingest::ethnicity_group;

TEST(EthnicityGroup, CensusGroupsNotStatedAndFreeText) {
  EXPECT_EQ(ethnicity_group("White - English/Welsh/Scottish/Northern Irish/British"), "White");
  EXPECT_EQ(ethnicity_group("Black/African/Caribbean/Black British - Caribbean"), "Black");
  EXPECT_EQ(ethnicity_group("Asian/Asian British - Chinese"), "Asian");
  EXPECT_EQ(ethnicity_group("Mixed/Multiple ethnic groups - White and Asian"), "Mixed");
  EXPECT_EQ(ethnicity_group("Other ethnic group - Arab"), "Other");
  EXPECT_EQ(ethnicity_group("Other ethnic group - Not stated"), "Not stated");
  EXPECT_EQ(ethnicity_group(""), "Not stated");
  EXPECT_EQ(ethnicity_group("  white - irish "), "White");
  // Older data.police.uk spellings (2001 census groups).
  EXPECT_EQ(ethnicity_group("Black or Black British - African"), "Black");
  EXPECT_EQ(ethnicity_group("Asian or Asian British - Indian"), "Asian");
  // Anything else is a stated ethnicity outside the list: kept as "Other", never as its text.
  EXPECT_EQ(ethnicity_group("Jedi, lives at 12 High Street"), "Other");
}

TEST(ContentHasher, BlockByBlockEqualsWholeFile) {
  std::string text;
  for (int i = 0; i < 5000; ++i) text += "PC 1,2024-01-01T00:00:" + std::to_string(i % 60) + "Z,0.47,51.73\n";
  grip::ingest::ContentHasher hasher;
  for (std::size_t at = 0; at < text.size(); at += 4093)
    hasher.update(std::string_view(text).substr(at, 4093));
  EXPECT_EQ(hasher.hex(), grip::ingest::content_hash(text));
  EXPECT_EQ(grip::ingest::ContentHasher().hex(), grip::ingest::content_hash(""));
}

}  // namespace

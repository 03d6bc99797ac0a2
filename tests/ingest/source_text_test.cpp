#include "grip/ingest/source_text.hpp"

#include <gtest/gtest.h>

#include "grip/core/errors.hpp"
#include "support/test_support.hpp"

namespace grip::ingest {
namespace {

std::int64_t line_of_refusal(const std::string& bytes) {
  test::ScratchDir dir;
  const auto source = read_source(dir.write("f.csv", bytes));
  try {
    require_text(source);
  } catch (const InputError& error) {
    return error.line();
  }
  return -1;
}

TEST(SourceText, SkipsAByteOrderMark) {
  test::ScratchDir dir;
  const auto source = read_source(dir.write("f.csv", "\xEF\xBB\xBFid,x\n1,2\n"));
  EXPECT_EQ(source.body().substr(0, 2), "id");
  EXPECT_NO_THROW(require_text(source));
}

TEST(SourceText, AcceptsValidMultibyteUtf8) {
  // "Café", "Łódź", an emoji: two-, three- and four-byte sequences.
  EXPECT_EQ(line_of_refusal("name\nCaf\xC3\xA9\n\xC5\x81\xC3\xB3\x64\xC5\xBA\n\xF0\x9F\x9A\x93\n"), -1);
}

TEST(SourceText, RefusesInvalidUtf8AtItsLine) {
  // Latin-1 "é" (0xE9) on line 3, as a Windows export would write it.
  EXPECT_EQ(line_of_refusal("a,b\n1,2\nCaf\xE9,3\n"), 3);
  // An overlong encoding of '/' and a UTF-16 surrogate are not valid UTF-8 either.
  EXPECT_EQ(line_of_refusal("a\n\xC0\xAF\n"), 2);
  EXPECT_EQ(line_of_refusal("a\nb\n\xED\xA0\x80\n"), 3);
}

TEST(SourceText, RefusesBinaryContent) {
  EXPECT_EQ(line_of_refusal(std::string("a,b\n1,2\n\x00\x01\x02junk", 13)), 3);
  EXPECT_EQ(line_of_refusal(std::string("PK\x03\x04", 4)), 1);  // a zip file
}

TEST(SourceText, SameBytesSameHash) {
  EXPECT_EQ(content_hash("abc"), content_hash("abc"));
  EXPECT_NE(content_hash("abc"), content_hash("abd"));
  EXPECT_EQ(content_hash("abc").size(), 32u);
}

}  // namespace
}  // namespace grip::ingest

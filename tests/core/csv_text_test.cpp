// CSV text cells: formula-like text neutralised as OWASP recommends; the plural helper.
#include "grip/core/csv_text.hpp"

#include <gtest/gtest.h>

#include "grip/core/text.hpp"

namespace grip {
namespace {

TEST(CsvText, PrefixesFormulaLikeTextWithAQuote) {
  EXPECT_EQ(csv_safe_text("=HYPERLINK(\"http://x\")"), "'=HYPERLINK(\"http://x\")");
  EXPECT_EQ(csv_safe_text("+cmd|' /C calc'!A0"), "'+cmd|' /C calc'!A0");
  EXPECT_EQ(csv_safe_text("-2+3"), "'-2+3");
  EXPECT_EQ(csv_safe_text("@SUM(A1:A2)"), "'@SUM(A1:A2)");
  EXPECT_EQ(csv_safe_text("\tx"), "'\tx");
  EXPECT_EQ(csv_safe_text("\rx"), "'\rx");
  EXPECT_EQ(csv_safe_text("On or near High Street"), "On or near High Street");
  EXPECT_EQ(csv_safe_text(""), "");
  EXPECT_EQ(csv_safe_text("a=b"), "a=b") << "only the first character matters";
  EXPECT_EQ(csv_safe_text("=1+1", CsvText::kRaw), "=1+1");
}

TEST(CsvText, QuotesCellsThatNeedIt) {
  EXPECT_EQ(csv_text_cell("plain"), "plain");
  EXPECT_EQ(csv_text_cell("a,b"), "\"a,b\"");
  EXPECT_EQ(csv_text_cell("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(csv_text_cell("=A1,B1"), "\"'=A1,B1\"");
}

TEST(Counted, PutsTheNounInTheRightNumber) {
  EXPECT_EQ(counted(1, "serious-violence incident"), "1 serious-violence incident");
  EXPECT_EQ(counted(2, "serious-violence incident"), "2 serious-violence incidents");
  EXPECT_EQ(counted(0, "cell"), "0 cells");
  EXPECT_EQ(counted(1, "month"), "1 month");
  EXPECT_EQ(counted(3, "category", "categories"), "3 categories");
}

}  // namespace
}  // namespace grip

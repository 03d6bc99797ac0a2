// HTML/JSON escaping, base64 and number formats used by the report, against hand-worked values.
#include "grip/report/html_text.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

namespace grip::report {
namespace {

TEST(HtmlText, EscapesMarkupAndQuotes) {
  EXPECT_EQ(escape_html("<script>alert('x')</script> & \"q\""),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;");
  EXPECT_EQ(escape_html("On or near Café Street"), "On or near Café Street") << "UTF-8 passes through";
  EXPECT_EQ(escape_html(""), "");
}

TEST(HtmlText, ScriptJsonCannotCloseTheScriptElement) {
  const nlohmann::json value = {{"name", "</script><script>alert(1)</script><!-- & \xE2\x80\xA8"}};
  const std::string safe = script_json(value);
  EXPECT_EQ(safe.find('<'), std::string::npos) << safe;
  EXPECT_EQ(safe.find('>'), std::string::npos) << safe;
  EXPECT_EQ(safe.find('&'), std::string::npos) << safe;
  EXPECT_EQ(safe.find("\xE2\x80\xA8"), std::string::npos) << "U+2028 ends a line in older JavaScript";
  EXPECT_EQ(nlohmann::json::parse(safe), value) << "JSON reads the escapes back unchanged";
}

TEST(HtmlText, Base64MatchesRfc4648TestVectors) {
  auto encode = [](const std::string& text) {
    const std::vector<std::uint8_t> bytes(text.begin(), text.end());
    return base64(bytes);
  };
  EXPECT_EQ(encode(""), "");
  EXPECT_EQ(encode("f"), "Zg==");
  EXPECT_EQ(encode("fo"), "Zm8=");
  EXPECT_EQ(encode("foo"), "Zm9v");
  EXPECT_EQ(encode("foob"), "Zm9vYg==");
  EXPECT_EQ(encode("fooba"), "Zm9vYmE=");
  EXPECT_EQ(encode("foobar"), "Zm9vYmFy");
  const std::vector<std::uint8_t> high = {0xFF, 0xFE, 0x00};
  EXPECT_EQ(base64(high), "//4A");
}

TEST(HtmlText, NumbersAreGroupedAndRounded) {
  EXPECT_EQ(format_number(1234567.8), "1,234,568");
  EXPECT_EQ(format_number(1234567.8, 2), "1,234,567.80");
  EXPECT_EQ(format_number(999.4), "999");
  EXPECT_EQ(format_number(-4321.0), "-4,321");
  EXPECT_EQ(format_number(-0.001, 1), "0.0");
  EXPECT_EQ(format_number(std::numeric_limits<double>::quiet_NaN()), "\xE2\x80\x93");
  EXPECT_EQ(format_percent(0.1234), "12.3 %");
  EXPECT_EQ(format_area(36'000.0), "3.6 ha");
  EXPECT_EQ(format_area(12'400'000.0), "12.40 km\xC2\xB2");
}

}  // namespace
}  // namespace grip::report

// Text made safe for the places a report puts it: HTML element content and attribute values,
// JSON inside a <script> element (where "</script>" or "<!--" in a street name would otherwise end
// or upset the script), and binary data as base64 for data: URIs. Numbers are written the way the
// report shows them.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <span>
#include <string>
#include <string_view>

#include "grip/core/text.hpp"

namespace grip::report {

using grip::escape_html;

// JSON that can stand inside <script>…</script>: <, >, & and the JavaScript line separators
// U+2028/U+2029 are written as \u escapes, which JSON and JavaScript read back unchanged.
[[nodiscard]] std::string script_json(const nlohmann::json& value);

[[nodiscard]] std::string base64(std::span<const std::uint8_t> bytes);

// 1234567.8 → "1,234,568" (decimals = 0) or "1,234,567.80" (decimals = 2); NaN → "–".
[[nodiscard]] std::string format_number(double value, int decimals = 0);
// 0.1234 → "12.3 %"
[[nodiscard]] std::string format_percent(double share, int decimals = 1);
// An area in m², in hectares below 1 km² ("3.6 ha") and in km² above ("12.4 km²").
[[nodiscard]] std::string format_area(double area_m2);

}  // namespace grip::report

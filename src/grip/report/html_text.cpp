#include "grip/report/html_text.hpp"

#include <fmt/format.h>

#include <cmath>

namespace grip::report {

std::string script_json(const nlohmann::json& value) {
  // Invalid UTF-8 in a source file must not abort the report: replace it.
  const std::string dumped = value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  std::string safe;
  safe.reserve(dumped.size() + 64);
  for (std::size_t i = 0; i < dumped.size(); ++i) {
    const char c = dumped[i];
    if (c == '<') {
      safe += "\\u003c";
    } else if (c == '>') {
      safe += "\\u003e";
    } else if (c == '&') {
      safe += "\\u0026";
    } else if (c == '\xE2' && i + 2 < dumped.size() && dumped[i + 1] == '\x80' &&
               (dumped[i + 2] == '\xA8' || dumped[i + 2] == '\xA9')) {
      safe += dumped[i + 2] == '\xA8' ? "\\u2028" : "\\u2029";
      i += 2;
    } else {
      safe.push_back(c);
    }
  }
  return safe;
}

std::string base64(std::span<const std::uint8_t> bytes) {
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string encoded;
  encoded.reserve((bytes.size() + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    const std::uint32_t triple =
        (std::uint32_t{bytes[i]} << 16) | (std::uint32_t{bytes[i + 1]} << 8) | bytes[i + 2];
    encoded += kAlphabet[(triple >> 18) & 63];
    encoded += kAlphabet[(triple >> 12) & 63];
    encoded += kAlphabet[(triple >> 6) & 63];
    encoded += kAlphabet[triple & 63];
  }
  if (i < bytes.size()) {
    const bool two = i + 1 < bytes.size();
    const std::uint32_t triple =
        (std::uint32_t{bytes[i]} << 16) | (two ? std::uint32_t{bytes[i + 1]} << 8 : 0u);
    encoded += kAlphabet[(triple >> 18) & 63];
    encoded += kAlphabet[(triple >> 12) & 63];
    encoded += two ? kAlphabet[(triple >> 6) & 63] : '=';
    encoded += '=';
  }
  return encoded;
}

std::string format_number(double value, int decimals) {
  if (!std::isfinite(value)) return "\xE2\x80\x93";  // en dash
  const std::string plain = fmt::format("{:.{}f}", std::abs(value), decimals);
  const std::size_t point = plain.find('.');
  const std::string whole = plain.substr(0, point);
  std::string grouped;
  for (std::size_t i = 0; i < whole.size(); ++i) {
    if (i > 0 && (whole.size() - i) % 3 == 0) grouped.push_back(',');
    grouped.push_back(whole[i]);
  }
  const bool negative = value < 0 && plain.find_first_not_of("0.") != std::string::npos;
  return (negative ? "-" : "") + grouped + (point == std::string::npos ? "" : plain.substr(point));
}

std::string format_percent(double share, int decimals) {
  if (!std::isfinite(share)) return "\xE2\x80\x93";
  return fmt::format("{:.{}f} %", share * 100.0, decimals);
}

std::string format_area(double area_m2) {
  if (!std::isfinite(area_m2)) return "\xE2\x80\x93";
  if (area_m2 < 1e6) return fmt::format("{:.1f} ha", area_m2 / 1e4);
  return fmt::format("{:.2f} km\xC2\xB2", area_m2 / 1e6);
}

}  // namespace grip::report

#include "grip/ingest/coordinates.hpp"

#include <charconv>
#include <cmath>

namespace grip::ingest {

bool parse_number(std::string_view text, double& out) {
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  if (!text.empty() && text.front() == '+') text.remove_prefix(1);
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), out);
  return error == std::errc() && end == text.data() + text.size() && !text.empty() && std::isfinite(out);
}

CoordinateProblem parse_coordinates(std::string_view first, std::string_view second, bool geographic,
                                    Location& out) {
  const auto blank = [](std::string_view text) {
    return text.find_first_not_of(' ') == std::string_view::npos;
  };
  if (blank(first) || blank(second)) return CoordinateProblem::kMissing;
  double a = 0, b = 0;
  if (!parse_number(first, a) || !parse_number(second, b)) return CoordinateProblem::kUnparseable;
  if (geographic) {
    if (a == 0 && b == 0) return CoordinateProblem::kMissing;
    if (std::abs(a) > 180 || std::abs(b) > 90) return CoordinateProblem::kOutOfRange;
  }
  out.longitude = a;
  out.latitude = b;
  return CoordinateProblem::kNone;
}

std::string describe_pair(std::string_view first_label, std::string_view first, std::string_view second_label,
                          std::string_view second) {
  return std::string(first_label) + " '" + std::string(first) + "', " + std::string(second_label) + " '" +
         std::string(second) + "'";
}

const char* reason(CoordinateProblem problem) {
  switch (problem) {
    case CoordinateProblem::kMissing:
      return "no coordinates";
    case CoordinateProblem::kUnparseable:
      return "unparseable coordinates";
    case CoordinateProblem::kOutOfRange:
      return "coordinates out of range";
    case CoordinateProblem::kNone:
      break;
  }
  return "";
}

}  // namespace grip::ingest

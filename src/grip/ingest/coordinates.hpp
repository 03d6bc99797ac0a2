// Reading a coordinate pair from text, and the row-level reasons a pair is refused.
#pragma once

#include <string>
#include <string_view>

#include "grip/ingest/records.hpp"

namespace grip::ingest {

enum class CoordinateProblem { kNone, kMissing, kUnparseable, kOutOfRange };

// Geographic pairs must lie in [-180, 180] × [-90, 90]; a (0, 0) pair is treated as missing, as
// records systems write it for "not geocoded". Projected pairs only need to be finite numbers.
[[nodiscard]] CoordinateProblem parse_coordinates(std::string_view first, std::string_view second,
                                                  bool geographic, Location& out);

// The reject reason key for a problem ("no coordinates", ...).
[[nodiscard]] const char* reason(CoordinateProblem problem);
// The reject detail: the two values as the file wrote them, "Longitude '', Latitude ''".
[[nodiscard]] std::string describe_pair(std::string_view first_label, std::string_view first,
                                        std::string_view second_label, std::string_view second);

[[nodiscard]] bool parse_number(std::string_view text, double& out);

}  // namespace grip::ingest

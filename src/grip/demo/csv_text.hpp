// Plain-text output helpers shared by the synthetic county's writers: RFC 4180 fields (quoted
// only when they hold a comma, quote or line break), rows ending in LF, coordinates to 6 decimals
// (about 0.1 m), and whole-file writes.
#pragma once

#include <filesystem>
#include <initializer_list>
#include <string>
#include <string_view>

#include "grip/demo/geography.hpp"

namespace grip::demo {

inline constexpr std::string_view kForceName = "Synthetic County Police (SYNTHETIC)";
inline constexpr std::string_view kSyntheticMarker = "SYNTHETIC DATA";

void append_csv_field(std::string& out, std::string_view field);
void append_csv_row(std::string& out, std::initializer_list<std::string_view> fields);
[[nodiscard]] std::string format_degrees(double degrees);
// 64 hex digits, the shape of a data.police.uk Crime ID.
[[nodiscard]] std::string hex_id(Random& random);
// Writes the whole file in binary mode (LF line ends on every platform); throws grip::UsageError
// naming the path when it cannot (an unwritable output folder is the caller's to fix).
void write_text_file(const std::filesystem::path& path, std::string_view content);

}  // namespace grip::demo

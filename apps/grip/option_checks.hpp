// Range checks for every numeric option, applied to the text before CLI11 converts it: CLI11
// reads "-3" into an unsigned option as 18446744073709551613, and NaN passes any `<`/`>` test, so
// the check parses the text itself. A refusal exits 1 with "--top: ..." naming the allowed range.
#pragma once

#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <cerrno>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <limits>
#include <string>

namespace grip::cli {

// A whole number from min to max inclusive.
inline CLI::Validator whole_number(std::int64_t min, std::int64_t max) {
  return CLI::Validator(
      [min, max](std::string& text) -> std::string {
        errno = 0;
        char* end = nullptr;
        const long long value = std::strtoll(text.c_str(), &end, 10);
        if (end == text.c_str() || *end != '\0' || errno == ERANGE || value < min || value > max) {
          return fmt::format("must be a whole number from {} to {}, not '{}'", min, max, text);
        }
        return {};
      },
      fmt::format("INT in [{} - {}]", min, max), "whole_number");
}

// A finite number from min to max inclusive.
inline CLI::Validator number_in(double min, double max) {
  return CLI::Validator(
      [min, max](std::string& text) -> std::string {
        char* end = nullptr;
        const double value = std::strtod(text.c_str(), &end);
        if (end == text.c_str() || *end != '\0' || !std::isfinite(value) || value < min || value > max) {
          return fmt::format("must be a number from {:g} to {:g}, not '{}'", min, max, text);
        }
        return {};
      },
      fmt::format("NUMBER in [{:g} - {:g}]", min, max), "number_in");
}

// The ranges shared by several commands, so hotspots, backtest and forecast agree.
inline CLI::Validator cell_size_range() { return number_in(1.0, 10'000.0); }

}  // namespace grip::cli

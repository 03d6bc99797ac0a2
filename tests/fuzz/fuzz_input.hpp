// Shared by the libFuzzer harnesses: the input as text, and the rule that only Grip's own errors
// (grip::Error: a refused file, a bad mapping) are expected outcomes. Anything else escaping a
// parser, and any sanitizer report, is a crash the fuzzer records.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "grip/core/errors.hpp"

namespace grip::fuzz {

inline std::string_view as_text(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

template <typename Body>
void expecting_refusals(Body&& body) {
  try {
    body();
  } catch (const grip::Error&) {
    // A refusal with a reason is a correct answer to a malformed input.
  }
}

}  // namespace grip::fuzz

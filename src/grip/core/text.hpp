// Text helpers for reading names, headers and fields forgivingly. ASCII only on purpose: locale-
// dependent folding would make matching depend on the user's environment.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace grip {

// Without leading and trailing spaces, tabs and carriage returns.
[[nodiscard]] std::string_view trim(std::string_view text);

// Equal ignoring ASCII case (category names are ASCII; locale-dependent folding would make the
// match depend on the user's environment).
[[nodiscard]] bool equals_ignoring_case(std::string_view a, std::string_view b);

// ASCII lower case, as a key for maps that must match the way equals_ignoring_case() does.
[[nodiscard]] std::string lower_ascii(std::string_view text);

// lower_ascii(trim(text)): the key header names and offences are matched by.
[[nodiscard]] std::string lower_trimmed(std::string_view text);

// "1 incident", "2 incidents", "0 incidents": a count with its noun in the right number. `plural`
// defaults to singular + "s"; give it for the irregular ones ("1 was", "3 were" is not this).
[[nodiscard]] std::string counted(std::int64_t count, std::string_view singular,
                                  std::string_view plural = {});

// Escapes & < > " ' so the text is inert in HTML element content and in quoted attribute values:
// every HTML page Grip writes (reports, tasking sheets, returns, evaluations) goes through this one.
[[nodiscard]] std::string escape_html(std::string_view text);

}  // namespace grip

// Session and CSRF tokens: 32 bytes from OpenSSL's RAND_bytes as 64 hex digits. The store keeps
// only the SHA-256 of a session token, so a copy of the store does not hand out live sessions.
#pragma once

#include <string>
#include <string_view>

namespace grip::server {

[[nodiscard]] std::string random_token(std::size_t bytes = 32);
[[nodiscard]] std::string sha256_hex(std::string_view text);
// Equal length and bytes, compared in time that does not depend on where they differ.
[[nodiscard]] bool constant_time_equal(std::string_view a, std::string_view b) noexcept;

}  // namespace grip::server

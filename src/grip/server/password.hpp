// Account passwords as Argon2id (RFC 9106) through the reference library (libargon2). Parameters:
// RFC 9106 section 4's second recommended option, t = 3 passes over m = 64 MiB with p = 4 lanes,
// a 16-byte salt from OpenSSL's RAND_bytes and a 32-byte tag, kept in the PHC encoded form
// ($argon2id$v=19$m=65536,t=3,p=4$salt$tag) so the parameters travel with each hash and can be
// raised later without breaking old hashes. Verification is libargon2's, which compares tags in
// constant time.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace grip::server {

struct Argon2Parameters {
  std::uint32_t passes = 3;
  std::uint32_t memory_kib = 64 * 1024;
  std::uint32_t lanes = 4;
  std::size_t salt_bytes = 16;
  std::size_t tag_bytes = 32;
};

// The PHC-encoded Argon2id hash of a password with a fresh random salt.
[[nodiscard]] std::string hash_password(std::string_view password, const Argon2Parameters& parameters = {});
// True when the password matches the encoded hash; false for a wrong password or a malformed hash.
[[nodiscard]] bool verify_password(const std::string& encoded, std::string_view password);

// The raw Argon2id (version 0x13) tag with optional secret and associated data: what
// hash_password computes, exposed so the RFC 9106 test vector can check it.
[[nodiscard]] std::vector<std::uint8_t> argon2id_tag(std::string_view password, std::string_view salt,
                                                     std::string_view secret, std::string_view associated,
                                                     const Argon2Parameters& parameters);

// Throws UsageError unless a new password is 12 to 1,024 bytes with no control characters.
void check_new_password(std::string_view password);

}  // namespace grip::server

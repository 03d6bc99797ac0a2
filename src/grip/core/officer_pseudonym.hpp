// Officer pseudonyms: a keyed hash of an officer or device identifier, so dosage can be counted
// per officer without the store ever holding who the officer is.
//   pseudonym = "off-" + hex(first 12 bytes of HMAC-SHA256(key, trimmed id))   (RFC 2104, FIPS 180-4)
// The key is a per-store secret of 32 random bytes (OpenSSL's RAND_bytes). Without the key the
// pseudonym cannot be reversed by hashing guessed collar numbers; with it, a force can re-link
// when it must. 96 bits keep collisions out of reach for any force's establishment.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace grip {

using PseudonymKey = std::array<std::uint8_t, 32>;

// 32 bytes from the operating system's random source; throws grip::Error if it cannot supply them.
[[nodiscard]] PseudonymKey generate_pseudonym_key();

// HMAC-SHA256 of `message` under `key`, the full 32 bytes (exposed for the RFC 4231 test).
[[nodiscard]] std::array<std::uint8_t, 32> hmac_sha256(std::span<const std::uint8_t> key,
                                                       std::string_view message);

class OfficerPseudonymiser {
 public:
  explicit OfficerPseudonymiser(const PseudonymKey& key) : key_(key) {}
  // The same id (after trimming spaces) always gives the same pseudonym under the same key; an
  // empty id is a usage error, not a shared pseudonym.
  [[nodiscard]] std::string pseudonym(std::string_view raw_id) const;

 private:
  PseudonymKey key_;
};

}  // namespace grip

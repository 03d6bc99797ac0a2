#include "grip/core/officer_pseudonym.hpp"

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include "grip/core/errors.hpp"
#include "grip/core/text.hpp"

namespace grip {

PseudonymKey generate_pseudonym_key() {
  PseudonymKey key{};
  if (RAND_bytes(key.data(), static_cast<int>(key.size())) != 1) {
    throw StoreError("cannot draw a random pseudonym key: the system's random source failed");
  }
  return key;
}

std::array<std::uint8_t, 32> hmac_sha256(std::span<const std::uint8_t> key, std::string_view message) {
  std::array<std::uint8_t, 32> digest{};
  unsigned length = 0;
  if (HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
           reinterpret_cast<const unsigned char*>(message.data()), message.size(), digest.data(),
           &length) == nullptr ||
      length != digest.size()) {
    throw StoreError("HMAC-SHA256 failed in OpenSSL");
  }
  return digest;
}

std::string OfficerPseudonymiser::pseudonym(std::string_view raw_id) const {
  const std::string_view id = trim(raw_id);
  if (id.empty()) throw UsageError("an empty officer or device id cannot be pseudonymised");
  const auto digest = hmac_sha256(key_, id);
  constexpr char kHex[] = "0123456789abcdef";
  std::string out = "off-";
  for (std::size_t i = 0; i < 12; ++i) {
    out.push_back(kHex[digest[i] >> 4]);
    out.push_back(kHex[digest[i] & 0xF]);
  }
  return out;
}

}  // namespace grip

#include "grip/server/password.hpp"

#include <argon2.h>
#include <openssl/rand.h>

#include <stdexcept>

#include "grip/core/errors.hpp"

namespace grip::server {

std::string hash_password(std::string_view password, const Argon2Parameters& p) {
  std::vector<std::uint8_t> salt(p.salt_bytes);
  if (RAND_bytes(salt.data(), static_cast<int>(salt.size())) != 1) {
    throw std::runtime_error("OpenSSL RAND_bytes failed: no secure random salt");
  }
  std::string encoded(
      argon2_encodedlen(p.passes, p.memory_kib, p.lanes, static_cast<std::uint32_t>(p.salt_bytes),
                        static_cast<std::uint32_t>(p.tag_bytes), Argon2_id),
      '\0');
  const int status =
      argon2id_hash_encoded(p.passes, p.memory_kib, p.lanes, password.data(), password.size(), salt.data(),
                            salt.size(), p.tag_bytes, encoded.data(), encoded.size());
  if (status != ARGON2_OK)
    throw std::runtime_error(std::string("Argon2id failed: ") + argon2_error_message(status));
  encoded.resize(encoded.find('\0'));
  return encoded;
}

bool verify_password(const std::string& encoded, std::string_view password) {
  if (encoded.rfind("$argon2id$", 0) != 0) return false;
  return argon2id_verify(encoded.c_str(), password.data(), password.size()) == ARGON2_OK;
}

std::vector<std::uint8_t> argon2id_tag(std::string_view password, std::string_view salt,
                                       std::string_view secret, std::string_view associated,
                                       const Argon2Parameters& p) {
  std::vector<std::uint8_t> tag(p.tag_bytes);
  // libargon2 takes non-const pointers but only reads the inputs (ARGON2_DEFAULT_FLAGS: no wiping).
  auto bytes = [](std::string_view text) {
    return text.empty() ? nullptr : reinterpret_cast<std::uint8_t*>(const_cast<char*>(text.data()));
  };
  argon2_context context{};
  context.out = tag.data();
  context.outlen = static_cast<std::uint32_t>(tag.size());
  context.pwd = bytes(password);
  context.pwdlen = static_cast<std::uint32_t>(password.size());
  context.salt = bytes(salt);
  context.saltlen = static_cast<std::uint32_t>(salt.size());
  context.secret = bytes(secret);
  context.secretlen = static_cast<std::uint32_t>(secret.size());
  context.ad = bytes(associated);
  context.adlen = static_cast<std::uint32_t>(associated.size());
  context.t_cost = p.passes;
  context.m_cost = p.memory_kib;
  context.lanes = p.lanes;
  context.threads = p.lanes;
  context.version = ARGON2_VERSION_13;
  context.flags = ARGON2_DEFAULT_FLAGS;
  const int status = argon2_ctx(&context, Argon2_id);
  if (status != ARGON2_OK)
    throw std::runtime_error(std::string("Argon2id failed: ") + argon2_error_message(status));
  return tag;
}

void check_new_password(std::string_view password) {
  if (password.size() < 12)
    throw UsageError("password: at least 12 characters, please (a passphrase works well)");
  if (password.size() > 1024) throw UsageError("password: at most 1,024 bytes");
  for (const char c : password) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte == 0x7f) throw UsageError("password: no control characters or line breaks");
  }
}

}  // namespace grip::server

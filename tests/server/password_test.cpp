// Argon2id passwords and tokens: the RFC 9106 test vector, hash/verify round trips, the policy on
// new passwords, and tokens of the stated size that differ.
#include "grip/server/password.hpp"

#include <gtest/gtest.h>

#include <set>

#include "grip/core/errors.hpp"
#include "grip/server/tokens.hpp"

namespace {

using grip::server::Argon2Parameters;

// RFC 9106 section 5.3 (Argon2id): password 32 x 0x01, salt 16 x 0x02, secret 8 x 0x03, associated
// data 12 x 0x04, t = 3, m = 32 KiB, p = 4, 32-byte tag.
TEST(Argon2id, MatchesTheRfc9106TestVector) {
  Argon2Parameters p;
  p.passes = 3;
  p.memory_kib = 32;
  p.lanes = 4;
  p.tag_bytes = 32;
  const auto tag = grip::server::argon2id_tag(std::string(32, '\x01'), std::string(16, '\x02'),
                                              std::string(8, '\x03'), std::string(12, '\x04'), p);
  const std::vector<std::uint8_t> expected = {
      0x0d, 0x64, 0x0d, 0xf5, 0x8d, 0x78, 0x76, 0x6c, 0x08, 0xc0, 0x37, 0xa3, 0x4a, 0x8b, 0x53, 0xc9,
      0xd0, 0x1e, 0xf0, 0x45, 0x2d, 0x75, 0xb6, 0x5e, 0xb5, 0x25, 0x20, 0xe9, 0x6b, 0x01, 0xe6, 0x59};
  EXPECT_EQ(tag, expected);
}

TEST(Argon2id, HashesVerifyAndCarryTheirParameters) {
  const std::string hash = grip::server::hash_password("correct horse battery staple");
  EXPECT_EQ(hash.rfind("$argon2id$v=19$m=65536,t=3,p=4$", 0), 0u) << hash;
  EXPECT_TRUE(grip::server::verify_password(hash, "correct horse battery staple"));
  EXPECT_FALSE(grip::server::verify_password(hash, "correct horse battery stapl"));
  EXPECT_FALSE(grip::server::verify_password(hash, ""));
  // A fresh salt each time: the same password gives another hash.
  EXPECT_NE(grip::server::hash_password("correct horse battery staple"), hash);
  EXPECT_FALSE(grip::server::verify_password("not a hash", "x"));
  EXPECT_FALSE(grip::server::verify_password("$argon2i$v=19$m=65536,t=3,p=4$AAAA$AAAA", "x"));
}

TEST(Argon2id, RefusesWeakNewPasswords) {
  EXPECT_THROW(grip::server::check_new_password("short"), grip::UsageError);
  EXPECT_THROW(grip::server::check_new_password("twelve chars\n"), grip::UsageError);
  EXPECT_THROW(grip::server::check_new_password(std::string(1025, 'a')), grip::UsageError);
  EXPECT_NO_THROW(grip::server::check_new_password("twelve chars"));
}

TEST(Tokens, AreRandomHexOfTheStatedLength) {
  std::set<std::string> seen;
  for (int i = 0; i < 100; ++i) {
    const std::string token = grip::server::random_token();
    EXPECT_EQ(token.size(), 64u);
    EXPECT_EQ(token.find_first_not_of("0123456789abcdef"), std::string::npos);
    seen.insert(token);
  }
  EXPECT_EQ(seen.size(), 100u);
  // FIPS 180-2 example: SHA-256("abc").
  EXPECT_EQ(grip::server::sha256_hex("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_TRUE(grip::server::constant_time_equal("abc", "abc"));
  EXPECT_FALSE(grip::server::constant_time_equal("abc", "abd"));
  EXPECT_FALSE(grip::server::constant_time_equal("abc", "abcd"));
  EXPECT_FALSE(grip::server::constant_time_equal("", ""));
}

}  // namespace

// The monthly return's hash is HMAC-SHA256 under the public key "grip monthly return", as
// docs/dosage.md states: checked against Python's hmac module, computed outside Grip:
//   hmac.new(b'grip monthly return', MESSAGE, hashlib.sha256).hexdigest()
#include <gtest/gtest.h>

#include "grip/patrol/monthly_return.hpp"
#include "grip/patrol/outcomes.hpp"

namespace {

TEST(MonthlyReturnHash, IsHmacSha256UnderThePublicKey) {
  EXPECT_EQ(grip::patrol::return_hash(R"({"month":"2018-03"})"),
            "hmac-sha256:893bff30ca6019048aa8a8ea6ec4b62b719e6d67451918e07e8dc94ea9342db3");
  EXPECT_EQ(grip::patrol::return_hash(""),
            "hmac-sha256:f935d753d4d240f0320242c763d00c6df38ce5a5b5a90ec0a926ef2a4a818936");
}

TEST(Outcomes, KindsAreTheFourTheIssueNames) {
  EXPECT_EQ(grip::patrol::outcome_kinds(),
            (std::vector<std::string>{"arrest", "stop_search", "weapon_seized", "arch_deployment"}));
}

}  // namespace

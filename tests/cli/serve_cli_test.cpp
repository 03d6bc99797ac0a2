// `grip users` and `grip serve` from the command line: accounts are added with a checked password
// and listed without hashes; serve refuses plain HTTP off loopback and half a TLS pair, logs each
// request as a JSON line and exits 0 on SIGTERM.
#include <gtest/gtest.h>
#include <httplib.h>

#include <cstdlib>
#include <nlohmann/json.hpp>
#include <sstream>

#include "server/grip_server_process.hpp"
#include "support/test_support.hpp"

namespace {

using grip::test::query_int;
using grip::test::query_text;
using grip::test::run_grip;

TEST(UsersCli, AddsListsAndRefusesBadAccounts) {
  grip::test::ScratchDir dir;
  const auto db = dir / "u.gpkg";
  const auto good = dir.write("good.txt", "a long enough passphrase\n");
  const auto weak = dir.write("weak.txt", "short\n");
  auto added = run_grip(
      {"--db", db.string(), "users", "add", "ana", "--role", "analyst", "--password-file", good.string()});
  ASSERT_EQ(added.exit_code, 0) << added.out;
  const std::string hash = query_text(db, "SELECT password_hash FROM users WHERE name = 'ana'");
  EXPECT_EQ(hash.rfind("$argon2id$v=19$m=65536,t=3,p=4$", 0), 0u) << hash;
  EXPECT_EQ(hash.find("a long enough passphrase"), std::string::npos);

  const std::vector<std::pair<std::vector<std::string>, std::string>> bad = {
      {{"ana", "--role", "analyst", "--password-file", good.string()}, "exists"},
      {{"bob", "--role", "chief", "--password-file", good.string()}, "--role"},
      {{"bob", "--role", "viewer", "--password-file", weak.string()}, "12 characters"},
      {{"bob smith", "--role", "viewer", "--password-file", good.string()}, "letters, digits"},
  };
  for (const auto& [args, named] : bad) {
    std::vector<std::string> command = {"--db", db.string(), "users", "add"};
    command.insert(command.end(), args.begin(), args.end());
    const auto result = run_grip(command);
    EXPECT_EQ(result.exit_code, 1) << result.out;
    EXPECT_NE(result.out.find(named), std::string::npos) << result.out;
  }
  const auto missing = run_grip({"--db", db.string(), "users", "add", "bob", "--role", "viewer",
                                 "--password-file", (dir / "none.txt").string()});
  EXPECT_EQ(missing.exit_code, 2) << missing.out;
  EXPECT_EQ(query_int(db, "SELECT count(*) FROM users"), 1);

  const auto listed = run_grip({"--db", db.string(), "users", "list"});
  ASSERT_EQ(listed.exit_code, 0) << listed.out;
  EXPECT_NE(listed.out.find("ana"), std::string::npos) << listed.out;
  EXPECT_NE(listed.out.find("analyst"), std::string::npos) << listed.out;
  EXPECT_EQ(listed.out.find("argon2"), std::string::npos) << listed.out;
  EXPECT_EQ(query_int(db, "SELECT count(*) FROM audit_log WHERE action = 'user_add' AND target = 'user:ana'"),
            1);
  EXPECT_EQ(run_grip({"--db", db.string(), "users", "disable", "nobody"}).exit_code, 1);
}

TEST(ServeCli, RefusesPlainHttpOffLoopbackAndHalfATlsPair) {
  grip::test::ScratchDir dir;
  const auto db = dir / "s.gpkg";
  auto open = run_grip({"--db", db.string(), "users", "list"});
  ASSERT_EQ(open.exit_code, 0) << open.out;
  const auto plain = run_grip({"--db", db.string(), "serve", "--listen", "0.0.0.0:0"});
  EXPECT_EQ(plain.exit_code, 1) << plain.out;
  EXPECT_NE(plain.out.find("--tls-cert"), std::string::npos) << plain.out;
  const auto half =
      run_grip({"--db", db.string(), "serve", "--listen", "127.0.0.1:0", "--tls-cert", "c.pem"});
  EXPECT_EQ(half.exit_code, 1) << half.out;
  const auto bad_listen = run_grip({"--db", db.string(), "serve", "--listen", "127.0.0.1:http"});
  EXPECT_EQ(bad_listen.exit_code, 1) << bad_listen.out;
}

TEST(ServeCli, LogsJsonLinesAndStopsCleanlyOnSigterm) {
  grip::test::ScratchDir dir;
  const auto db = dir / "s.gpkg";
  ASSERT_EQ(run_grip({"--db", db.string(), "users", "list"}).exit_code, 0);
  const auto log = dir / "serve.log";
  grip::test::GripServerProcess server(grip::test::store_locator(db), log);
  httplib::Client client("127.0.0.1", server.port());
  const auto res = client.Get("/api/me");
  ASSERT_TRUE(res != nullptr);
  EXPECT_EQ(res->status, 401);
  EXPECT_EQ(server.stop(), 0);
  std::istringstream lines(grip::test::read_file(log));
  bool seen = false;
  for (std::string line; std::getline(lines, line);) {
    const auto entry = nlohmann::json::parse(line, nullptr, false);
    ASSERT_FALSE(entry.is_discarded()) << line;
    if (entry.value("path", "") == "/api/me") {
      seen = true;
      EXPECT_EQ(entry.at("status"), 401);
      EXPECT_EQ(entry.at("method"), "GET");
    }
  }
  EXPECT_TRUE(seen) << grip::test::read_file(log);
}

TEST(ServeCli, ServesHttpsWithSecureCookiesUnderTls) {
  grip::test::ScratchDir dir;
  const auto db = dir / "t.gpkg";
  const auto cert = dir / "cert.pem";
  const auto key = dir / "key.pem";
  const std::string make_cert =
      "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 1 "
      "-subj /CN=localhost -addext subjectAltName=IP:127.0.0.1 -keyout '" +
      key.string() + "' -out '" + cert.string() + "' >/dev/null 2>&1";
  ASSERT_EQ(std::system(make_cert.c_str()), 0) << "openssl could not make a test certificate";
  const auto password = dir.write("pw.txt", "a long enough passphrase\n");
  const auto added = run_grip({"--db", db.string(), "users", "add", "tess", "--role", "viewer",
                               "--password-file", password.string()});
  ASSERT_EQ(added.exit_code, 0) << added.out;
  grip::test::GripServerProcess server(grip::test::store_locator(db), dir / "tls.log",
                                       {"--tls-cert", cert.string(), "--tls-key", key.string()});
  httplib::SSLClient client("127.0.0.1", server.port());
  client.set_ca_cert_path(cert.c_str());
  client.enable_server_certificate_verification(true);
  const auto res =
      client.Post("/login", R"({"name":"tess","password":"a long enough passphrase"})", "application/json");
  ASSERT_TRUE(res != nullptr) << httplib::to_string(res.error());
  EXPECT_EQ(res->status, 200) << res->body;
  const std::string cookie = res->get_header_value("Set-Cookie");
  EXPECT_NE(cookie.find("; Secure"), std::string::npos) << cookie;
  EXPECT_NE(cookie.find("HttpOnly"), std::string::npos) << cookie;
  EXPECT_NE(res->get_header_value("Strict-Transport-Security").find("max-age="), std::string::npos);
  // Plain HTTP to the TLS port gets no answer.
  httplib::Client plain("127.0.0.1", server.port());
  plain.set_read_timeout(5, 0);
  const auto refused = plain.Get("/api/me");
  EXPECT_TRUE(refused == nullptr || refused->status == 400) << (refused ? refused->body : "");
  EXPECT_EQ(server.stop(), 0);
}

}  // namespace

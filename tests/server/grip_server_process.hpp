// A real `grip serve` child process on a free loopback port for the server tests: started with
// fork/exec, its first stdout line gives the URL, stderr (the access log) goes to a file, and
// stop() sends SIGTERM and returns the exit status (0 after a clean shutdown).
#pragma once

#include <fcntl.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <vector>

#include "support/test_support.hpp"

namespace grip::test {

class GripServerProcess {
 public:
  // `locator` is passed to --db as is (call store_locator first); `extra` are more serve options.
  GripServerProcess(const std::string& locator, const std::filesystem::path& log,
                    const std::vector<std::string>& extra = {}) {
    std::vector<std::string> args = {GRIP_CLI, "--db", locator, "serve", "--listen", "127.0.0.1:0"};
    args.insert(args.end(), extra.begin(), extra.end());
    int out[2];
    if (pipe(out) != 0) throw std::runtime_error("pipe failed");
    pid_ = fork();
    if (pid_ < 0) throw std::runtime_error("fork failed");
    if (pid_ == 0) {
      dup2(out[1], STDOUT_FILENO);
      const int err = open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
      if (err >= 0) dup2(err, STDERR_FILENO);
      close(out[0]);
      std::vector<char*> argv;
      for (auto& a : args) argv.push_back(a.data());
      argv.push_back(nullptr);
      execv(argv[0], argv.data());
      _exit(127);
    }
    close(out[1]);
    std::string line;
    pollfd fd{out[0], POLLIN, 0};
    while (line.find('\n') == std::string::npos) {
      if (poll(&fd, 1, 120'000) <= 0) break;
      char buffer[256];
      const ssize_t got = read(out[0], buffer, sizeof buffer);
      if (got <= 0) break;
      line.append(buffer, static_cast<std::size_t>(got));
    }
    close(out[0]);
    const auto at = line.find("://127.0.0.1:");
    if (at == std::string::npos) {
      stop();
      throw std::runtime_error("grip serve did not start: '" + line + "' log: " + read_file(log));
    }
    port_ = std::stoi(line.substr(at + 13));
  }
  ~GripServerProcess() { stop(); }
  GripServerProcess(const GripServerProcess&) = delete;
  GripServerProcess& operator=(const GripServerProcess&) = delete;

  [[nodiscard]] int port() const { return port_; }
  // A client of this server; the generous timeout is for sanitizer builds on a busy machine.
  [[nodiscard]] httplib::Client client() const {
    httplib::Client c("127.0.0.1", port_);
    c.set_read_timeout(120, 0);
    return c;
  }

  // SIGTERM, then the exit status (-1 when it did not exit normally).
  int stop() {
    if (pid_ <= 0) return status_;
    kill(pid_, SIGTERM);
    int raw = 0;
    waitpid(pid_, &raw, 0);
    pid_ = 0;
    status_ = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
    return status_;
  }

 private:
  pid_t pid_ = 0;
  int port_ = 0;
  int status_ = -1;
};

// Adds accounts (name, role) with `grip users add`, each with the password in `password_file`.
// Returns "" when every one was added, else the failing command's output.
inline std::string add_users(const std::filesystem::path& db, const std::filesystem::path& password_file,
                             const std::vector<std::pair<std::string, std::string>>& users) {
  for (const auto& [name, role] : users) {
    const auto added = run_grip({"--db", db.string(), "users", "add", name, "--role", role, "--password-file",
                                 password_file.string()});
    if (added.exit_code != 0) return name + ": " + added.out;
  }
  return {};
}

// A signed-in session: the cookie to send ("grip_session=..."), its CSRF token, and the whole
// Set-Cookie header (for tests of its attributes).
struct Signed {
  std::string cookie, csrf, set_cookie;
};

// POST /login on 127.0.0.1:port. Expects `expected`; on anything but 200 returns an empty session.
inline Signed sign_in(int port, const std::string& name, const std::string& password, int expected = 200) {
  httplib::Client client("127.0.0.1", port);
  client.set_read_timeout(120, 0);
  auto res = client.Post("/login", nlohmann::json{{"name", name}, {"password", password}}.dump(),
                         "application/json");
  EXPECT_TRUE(res) << "POST /login for " << name;
  if (!res) return {};
  EXPECT_EQ(res->status, expected) << name << ": " << res->body;
  if (res->status != 200) return {};
  const std::string set_cookie = res->get_header_value("Set-Cookie");
  return {set_cookie.substr(0, set_cookie.find(';')),
          nlohmann::json::parse(res->body).at("csrf_token").get<std::string>(), set_cookie};
}

}  // namespace grip::test

// The library's error types. The CLI maps each to one exit code (see exit_code()), so a caller
// can tell a usage mistake from bad input from a broken store without parsing messages.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>

namespace grip {

enum class ExitCode : int { kSuccess = 0, kUsage = 1, kInput = 2, kStore = 3, kOutput = 4 };

class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
  [[nodiscard]] virtual ExitCode exit_code() const noexcept = 0;
};

// The user asked for something that makes no sense (bad option, absurd grid, unknown CRS).
class UsageError : public Error {
 public:
  using Error::Error;
  [[nodiscard]] ExitCode exit_code() const noexcept override { return ExitCode::kUsage; }
};

// Input that cannot be read as a whole: names the file, the 1-based line (0 = whole file) and why.
class InputError : public Error {
 public:
  InputError(std::string file, std::int64_t line, std::string reason);
  [[nodiscard]] ExitCode exit_code() const noexcept override { return ExitCode::kInput; }
  [[nodiscard]] const std::string& file() const noexcept { return file_; }
  [[nodiscard]] std::int64_t line() const noexcept { return line_; }
  [[nodiscard]] const std::string& reason() const noexcept { return reason_; }

 private:
  std::string file_;
  std::int64_t line_;
  std::string reason_;
};

// The store could not be opened, migrated or written; nothing of the failed command is kept.
class StoreError : public Error {
 public:
  using Error::Error;
  [[nodiscard]] ExitCode exit_code() const noexcept override { return ExitCode::kStore; }
};

// An output file (CSV, HTML report, layer export) could not be written: disk full, no permission,
// a folder that cannot be made. The store is never touched by an output failure, and the old
// target, if any, is left as it was (outputs are written beside it and renamed into place).
class OutputError : public Error {
 public:
  using Error::Error;
  [[nodiscard]] ExitCode exit_code() const noexcept override { return ExitCode::kOutput; }
};

}  // namespace grip

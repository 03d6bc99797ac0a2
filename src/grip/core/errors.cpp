#include "grip/core/errors.hpp"

namespace grip {
namespace {
std::string describe(const std::string& file, std::int64_t line, const std::string& reason) {
  if (line > 0) return file + ":" + std::to_string(line) + ": " + reason;
  return file + ": " + reason;
}
}  // namespace

InputError::InputError(std::string file, std::int64_t line, std::string reason)
    : Error(describe(file, line, reason)), file_(std::move(file)), line_(line), reason_(std::move(reason)) {}

}  // namespace grip

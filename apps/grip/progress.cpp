#include <unistd.h>

#include <cstdio>
#include <filesystem>

#include "commands.hpp"

namespace grip::cli {

void show_progress(std::size_t index, std::size_t count, const std::string& label, bool quiet) {
  static const bool terminal = isatty(STDERR_FILENO) != 0;
  if (quiet || !terminal) return;
  if (index >= count) {
    std::fprintf(stderr, "\r\033[K");
  } else {
    std::fprintf(stderr, "\r\033[K[%zu/%zu] %s", index + 1, count,
                 std::filesystem::path(label).filename().string().c_str());
  }
  std::fflush(stderr);
}

}  // namespace grip::cli

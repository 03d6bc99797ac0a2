// A memory check before a large allocation, so that an impossible run stops at once with advice
// (exit 1) instead of dying with std::bad_alloc minutes later, or being killed by the kernel. The
// budget is MemAvailable from /proc/meminfo (what Linux can give without swapping), or the
// GRIP_MEMORY_LIMIT_MB environment variable when set (tests; a shared server's quota).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace grip {

struct MemoryBudget {
  std::uint64_t bytes = 0;
  std::string source;  // "GRIP_MEMORY_LIMIT_MB" or "MemAvailable in /proc/meminfo"
};

// The budget, or nothing when neither source can be read (then no check is made).
[[nodiscard]] std::optional<MemoryBudget> available_memory();

// "10.3 GB", "512 MB": for messages.
[[nodiscard]] std::string describe_bytes(std::uint64_t bytes);

// Throws grip::UsageError when `bytes` exceed the budget: "<what> needs about 10.3 GB of memory
// but 7.8 GB is available (MemAvailable in /proc/meminfo); <suggestion>".
void require_memory(std::uint64_t bytes, std::string_view what, std::string_view suggestion);

// require_memory() for a grid analysis whose memory grows with the cell count (bytes_per_cell per
// cell): the suggestion names the smallest round --cell-size that fits (cell count falls with the
// square of the cell size).
void require_grid_memory(std::uint64_t cells, double bytes_per_cell, double cell_size_m,
                         std::string_view what);

}  // namespace grip

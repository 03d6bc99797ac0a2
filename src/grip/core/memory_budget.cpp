#include "grip/core/memory_budget.hpp"

#include <fmt/format.h>

#include <cmath>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "grip/core/errors.hpp"

namespace grip {

std::optional<MemoryBudget> available_memory() {
  if (const char* limit = std::getenv("GRIP_MEMORY_LIMIT_MB"); limit != nullptr && *limit != '\0') {
    char* end = nullptr;
    const double megabytes = std::strtod(limit, &end);
    if (end == limit || *end != '\0' || !(megabytes >= 0) || !std::isfinite(megabytes)) {
      throw UsageError(fmt::format("GRIP_MEMORY_LIMIT_MB={}: give a number of megabytes, e.g. 4096", limit));
    }
    return MemoryBudget{static_cast<std::uint64_t>(megabytes * 1024 * 1024), "GRIP_MEMORY_LIMIT_MB"};
  }
  std::ifstream meminfo("/proc/meminfo");
  std::string line;
  while (std::getline(meminfo, line)) {
    if (!line.starts_with("MemAvailable:")) continue;
    std::istringstream fields(line.substr(13));
    std::uint64_t kilobytes = 0;
    if (fields >> kilobytes) return MemoryBudget{kilobytes * 1024, "MemAvailable in /proc/meminfo"};
  }
  return std::nullopt;
}

std::string describe_bytes(std::uint64_t bytes) {
  const double value = static_cast<double>(bytes);
  if (value >= 1024.0 * 1024 * 1024) return fmt::format("{:.1f} GB", value / (1024.0 * 1024 * 1024));
  if (value >= 1024.0 * 1024) return fmt::format("{:.0f} MB", value / (1024.0 * 1024));
  return fmt::format("{:.0f} kB", value / 1024.0);
}

void require_memory(std::uint64_t bytes, std::string_view what, std::string_view suggestion) {
  const auto budget = available_memory();
  if (!budget || bytes <= budget->bytes) return;
  throw UsageError(fmt::format("{} needs about {} of memory but {} is available ({}); {}", what,
                               describe_bytes(bytes), describe_bytes(budget->bytes), budget->source,
                               suggestion));
}

void require_grid_memory(std::uint64_t cells, double bytes_per_cell, double cell_size_m,
                         std::string_view what) {
  const double needed = static_cast<double>(cells) * bytes_per_cell;
  const auto budget = available_memory();
  if (!budget || needed <= static_cast<double>(budget->bytes)) return;
  // Cells scale with 1 / size², so size × sqrt(needed / available) just fits; rounded up to 5 m
  // with a little room for what does not grow with the grid.
  const double available = std::max(1.0, static_cast<double>(budget->bytes));
  const double fits = std::ceil(cell_size_m * std::sqrt(needed / available) * 1.05 / 5.0) * 5.0;
  require_memory(static_cast<std::uint64_t>(needed), what,
                 fmt::format("use --cell-size {:g} or larger (or free memory)", fits));
}

}  // namespace grip

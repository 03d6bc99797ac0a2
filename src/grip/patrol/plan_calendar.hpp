// Days of a plan (std::chrono civil days) and its seeded random numbers. The generator is the
// standard's mt19937_64, whose output sequence the standard fixes, and uniforms are taken from its
// top 53 bits here rather than through std::uniform_*_distribution (implementation-defined), so a
// seed gives the same plan with any standard library.
#pragma once

#include <chrono>
#include <cstdint>
#include <random>
#include <string>

namespace grip::patrol {

// "YYYY-MM-DD" → the day; throws grip::UsageError naming the text otherwise.
[[nodiscard]] std::chrono::sys_days parse_plan_day(const std::string& text);
[[nodiscard]] std::string day_text(std::chrono::sys_days day);
// 0 = Monday ... 6 = Sunday.
[[nodiscard]] int weekday_index(std::chrono::sys_days day);

class PlanRandom {
 public:
  explicit PlanRandom(std::uint64_t seed) : engine_(seed) {}
  // Uniform in [0, 1).
  double uniform() { return static_cast<double>(engine_() >> 11) * 0x1.0p-53; }
  // Uniform integer in [0, n), n > 0.
  std::size_t below(std::size_t n) { return static_cast<std::size_t>(uniform() * static_cast<double>(n)); }

 private:
  std::mt19937_64 engine_;
};

}  // namespace grip::patrol

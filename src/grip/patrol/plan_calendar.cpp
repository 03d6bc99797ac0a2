#include "grip/patrol/plan_calendar.hpp"

#include <fmt/format.h>

#include "grip/core/errors.hpp"
#include "grip/core/time_text.hpp"

namespace grip::patrol {

std::chrono::sys_days parse_plan_day(const std::string& text) {
  const auto when = text.size() == 10 ? parse_date_time(text) : std::nullopt;
  if (!when) throw UsageError(fmt::format("'{}' is not a date YYYY-MM-DD", text));
  return std::chrono::sys_days{std::chrono::year{when->year} / when->month / when->day};
}

std::string day_text(std::chrono::sys_days day) {
  const std::chrono::year_month_day date{day};
  return fmt::format("{:04d}-{:02d}-{:02d}", static_cast<int>(date.year()),
                     static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()));
}

int weekday_index(std::chrono::sys_days day) {
  return static_cast<int>(std::chrono::weekday{day}.iso_encoding()) - 1;
}

}  // namespace grip::patrol

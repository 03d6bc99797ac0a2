// Dates and times as the sources write them, normalised to ISO 8601 local time text
// ("2018-01-31T23:59:59"), which sorts as text and which GIS tools read as date-times.
// Offsets such as "+01:00" are dropped after validation: data.police.uk gives UK local time.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace grip {

struct CivilDateTime {
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
};

[[nodiscard]] int days_in_month(int year, int month);

// "YYYY-MM" → year and month, or nullopt.
[[nodiscard]] std::optional<CivilDateTime> parse_year_month(std::string_view text);

enum class DateOrder { kIso, kDayFirst, kMonthFirst };

// Accepts "YYYY-MM-DD[(T| )HH:MM[:SS[.fff]]][Z|±HH:MM]" and, with kDayFirst/kMonthFirst,
// "DD/MM/YYYY[ HH:MM[:SS]]" or "MM/DD/YYYY[ HH:MM[:SS]]". Returns nullopt for anything else or an
// impossible date.
[[nodiscard]] std::optional<CivilDateTime> parse_date_time(std::string_view text, DateOrder order = DateOrder::kIso);

[[nodiscard]] std::string format_iso(const CivilDateTime& when);
[[nodiscard]] std::string format_year_month(const CivilDateTime& when);

// The current UTC time as "YYYY-MM-DDTHH:MM:SSZ" (when a run was made).
[[nodiscard]] std::string utc_now_iso();

// Seconds since 1970-01-01T00:00:00 of a civil time, treating it as UTC (for ordering and spans).
[[nodiscard]] long long to_epoch_seconds(const CivilDateTime& when);

}  // namespace grip

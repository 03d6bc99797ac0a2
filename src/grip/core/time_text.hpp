// Dates and times as the sources write them, normalised to ISO 8601 local time text
// ("2018-01-31T23:59:59"), which sorts as text and which GIS tools read as date-times.
// A time written with a UTC offset ("+01:00", "Z") names an instant: it is converted to the local
// time of the data's zone (IANA name, e.g. "Europe/London"), never stored with the offset dropped.
// Leap seconds (":60") are refused: local time text cannot represent them.
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
// Text with a UTC offset is refused here (nullopt): it needs parse_local_date_time() and a zone.
[[nodiscard]] std::optional<CivilDateTime> parse_date_time(std::string_view text,
                                                           DateOrder order = DateOrder::kIso);

enum class TimeProblem {
  kNone,
  kUnparseable,
  kLeapSecond,
  kImpossibleOffset,
  kOffsetWithoutZone,
  kUnknownZone
};
// A short stable reason, e.g. "leap second not representable".
[[nodiscard]] const char* to_string(TimeProblem problem);

struct LocalDateTime {
  std::optional<CivilDateTime> when;  // local time in the zone; nullopt when `problem` says why not
  TimeProblem problem = TimeProblem::kNone;
};
// Reads a source's date-time as local time in `zone`: text without an offset is taken as already
// local; text with one (±HH:MM between -12:00 and +14:00, or Z) is converted to the zone's civil
// time at that instant. With an empty `zone`, text with an offset is kOffsetWithoutZone.
[[nodiscard]] LocalDateTime parse_local_date_time(std::string_view text, DateOrder order,
                                                  const std::string& zone);

// True when the tz database on this machine has `zone` (an IANA name such as "America/Chicago").
[[nodiscard]] bool is_known_time_zone(const std::string& zone);

// The civil time in `zone` at `utc_seconds` since 1970-01-01T00:00:00Z. `zone` must be known.
[[nodiscard]] CivilDateTime civil_time_in_zone(long long utc_seconds, const std::string& zone);

[[nodiscard]] std::string format_iso(const CivilDateTime& when);
[[nodiscard]] std::string format_year_month(const CivilDateTime& when);

// The current UTC time as "YYYY-MM-DDTHH:MM:SSZ" (when a run was made).
[[nodiscard]] std::string utc_now_iso();

// Seconds since 1970-01-01T00:00:00 of a civil time, treating it as UTC (for ordering and spans).
[[nodiscard]] long long to_epoch_seconds(const CivilDateTime& when);

// An instant from ISO 8601 date-time text: with Z or a UTC offset it is converted; without one it
// is read as UTC (device clocks, GPS). Seconds since the Unix epoch, or nullopt.
[[nodiscard]] std::optional<long long> parse_utc_instant(std::string_view text);

}  // namespace grip

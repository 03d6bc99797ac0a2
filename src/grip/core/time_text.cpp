#include "grip/core/time_text.hpp"

#include <absl/time/civil_time.h>
#include <absl/time/time.h>

#include <chrono>
#include <cstdio>
#include <ctime>
#include <map>
#include <mutex>

#include "grip/core/errors.hpp"

namespace grip {
namespace {

// Reads exactly `width` digits at text[pos]; advances pos.
bool read_digits(std::string_view text, std::size_t& pos, std::size_t width, int& out) {
  if (pos + width > text.size()) return false;
  int value = 0;
  for (std::size_t i = 0; i < width; ++i) {
    const char c = text[pos + i];
    if (c < '0' || c > '9') return false;
    value = value * 10 + (c - '0');
  }
  pos += width;
  out = value;
  return true;
}

bool expect(std::string_view text, std::size_t& pos, char c) {
  if (pos < text.size() && text[pos] == c) {
    ++pos;
    return true;
  }
  return false;
}

bool valid(const CivilDateTime& t) {
  return t.year >= 1900 && t.year <= 2200 && t.month >= 1 && t.month <= 12 && t.day >= 1 &&
         t.day <= days_in_month(t.year, t.month) && t.hour <= 23 && t.minute <= 59 && t.second <= 59;
}

// Offsets in use anywhere, past or present: UTC-12:00 (Baker Island) to UTC+14:00 (Line Islands).
constexpr int kMinOffsetMinutes = -12 * 60, kMaxOffsetMinutes = 14 * 60;

struct Written {
  CivilDateTime civil;
  std::optional<int> offset_minutes;  // east of UTC
  bool bad_offset = false;
};

// Optional time part: "HH:MM[:SS[.fff]]" then an optional zone "Z" or "±HH[:MM]".
bool read_time_and_zone(std::string_view text, std::size_t& pos, Written& written) {
  CivilDateTime& t = written.civil;
  if (pos == text.size()) return true;
  if (text[pos] != 'T' && text[pos] != ' ') return false;
  ++pos;
  if (!read_digits(text, pos, 2, t.hour) || !expect(text, pos, ':') || !read_digits(text, pos, 2, t.minute)) {
    return false;
  }
  if (expect(text, pos, ':')) {
    if (!read_digits(text, pos, 2, t.second)) return false;
    if (expect(text, pos, '.')) {
      while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') ++pos;
    }
  }
  if (pos == text.size()) return true;
  if (text[pos] == 'Z') {
    written.offset_minutes = 0;
    return ++pos == text.size();
  }
  if (text[pos] == '+' || text[pos] == '-') {
    const int sign = text[pos] == '-' ? -1 : 1;
    ++pos;
    int hours = 0, minutes = 0;
    if (!read_digits(text, pos, 2, hours)) return false;
    expect(text, pos, ':');
    if (pos < text.size() && !read_digits(text, pos, 2, minutes)) return false;
    if (pos != text.size()) return false;
    written.offset_minutes = sign * (hours * 60 + minutes);
    written.bad_offset = minutes > 59 || *written.offset_minutes < kMinOffsetMinutes ||
                         *written.offset_minutes > kMaxOffsetMinutes;
    return true;
  }
  return false;
}

// The text's fields as written, or a problem.
TimeProblem read_written(std::string_view text, DateOrder order, Written& written) {
  while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  CivilDateTime& t = written.civil;
  std::size_t pos = 0;
  if (order == DateOrder::kIso || (text.size() > 4 && text[4] == '-')) {
    if (!read_digits(text, pos, 4, t.year) || !expect(text, pos, '-') ||
        !read_digits(text, pos, 2, t.month) || !expect(text, pos, '-') || !read_digits(text, pos, 2, t.day)) {
      return TimeProblem::kUnparseable;
    }
  } else {
    int first = 0, second = 0;
    if (!read_digits(text, pos, 2, first) || !expect(text, pos, '/') || !read_digits(text, pos, 2, second) ||
        !expect(text, pos, '/') || !read_digits(text, pos, 4, t.year)) {
      return TimeProblem::kUnparseable;
    }
    t.day = order == DateOrder::kDayFirst ? first : second;
    t.month = order == DateOrder::kDayFirst ? second : first;
  }
  if (!read_time_and_zone(text, pos, written)) return TimeProblem::kUnparseable;
  if (t.second == 60) {
    // Only 30 June or 31 December 23:59:60 of a leap-second year is real, and even that has no
    // place in local time text: refused whatever the date, so no instant is silently moved.
    CivilDateTime without = t;
    without.second = 59;
    return valid(without) ? TimeProblem::kLeapSecond : TimeProblem::kUnparseable;
  }
  if (!valid(t)) return TimeProblem::kUnparseable;
  if (written.bad_offset) return TimeProblem::kImpossibleOffset;
  return TimeProblem::kNone;
}

}  // namespace

int days_in_month(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12) return 0;
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return kDays[month - 1] + (month == 2 && leap ? 1 : 0);
}

std::optional<CivilDateTime> parse_year_month(std::string_view text) {
  CivilDateTime t;
  std::size_t pos = 0;
  t.day = 1;
  if (!read_digits(text, pos, 4, t.year) || !expect(text, pos, '-') || !read_digits(text, pos, 2, t.month) ||
      pos != text.size() || !valid(t)) {
    return std::nullopt;
  }
  return t;
}

std::optional<CivilDateTime> parse_date_time(std::string_view text, DateOrder order) {
  Written written;
  if (read_written(text, order, written) != TimeProblem::kNone || written.offset_minutes) return std::nullopt;
  return written.civil;
}

const char* to_string(TimeProblem problem) {
  switch (problem) {
    case TimeProblem::kNone:
      return "";
    case TimeProblem::kUnparseable:
      return "unparseable date";
    case TimeProblem::kLeapSecond:
      return "leap second not representable";
    case TimeProblem::kImpossibleOffset:
      return "impossible UTC offset";
    case TimeProblem::kOffsetWithoutZone:
      return "UTC offset without a time zone";
    case TimeProblem::kUnknownZone:
      return "unknown time zone";
  }
  return "";
}

LocalDateTime parse_local_date_time(std::string_view text, DateOrder order, const std::string& zone) {
  Written written;
  if (const TimeProblem problem = read_written(text, order, written); problem != TimeProblem::kNone) {
    return {std::nullopt, problem};
  }
  if (!written.offset_minutes) return {written.civil, TimeProblem::kNone};
  if (zone.empty()) return {std::nullopt, TimeProblem::kOffsetWithoutZone};
  if (!is_known_time_zone(zone)) return {std::nullopt, TimeProblem::kUnknownZone};
  const long long utc = to_epoch_seconds(written.civil) - *written.offset_minutes * 60LL;
  // The zone's civil time may leave the years accepted everywhere else (1900-01-01T00:00-02:00 is
  // 1899 in Chicago; found by fuzzing): refused, so stored text always reads back.
  const CivilDateTime local = civil_time_in_zone(utc, zone);
  if (!valid(local)) return {std::nullopt, TimeProblem::kUnparseable};
  return {local, TimeProblem::kNone};
}

bool is_known_time_zone(const std::string& zone) {
  static std::mutex mutex;
  static std::map<std::string, bool, std::less<>> known;
  const std::lock_guard lock(mutex);
  if (const auto found = known.find(zone); found != known.end()) return found->second;
  // An IANA name: letters, digits and "/_+-", no leading slash, no "..", and a zone file for it.
  bool ok = !zone.empty() && zone.size() < 64 && zone.front() != '/' && zone.find("..") == std::string::npos;
  // Files in the folder that are not zones: "localtime" is the machine's own zone (Abseil reads it
  // as $TZ), "posixrules" a template, "Factory" a zone with no offset for unset machines.
  ok = ok && zone != "localtime" && zone != "posixrules" && zone != "Factory";
  for (char c : zone) {
    ok = ok && ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '/' ||
                c == '_' || c == '+' || c == '-');
  }
  // Abseil reads and parses the TZif file (from $TZDIR, else /usr/share/zoneinfo): a directory or
  // any other file fails, and what loads here is what civil_time_in_zone converts with.
  absl::TimeZone loaded;
  ok = ok && absl::LoadTimeZone(zone, &loaded);
  known.emplace(zone, ok);
  return ok;
}

// libstdc++ 12 has no std::chrono::tzdb (locate_zone arrived in GCC 14). Abseil's time zones
// (cctz) read the same TZif files as the C library, apply the rule after a file's last transition
// the same way, and may be used from many threads at once. Setting TZ for localtime_r may not:
// setenv can move the environment while another thread (PROJ, libpq, a placement worker) reads it,
// which is how a stop-search ingest crashed under ASan.
CivilDateTime civil_time_in_zone(long long utc_seconds, const std::string& zone) {
  // LoadTimeZone takes a lock and a map lookup; a thread converts row after row in one zone.
  thread_local std::string loaded_name;
  thread_local absl::TimeZone loaded;
  if (zone.empty()) throw UsageError("no time zone given");  // else the first call reads as UTC
  if (zone != loaded_name) {
    absl::TimeZone found;
    if (!absl::LoadTimeZone(zone, &found)) throw UsageError("unknown time zone \"" + zone + "\"");
    loaded = found;
    loaded_name = zone;
  }
  const absl::CivilSecond local = absl::ToCivilSecond(absl::FromUnixSeconds(utc_seconds), loaded);
  return {static_cast<int>(local.year()),
          local.month(),
          local.day(),
          local.hour(),
          local.minute(),
          local.second()};
}

std::string format_iso(const CivilDateTime& t) {
  char text[32];
  std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02d", t.year, t.month, t.day, t.hour, t.minute,
                t.second);
  return text;
}

std::string format_year_month(const CivilDateTime& t) {
  char text[16];
  std::snprintf(text, sizeof text, "%04d-%02d", t.year, t.month);
  return text;
}

long long to_epoch_seconds(const CivilDateTime& t) {
  // Days from civil (H. Hinnant's algorithm), valid for the proleptic Gregorian calendar.
  const int y = t.year - (t.month <= 2 ? 1 : 0);
  const int era = (y >= 0 ? y : y - 399) / 400;
  const int yoe = y - era * 400;
  const int mp = (t.month + 9) % 12;
  const int doy = (153 * mp + 2) / 5 + t.day - 1;
  const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  const long long days = static_cast<long long>(era) * 146097 + doe - 719468;
  return days * 86400 + t.hour * 3600 + t.minute * 60 + t.second;
}

std::string utc_now_iso() {
  const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm parts{};
  gmtime_r(&now, &parts);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &parts);
  return text;
}

}  // namespace grip

namespace grip {

std::optional<long long> parse_utc_instant(std::string_view text) {
  Written written;
  if (read_written(text, DateOrder::kIso, written) != TimeProblem::kNone || written.bad_offset)
    return std::nullopt;
  const long long local = to_epoch_seconds(written.civil);
  return local - 60LL * written.offset_minutes.value_or(0);
}

}  // namespace grip

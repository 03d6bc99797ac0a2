#include "grip/core/time_text.hpp"

#include <chrono>
#include <cstdio>
#include <ctime>

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
         t.day <= days_in_month(t.year, t.month) && t.hour <= 23 && t.minute <= 59 && t.second <= 60;
}

// Optional time part: "HH:MM[:SS[.fff]]" then an optional zone "Z" or "±HH[:MM]".
bool read_time_and_zone(std::string_view text, std::size_t& pos, CivilDateTime& t) {
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
  if (text[pos] == 'Z') return ++pos == text.size();
  if (text[pos] == '+' || text[pos] == '-') {
    ++pos;
    int hours = 0, minutes = 0;
    if (!read_digits(text, pos, 2, hours)) return false;
    expect(text, pos, ':');
    if (pos < text.size() && !read_digits(text, pos, 2, minutes)) return false;
    return pos == text.size() && hours <= 14 && minutes <= 59;
  }
  return false;
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
  while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  CivilDateTime t;
  std::size_t pos = 0;
  if (order == DateOrder::kIso || (text.size() > 4 && text[4] == '-')) {
    if (!read_digits(text, pos, 4, t.year) || !expect(text, pos, '-') || !read_digits(text, pos, 2, t.month) ||
        !expect(text, pos, '-') || !read_digits(text, pos, 2, t.day)) {
      return std::nullopt;
    }
  } else {
    int first = 0, second = 0;
    if (!read_digits(text, pos, 2, first) || !expect(text, pos, '/') || !read_digits(text, pos, 2, second) ||
        !expect(text, pos, '/') || !read_digits(text, pos, 4, t.year)) {
      return std::nullopt;
    }
    t.day = order == DateOrder::kDayFirst ? first : second;
    t.month = order == DateOrder::kDayFirst ? second : first;
  }
  if (!read_time_and_zone(text, pos, t) || !valid(t)) return std::nullopt;
  return t;
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

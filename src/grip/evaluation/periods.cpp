#include "grip/evaluation/periods.hpp"

#include <fmt/format.h>

#include "grip/core/errors.hpp"
#include "grip/core/time_text.hpp"

namespace grip::evaluation {

using std::chrono::months;
using std::chrono::year_month;

int MonthPeriod::months() const { return static_cast<int>((last - first).count()) + 1; }

bool MonthPeriod::contains(year_month month) const { return month >= first && month <= last; }

std::string MonthPeriod::label() const { return format_month(first) + ".." + format_month(last); }

std::string format_month(year_month month) {
  return fmt::format("{:04d}-{:02d}", static_cast<int>(month.year()), static_cast<unsigned>(month.month()));
}

year_month parse_month(const std::string& text, const std::string& option) {
  const auto parsed = parse_year_month(text);
  if (!parsed) throw UsageError(fmt::format("{}: '{}' is not a month YYYY-MM", option, text));
  return year_month{std::chrono::year{parsed->year},
                    std::chrono::month{static_cast<unsigned>(parsed->month)}};
}

MonthPeriod parse_period(const std::string& text, const std::string& option) {
  const auto dots = text.find("..");
  MonthPeriod period;
  if (dots == std::string::npos) {
    period.first = period.last = parse_month(text, option);
  } else {
    period.first = parse_month(text.substr(0, dots), option);
    period.last = parse_month(text.substr(dots + 2), option);
  }
  if (period.last < period.first)
    throw UsageError(fmt::format("{}: '{}' ends before it starts (write FIRST..LAST, e.g. 2018-01..2018-06)",
                                 option, text));
  return period;
}

MonthPeriod months_before(const MonthPeriod& after, int count) {
  MonthPeriod before;
  before.last = after.first - months{1};
  before.first = after.first - months{count};
  return before;
}

std::vector<year_month> months_of(const MonthPeriod& period) {
  std::vector<year_month> all;
  for (auto m = period.first; m <= period.last; m += months{1}) all.push_back(m);
  return all;
}

}  // namespace grip::evaluation

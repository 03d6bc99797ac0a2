// The two periods an evaluation compares, in whole months (data.police.uk has month resolution).
// Given as "YYYY-MM..YYYY-MM"; by default the programme period of the latest stored patrol
// design (its first to last day's months) against as many months just before it, or else the
// last 12 months stored against the 12 before (fewer, split in half, when under 24 are stored).
#pragma once

#include <chrono>
#include <string>
#include <vector>

namespace grip::evaluation {

inline constexpr int kDefaultPeriodMonths = 12;

struct MonthPeriod {
  std::chrono::year_month first{}, last{};
  [[nodiscard]] int months() const;
  [[nodiscard]] bool contains(std::chrono::year_month month) const;
  [[nodiscard]] std::string label() const;  // "2018-01..2018-06"
};

[[nodiscard]] std::string format_month(std::chrono::year_month month);
// Throws grip::UsageError naming `option` unless text is "YYYY-MM".
[[nodiscard]] std::chrono::year_month parse_month(const std::string& text, const std::string& option);
// "YYYY-MM..YYYY-MM" (or one month "YYYY-MM"); throws grip::UsageError naming `option`.
[[nodiscard]] MonthPeriod parse_period(const std::string& text, const std::string& option);
// The `months` months ending the month before `after.first`.
[[nodiscard]] MonthPeriod months_before(const MonthPeriod& after, int months);
// Every month of a period, in order.
[[nodiscard]] std::vector<std::chrono::year_month> months_of(const MonthPeriod& period);

}  // namespace grip::evaluation

// Calendar arithmetic and the hour-of-week profiles the generator draws event times from. Times
// are whole minutes since 1970-01-01 00:00 in UK local time (the force's own records use local
// time); data.police.uk stop-and-search dates are written in UTC, so local_to_utc() applies BST
// (last Sunday of March to last Sunday of October).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "grip/demo/random.hpp"

namespace grip::demo {

using Minute = std::int64_t;  // minutes since 1970-01-01 00:00, local time unless named otherwise

[[nodiscard]] std::int64_t days_from_civil(int year, int month, int day);
[[nodiscard]] int days_in_month(int year, int month);
// 0 = Monday ... 6 = Sunday.
[[nodiscard]] int weekday(std::int64_t days);
[[nodiscard]] Minute local_to_utc(Minute local);

// "2025-01-03T22:15:00"
[[nodiscard]] std::string format_local(Minute minute);
// "2025-01-03T22:15:00+00:00", from a UTC minute.
[[nodiscard]] std::string format_utc(Minute utc);

// One calendar month of the study period.
struct StudyMonth {
  int year = 0;
  int month = 0;
  Minute start = 0;                         // local
  Minute end = 0;                           // exclusive
  [[nodiscard]] std::string label() const;  // "2025-01"
  [[nodiscard]] int days() const { return days_in_month(year, month); }
};

[[nodiscard]] std::vector<StudyMonth> study_months(int first_year, int first_month, int count);

// Relative intensity by hour of week (index weekday * 24 + hour).
enum class TimeProfile {
  kNightEconomy,  // violence: evening peak, Friday and Saturday nights about 2.5 times busier
  kStreet,        // robbery and stop and search: evening peak, a milder weekend lift
  kDaytime        // burglary: daytime and early evening
};

[[nodiscard]] double hour_of_week_weight(TimeProfile profile, int weekday_index, int hour);

// Draws a minute in the month with density proportional to the profile.
class MonthClock {
 public:
  MonthClock(const StudyMonth& month, TimeProfile profile);
  [[nodiscard]] Minute draw(Random& random) const;

 private:
  Minute start_ = 0;
  WeightedTable hours_;
};

}  // namespace grip::demo

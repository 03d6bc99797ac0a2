// Date-time text in every order the readers use, as local time and converted from an offset.
// What parses must be a real calendar date and must print back as it parsed.
#include <cstdlib>

#include "fuzz_input.hpp"
#include "grip/core/time_text.hpp"

namespace {

void check(const grip::CivilDateTime& t) {
  if (t.month < 1 || t.month > 12 || t.day < 1 || t.day > grip::days_in_month(t.year, t.month) ||
      t.hour < 0 || t.hour > 23 || t.minute < 0 || t.minute > 59 || t.second < 0 || t.second > 59) {
    std::abort();
  }
  const auto again = grip::parse_date_time(grip::format_iso(t));
  if (!again || grip::to_epoch_seconds(*again) != grip::to_epoch_seconds(t)) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto text = grip::fuzz::as_text(data, size);
  for (const auto order : {grip::DateOrder::kIso, grip::DateOrder::kDayFirst, grip::DateOrder::kMonthFirst}) {
    if (const auto when = grip::parse_date_time(text, order)) check(*when);
    for (const char* zone : {"Europe/London", "America/Chicago", ""}) {
      const auto local = grip::parse_local_date_time(text, order, zone);
      if (local.when) check(*local.when);
      if (!local.when == (local.problem == grip::TimeProblem::kNone)) std::abort();
    }
  }
  if (const auto month = grip::parse_year_month(text)) check(*month);
  return 0;
}

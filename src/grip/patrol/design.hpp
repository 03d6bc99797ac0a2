// Randomised designs for evaluating hotspot patrols, fixed before any patrol happens.
// Crossover (Basford et al. 2021, Southend): every hotspot is randomised day by day to patrol or
// no patrol, blocked by plan week and by weekday (Mon–Fri) / weekend (Sat–Sun), so each place is
// its own control. In a block of n days a hotspot is treated on round(share·n) days, rounded up
// or down at random with the fractional part's probability, so each block is within ±1 day of
// the target. RCT: hotspots sorted by pre-period harm, paired in that order, one of each pair to
// treatment at random (an odd last hotspot by a coin), so arms are matched on harm.
// The assignment's canonical text (one line per hotspot-day, sorted) is hashed with XXH3-128: a
// later read recomputes it and refuses a stored assignment that no longer matches. The hash
// detects edits; it is not a signature (anyone who can edit the rows can recompute it).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace grip::patrol {

enum class DesignKind { kNone, kCrossover, kRct };
[[nodiscard]] const char* to_string(DesignKind kind) noexcept;
[[nodiscard]] DesignKind parse_design_kind(const std::string& text);  // "none", "crossover", "rct"

inline constexpr double kDefaultTreatedShare = 0.5;

struct DesignInput {
  std::vector<std::string> hotspot_ids;
  std::vector<double> pre_period_harm;  // per hotspot (RCT matching)
  std::string first_day;                // "YYYY-MM-DD"
  int days = 0;
  std::uint64_t seed = 0;
  double treated_share = kDefaultTreatedShare;  // crossover: share of days treated
};

struct Design {
  DesignKind kind = DesignKind::kNone;
  std::uint64_t seed = 0;
  std::string first_day;
  int days = 0;
  double treated_share = 1.0;
  std::vector<std::string> hotspot_ids;
  // treated[h][d]: hotspot h is to be patrolled on day d.
  std::vector<std::vector<bool>> treated;
  std::string hash;  // hex XXH3-128 of canonical_text()
};

[[nodiscard]] Design make_design(DesignKind kind, const DesignInput& input);

// "grip-design v1\nkind=...\nseed=...\nfirst_day=...\ndays=...\nshare=...\n" then
// "<hotspot>\t<day index>\t<T|C>\n" for every hotspot (sorted by id) and day.
[[nodiscard]] std::string canonical_text(const Design& design);
[[nodiscard]] std::string design_hash(const Design& design);

// Block of each day: 2·week + (weekend ? 1 : 0), counted from the first day.
[[nodiscard]] std::vector<int> design_blocks(const std::string& first_day, int days);

}  // namespace grip::patrol

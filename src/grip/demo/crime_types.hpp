// The 14 data.police.uk crime types with the generator's settings for each: share of street
// rows (from Essex Police, October 2018: violence 30%, anti-social behaviour 22%, vehicle 8%, ...),
// how strongly the type follows town centres rather than homes, how often an event of the type
// lies in a planted hotspot, and its outcome mix. Also the offences of the force's time-stamped
// extract and the data.police.uk type each maps to.
#pragma once

#include <array>
#include <cstddef>
#include <span>
#include <string_view>

namespace grip::demo {

enum class OutcomeMix { kNone, kPerson, kProperty, kDrugs };

struct CrimeTypeInfo {
  std::string_view name;
  double share;             // of street rows
  double centre_fraction;   // drawn from the town-centre weights rather than the residential ones
  double hotspot_fraction;  // placed in a planted hotspot
  OutcomeMix outcomes;
};

inline constexpr std::size_t kCrimeTypeCount = 14;
[[nodiscard]] std::span<const CrimeTypeInfo, kCrimeTypeCount> crime_types();
[[nodiscard]] std::size_t crime_type_index(std::string_view name);

// Outcome weights for a mix, as (category, weight) pairs.
struct WeightedText {
  std::string_view text;
  double weight;
};
[[nodiscard]] std::span<const WeightedText> outcome_mix(OutcomeMix mix);

// Offences of the time-stamped extract.
enum class TimedKind { kSeriousViolence, kRobbery, kBurglary };

struct OffenceInfo {
  std::string_view offence;     // as the force's system names it
  std::string_view crime_type;  // data.police.uk type
  TimedKind kind;
  double weight;  // within its kind
};

[[nodiscard]] std::span<const OffenceInfo> offences();

// Share of violence rows that are serious violence (time-stamped, self-exciting).
inline constexpr double kSeriousShareOfViolence = 0.30;

}  // namespace grip::demo

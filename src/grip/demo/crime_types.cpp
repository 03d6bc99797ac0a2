#include "grip/demo/crime_types.hpp"

#include <stdexcept>
#include <string>

#include "grip/demo/hotspots.hpp"

namespace grip::demo {
namespace {

// Shares follow Essex, October 2018 (17,791 rows); they sum to 1.
constexpr std::array<CrimeTypeInfo, kCrimeTypeCount> kCrimeTypes{{
    {"Anti-social behaviour", 0.215, 0.5, 0.12, OutcomeMix::kNone},
    {"Bicycle theft", 0.013, 0.7, 0.05, OutcomeMix::kProperty},
    {"Burglary", 0.066, 0.0, 0.02, OutcomeMix::kProperty},
    {"Criminal damage and arson", 0.076, 0.2, 0.06, OutcomeMix::kProperty},
    {"Drugs", 0.020, 0.7, 0.25, OutcomeMix::kDrugs},
    {"Other crime", 0.017, 0.3, 0.05, OutcomeMix::kPerson},
    {"Other theft", 0.068, 0.6, 0.08, OutcomeMix::kProperty},
    {"Possession of weapons", 0.010, 0.7, 0.30, OutcomeMix::kPerson},
    {"Public order", 0.064, 0.6, 0.30, OutcomeMix::kPerson},
    {"Robbery", 0.009, 0.8, 0.45, OutcomeMix::kPerson},
    {"Shoplifting", 0.054, 0.9, 0.10, OutcomeMix::kProperty},
    {"Theft from the person", 0.008, 0.9, 0.30, OutcomeMix::kProperty},
    {"Vehicle crime", 0.082, 0.2, 0.03, OutcomeMix::kProperty},
    {"Violence and sexual offences", 0.298, 0.5, kHotspotViolenceShare, OutcomeMix::kPerson},
}};

constexpr std::array<WeightedText, 11> kPersonOutcomes{{
    {"Unable to prosecute suspect", 0.44},
    {"Investigation complete; no suspect identified", 0.18},
    {"Under investigation", 0.08},
    {"Court result unavailable", 0.06},
    {"Local resolution", 0.05},
    {"Status update unavailable", 0.04},
    {"Action to be taken by another organisation", 0.04},
    {"Offender given a caution", 0.03},
    {"Offender sent to prison", 0.03},
    {"Offender given community sentence", 0.03},
    {"Formal action is not in the public interest", 0.02},
}};
constexpr std::array<WeightedText, 9> kPropertyOutcomes{{
    {"Investigation complete; no suspect identified", 0.62},
    {"Unable to prosecute suspect", 0.16},
    {"Under investigation", 0.06},
    {"Court result unavailable", 0.05},
    {"Local resolution", 0.03},
    {"Status update unavailable", 0.03},
    {"Offender sent to prison", 0.02},
    {"Offender fined", 0.02},
    {"Offender given a caution", 0.01},
}};
constexpr std::array<WeightedText, 8> kDrugsOutcomes{{
    {"Offender given a drugs possession warning", 0.35},
    {"Local resolution", 0.20},
    {"Court result unavailable", 0.12},
    {"Unable to prosecute suspect", 0.10},
    {"Under investigation", 0.08},
    {"Offender given a caution", 0.05},
    {"Offender given penalty notice", 0.05},
    {"Offender fined", 0.05},
}};

constexpr std::array<OffenceInfo, 7> kOffences{{
    {"Assault occasioning actual bodily harm", "Violence and sexual offences", TimedKind::kSeriousViolence,
     0.70},
    {"Wounding or inflicting grievous bodily harm", "Violence and sexual offences",
     TimedKind::kSeriousViolence, 0.25},
    {"Wounding with intent to do grievous bodily harm", "Violence and sexual offences",
     TimedKind::kSeriousViolence, 0.05},
    {"Robbery of personal property", "Robbery", TimedKind::kRobbery, 0.88},
    {"Robbery of business property", "Robbery", TimedKind::kRobbery, 0.12},
    {"Burglary residential", "Burglary", TimedKind::kBurglary, 0.80},
    {"Burglary business and community", "Burglary", TimedKind::kBurglary, 0.20},
}};

}  // namespace

std::span<const CrimeTypeInfo, kCrimeTypeCount> crime_types() { return kCrimeTypes; }

std::size_t crime_type_index(std::string_view name) {
  for (std::size_t i = 0; i < kCrimeTypes.size(); ++i) {
    if (kCrimeTypes[i].name == name) return i;
  }
  throw std::invalid_argument("unknown crime type: " + std::string(name));
}

std::span<const WeightedText> outcome_mix(OutcomeMix mix) {
  switch (mix) {
    case OutcomeMix::kPerson:
      return kPersonOutcomes;
    case OutcomeMix::kProperty:
      return kPropertyOutcomes;
    case OutcomeMix::kDrugs:
      return kDrugsOutcomes;
    case OutcomeMix::kNone:
      break;
  }
  return {};
}

std::span<const OffenceInfo> offences() { return kOffences; }

}  // namespace grip::demo

// A local Koper curve (Koper 1995): after a patrol visit to a hotspot, how long until its next
// incident, by visit length. OBSERVATIONAL: visit lengths are not randomised. Each visit's follow-up
// runs from its end to the next incident in the same hotspot, censored at the start of the next
// visit (it would be that visit's follow-up) or at the end of observation. Kaplan-Meier per band,
//   S(t) = Π_{t_j ≤ t} (1 − d_j / n_j),  Greenwood SE = S(t) sqrt(Σ_{t_j ≤ t} d_j / (n_j (n_j − d_j))),
// ties: events before censorings at the same time (the usual convention, as R's survival::survfit).
// Bands (minutes in the hotspot): under 5 (drive-through), 5-10, 10-16 (Koper's band), 16 and over;
// the headline is 1 − S(30): the chance of an incident within 30 minutes after the visit.
#pragma once

#include <span>
#include <string>
#include <vector>

namespace grip::evaluation {

inline constexpr double kKoperHorizonMinutes = 30.0;

struct SurvivalObservation {
  double time = 0.0;   // minutes to the incident or to censoring, ≥ 0
  bool event = false;  // an incident ended it (else censored)
};

struct SurvivalStep {
  double time = 0.0;  // an event time
  int at_risk = 0, events = 0;
  double survival = 1.0, se = 0.0;  // S just after time, Greenwood SE
};

struct KaplanMeier {
  int observations = 0, events = 0;
  std::vector<SurvivalStep> steps;                      // one per distinct event time, ascending
  [[nodiscard]] double survival_at(double time) const;  // right-continuous step function
  [[nodiscard]] double se_at(double time) const;
};

// Throws grip::UsageError for a negative or non-finite time.
[[nodiscard]] KaplanMeier kaplan_meier(std::span<const SurvivalObservation> observations);

struct VisitSpan {
  double start = 0.0, end = 0.0;  // minutes on any common clock
};

// One hotspot: its visits (sorted by start, not overlapping) and its incident times (any order);
// observation ends at observed_until. Visits ending after observed_until are left out.
[[nodiscard]] std::vector<SurvivalObservation> follow_up_after_visits(std::span<const VisitSpan> visits,
                                                                      std::span<const double> incidents,
                                                                      double observed_until);

struct KoperBand {
  std::string label;
  double from_minutes = 0.0, to_minutes = 0.0;  // [from, to) minutes in the hotspot
  KaplanMeier curve;
  double incident_within_horizon = 0.0, se = 0.0;  // 1 − S(horizon) and its Greenwood SE
};

struct VisitOutcome {
  double minutes_in_hotspot = 0.0;
  SurvivalObservation follow_up;
};

[[nodiscard]] std::vector<KoperBand> koper_curve(std::span<const VisitOutcome> visits,
                                                 double horizon_minutes = kKoperHorizonMinutes);

}  // namespace grip::evaluation

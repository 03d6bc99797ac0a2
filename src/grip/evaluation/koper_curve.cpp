#include "grip/evaluation/koper_curve.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "grip/core/errors.hpp"

namespace grip::evaluation {

namespace {
const SurvivalStep* last_step_at(const std::vector<SurvivalStep>& steps, double time) {
  const auto after = std::upper_bound(steps.begin(), steps.end(), time,
                                      [](double t, const SurvivalStep& step) { return t < step.time; });
  return after == steps.begin() ? nullptr : &*(after - 1);
}
}  // namespace

double KaplanMeier::survival_at(double time) const {
  const auto* step = last_step_at(steps, time);
  return step ? step->survival : 1.0;
}

double KaplanMeier::se_at(double time) const {
  const auto* step = last_step_at(steps, time);
  return step ? step->se : 0.0;
}

KaplanMeier kaplan_meier(std::span<const SurvivalObservation> observations) {
  std::vector<SurvivalObservation> sorted(observations.begin(), observations.end());
  for (const auto& o : sorted) {
    if (!(o.time >= 0.0) || !std::isfinite(o.time))
      throw UsageError(fmt::format("Kaplan-Meier: follow-up time {} must be finite and ≥ 0", o.time));
  }
  // Events before censorings at a tie: a censored visit at t was still at risk at t.
  std::sort(sorted.begin(), sorted.end(), [](const auto& l, const auto& r) {
    return l.time < r.time || (l.time == r.time && l.event && !r.event);
  });
  KaplanMeier km;
  km.observations = static_cast<int>(sorted.size());
  double survival = 1.0, greenwood = 0.0;
  int at_risk = km.observations;
  for (std::size_t i = 0; i < sorted.size();) {
    const double t = sorted[i].time;
    int events = 0, leaving = 0;
    for (; i < sorted.size() && sorted[i].time == t; ++i, ++leaving) events += sorted[i].event ? 1 : 0;
    if (events > 0) {
      survival *= 1.0 - static_cast<double>(events) / at_risk;
      if (at_risk > events)
        greenwood += static_cast<double>(events) / (static_cast<double>(at_risk) * (at_risk - events));
      km.steps.push_back({t, at_risk, events, survival, survival * std::sqrt(greenwood)});
      km.events += events;
    }
    at_risk -= leaving;
  }
  return km;
}

std::vector<SurvivalObservation> follow_up_after_visits(std::span<const VisitSpan> visits,
                                                        std::span<const double> incidents,
                                                        double observed_until) {
  std::vector<double> times(incidents.begin(), incidents.end());
  std::sort(times.begin(), times.end());
  std::vector<SurvivalObservation> out;
  for (std::size_t v = 0; v < visits.size(); ++v) {
    const double end = visits[v].end;
    if (end > observed_until) continue;
    const double censor =
        std::min(observed_until,
                 v + 1 < visits.size() ? visits[v + 1].start : std::numeric_limits<double>::infinity());
    const auto next = std::upper_bound(times.begin(), times.end(), end);  // strictly after the visit
    if (next != times.end() && *next <= censor) {
      out.push_back({*next - end, true});
    } else {
      out.push_back({std::max(0.0, censor - end), false});
    }
  }
  return out;
}

std::vector<KoperBand> koper_curve(std::span<const VisitOutcome> visits, double horizon_minutes) {
  std::vector<KoperBand> bands{
      {"under 5 minutes (drive-through)", 0.0, 5.0, {}, 0.0, 0.0},
      {"5 to 10 minutes", 5.0, 10.0, {}, 0.0, 0.0},
      {"10 to 16 minutes (Koper)", 10.0, 16.0, {}, 0.0, 0.0},
      {"16 minutes and over", 16.0, std::numeric_limits<double>::infinity(), {}, 0.0, 0.0}};
  for (auto& band : bands) {
    std::vector<SurvivalObservation> in_band;
    for (const auto& v : visits) {
      if (v.minutes_in_hotspot >= band.from_minutes && v.minutes_in_hotspot < band.to_minutes)
        in_band.push_back(v.follow_up);
    }
    band.curve = kaplan_meier(in_band);
    band.incident_within_horizon = 1.0 - band.curve.survival_at(horizon_minutes);
    band.se = band.curve.se_at(horizon_minutes);
  }
  return bands;
}

}  // namespace grip::evaluation

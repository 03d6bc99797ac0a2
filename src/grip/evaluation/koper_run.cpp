#include "grip/evaluation/koper_run.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <set>

#include "grip/core/errors.hpp"
#include "grip/core/time_text.hpp"
#include "grip/evaluation/zones.hpp"
#include "grip/store/gps_visit_minutes.hpp"
#include "grip/store/incident_tables.hpp"

namespace grip::evaluation {
namespace {

constexpr double kNan = std::numeric_limits<double>::quiet_NaN();

// Minutes since 1970 on the data's local clock (a civil time read as if it were UTC).
double local_minutes(const CivilDateTime& when) { return static_cast<double>(to_epoch_seconds(when)) / 60.0; }

double local_minutes_of_utc(const std::string& iso, const std::string& zone) {
  const auto instant = parse_utc_instant(iso);
  return instant ? local_minutes(civil_time_in_zone(*instant, zone)) : kNan;
}

std::string local_text(double minutes) {
  return format_iso(civil_time_in_zone(static_cast<long long>(std::llround(minutes * 60.0)), "UTC"));
}

struct TimedIncidents {
  std::vector<std::vector<double>> per_area;  // start minutes, per treated area
  std::int64_t count = 0, window = 0;
  double latest = -std::numeric_limits<double>::infinity();  // any timed incident of the dataset
};

TimedIncidents timed_incidents(store::Store& store, const std::string& dataset, const MonthPeriod& after,
                               const std::set<std::string, std::less<>>& types, const ZoneClassifier& zones,
                               std::size_t areas) {
  TimedIncidents out;
  out.per_area.resize(areas);
  store::IncidentFilter filter;
  filter.dataset = dataset;
  filter.from_month = format_month(after.first);
  filter.to_month = format_month(after.last);
  store::for_each_incident(store, filter, [&](const store::IncidentView& incident) {
    if (incident.occurred_from.size() < 16) return;  // a month or a date: no time of day
    const auto from = parse_date_time(incident.occurred_from);
    if (!from) return;
    const double start = local_minutes(*from);
    out.latest = std::max(out.latest, start);
    if (incident.outside_force_area || !types.contains(incident.category)) return;
    const ZoneHit hit = zones.classify(incident.x, incident.y);
    if (hit.zone != Zone::kTreated || hit.area < 0) return;
    if (!incident.occurred_to.empty()) {
      const auto to = parse_date_time(incident.occurred_to);
      if (to && local_minutes(*to) - start > kKoperMaxWindowMinutes) {
        ++out.window;
        return;
      }
    }
    out.per_area[static_cast<std::size_t>(hit.area)].push_back(start);
    ++out.count;
  });
  return out;
}

}  // namespace

void require_known_time_zone(const std::string& zone) {
  if (!is_known_time_zone(zone))
    throw UsageError(
        fmt::format("--time-zone: '{}' is not a time zone known to this machine (an IANA name "
                    "such as Europe/London)",
                    zone));
}

std::optional<KoperSummary> koper_of(store::Store& store, const std::vector<geo::RingSet>& treated_shapes,
                                     const std::vector<std::string>& treated_ids,
                                     const KoperRequest& request) {
  require_known_time_zone(request.time_zone);
  const std::string from = format_month(request.after.first) + "-01";
  const std::string to = format_month(request.after.last + std::chrono::months{1}) + "-01";
  const auto rows = store::read_hotspot_visit_spans(store, request.hotspot_run_id, from, to);
  std::map<std::string, std::size_t, std::less<>> area_of;
  for (std::size_t a = 0; a < treated_ids.size(); ++a) area_of[treated_ids[a]] = a;

  KoperSummary summary;
  summary.time_zone = request.time_zone;
  std::vector<std::vector<VisitSpan>> spans(treated_ids.size());
  for (const auto& row : rows) {
    const auto area = area_of.find(row.hotspot_id);
    if (area == area_of.end()) continue;
    const double start = local_minutes_of_utc(row.first_in, request.time_zone);
    const double last_in = local_minutes_of_utc(row.last_in, request.time_zone);
    const double exit_latest = local_minutes_of_utc(row.exit_latest, request.time_zone);
    if (!std::isfinite(start) || !std::isfinite(last_in) || !std::isfinite(exit_latest)) continue;
    spans[area->second].push_back({start, std::max(start, (last_in + exit_latest) / 2.0)});
    ++summary.visits;
  }
  if (summary.visits == 0) return std::nullopt;
  // Overlapping visits (two officers, or one seen twice) are one presence in the hotspot.
  for (auto& list : spans) {
    std::sort(list.begin(), list.end(),
              [](const VisitSpan& a, const VisitSpan& b) { return a.start < b.start; });
    std::vector<VisitSpan> merged;
    for (const auto& span : list) {
      if (!merged.empty() && span.start <= merged.back().end)
        merged.back().end = std::max(merged.back().end, span.end);
      else
        merged.push_back(span);
    }
    list = std::move(merged);
    summary.presences += static_cast<std::int64_t>(list.size());
  }

  const std::set<std::string, std::less<>> types(request.headline_types.begin(),
                                                 request.headline_types.end());
  const ZoneClassifier zones(treated_shapes, {}, 0.0);
  const auto stored = store::incident_datasets(store);
  std::vector<std::string> candidates;
  if (!request.dataset.empty()) {
    if (std::find(stored.begin(), stored.end(), request.dataset) == stored.end())
      throw UsageError(fmt::format("--koper-dataset: no dataset '{}' is stored; stored: {}", request.dataset,
                                   fmt::join(stored, ", ")));
    candidates.push_back(request.dataset);
  } else {
    if (!request.evaluated_dataset.empty()) candidates.push_back(request.evaluated_dataset);
    for (const auto& name : stored)
      if (name != request.evaluated_dataset) candidates.push_back(name);
  }
  std::optional<TimedIncidents> chosen;
  for (const auto& name : candidates) {
    auto found = timed_incidents(store, name, request.after, types, zones, treated_ids.size());
    if (found.count == 0 && request.dataset.empty()) continue;
    summary.dataset = name;
    if (!request.dataset.empty())
      summary.dataset_reason = "named with --koper-dataset";
    else if (name == request.evaluated_dataset)
      summary.dataset_reason = "the evaluated dataset has incident times";
    else
      summary.dataset_reason = fmt::format(
          "the evaluated dataset{} has no incident times in the treated hotspots; '{}' is the first stored "
          "dataset that has",
          request.evaluated_dataset.empty() ? "" : " '" + request.evaluated_dataset + "'", name);
    chosen = std::move(found);
    break;
  }
  if (!chosen || chosen->count == 0) {
    summary.note = fmt::format(
        "no time-stamped {} incidents are stored in the treated hotspots for {}: the Koper curve needs "
        "incident times (data.police.uk gives months only); load a force extract with times",
        fmt::join(request.headline_types, " + "), request.after.label());
    return summary;
  }
  summary.incidents = chosen->count;
  summary.incidents_window = chosen->window;
  summary.observed_until = local_text(chosen->latest);

  std::vector<VisitOutcome> outcomes;
  for (std::size_t a = 0; a < spans.size(); ++a) {
    const auto follow = follow_up_after_visits(spans[a], chosen->per_area[a], chosen->latest);
    std::size_t next = 0;
    for (const auto& span : spans[a]) {
      if (span.end > chosen->latest) continue;  // as follow_up_after_visits leaves them out
      outcomes.push_back({span.end - span.start, follow[next++]});
    }
  }
  summary.followed = static_cast<std::int64_t>(outcomes.size());
  if (outcomes.empty()) {
    summary.note = "every visit ended after the last time-stamped incident stored: nothing to follow up";
    return summary;
  }
  summary.bands = koper_curve(outcomes);
  summary.note = fmt::format(
      "OBSERVATIONAL: visit lengths were not randomised. Time to the next {} incident in the same hotspot "
      "after each visit (Kaplan-Meier, censored at the next visit or the end of observation); times on the "
      "{} clock",
      fmt::join(request.headline_types, " + "), request.time_zone);
  if (summary.incidents_window > 0)
    summary.note += fmt::format("; {} incidents recorded over a window of more than {:.0f} minutes left out",
                                summary.incidents_window, kKoperMaxWindowMinutes);
  return summary;
}

}  // namespace grip::evaluation

#include "grip/evaluation/evaluate_run.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <map>
#include <numeric>

#include "grip/analysis/analysis_scope.hpp"
#include "grip/core/errors.hpp"
#include "grip/core/text.hpp"
#include "grip/core/time_text.hpp"
#include "grip/evaluation/evaluation_data.hpp"
#include "grip/evaluation/multiple_testing.hpp"
#include "grip/patrol/design_store.hpp"
#include "grip/store/evaluation_inputs.hpp"
#include "grip/store/gps_visit_minutes.hpp"
#include "grip/store/incident_tables.hpp"

namespace grip::evaluation {
namespace {

using std::chrono::year_month;

struct Tallies {
  std::vector<ZoneSeries> series;                   // [outcome]: 0 headline, then one per crime type
  std::vector<std::vector<double>> treated_loaded;  // [outcome][loaded month]: treated zone counts
  std::vector<PrePost> per_treated_area;            // headline counts per treated area
  std::map<std::pair<int, int>, double> area_day;   // (treated area, day number): headline counts
  std::size_t dated_points = 0;
};

Tallies tally(const Loaded& loaded, const ZoneClassifier& zones, const std::vector<int>& series_month,
              std::size_t series_months, std::size_t type_count, std::size_t treated_areas,
              const std::vector<double>& harm_of_type, const std::vector<bool>& headline_type,
              const MonthPeriod& before, const MonthPeriod& after) {
  Tallies t;
  ZoneSeries empty;
  for (auto& v : empty.count) v.assign(series_months, 0.0);
  for (auto& v : empty.harm) v.assign(series_months, 0.0);
  t.series.assign(type_count + 1, empty);
  t.treated_loaded.assign(type_count + 1, std::vector<double>(loaded.month_has_data.size(), 0.0));
  t.per_treated_area.assign(treated_areas, {});
  const int before_first = month_offset(loaded.first_month, before.first);
  const int after_first = month_offset(loaded.first_month, after.first);
  for (const auto& p : loaded.points) {
    const auto hit = zones.classify(p.x, p.y);
    if (hit.zone == Zone::kOutside) continue;
    const auto type = static_cast<std::size_t>(p.type);
    const bool headline = headline_type[type];
    if (hit.zone == Zone::kTreated) {
      t.treated_loaded[type + 1][static_cast<std::size_t>(p.month)] += 1.0;
      if (headline) t.treated_loaded[0][static_cast<std::size_t>(p.month)] += 1.0;
    }
    const int m = series_month[static_cast<std::size_t>(p.month)];
    if (m < 0) continue;
    const auto z = static_cast<std::size_t>(hit.zone);
    const auto add = [&](std::size_t outcome) {
      t.series[outcome].count[z][static_cast<std::size_t>(m)] += 1.0;
      t.series[outcome].harm[z][static_cast<std::size_t>(m)] += harm_of_type[type];
    };
    add(type + 1);
    if (!headline) continue;
    add(0);
    if (hit.zone != Zone::kTreated || treated_areas == 0) continue;
    auto& area = t.per_treated_area[static_cast<std::size_t>(hit.area)];
    if (p.month >= after_first && p.month < after_first + after.months()) area.after += 1.0;
    if (p.month >= before_first && p.month < before_first + before.months()) area.before += 1.0;
    if (p.day != kNoDay) {
      t.area_day[{hit.area, p.day}] += 1.0;
      ++t.dated_points;
    }
  }
  return t;
}

struct OutcomeContext {
  std::vector<bool> has_data;  // per series month
  std::size_t before_months = 0;
  double before_exposure = 0, after_exposure = 0;
  bool comparison = false;
  std::array<double, kZoneCount> area_km2{};
  double confidence = kDefaultConfidence;
};

PrePost period_sums(const std::vector<double>& monthly, std::size_t before_months) {
  PrePost sums;
  for (std::size_t m = 0; m < monthly.size(); ++m)
    (m < before_months ? sums.before : sums.after) += monthly[m];
  return sums;
}

void compute_outcome(OutcomeResult& out, const OutcomeContext& c) {
  for (std::size_t z = 0; z < kZoneCount; ++z) {
    out.counts[z] = period_sums(out.series.count[z], c.before_months);
    out.harm[z] = period_sums(out.series.harm[z], c.before_months);
  }
  const auto& treated = out.counts[0];
  out.change = rate_change(std::llround(treated.before), std::llround(treated.after), c.before_exposure,
                           c.after_exposure, c.confidence);
  std::vector<double> before_months, after_months;
  for (std::size_t m = 0; m < c.has_data.size(); ++m)
    if (c.has_data[m]) (m < c.before_months ? before_months : after_months).push_back(out.series.count[0][m]);
  if (!before_months.empty() && !after_months.empty() && before_months.size() + after_months.size() >= 3) {
    out.quasi = quasi_poisson(before_months, after_months, c.confidence);
    out.negative_binomial = negative_binomial(before_months, after_months, c.confidence);
  }
  if (out.quasi.valid && out.quasi.dispersion > 1.0) {
    out.interval_basis = fmt::format(
        "quasi-Poisson on the monthly series (months vary more than Poisson: "
        "dispersion {:.2f})",
        out.quasi.dispersion);
    out.headline_interval = out.quasi.interval;
    out.headline_p = out.quasi.p;
  } else {
    out.interval_basis = "exact conditional binomial (months vary no more than Poisson)";
    out.headline_interval = out.change.exact;
    out.headline_p = out.change.exact_p;
  }
  out.verdict = verdict(out.change.rate_ratio, out.headline_interval, c.confidence);
  if (!c.comparison) return;
  const double dispersion = out.quasi.valid ? std::max(1.0, out.quasi.dispersion) : 1.0;
  out.did = difference_in_differences(treated.before, treated.after, out.counts[1].before,
                                      out.counts[1].after, dispersion, c.confidence);
  const DisplacementCounts counts{out.counts[0], out.counts[1], out.counts[2], out.counts[3]};
  // Period weights relative to the after period: equal periods give the paper's unweighted test.
  DisplacementWeights weights;
  weights.before_period = c.before_exposure / c.after_exposure;
  out.wdd = weighted_displacement_difference(counts, weights, c.confidence);
  if (std::all_of(c.area_km2.begin(), c.area_km2.end(), [](double a) { return a > 0.0; })) {
    weights.area = c.area_km2;
    out.wdd_area_weighted = weighted_displacement_difference(counts, weights, c.confidence);
  }
  out.wdq = weighted_displacement_quotient(counts, c.confidence);
}

std::optional<RateChange> year_on_year(const std::vector<double>& treated_loaded, const Loaded& loaded,
                                       const MonthPeriod& after, double confidence) {
  double now = 0, year_before = 0;
  int months = 0;
  for (const auto month : months_of(after)) {
    const int m = month_offset(loaded.first_month, month);
    const int b = m - 12;
    if (b < 0 || !loaded.month_has_data[static_cast<std::size_t>(b)]) continue;
    if (!loaded.month_has_data[static_cast<std::size_t>(m)]) continue;
    now += treated_loaded[static_cast<std::size_t>(m)];
    year_before += treated_loaded[static_cast<std::size_t>(b)];
    ++months;
  }
  if (months == 0) return std::nullopt;
  return rate_change(std::llround(year_before), std::llround(now), 1.0, 1.0, confidence);
}

// GPS minutes per hotspot and local day (visits by their first fix inside), for scaling an ITT
// effect to the patrol delivered.
std::map<std::pair<std::string, int>, double> visit_minutes_by_day(store::Store& store, std::int64_t run_id,
                                                                   const std::string& from,
                                                                   const std::string& to,
                                                                   const std::string& time_zone) {
  std::map<std::pair<std::string, int>, double> minutes;
  for (const auto& visit : store::read_hotspot_visit_spans(store, run_id, from, to)) {
    const auto instant = parse_utc_instant(visit.first_in);
    if (!instant) continue;
    minutes[{visit.hotspot_id, day_number(format_iso(civil_time_in_zone(*instant, time_zone)))}] +=
        visit.minutes;
  }
  return minutes;
}

std::optional<IttSummary> intention_to_treat_of(store::Store& store, const store::LatestPatrolDesign& stored,
                                                const store::HotspotAreaSet& hotspots,
                                                const AreaChoice& treated, const Tallies& tallies,
                                                const MonthPeriod& after, const std::string& time_zone,
                                                double confidence) {
  IttSummary summary;
  summary.kind = stored.kind;
  summary.design_id = stored.design_id;
  if (stored.kind != "crossover" && stored.kind != "rct") return std::nullopt;
  summary.unit = stored.kind == "crossover" ? "place-day" : "hotspot";
  if (stored.hotspot_run_id != hotspots.run_id) {
    summary.note = fmt::format("design {} was drawn on hotspot run {}, not the latest ({}): not evaluated",
                               stored.design_id, stored.hotspot_run_id, hotspots.run_id);
    return summary;
  }
  const auto design = patrol::load_design(store, stored.design_id);  // refuses edited assignments
  std::vector<double> treated_units, control_units, treated_before, control_before;
  const int first_day = day_number(design.first_day);
  // Delivered patrol: a crossover's place-days within the design's days, an RCT's hotspots over
  // the after period (the period its counts cover).
  const auto minutes =
      visit_minutes_by_day(store, hotspots.run_id, format_month(after.first) + "-01",
                           format_month(after.last + std::chrono::months{1}) + "-01", time_zone);
  double treated_minutes = 0.0, control_minutes = 0.0;
  const auto minutes_of = [&](const std::string& hotspot, int from_day, int to_day) {  // [from, to)
    double total = 0.0;
    for (auto it = minutes.lower_bound({hotspot, from_day});
         it != minutes.end() && it->first.first == hotspot && it->first.second < to_day; ++it)
      total += it->second;
    return total;
  };
  for (std::size_t h = 0; h < design.hotspot_ids.size(); ++h) {
    const auto found = std::find(treated.ids.begin(), treated.ids.end(), design.hotspot_ids[h]);
    if (found == treated.ids.end()) continue;
    const auto area = static_cast<int>(found - treated.ids.begin());
    if (stored.kind == "rct") {
      const bool arm = !design.treated[h].empty() && design.treated[h][0];
      (arm ? treated_units : control_units)
          .push_back(tallies.per_treated_area[static_cast<std::size_t>(area)].after);
      (arm ? treated_before : control_before)
          .push_back(tallies.per_treated_area[static_cast<std::size_t>(area)].before);
      (arm ? treated_minutes : control_minutes) +=
          minutes_of(design.hotspot_ids[h], std::numeric_limits<int>::min(), std::numeric_limits<int>::max());
      continue;
    }
    for (int d = 0; d < design.days; ++d) {
      const auto it = tallies.area_day.find({area, first_day + d});
      const double count = it == tallies.area_day.end() ? 0.0 : it->second;
      const bool arm = design.treated[h][static_cast<std::size_t>(d)];
      (arm ? treated_units : control_units).push_back(count);
      (arm ? treated_minutes : control_minutes) +=
          minutes_of(design.hotspot_ids[h], first_day + d, first_day + d + 1);
    }
  }
  if (stored.kind == "crossover" && tallies.dated_points == 0) {
    summary.note =
        "a crossover is evaluated on place-days, which needs incidents with dates; these incidents "
        "have months only (data.police.uk), so no intention-to-treat effect can be computed";
    return summary;
  }
  if (treated_units.empty() || control_units.empty()) {
    summary.note = "the design's hotspots are not among the evaluated areas";
    return summary;
  }
  summary.effect = stored.kind == "rct" ? intention_to_treat(treated_units, control_units, treated_before,
                                                             control_before, confidence)
                                        : intention_to_treat(treated_units, control_units, confidence);
  summary.note =
      "intention to treat: as assigned, not as delivered (the dose-response below, when GPS visits are "
      "stored, is observational)";
  if (!minutes.empty()) {
    const auto& e = *summary.effect;
    const bool overdispersed = e.overdispersed.valid;
    summary.per_patrol_hour =
        dose_adjusted_effect(e.exact.rate_ratio, overdispersed ? e.overdispersed.interval : e.exact.exact,
                             treated_minutes / static_cast<double>(treated_units.size()),
                             control_minutes / static_cast<double>(control_units.size()));
    summary.per_patrol_hour->note += overdispersed ? " (interval from the quasi-Poisson ITT interval)"
                                                   : " (interval from the exact ITT interval)";
  }
  if (stored.kind == "rct")
    summary.note += ". The treated areas above hold both arms: this comparison of the arms is the effect";
  return summary;
}

// Dose-response over the treated hotspots with GPS visits stored; exposure = the hotspot's
// before-period count (hotspots with none before are left out: no rate to compare with).
std::optional<DosageSummary> dosage_of(store::Store& store, const store::HotspotAreaSet& hotspots,
                                       const AreaChoice& treated, const Tallies& tallies,
                                       const MonthPeriod& after, double confidence) {
  const auto from = format_month(after.first) + "-01";
  const auto to = format_month(after.last + std::chrono::months{1}) + "-01";
  const auto dosage = store::read_hotspot_dosage(store, hotspots.run_id, from, to);
  if (dosage.empty()) return std::nullopt;
  DosageSummary summary;
  std::size_t no_before = 0;
  for (std::size_t a = 0; a < treated.ids.size(); ++a) {
    const auto& counts = tallies.per_treated_area[a];
    if (counts.before <= 0.0) {
      ++no_before;
      continue;
    }
    const auto found = dosage.find(treated.ids[a]);
    const store::HotspotDosage none;
    const auto& d = found == dosage.end() ? none : found->second;
    summary.hotspot_ids.push_back(treated.ids[a]);
    summary.minutes.push_back(d.minutes);
    summary.minutes_low.push_back(d.minutes_low);
    summary.minutes_high.push_back(d.minutes_high);
    summary.before.push_back(counts.before);
    summary.after.push_back(counts.after);
  }
  summary.note =
      "OBSERVATIONAL, not randomised: patrol minutes (GPS midpoint) were not assigned at random, so the "
      "slope "
      "is an association; rate ratio per 60 minutes of patrol, exposure = the hotspot's before-period count";
  if (no_before > 0) summary.note += fmt::format("; {} with no incident before left out", no_before);
  try {
    summary.fit =
        dose_response(summary.after, summary.minutes, summary.before, kDoseResponsePerMinutes, confidence);
  } catch (const UsageError& error) {
    summary.note += fmt::format("; not fitted: {}", error.what());
  }
  if (summary.fit) {
    // The bounds are a sensitivity check, not a fit of their own: one that cannot be made is left out.
    const auto bound_fit = [&](const std::vector<double>& minutes) -> std::optional<DoseResponse> {
      try {
        return dose_response(summary.after, minutes, summary.before, kDoseResponsePerMinutes, confidence);
      } catch (const UsageError&) {
        return std::nullopt;
      }
    };
    summary.fit_low = bound_fit(summary.minutes_low);
    summary.fit_high = bound_fit(summary.minutes_high);
  }
  return summary;
}

}  // namespace

EvaluationResult run_evaluation(store::Store& store, const EvaluationSettings& settings) {
  EvaluationResult result;
  result.settings = settings;
  if (!(settings.buffer_m >= 0.0) || !std::isfinite(settings.buffer_m))
    throw UsageError(
        fmt::format("--buffer-m must be a finite number of metres >= 0, got {}", settings.buffer_m));
  // Checked before any step converts a time with it: the ITT's daily GPS minutes come first.
  require_known_time_zone(settings.time_zone);
  const auto dataset = analysis::resolve_dataset(store, settings.dataset);
  result.dataset = dataset.name.empty() ? "every dataset" : dataset.name;
  result.dataset_note = dataset.note;
  const auto categories = store::read_categories(store);
  const auto types = resolve_crime_types(categories, settings.crime_types);
  std::vector<double> harm_of_type;
  std::vector<bool> headline_type, police_type;
  for (const auto& type : types) {
    const auto& info = categories.at(type);
    harm_of_type.push_back(info.harm_weight);
    police_type.push_back(info.origin == "police-generated");
    headline_type.push_back(info.origin != "police-generated");
  }
  if (std::none_of(headline_type.begin(), headline_type.end(), [](bool b) { return b; }))
    headline_type.assign(types.size(), true);

  const auto design = store::latest_patrol_design(store);
  const auto periods = resolve_periods(store, settings, dataset.name, design);
  result.before = periods.before;
  result.after = periods.after;
  result.period_source = periods.source;
  // Loaded from a year before the after period too, for the year-on-year comparison.
  const auto load_from = std::min(periods.before.first, periods.after.first - std::chrono::months{12});
  const auto loaded = load_points(store, dataset.name, types, load_from, periods.after.last);

  const auto hotspots = store::read_latest_hotspot_areas(store);
  result.hotspot_run_id = hotspots.run_id;
  const auto treated = choose_areas(store, hotspots, settings.areas, "--areas");
  const bool match = settings.comparison == "matched";
  AreaChoice comparison;
  if (treated.everywhere) {
    comparison.description = "none (the whole force is treated)";
  } else if (match && settings.areas != "hotspots" && settings.areas.rfind("ids:", 0) != 0) {
    comparison.description = "none (matching uses hotspot runners-up; name --comparison for other areas)";
  } else if (match) {
    match_runners_up(hotspots, loaded, periods.before, harm_of_type, headline_type, treated, comparison);
  } else {
    comparison = choose_areas(store, hotspots, settings.comparison, "--comparison");
    if (comparison.everywhere)
      throw UsageError("--comparison force: the comparison must be areas apart from the treated ones");
    if (settings.comparison == "none") comparison.description = "none (--comparison none)";
  }
  result.areas_description = treated.description;
  result.comparison_description = comparison.description;
  result.treated_areas = treated.ids;
  result.comparison_areas = comparison.ids;
  const ZoneClassifier zones(treated.shapes, comparison.shapes, treated.everywhere ? 0.0 : settings.buffer_m,
                             treated.everywhere);
  result.zone_area_m2 = zones.zone_areas_m2();

  // Series months: the before period then the after period.
  std::vector<int> series_month(loaded.month_has_data.size(), -1);
  OutcomeContext context;
  context.confidence = settings.confidence;
  context.comparison = !comparison.ids.empty();
  for (const auto* period : {&periods.before, &periods.after})
    for (const auto month : months_of(*period)) {
      const int m = month_offset(loaded.first_month, month);
      series_month[static_cast<std::size_t>(m)] = static_cast<int>(result.months.size());
      result.months.push_back(format_month(month));
      const bool data = loaded.month_has_data[static_cast<std::size_t>(m)];
      result.month_has_data.push_back(data);
      context.has_data.push_back(data);
      (period == &periods.before ? result.before_months_with_data : result.after_months_with_data) +=
          data ? 1 : 0;
    }
  context.before_months = static_cast<std::size_t>(periods.before.months());
  if (result.before_months_with_data == 0 || result.after_months_with_data == 0)
    throw UsageError(
        fmt::format("no incidents are stored for {} {}; stored months: choose --before and --after "
                    "within them",
                    result.before_months_with_data == 0 ? "the before period" : "the after period",
                    (result.before_months_with_data == 0 ? periods.before : periods.after).label()));
  context.before_exposure = result.before_months_with_data;
  context.after_exposure = result.after_months_with_data;
  for (std::size_t z = 0; z < kZoneCount; ++z) context.area_km2[z] = result.zone_area_m2[z] / 1e6;

  const auto tallies = tally(loaded, zones, series_month, result.months.size(), types.size(),
                             treated.ids.size(), harm_of_type, headline_type, periods.before, periods.after);
  std::vector<std::string> headline_names;
  for (std::size_t i = 0; i < types.size(); ++i)
    if (headline_type[i]) headline_names.push_back(types[i]);
  for (std::size_t o = 0; o <= types.size(); ++o) {
    OutcomeResult out;
    out.name = o == 0 ? fmt::format("{}", fmt::join(headline_names, " + ")) : types[o - 1];
    out.crime_types = o == 0 ? headline_names : std::vector<std::string>{types[o - 1]};
    out.police_generated = o > 0 && police_type[o - 1];
    out.series = tallies.series[o];
    compute_outcome(out, context);
    out.year_on_year = year_on_year(tallies.treated_loaded[o], loaded, periods.after, settings.confidence);
    if (out.police_generated)
      out.note =
          out.change.rate_ratio > 1.0
              ? "police-generated: a rise during a patrol programme most likely reflects more searching "
                "and more found, not more carrying; read it as a measure of activity"
              : "police-generated: counts follow police activity as much as offending";
    result.outcomes.push_back(std::move(out));
  }
  // Holm over the per-type outcomes (the headline is their sum, not a further test).
  std::vector<double> p;
  for (std::size_t o = 1; o < result.outcomes.size(); ++o) p.push_back(result.outcomes[o].headline_p);
  const auto adjusted = holm_adjust(p);
  for (std::size_t o = 1; o < result.outcomes.size(); ++o) result.outcomes[o].holm_p = adjusted[o - 1];
  result.outcomes[0].holm_p = result.outcomes[0].headline_p;
  if (context.comparison) {
    std::vector<WddPart> parts;
    for (std::size_t o = 1; o < result.outcomes.size(); ++o)
      if (result.outcomes[o].wdd && !result.outcomes[o].police_generated)
        parts.push_back(
            {result.outcomes[o].wdd->total, result.outcomes[o].wdd->total_se, harm_of_type[o - 1]});
    result.wdd_harm = combine_wdd_harm(parts, settings.confidence);
  }
  if (design && !treated.everywhere)
    result.itt = intention_to_treat_of(store, *design, hotspots, treated, tallies, periods.after,
                                       settings.time_zone, settings.confidence);
  if (!treated.everywhere && hotspots.run_id != 0 &&
      (settings.areas == "hotspots" || settings.areas.rfind("ids:", 0) == 0)) {
    result.dosage = dosage_of(store, hotspots, treated, tallies, periods.after, settings.confidence);
    KoperRequest koper;
    koper.hotspot_run_id = hotspots.run_id;
    koper.after = periods.after;
    koper.headline_types = headline_names;
    koper.evaluated_dataset = dataset.name;
    koper.dataset = settings.koper_dataset;
    koper.time_zone = settings.time_zone;
    result.koper = koper_of(store, treated.shapes, treated.ids, koper);
  }

  std::vector<std::string> missing;
  for (std::size_t m = 0; m < result.months.size(); ++m)
    if (!result.month_has_data[m]) missing.push_back(result.months[m]);
  if (!missing.empty())
    result.notes.push_back(
        fmt::format("no incidents of any type are stored for {}: left out of the exposure and "
                    "the monthly models",
                    fmt::join(missing, ", ")));
  if (!dataset.note.empty()) result.notes.push_back(dataset.note);
  if (loaded.outside_force_area > 0)
    result.notes.push_back(
        fmt::format("{} of the analysed types lie far outside the force area (flagged at "
                    "ingest) and are left out, as in every analysis",
                    counted(static_cast<std::int64_t>(loaded.outside_force_area), "incident")));
  result.notes.push_back(fmt::format("{} tests reported together: adjusted p-values are Holm's (family-wise)",
                                     result.outcomes.size() - 1));
  if (!context.comparison && !treated.everywhere)
    result.notes.push_back("no comparison areas: no difference in differences or displacement test");
  return result;
}

}  // namespace grip::evaluation

#include "grip/evaluation/evaluation_output.hpp"

#include <fmt/format.h>

#include <cmath>

#include "grip/core/csv_text.hpp"

namespace grip::evaluation {
namespace {

using nlohmann::json;

// NaN and infinities have no JSON form: null.
json number(double value) { return std::isfinite(value) ? json(value) : json(nullptr); }
json interval_json(const Interval& i) { return {{"low", number(i.low)}, {"high", number(i.high)}}; }

std::string cell(double value, int digits = 4) {
  return std::isfinite(value) ? fmt::format("{:.{}g}", value, digits + 2) : std::string();
}
std::string percent(double ratio) {
  return std::isfinite(ratio) ? fmt::format("{:+.1f} %", 100.0 * (ratio - 1.0)) : std::string("n/a");
}
std::string interval_text(const Interval& i) {
  if (!std::isfinite(i.low) && !std::isfinite(i.high)) return "n/a";
  return fmt::format("{} to {}", percent(i.low), std::isfinite(i.high) ? percent(i.high) : "no limit");
}

json wdd_json(const WddResult& w) {
  return {{"local", w.local},
          {"local_se", w.local_se},
          {"displacement", w.displacement},
          {"displacement_se", w.displacement_se},
          {"total", w.total},
          {"total_se", w.total_se},
          {"z", number(w.z)},
          {"p", number(w.p)},
          {"interval", interval_json(w.interval)}};
}

json outcome_json(const OutcomeResult& o, const EvaluationResult& r) {
  json zones = json::object();
  for (std::size_t z = 0; z < kZoneCount; ++z)
    zones[to_string(static_cast<Zone>(z))] = {{"before", o.counts[z].before},
                                              {"after", o.counts[z].after},
                                              {"harm_before", o.harm[z].before},
                                              {"harm_after", o.harm[z].after}};
  json j = {{"name", o.name},
            {"crime_types", o.crime_types},
            {"police_generated", o.police_generated},
            {"zones", zones},
            {"rate_ratio", number(o.change.rate_ratio)},
            {"percent_change", number(o.change.percent_change)},
            {"wald_interval", interval_json(o.change.wald)},
            {"exact_interval", interval_json(o.change.exact)},
            {"exact_p", o.change.exact_p},
            {"e_test_p", o.change.e_test_p},
            {"quasi_poisson",
             {{"valid", o.quasi.valid},
              {"dispersion", number(o.quasi.dispersion)},
              {"rate_ratio", number(o.quasi.rate_ratio)},
              {"interval", interval_json(o.quasi.interval)},
              {"p", number(o.quasi.p)}}},
            {"negative_binomial",
             {{"valid", o.negative_binomial.valid},
              {"theta", number(o.negative_binomial.theta)},
              {"interval", interval_json(o.negative_binomial.interval)},
              {"p", number(o.negative_binomial.p)}}},
            {"interval_basis", o.interval_basis},
            {"headline_interval", interval_json(o.headline_interval)},
            {"headline_p", o.headline_p},
            {"holm_p", o.holm_p},
            {"verdict", o.verdict},
            {"note", o.note}};
  if (o.did)
    j["difference_in_differences"] = {{"ratio", number(o.did->ratio)},
                                      {"percent_change", number(o.did->percent_change)},
                                      {"interval", interval_json(o.did->interval)},
                                      {"p", number(o.did->p)}};
  if (o.wdd) j["wdd"] = wdd_json(*o.wdd);
  if (o.wdd_area_weighted) j["wdd_area_weighted"] = wdd_json(*o.wdd_area_weighted);
  if (o.wdq)
    j["wdq"] = {{"quotient", number(o.wdq->quotient)},
                {"interval", interval_json(o.wdq->interval)},
                {"success_measure", number(o.wdq->success_measure)},
                {"buffer_measure", number(o.wdq->buffer_measure)},
                {"meaningful", o.wdq->meaningful}};
  if (o.year_on_year)
    j["year_on_year"] = {{"before", o.year_on_year->before},
                         {"after", o.year_on_year->after},
                         {"rate_ratio", number(o.year_on_year->rate_ratio)},
                         {"exact_interval", interval_json(o.year_on_year->exact)},
                         {"exact_p", o.year_on_year->exact_p}};
  json series = json::array();
  for (std::size_t m = 0; m < r.months.size(); ++m) {
    json row = {{"month", r.months[m]}, {"has_data", static_cast<bool>(r.month_has_data[m])}};
    for (std::size_t z = 0; z < kZoneCount; ++z)
      row[to_string(static_cast<Zone>(z))] = {{"count", o.series.count[z][m]}, {"harm", o.series.harm[z][m]}};
    series.push_back(row);
  }
  j["monthly"] = series;
  return j;
}

}  // namespace

json evaluation_json(const EvaluationResult& r) {
  json zones = json::object();
  for (std::size_t z = 0; z < kZoneCount; ++z)
    zones[to_string(static_cast<Zone>(z))] = number(r.zone_area_m2[z]);
  json j = {{"dataset", r.dataset},
            {"before", r.before.label()},
            {"after", r.after.label()},
            {"period_source", r.period_source},
            {"before_months_with_data", r.before_months_with_data},
            {"after_months_with_data", r.after_months_with_data},
            {"areas", r.areas_description},
            {"treated_areas", r.treated_areas},
            {"comparison", r.comparison_description},
            {"comparison_areas", r.comparison_areas},
            {"hotspot_run_id", r.hotspot_run_id},
            {"buffer_m", r.settings.buffer_m},
            {"confidence", r.settings.confidence},
            {"zone_area_m2", zones},
            {"notes", r.notes}};
  j["outcomes"] = json::array();
  for (const auto& o : r.outcomes) j["outcomes"].push_back(outcome_json(o, r));
  if (r.wdd_harm)
    j["wdd_harm"] = {{"estimate", r.wdd_harm->estimate},
                     {"se", r.wdd_harm->se},
                     {"z", number(r.wdd_harm->z)},
                     {"p", number(r.wdd_harm->p)},
                     {"interval", interval_json(r.wdd_harm->interval)}};
  if (r.itt) {
    json itt = {
        {"kind", r.itt->kind}, {"design_id", r.itt->design_id}, {"unit", r.itt->unit}, {"note", r.itt->note}};
    if (r.itt->effect) {
      const auto& e = *r.itt->effect;
      itt["treated_units"] = e.treated_units;
      itt["control_units"] = e.control_units;
      itt["treated_count"] = e.treated_count;
      itt["control_count"] = e.control_count;
      itt["rate_ratio"] = number(e.exact.rate_ratio);
      itt["exact_interval"] = interval_json(e.exact.exact);
      itt["exact_p"] = e.exact.exact_p;
      itt["quasi_poisson_interval"] = interval_json(e.overdispersed.interval);
      if (e.adjusted.valid)
        itt["pre_period_adjusted"] = {{"ratio", e.adjusted.ratio},
                                      {"interval", interval_json(e.adjusted.interval)}};
    }
    if (r.itt->per_patrol_hour) {
      const auto& d = *r.itt->per_patrol_hour;
      itt["per_patrol_hour"] = {{"valid", d.valid},
                                {"treated_minutes_per_unit", d.treated_minutes_per_unit},
                                {"control_minutes_per_unit", d.control_minutes_per_unit},
                                {"per_minutes", d.per_minutes},
                                {"rate_ratio", d.valid ? number(d.rate_ratio) : json(nullptr)},
                                {"interval", d.valid ? interval_json(d.interval) : json(nullptr)},
                                {"note", d.note}};
    }
    j["intention_to_treat"] = itt;
  }
  if (r.dosage) {
    json dosage = {{"observational", true},
                   {"hotspots", r.dosage->hotspot_ids},
                   {"minutes", r.dosage->minutes},
                   {"minutes_low", r.dosage->minutes_low},
                   {"minutes_high", r.dosage->minutes_high},
                   {"before", r.dosage->before},
                   {"after", r.dosage->after},
                   {"note", r.dosage->note}};
    if (r.dosage->fit) {
      const auto& f = *r.dosage->fit;
      dosage["rate_ratio_per_minutes"] = f.per_minutes;
      dosage["rate_ratio"] = number(f.rate_ratio);
      dosage["interval"] = interval_json(f.interval);
      dosage["p"] = number(f.p);
      dosage["dispersion"] = number(f.dispersion);
    }
    for (const auto& [key, fit] :
         {std::pair{"at_minutes_low", &r.dosage->fit_low}, std::pair{"at_minutes_high", &r.dosage->fit_high}})
      if (*fit)
        dosage[key] = {{"rate_ratio", number((*fit)->rate_ratio)},
                       {"interval", interval_json((*fit)->interval)}};
    j["dose_response"] = dosage;
  }
  if (r.koper) {
    const auto& k = *r.koper;
    json bands = json::array();
    for (const auto& band : k.bands)
      bands.push_back({{"visit_length", band.label},
                       {"from_minutes", band.from_minutes},
                       {"to_minutes", std::isfinite(band.to_minutes) ? json(band.to_minutes) : json(nullptr)},
                       {"visits", band.curve.observations},
                       {"followed_by_incident", band.curve.events},
                       {"incident_within_minutes", kKoperHorizonMinutes},
                       {"incident_within",
                        band.curve.observations > 0 ? number(band.incident_within_horizon) : json(nullptr)},
                       {"se", band.curve.observations > 0 ? number(band.se) : json(nullptr)}});
    j["koper_curve"] = {{"observational", true},
                        {"dataset", k.dataset},
                        {"dataset_reason", k.dataset_reason},
                        {"time_zone", k.time_zone},
                        {"visits", k.visits},
                        {"presences", k.presences},
                        {"followed", k.followed},
                        {"incidents", k.incidents},
                        {"incidents_window_left_out", k.incidents_window},
                        {"observed_until", k.observed_until},
                        {"bands", bands},
                        {"note", k.note}};
  }
  return j;
}

std::string evaluation_text(const EvaluationResult& r) {
  std::string out;
  out += fmt::format("Evaluation of {} in {}\n", r.areas_description, r.dataset);
  out += fmt::format("Before {} ({} with data), after {} ({} with data): {}\n", r.before.label(),
                     r.before_months_with_data, r.after.label(), r.after_months_with_data, r.period_source);
  out += fmt::format("Comparison: {}\n", r.comparison_description);
  out += fmt::format("Buffer: {:g} m around the treated areas (--buffer-m); intervals {:g} %\n\n",
                     r.settings.buffer_m, 100.0 * r.settings.confidence);
  out += fmt::format("{:<40.40} {:>7} {:>7} {:>9} {:>24} {:>8} {:>8} {:>8}\n", "outcome (treated areas)",
                     "before", "after", "change", "interval", "p exact", "p E-test", "p Holm");
  for (const auto& o : r.outcomes) {
    out += fmt::format("{:<40.40} {:>7.0f} {:>7.0f} {:>9} {:>24} {:>8.3g} {:>8.3g} {:>8.3g}\n", o.name,
                       o.counts[0].before, o.counts[0].after, percent(o.change.rate_ratio),
                       interval_text(o.headline_interval), o.change.exact_p, o.change.e_test_p, o.holm_p);
  }
  out +=
      "(interval and Holm p from the method named under each outcome; Holm adjusts the per-type rows "
      "together, "
      "the first row shows its own p; p exact and E-test on the totals)\n\n";
  for (const auto& o : r.outcomes) {
    out += fmt::format("{}: {}\n", o.name, o.verdict);
    out += fmt::format("  harm {:.1f} -> {:.1f}; interval from {}\n", o.harm[0].before, o.harm[0].after,
                       o.interval_basis);
    if (o.negative_binomial.valid)
      out += fmt::format("  negative binomial: {} ({}), theta {}\n", percent(o.negative_binomial.rate_ratio),
                         interval_text(o.negative_binomial.interval),
                         std::isfinite(o.negative_binomial.theta)
                             ? fmt::format("{:.3g}", o.negative_binomial.theta)
                             : std::string("infinite (Poisson)"));
    if (o.year_on_year)
      out +=
          fmt::format("  year on year: {:.0f} -> {:.0f}, {} ({})\n",
                      static_cast<double>(o.year_on_year->before), static_cast<double>(o.year_on_year->after),
                      percent(o.year_on_year->rate_ratio), interval_text(o.year_on_year->exact));
    if (o.did && o.did->valid)
      out += fmt::format("  comparison {:.0f} -> {:.0f}; difference in differences {} ({}, p {:.3g})\n",
                         o.counts[1].before, o.counts[1].after, percent(o.did->ratio),
                         interval_text(o.did->interval), o.did->p);
    if (o.wdd && r.before_months_with_data != r.after_months_with_data)
      out += fmt::format("  WDD on counts scaled to the after period's {} months (before counts x {}/{})\n",
                         r.after_months_with_data, r.after_months_with_data, r.before_months_with_data);
    if (o.wdd)
      out += fmt::format(
          "  buffers: treated {:.0f} -> {:.0f}, comparison {:.0f} -> {:.0f}; WDD local {:.1f}, "
          "displacement {:.1f}, total {:.1f} (SE {:.1f}, z {:.2f}, interval {:.1f} to {:.1f})\n",
          o.counts[2].before, o.counts[2].after, o.counts[3].before, o.counts[3].after, o.wdd->local,
          o.wdd->displacement, o.wdd->total, o.wdd->total_se, o.wdd->z, o.wdd->interval.low,
          o.wdd->interval.high);
    if (o.wdd_area_weighted)
      out += fmt::format("  WDD per km2 (area-weighted): total {:.1f} (SE {:.1f}, z {:.2f})\n",
                         o.wdd_area_weighted->total, o.wdd_area_weighted->total_se, o.wdd_area_weighted->z);
    if (o.wdq && std::isfinite(o.wdq->quotient))
      out += fmt::format("  WDQ {:.2f} (interval {:.2f} to {:.2f}){}\n", o.wdq->quotient, o.wdq->interval.low,
                         o.wdq->interval.high,
                         o.wdq->meaningful
                             ? (o.wdq->quotient > 0 ? ": diffusion of benefits" : ": displacement")
                             : ": not meaningful (no clear fall in the treated areas against control)");
    if (!o.note.empty()) out += "  " + o.note + "\n";
  }
  if (r.wdd_harm)
    out += fmt::format(
        "\nHarm-weighted WDD over the victim-generated types: {:.1f} (SE {:.1f}, interval {:.1f} to "
        "{:.1f})\n",
        r.wdd_harm->estimate, r.wdd_harm->se, r.wdd_harm->interval.low, r.wdd_harm->interval.high);
  if (r.itt) {
    out += fmt::format("\nRandomised design {} ({}): ", r.itt->design_id, r.itt->kind);
    if (r.itt->effect) {
      const auto& e = *r.itt->effect;
      out += fmt::format(
          "{:.0f} incidents on {:.0f} treated {}s, {:.0f} on {:.0f} control; rate ratio {} ({}, "
          "exact p {:.3g})\n",
          e.treated_count, e.treated_units, r.itt->unit, e.control_count, e.control_units,
          percent(e.exact.rate_ratio), interval_text(e.exact.exact), e.exact.exact_p);
    }
    if (r.itt->per_patrol_hour) {
      const auto& d = *r.itt->per_patrol_hour;
      if (d.valid)
        out += fmt::format("  per {:.0f} minutes of patrol delivered: rate ratio {} ({})\n", d.per_minutes,
                           percent(d.rate_ratio), interval_text(d.interval));
      out += "  " + d.note + "\n";
    }
    out += "  " + r.itt->note + "\n";
  }
  if (r.dosage) {
    out += fmt::format("\nDose-response over {} treated hotspots with GPS dosage: ",
                       r.dosage->hotspot_ids.size());
    if (r.dosage->fit)
      out += fmt::format("rate ratio {} per {:.0f} minutes of patrol ({}, p {:.3g})\n",
                         percent(r.dosage->fit->rate_ratio), r.dosage->fit->per_minutes,
                         interval_text(r.dosage->fit->interval), r.dosage->fit->p);
    else
      out += "not fitted\n";
    if (r.dosage->fit_low && r.dosage->fit_high)
      out += fmt::format(
          "  with every hotspot's minutes at the low / high end of its GPS interval: {} ({}) / {} ({})\n",
          percent(r.dosage->fit_low->rate_ratio), interval_text(r.dosage->fit_low->interval),
          percent(r.dosage->fit_high->rate_ratio), interval_text(r.dosage->fit_high->interval));
    out += "  " + r.dosage->note + "\n";
  }
  if (r.koper) {
    const auto& k = *r.koper;
    out += fmt::format("\nKoper curve ({} GPS visits, {} presences after merging overlaps", k.visits,
                       k.presences);
    if (!k.dataset.empty())
      out +=
          fmt::format("; {} time-stamped incidents from '{}': {})", k.incidents, k.dataset, k.dataset_reason);
    out += ":\n";
    if (!k.bands.empty()) {
      out += fmt::format("  {:<34} {:>7} {:>10} {:>26}\n", "visit length", "visits", "incident",
                         fmt::format("P(incident within {:.0f} min)", kKoperHorizonMinutes));
      for (const auto& band : k.bands) {
        if (band.curve.observations == 0) {
          out += fmt::format("  {:<34} {:>7} {:>10} {:>26}\n", band.label, 0, "-", "-");
          continue;
        }
        out += fmt::format(
            "  {:<34} {:>7} {:>10} {:>26}\n", band.label, band.curve.observations, band.curve.events,
            fmt::format("{:.1f} % (SE {:.1f})", 100.0 * band.incident_within_horizon, 100.0 * band.se));
      }
      out += fmt::format("  observed until {} ({} clock)\n", k.observed_until, k.time_zone);
    }
    out += "  " + k.note + "\n";
  }
  if (!r.notes.empty()) {
    out += "\nNotes:\n";
    for (const auto& note : r.notes) out += "  - " + note + "\n";
  }
  return out;
}

std::string evaluation_csv(const EvaluationResult& r) {
  std::string out =
      "outcome,police_generated,before,after,harm_before,harm_after,rate_ratio,percent_change,interval_low,"
      "interval_high,interval_basis,exact_low,exact_high,exact_p,e_test_p,holm_p,quasi_dispersion,nb_theta,"
      "comparison_before,comparison_after,did_ratio,did_low,did_high,buffer_before,buffer_after,"
      "buffer_comparison_before,buffer_comparison_after,wdd_local,wdd_displacement,wdd_total,wdd_se,wdd_z,"
      "wdq,"
      "verdict\n";
  for (const auto& o : r.outcomes) {
    const bool did = o.did && o.did->valid;
    out += fmt::format(
        "{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{"
        "}\n",
        csv_text_cell(o.name), o.police_generated ? 1 : 0, o.counts[0].before, o.counts[0].after,
        cell(o.harm[0].before), cell(o.harm[0].after), cell(o.change.rate_ratio),
        cell(o.change.percent_change), cell(o.headline_interval.low), cell(o.headline_interval.high),
        csv_text_cell(o.interval_basis), cell(o.change.exact.low), cell(o.change.exact.high),
        cell(o.change.exact_p), cell(o.change.e_test_p), cell(o.holm_p), cell(o.quasi.dispersion),
        cell(o.negative_binomial.theta), o.counts[1].before, o.counts[1].after, did ? cell(o.did->ratio) : "",
        did ? cell(o.did->interval.low) : "", did ? cell(o.did->interval.high) : "", o.counts[2].before,
        o.counts[2].after, o.counts[3].before, o.counts[3].after, o.wdd ? cell(o.wdd->local) : "",
        o.wdd ? cell(o.wdd->displacement) : "", o.wdd ? cell(o.wdd->total) : "",
        o.wdd ? cell(o.wdd->total_se) : "", o.wdd ? cell(o.wdd->z) : "", o.wdq ? cell(o.wdq->quotient) : "",
        csv_text_cell(o.verdict));
  }
  return out;
}

std::string evaluation_series_csv(const EvaluationResult& r) {
  std::string out = "outcome,month,period,has_data,zone,count,harm\n";
  const auto before_months = static_cast<std::size_t>(r.before.months());
  for (const auto& o : r.outcomes)
    for (std::size_t m = 0; m < r.months.size(); ++m)
      for (std::size_t z = 0; z < kZoneCount; ++z)
        out += fmt::format("{},{},{},{},{},{},{}\n", csv_text_cell(o.name), r.months[m],
                           m < before_months ? "before" : "after", r.month_has_data[m] ? 1 : 0,
                           to_string(static_cast<Zone>(z)), o.series.count[z][m], cell(o.series.harm[z][m]));
  return out;
}

}  // namespace grip::evaluation

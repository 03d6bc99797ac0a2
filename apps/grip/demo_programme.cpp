#include "demo_programme.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "grip/evaluation/run_zones.hpp"
#include "grip/geo/projection.hpp"
#include "grip/ingest/ingest_files.hpp"

namespace grip::cli {
namespace {

std::string month_label(int month_index) {  // months since year 0
  return fmt::format("{:04d}-{:02d}", month_index / 12, month_index % 12 + 1);
}

}  // namespace

DemoProgramme run_demo_programme(store::Store& store, const demo::CountyOptions& county,
                                 double displaced_share, const std::filesystem::path& out) {
  DemoProgramme programme;
  auto& options = programme.options;
  options.county = county;
  // The programme starts with the plan (the month after the county's months) and lasts as many
  // months as the county has, at most a year: the same calendar months when the county has 12.
  const int first = county.first_year * 12 + county.first_month - 1 + county.months;
  options.first_year = first / 12;
  options.first_month = first % 12 + 1;
  options.months = std::min(county.months, 12);
  options.displaced_share = displaced_share;

  const auto zones = evaluation::latest_run_zone_classifier(store);
  const auto crs = store.crs();
  geo::Projector projector(crs ? crs->code : "EPSG:4326");
  const auto zone_of = [&](double longitude, double latitude) {
    double x = longitude, y = latitude;
    projector.forward(std::span(&x, 1), std::span(&y, 1));
    switch (zones.classify(x, y).zone) {
      case evaluation::Zone::kTreated:
        return demo::ProgrammeZone::kTreated;
      case evaluation::Zone::kTreatedBuffer:
        return demo::ProgrammeZone::kBuffer;
      default:
        return demo::ProgrammeZone::kElsewhere;
    }
  };
  programme.folder = out / "synthetic-programme";
  programme.truth = demo::write_programme_months(options, zone_of, programme.folder);
  (void)ingest::ingest_files(store, {programme.folder}, {});

  evaluation::EvaluationSettings settings;
  settings.after = month_label(first) + ".." + month_label(first + options.months - 1);
  settings.before = month_label(first - options.months) + ".." + month_label(first - 1);
  programme.result = evaluation::run_evaluation(store, settings);
  return programme;
}

nlohmann::json demo_programme_json(const DemoProgramme& programme) {
  const auto& headline = programme.result.outcomes.front();
  const double planted = -100.0 * programme.options.reduction;
  const double low = 100.0 * (headline.headline_interval.low - 1.0);
  const double high = 100.0 * (headline.headline_interval.high - 1.0);
  nlohmann::json out{{"synthetic", true},
                     {"folder", programme.folder.string()},
                     {"before", programme.result.before.label()},
                     {"after", programme.result.after.label()},
                     {"planted",
                      {{"percent_change", planted},
                       {"displaced_share", programme.options.displaced_share},
                       {"treated_events_before_thinning", programme.truth.treated_events_before_thinning},
                       {"removed", programme.truth.removed},
                       {"displaced", programme.truth.displaced}}},
                     {"outcome", headline.name},
                     {"treated_before", headline.change.before},
                     {"treated_after", headline.change.after},
                     {"percent_change", headline.change.percent_change},
                     {"interval_percent", {low, high}},
                     {"interval_basis", headline.interval_basis},
                     {"verdict", headline.verdict},
                     {"interval_contains_planted", low <= planted && planted <= high}};
  if (headline.did && headline.did->valid) {
    out["did"] = {
        {"percent_change", headline.did->percent_change},
        {"interval_percent",
         {100.0 * (headline.did->interval.low - 1.0), 100.0 * (headline.did->interval.high - 1.0)}}};
  }
  const auto& dosage = programme.result.dosage;
  if (dosage && dosage->fit) {
    out["dose_response"] = {{"observational", true},
                            {"planted_rate_ratio_per_60_minutes", 1.0},
                            {"rate_ratio_per_60_minutes", dosage->fit->rate_ratio},
                            {"interval", {dosage->fit->interval.low, dosage->fit->interval.high}},
                            {"hotspots", dosage->hotspot_ids.size()}};
  }
  const auto& koper = programme.result.koper;
  if (koper && !koper->bands.empty()) {
    nlohmann::json bands = nlohmann::json::array();
    for (const auto& band : koper->bands)
      bands.push_back({{"visit_length", band.label},
                       {"visits", band.curve.observations},
                       {"incident_within_30_minutes", band.curve.observations > 0
                                                          ? nlohmann::json(band.incident_within_horizon)
                                                          : nlohmann::json(nullptr)}});
    out["koper_curve"] = {{"observational", true},
                          {"dataset", koper->dataset},
                          {"incidents", koper->incidents},
                          {"presences", koper->presences},
                          {"bands", bands}};
  }
  if (headline.wdd) {
    out["wdd"] = {{"local", headline.wdd->local},
                  {"displacement", headline.wdd->displacement},
                  {"displacement_se", headline.wdd->displacement_se},
                  {"total", headline.wdd->total},
                  {"total_interval", {headline.wdd->interval.low, headline.wdd->interval.high}}};
  }
  return out;
}

std::string demo_programme_text(const DemoProgramme& programme) {
  const auto& headline = programme.result.outcomes.front();
  const auto& truth = programme.truth;
  std::string text = fmt::format(
      "8. Evaluation of a SYNTHETIC programme ({} v {}, street files in {}): planted {:.0f} % fewer "
      "{} in the selected hotspots ({} of {} events removed){}.\n",
      programme.result.after.label(), programme.result.before.label(), programme.folder.string(),
      100 * programme.options.reduction, headline.name, truth.removed, truth.treated_events_before_thinning,
      truth.displaced > 0 ? fmt::format(", {} of them moved into the 250 m buffer", truth.displaced) : "");
  text += fmt::format("   grip evaluate found: {} -> {} ({:+.1f} %): {} ({})\n", headline.change.before,
                      headline.change.after, headline.change.percent_change, headline.verdict,
                      headline.interval_basis);
  if (programme.options.months < 12)
    text +=
        "   (with under 12 months the periods are different calendar months, so the change above holds the "
        "season too (a 7 % summer peak); the comparison areas below share the season)\n";
  if (headline.did && headline.did->valid) {
    text += fmt::format(
        "   Beyond the matched comparison areas (difference in differences, which also removes the season "
        "when the periods are not the same calendar months): {:+.1f} %, 95 % interval {:+.1f} % to {:+.1f} "
        "%\n",
        headline.did->percent_change, 100.0 * (headline.did->interval.low - 1.0),
        100.0 * (headline.did->interval.high - 1.0));
  }
  if (headline.wdd) {
    text += fmt::format("   Buffer (WDD): displacement {:+.0f} (SE {:.0f}) against {} planted; net {:+.0f}\n",
                        headline.wdd->displacement, headline.wdd->displacement_se, truth.displaced,
                        headline.wdd->total);
  }
  const auto& dosage = programme.result.dosage;
  if (dosage && dosage->fit) {
    text += fmt::format(
        "   Dose-response over {} hotspots (GPS minutes of the plan; OBSERVATIONAL): rate ratio {:.3f} per "
        "60 "
        "minutes, 95 % interval {:.3f} to {:.3f}; planted: none (the fall is the same in every hotspot)\n",
        dosage->hotspot_ids.size(), dosage->fit->rate_ratio, dosage->fit->interval.low,
        dosage->fit->interval.high);
  }
  const auto& koper = programme.result.koper;
  if (koper && !koper->bands.empty()) {
    text += fmt::format(
        "   Koper curve (OBSERVATIONAL; {} presences in the hotspots, {} time-stamped incidents from the "
        "programme's extract): chance of an incident within 30 minutes after a visit of",
        koper->presences, koper->incidents);
    for (const auto& band : koper->bands)
      if (band.curve.observations > 0)
        text += fmt::format(" {}: {:.1f} % ({} visits);", band.label, 100.0 * band.incident_within_horizon,
                            band.curve.observations);
    text.back() = '\n';
    text += "   (none planted: the synthetic fall does not depend on when the patrols came)\n";
  }
  return text;
}

}  // namespace grip::cli

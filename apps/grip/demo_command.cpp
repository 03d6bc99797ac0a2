#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "commands.hpp"
#include "demo_outcomes.hpp"
#include "demo_programme.hpp"
#include "grip/core/errors.hpp"
#include "grip/core/output_file.hpp"
#include "grip/core/text.hpp"
#include "grip/core/time_text.hpp"
#include "grip/demo/national_year.hpp"
#include "grip/demo/patrol_tracks.hpp"
#include "grip/demo/synthetic_county.hpp"
#include "grip/forecast/demo_forecast.hpp"
#include "grip/forecast/forecast_layers.hpp"
#include "grip/forecast/forecast_run.hpp"
#include "grip/geo/polygon_raster.hpp"
#include "grip/geo/projection.hpp"
#include "grip/hotspot/hotspot_layers.hpp"
#include "grip/hotspot/hotspot_pipeline.hpp"
#include "grip/ingest/ingest_files.hpp"
#include "grip/patrol/gps_ingest.hpp"
#include "grip/patrol/plan_outputs.hpp"
#include "grip/report/hotspot_report.hpp"
#include "option_checks.hpp"

namespace grip::cli {
namespace fs = std::filesystem;
namespace {

// The demo never writes into a store that holds real data: it rebuilds its own store each run.
void prepare_demo_store(const fs::path& path) {
  if (!fs::exists(path)) return;
  {
    store::Store existing(path.string());
    if (existing.setting("synthetic") != "true") {
      throw UsageError(path.string() +
                       " holds data that is not the synthetic demo county; the demo will not "
                       "write into it. Give the demo its own --db, or leave --db out");
    }
  }
  for (const char* suffix : {"", "-wal", "-shm", "-journal"}) fs::remove(path.string() + suffix);
}

// The planted truth in the store's CRS, for checking what the analysis found.
std::vector<hotspot::PlantedCentre> planted_centres(const demo::SyntheticCounty& county,
                                                    const std::string& crs) {
  geo::Projector projector(crs);
  std::vector<hotspot::PlantedCentre> centres;
  for (const auto& planted : county.hotspots) {
    double x = planted.longitude, y = planted.latitude;
    projector.forward(std::span(&x, 1), std::span(&y, 1));
    centres.push_back({planted.name, x, y, planted.radius_m});
  }
  return centres;
}

// Officer-hours for the demo's patrol plan: one team covering every hotspot, about what a force's
// neighbourhood team gives to hotspot visits (written beside the synthetic data, as a user's file).
constexpr const char* kDemoResources = R"({
  "note": "SYNTHETIC demo resources: one team covers every hotspot",
  "shifts": [{"name": "early", "start": "07:00", "end": "15:00"},
             {"name": "late", "start": "15:00", "end": "23:00"},
             {"name": "night", "start": "23:00", "end": "07:00"}],
  "teams": [{"name": "Hotspot team",
             "weekday_officer_hours": {"early": 4, "late": 6, "night": 3},
             "weekend_officer_hours": {"early": 4, "late": 8, "night": 6}}]
})";

// 28 days of patrols from the first day after the synthetic months, profiles from the
// time-stamped extract, risk from the forecast just stored.
struct DemoPlan {
  patrol::PlanRun run;
  patrol::StoredPlanIds ids;
  fs::path html, ics;
};
DemoPlan plan_demo_patrols(store::Store& store, const demo::CountyOptions& county, const fs::path& out) {
  DemoPlan demo_plan;
  const auto resources = out / "patrol-resources.json";
  write_output_file(resources, kDemoResources);
  patrol::PlanRunOptions options;
  const int month_index = county.first_year * 12 + county.first_month - 1 + county.months;
  options.settings.first_day = fmt::format("{:04d}-{:02d}-01", month_index / 12, month_index % 12 + 1);
  options.settings.days = 28;
  options.settings.seed = static_cast<std::uint64_t>(county.seed);
  options.profile.dataset = "incidents";
  options.resources_file = resources;
  auto solver = patrol::make_glpk_solver(patrol::plan_solver_settings());
  demo_plan.run = patrol::run_plan(store, options, *solver);
  demo_plan.ids = patrol::store_plan(store, demo_plan.run);
  demo_plan.html = out / "patrol-tasking.html";
  demo_plan.ics = out / "patrol-plan.ics";
  write_output_file(demo_plan.html, patrol::plan_tasking_html(demo_plan.run, demo_plan.ids));
  write_output_file(demo_plan.ics, patrol::plan_ics(demo_plan.run, demo_plan.ids));
  return demo_plan;
}

// A point well inside a hotspot: of a 21 x 21 lattice over its box, the inside point farthest from
// the box's edge that is nearest the box's centre (an L-shaped hotspot's centre may lie outside it).
geo::Point hotspot_anchor(const geo::RingSet& shape) {
  const double cx = 0.5 * (shape.min_x + shape.max_x), cy = 0.5 * (shape.min_y + shape.max_y);
  geo::Point best{cx, cy};
  double best_distance = std::numeric_limits<double>::infinity();
  for (int i = 1; i < 21; ++i) {
    for (int j = 1; j < 21; ++j) {
      const double x = shape.min_x + (shape.max_x - shape.min_x) * i / 21.0;
      const double y = shape.min_y + (shape.max_y - shape.min_y) * j / 21.0;
      const double d = std::hypot(x - cx, y - cy);
      if (d < best_distance && geo::point_in_rings(shape, x, y)) {
        best_distance = d;
        best = {x, y};
      }
    }
  }
  return best;
}

// Planned local times ("YYYY-MM-DDTHH:MM", the county's clock) to UTC seconds.
long long local_to_utc(const std::string& local, const std::string& zone) {
  const auto civil = parse_date_time(local);
  if (!civil) throw UsageError("demo: a planned visit time '" + local + "' is not a date-time");
  const long long as_if_utc = to_epoch_seconds(*civil);
  const long long offset = to_epoch_seconds(civil_time_in_zone(as_if_utc, zone)) - as_if_utc;
  return as_if_utc - offset;
}

// SYNTHETIC radio and camera pings for the plan's visits, ingested like a real ping file.
struct DemoGps {
  demo::TrackSummary tracks;
  patrol::GpsIngestSummary ingest;
  fs::path csv;
};
DemoGps demo_patrol_gps(store::Store& store, const DemoPlan& plan, const fs::path& data, std::uint64_t seed) {
  std::vector<geo::Point> anchors;
  for (const auto& shape : plan.run.shapes) anchors.push_back(hotspot_anchor(shape));
  std::vector<demo::TrackVisit> visits;
  for (const auto& v : plan.run.plan.visits) {
    const geo::Point& at = anchors[static_cast<std::size_t>(v.hotspot)];
    visits.push_back(
        {at.x, at.y, local_to_utc(v.start, "Europe/London"), plan.run.plan.settings.visit_minutes, v.team});
  }
  DemoGps gps;
  gps.csv = data / "synthetic-patrol-gps.csv";
  demo::TrackOptions options;
  options.seed = seed + 12;
  gps.tracks = demo::write_patrol_tracks(gps.csv, visits, options);
  gps.ingest = patrol::ingest_ping_csv(store, gps.csv);
  return gps;
}

}  // namespace

Action add_demo_command(CLI::App& app, const GlobalOptions& global) {
  auto* command = app.add_subcommand(
      "demo",
      "Generate a SYNTHETIC county (towns, streets, planted hotspots, near-repeat bursts, busy Friday and "
      "Saturday nights) in the same file formats as the real sources, ingest it and report what it did. "
      "Seeded and reproducible. Nothing it writes is real data.");
  struct Options {
    std::string out = "demo-output";
    demo::CountyOptions county;
    bool national = false;
    double programme_displacement = 0.0;
  };
  auto options = std::make_shared<Options>();
  command->add_option("--out", options->out, "Folder for the synthetic files and the demo store")
      ->capture_default_str();
  command->add_option("--seed", options->county.seed, "Random seed")
      ->capture_default_str()
      ->check(whole_number(0, std::numeric_limits<std::int64_t>::max()));
  command->add_option("--months", options->county.months, "Months of synthetic data")
      ->capture_default_str()
      ->check(whole_number(1, 120));
  command
      ->add_option("--scale", options->county.crime_scale,
                   "Crime volume (1.0 is about 10,000 street rows a month)")
      ->capture_default_str()
      ->check(number_in(0.01, 100.0));

  command
      ->add_option("--programme-displacement", options->programme_displacement,
                   "Step 8: share of the events the planted programme removes from the hotspots that are "
                   "moved into their 250 m buffer instead (planted displacement)")
      ->capture_default_str()
      ->check(number_in(0.0, 1.0));
  command->add_flag(
      "--national", options->national,
      "Only write a SYNTHETIC national year for scale tests (43 forces over an area the size of "
      "England and Wales, about 6.5 million data.police.uk street rows) into OUT/national; "
      "nothing is ingested (--seed applies)");

  return [options, &global] {
    const fs::path out = options->out;
    if (options->national) {
      demo::NationalOptions national;
      national.seed = options->county.seed;
      const auto year = demo::write_national_year(national, out / "national");
      std::cout << fmt::format(
          "Wrote a SYNTHETIC national year: {} street rows in {} files, {} forces, {:.0f} km², boundaries in "
          "{}\n",
          year.street_rows, year.street_csvs.size(), national.forces, year.area_km2,
          year.forces_geojson.string());
      return 0;
    }
    const fs::path db = global.db_given ? fs::path(global.db) : out / "synthetic-county.gpkg";
    const fs::path data = out / "synthetic-data";
    if (!global.json) {
      std::cout << "Grip demo on a SYNTHETIC county: every record below is generated, none is real.\n";
      std::cout << fmt::format("Seed {}, {} months from {}-{:02d}, scale {}\n\n", options->county.seed,
                               options->county.months, options->county.first_year,
                               options->county.first_month, options->county.crime_scale);
    }
    const auto county = demo::write_synthetic_county(options->county, data);

    prepare_demo_store(db);
    store::Store store(db.string());
    ingest::IngestOptions ingest_options;
    ingest_options.progress = [&global](std::size_t index, std::size_t count, const std::string& file) {
      show_progress(index, count, file, global.quiet);
    };
    {
      // Before the ingest, so that every layer's description carries the SYNTHETIC mark.
      store::WriteTransaction mark(store);
      store.put_setting("synthetic", "true");
      mark.commit();
    }
    const auto summary = ingest::ingest_files(store, {data}, ingest_options);

    // Hotspots on the month-resolution street data, as an analyst would start; a 300 m bandwidth
    // for the density map, stated (the default nearest-neighbour rule also gives 300 m here).
    hotspot::HotspotSettings hotspot_settings;
    hotspot_settings.bandwidth_m = 300.0;
    auto run = hotspot::run_hotspots(store, hotspot_settings);
    const auto written = hotspot::write_hotspot_run(store, run);
    const auto centres = planted_centres(county, summary.crs_code);
    const auto recovery = hotspot::recover_planted(run, centres);
    const fs::path report_path = out / "hotspots-report.html";

    const auto forecast = forecast::demo_forecast(
        store, {county.triggering.theta, county.triggering.omega_per_day, county.triggering.sigma_m});

    // The next week's forecast from the extract, with the model the backtest found best.
    forecast::ForecastSettings next_week;
    next_week.dataset = "incidents";
    next_week.window = forecast::WindowKind::kWeek;
    const auto forecast_data = forecast::load_forecast_data(store, next_week);
    forecast::ForecastOptions forecast_options;
    forecast_options.model = forecast.backtest.best_model;
    const auto next = forecast::run_forecast(store, forecast_data, forecast_options);
    (void)forecast::write_forecast(store, next, forecast_data);
    {
      // After the forecast, so the report's map and hotspot pages carry the next week's forecast.
      auto report_options = report::report_options_from_store(store, run);
      report_options.force_name = "Synthetic County Police (SYNTHETIC)";
      report::write_hotspot_report(run, report_options, report_path);
    }
    const auto patrols = plan_demo_patrols(store, options->county, out);
    const auto gps = demo_patrol_gps(store, patrols, data, static_cast<std::uint64_t>(options->county.seed));
    const auto programme = run_demo_programme(store, options->county, options->programme_displacement, out);
    const auto outcomes = run_demo_outcomes(store, static_cast<std::uint64_t>(options->county.seed));

    std::int64_t stored = 0, rejected = 0;
    for (const auto& file : summary.files) {
      stored += file.rows_stored;
      rejected += file.rows_rejected;
    }
    if (global.json) {
      nlohmann::json hotspots = nlohmann::json::array();
      for (const auto& hotspot : county.hotspots) {
        hotspots.push_back({{"name", hotspot.name},
                            {"district", hotspot.district},
                            {"longitude", hotspot.longitude},
                            {"latitude", hotspot.latitude},
                            {"radius_m", hotspot.radius_m}});
      }
      std::cout << nlohmann::json{{"synthetic", true},
                                  {"data_folder", data.string()},
                                  {"store", db.string()},
                                  {"ingest", ingest::to_json(summary)},
                                  {"planted_hotspots", hotspots},
                                  {"hotspots", hotspot::run_json(run)},
                                  {"planted_recovered", recovery.recovered},
                                  {"recovery_precision", recovery.precision()},
                                  {"recovery_recall", recovery.recall()},
                                  {"backtest", forecast::backtest_json(forecast.backtest)},
                                  {"sepp_fit",
                                   {{"theta", forecast.sepp.parameters.theta},
                                    {"omega_per_day", forecast.sepp.parameters.omega},
                                    {"sigma_m", forecast.sepp.parameters.sigma_m},
                                    {"recovered", forecast.theta_recovered && forecast.omega_recovered &&
                                                      forecast.sigma_recovered}}},
                                  {"triggering_truth",
                                   {{"theta", county.triggering.theta},
                                    {"omega_per_day", county.triggering.omega_per_day},
                                    {"sigma_m", county.triggering.sigma_m}}},
                                  {"patrol_plan", patrol::plan_json(patrols.run, patrols.ids)},
                                  {"patrol_gps",
                                   {{"file", gps.csv.string()},
                                    {"rows", gps.tracks.rows},
                                    {"planned_visits", gps.tracks.planned},
                                    {"skipped_visits_planted", gps.tracks.skipped},
                                    {"visits_detected", gps.ingest.visits},
                                    {"verified_visits", gps.ingest.verified},
                                    {"visits_in_koper_band", gps.ingest.in_koper_band},
                                    {"minutes", gps.ingest.minutes},
                                    {"minutes_interval", {gps.ingest.minutes_low, gps.ingest.minutes_high}}}},
                                  {"programme_evaluation", demo_programme_json(programme)},
                                  {"outcomes_and_return", demo_outcomes_json(outcomes)}}
                       .dump(2)
                << "\n";
      return summary.exit_code();
    }
    std::cout << fmt::format(
        "1. Generated {} street-crime files ({} rows), {} stop-and-search files, a time-stamped "
        "incident extract ({} rows) and district boundaries in {}\n",
        county.street_csvs.size(), county.street_rows, county.stop_search_csvs.size(), county.incident_rows,
        data.string());
    std::cout << fmt::format(
        "2. Ingested {} files into {} ({}): {} rows stored, {} rejected (rows the generator "
        "wrote without coordinates, as real data has); refused files: {}\n",
        summary.files.size(), db.string(), summary.crs_code, stored, rejected, summary.refused_files());
    std::cout << fmt::format(
        "   Truth planted for later checks: {} hotspots; near-repeat triggering theta={} "
        "offspring/event, omega={}/day, sigma={} m\n",
        county.hotspots.size(), county.triggering.theta, county.triggering.omega_per_day,
        county.triggering.sigma_m);
    std::cout << fmt::format(
        "3. Hotspots (grip hotspots, {} m cells, harm of victim-generated crime, Gi* with "
        "Benjamini-Hochberg FDR): {} significant hot cells, {} candidate areas; selected:\n",
        run.grid.cell_size(), run.significant_hot_cells, run.candidates_total);
    for (const auto& area : run.hotspots) {
      if (!area.selected) continue;
      std::cout << fmt::format("   {} {:<55.55} {:>6.1f} % of harm, {}\n", area.id, area.name,
                               100 * area.share_of_force_harm, counted(area.incidents, "incident"));
    }
    std::cout << fmt::format(
        "   Concentration: {:.1f} % of harm in 5 % of cells (Gini {:.2f}). Recovered {} of {} "
        "planted hotspots, matched one to one (a selected polygon within {:.0f} m of the planted centre): "
        "recall {:.0f} %, precision {:.0f} % of {} selected{}.\n",
        100 * run.cell_concentration.top_5_percent, run.cell_concentration.gini, recovery.recovered,
        recovery.planted, recovery.tolerance_m, 100 * recovery.recall(), 100 * recovery.precision(),
        recovery.selected,
        recovery.unmatched_selected.empty()
            ? std::string()
            : fmt::format("; matching none: {}", fmt::join(recovery.unmatched_selected, ", ")));
    std::cout << fmt::format(
        "   Written as run {} to the hotspot_cells and hotspots layers; report {} (one "
        "self-contained page: map, table, concentration curve).\n",
        written.run_id, report_path.string());
    const auto& backtest = forecast.backtest;
    std::cout << fmt::format(
        "4. Forecast backtest on the time-stamped extract ({} windows, {} scored origins, "
        "{:g} m cells; each model trained only on what came before):\n",
        to_string(backtest.window), backtest.scored_windows.size(), backtest.cell_size_m);
    const auto at5 = static_cast<std::size_t>(
        std::find(backtest.coverages.begin(), backtest.coverages.end(), 0.05) - backtest.coverages.begin());
    std::cout << fmt::format("   {:<14} {:>8} {:>12} {:>7}\n", "model", "PAI 5%", "Brier x1000", "AUC");
    for (const auto& model : backtest.models) {
      const double pai5 = at5 < model.pai.size() ? model.pai[at5][0].mean : 0.0;
      std::cout << fmt::format("   {:<14} {:>8.1f} {:>12.3f} {:>7.3f}{}\n", model.name, pai5,
                               1000 * model.brier.mean, model.auc.mean,
                               model.name == backtest.best_model ? "  <- best by PAI at 5 %" : "");
    }
    const auto& fitted = forecast.sepp.parameters;
    const auto mark = [](bool recovered) { return recovered ? "recovered" : "NOT recovered"; };
    std::cout << fmt::format(
        "   Self-exciting point process fit on {} events vs the planted truth: theta {:.2f} "
        "(planted {}) {}, omega {:.2f}/day (planted {}) {}, sigma {:.0f} m (planted {}) {}\n",
        forecast.events, fitted.theta, county.triggering.theta, mark(forecast.theta_recovered), fitted.omega,
        county.triggering.omega_per_day, mark(forecast.omega_recovered), fitted.sigma_m,
        county.triggering.sigma_m, mark(forecast.sigma_recovered));
    std::cout << fmt::format(
        "5. Forecast for the week {} with {}: P(at least one serious-violence incident) in the "
        "selected hotspots:\n",
        next.target_window.label, next.model);
    std::size_t shown = 0;
    for (const auto& hotspot : next.hotspots) {
      if (shown++ == 5) break;
      std::cout << fmt::format("   {} {:<55.55} P = {:.2f}, expected {:.1f}\n", hotspot.id, hotspot.name,
                               hotspot.probability, hotspot.expected);
    }
    std::cout << "   (all cells and hotspots in the forecast_cells and forecast_hotspots layers)\n";
    std::cout << "6. Patrol plan (grip plan) for 28 days, 15-minute visits at random times inside high-risk "
                 "hours:\n";
    {
      std::istringstream lines(patrol::plan_summary_text(patrols.run, patrols.ids));
      for (std::string line; std::getline(lines, line);)
        std::cout << (line.empty() ? "" : "   ") << line << "\n";
    }
    std::cout << fmt::format("   Tasking sheets {}, calendar {}\n", patrols.html.string(),
                             patrols.ics.string());
    std::cout << fmt::format(
        "7. Patrol GPS (SYNTHETIC radio and camera pings for the plan, {} rows from {} officers, {} with "
        "cameras; {} of {} planned visits skipped on purpose) ingested as a real ping file would be:\n",
        gps.tracks.rows, gps.tracks.officers, gps.tracks.camera_officers, gps.tracks.skipped,
        gps.tracks.planned);
    {
      std::istringstream lines(patrol::to_text(gps.ingest));
      for (std::string line; std::getline(lines, line);) std::cout << "   " << line << "\n";
    }
    std::cout << fmt::format(
        "   Delivered against the plan: {} visits detected for {} planned ({:.0f} %); {:.0f} minutes in "
        "hotspots (interval {:.0f} to {:.0f}) for {:.0f} planned\n",
        gps.ingest.visits, gps.tracks.planned,
        gps.tracks.planned > 0
            ? 100.0 * static_cast<double>(gps.ingest.visits) / static_cast<double>(gps.tracks.planned)
            : 0.0,
        gps.ingest.minutes, gps.ingest.minutes_low, gps.ingest.minutes_high,
        static_cast<double>(gps.tracks.planned) * patrols.run.plan.settings.visit_minutes);
    std::cout << demo_programme_text(programme);
    std::cout << demo_outcomes_text(outcomes);
    std::cout
        << "\nOpen " << db.string()
        << " in QGIS to see the incidents, stop_searches, areas, hotspot_cells, hotspots, forecast_cells, "
           "forecast_hotspots, patrol_plans, patrol_visits and gps_visits layers.\n";
    return summary.exit_code();
  };
}

}  // namespace grip::cli

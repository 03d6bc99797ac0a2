// `grip hotspots`: parse options, run the hotspot pipeline, write its layers, print.
#include <fmt/format.h>

#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>

#include "commands.hpp"
#include "grip/core/errors.hpp"
#include "grip/core/output_file.hpp"
#include "grip/core/text.hpp"
#include "grip/hotspot/hotspot_layers.hpp"
#include "grip/hotspot/hotspot_pipeline.hpp"
#include "grip/report/hotspot_report.hpp"
#include "grip/report/kde_edge.hpp"
#include "grip/report/layer_export.hpp"
#include "option_checks.hpp"

namespace grip::cli {
namespace {

void print_run(const hotspot::HotspotRun& run, const hotspot::WriteSummary& written) {
  std::cout << "Settings (store CRS " << run.crs_code << "):\n";
  for (const auto& [name, value] : run.settings_text) std::cout << fmt::format("  {:<17} {}\n", name, value);
  std::cout << fmt::format("Study area: {}; {} cells of {:g} m, {:.1f} km2 (grid {} x {})\n",
                           run.study_area.source, run.study_area.cells_in_area, run.grid.cell_size(),
                           run.study_area.area_m2 / 1e6, run.grid.nx(), run.grid.ny());
  const auto edge = report::describe_kde_edge(run.kde_edge_loss, run.bandwidth_m, run.grid.cell_size());
  std::cout << fmt::format(
      "Incidents: {} used over {}; harm {:.0f} (ranking harm {:.0f}); KDE holds {:.0f} of the "
      "weight, {}\n",
      run.incidents_used, counted(static_cast<std::int64_t>(run.months.size()), "month"), run.force_harm,
      run.force_ranking_harm, run.kde_weight_in_grid, edge.summary);
  if (edge.warning) std::cout << "warning: " << *edge.warning << "\n";
  const auto& c = run.cell_concentration;
  const auto& s = run.street_concentration;
  const char* what = run.settings.weighting == hotspot::Weighting::kHarm ? "harm" : "incidents";
  std::cout << fmt::format(
      "Concentration: {:.1f} % of {} in 1 % of cells, {:.1f} % in 5 %, {:.1f} % in 10 % (Gini {:.3f}); "
      "{:.1f} % in 1 % of the {} street locations with any, {:.1f} % in 5 %, {:.1f} % in 10 % (Gini "
      "{:.3f})\n",
      100 * c.top_1_percent, what, 100 * c.top_5_percent, 100 * c.top_10_percent, c.gini,
      100 * s.top_1_percent, s.units, 100 * s.top_5_percent, 100 * s.top_10_percent, s.gini);
  std::cout << fmt::format("Significant hot cells (95 %): {}; candidate areas: {}\n\n",
                           run.significant_hot_cells, run.candidates_total);
  std::cout << fmt::format("{:<4} {:>4} {:<52} {:>8} {:>9} {:>6} {:>6}  {}\n", "id", "rank", "name",
                           "area m2", "harm", "share", "z", "review");
  for (const auto& h : run.hotspots) {
    if (!h.selected) continue;
    std::cout << fmt::format("{:<4} {:>4} {:<52.52} {:>8.0f} {:>9.0f} {:>5.1f}% {:>6.1f}  {}\n", h.id, h.rank,
                             h.name, h.area_m2, h.ranking_harm, 100 * h.share_of_force_harm, h.peak_gi_z,
                             to_string(h.review));
  }
  std::cout << "\nWhy:\n";
  for (const auto& h : run.hotspots) {
    if (h.selected) std::cout << "  " << h.id << " " << h.explanation << "\n";
  }
  for (const auto& h : run.hotspots) {
    if (!h.selected && h.rank <= run.settings.top_n + 5)
      std::cout << "  " << h.id << " " << h.explanation << "\n";
  }
  if (!run.notes.empty()) {
    std::cout << "\nNotes:\n";
    for (const auto& note : run.notes) std::cout << "  - " << note << "\n";
  }
  std::cout << fmt::format(
      "\nWrote run {}: {} (those with incidents or a non-zero Gi* bin) to hotspot_cells, {} "
      "({} selected) to hotspots.\n",
      written.run_id, counted(written.cells_written, "cell"), counted(written.hotspots_written, "area"),
      std::count_if(run.hotspots.begin(), run.hotspots.end(), [](const auto& h) { return h.selected; }));
}

using ExportJobs = std::vector<std::pair<std::vector<std::string>, std::filesystem::path>>;

// One file per layer for the single-layer formats, both layers in one GeoPackage.
ExportJobs hotspot_export_jobs(const std::filesystem::path& target) {
  const auto format = report::format_from_extension(target);
  if (!format)
    throw UsageError("--export " + target.string() + ": use a .gpkg, .geojson, .shp or .csv file name");
  ExportJobs jobs;
  if (*format == report::ExportFormat::kGeoPackage) {
    jobs.push_back({{"hotspots", "hotspot_cells"}, target});
  } else {
    for (const char* layer : {"hotspots", "hotspot_cells"}) {
      auto file = target;
      file.replace_filename(target.stem().string() + "-" + layer + target.extension().string());
      jobs.push_back({{layer}, file});
    }
  }
  return jobs;
}

void export_hotspot_layers(const std::string& db, const ExportJobs& jobs, CsvText csv_text, bool quiet) {
  for (const auto& [layers, file] : jobs) {
    make_output_folder(file.parent_path(), file);
    report::ExportOptions export_options;
    export_options.csv_text = csv_text;
    export_options.output_option = "--export";
    const auto result = report::export_layers(db, layers, file, export_options);
    if (quiet) continue;
    for (const auto& layer : result.layers) {
      std::cout << fmt::format("Exported {} ({}) to {}\n", layer.layer, counted(layer.features, "feature"),
                               layer.file.string());
    }
    for (const auto& warning : result.warnings) std::cout << "  note: " << warning << "\n";
  }
}

}  // namespace

Action add_hotspots_command(CLI::App& app, const GlobalOptions& global) {
  auto* command = app.add_subcommand("hotspots",
                                     "Find where harm concentrates (counts, harm, KDE, Getis-Ord Gi* with "
                                     "FDR) on a square grid over the force area, "
                                     "classify monthly trends, and select the top N patrol hotspots under "
                                     "area, distance and district constraints. "
                                     "Writes the hotspot_runs, hotspot_cells and hotspots layers.");
  struct Options {
    hotspot::HotspotSettings settings;
    std::string weight = "harm", kernel = "quartic", correction = "bh";
    double bandwidth = 0.0;
    bool all_crime_ranking = false;
    bool serious_violence = false;
    bool csv_raw = false;
    std::string html, export_path, basemap_url, basemap_attribution, force_name;
  };
  auto options = std::make_shared<Options>();
  auto& s = options->settings;
  command->add_option("--from", s.from_month, "First month, YYYY-MM (default: the first stored)");
  command->add_option("--to", s.to_month, "Last month, YYYY-MM (default: the last stored)");
  command
      ->add_option("--types", s.crime_types, "Crime types to analyse (default: every victim-generated type)")
      ->delimiter(',');
  command->add_option("--dataset", s.dataset,
                      "Ingest dataset (default: police.uk street when stored, else all)");
  command->add_option("--weight", options->weight, "harm or count")
      ->capture_default_str()
      ->check(CLI::IsMember({"harm", "count"}));
  command->add_option("--cell-size", s.cell_size_m, "Cell size in metres")
      ->capture_default_str()
      ->check(cell_size_range());
  command->add_option("--kernel", options->kernel, "KDE kernel: quartic or gaussian")
      ->capture_default_str()
      ->check(CLI::IsMember({"quartic", "gaussian"}));
  command
      ->add_option("--bandwidth", options->bandwidth, "KDE bandwidth in metres (default: the rule of thumb)")
      ->check(number_in(1.0, 100'000.0));
  command->add_option("--correction", options->correction, "Multiple-testing correction: bh, holm or none")
      ->capture_default_str()
      ->check(CLI::IsMember({"bh", "holm", "none"}));
  command->add_option("--top", s.top_n, "Hotspots to select")
      ->capture_default_str()
      ->check(whole_number(1, 1000));
  command->add_option("--max-area-m2", s.max_area_m2, "Largest hotspot area, m2 (0 = no limit)")
      ->capture_default_str()
      ->check(number_in(0.0, 1e10));
  command->add_option("--min-distance-m", s.min_distance_m, "Least distance between hotspot centres, m")
      ->capture_default_str()
      ->check(number_in(0.0, 100'000.0));
  command
      ->add_option("--min-gap-m", s.min_gap_m,
                   "Least gap between hotspot polygons, edge to edge, m (nearer or touching candidates are "
                   "skipped; 0 = allow touching)")
      ->capture_default_str()
      ->check(number_in(0.0, 100'000.0));
  command->add_option("--min-per-district", s.min_per_district, "Least hotspots per district")
      ->capture_default_str()
      ->check(whole_number(0, 1000));
  command->add_option("--max-per-district", s.max_per_district, "Most hotspots per district (0 = no limit)")
      ->capture_default_str()
      ->check(whole_number(0, 1000));
  command->add_flag(
      "--rank-all-crime", options->all_crime_ranking,
      "Rank by the harm of all analysed types, police-generated too (default: victim-generated only)");
  command->add_flag("--rank-serious-violence", options->serious_violence,
                    "Analyse and rank serious violence only (violence and sexual offences, robbery; default: "
                    "every victim-generated type)");
  command->add_option("--runners-up", s.runners_up, "Runner-up candidates to keep and explain")
      ->capture_default_str()
      ->check(whole_number(0, 1000));
  command
      ->add_option("--grid-shift", s.grid_shift_x_m,
                   "Shift the grid origin by this many metres east and north (stability checks)")
      ->check(number_in(-10'000.0, 10'000.0));

  command->add_option(
      "--html", options->html,
      "Write a self-contained HTML report (map, selection table, concentration curve) to this file");
  command->add_option("--force-name", options->force_name, "Force name shown in the report title");
  command->add_option(
      "--basemap-url", options->basemap_url,
      "Tile URL for the report's map, https://.../{z}/{x}/{y}.png (default: none; the page fetches nothing)");
  command->add_option("--basemap-attribution", options->basemap_attribution,
                      "Attribution text for --basemap-url");
  command->add_option(
      "--export", options->export_path,
      "Also export the hotspots and hotspot_cells layers: .gpkg, .geojson, .shp or .csv. A .gpkg holds "
      "both; the other formats hold one layer a file, so --export out/x.geojson writes "
      "out/x-hotspots.geojson and out/x-hotspot_cells.geojson (the names written are printed)");
  command->add_flag(
      "--csv-raw", options->csv_raw,
      "CSV export: write text cells exactly as stored (by default a cell starting with = + - @ tab or CR "
      "gets a leading ' so spreadsheets show it instead of running it as a formula)");

  const Action edit = add_hotspots_edit_command(*command, global);

  return [options, edit, &global] {
    if (const int edited = edit(); edited >= 0) return edited;
    auto settings = options->settings;
    settings.grid_shift_y_m = settings.grid_shift_x_m;
    settings.weighting = options->weight == "count" ? hotspot::Weighting::kCount : hotspot::Weighting::kHarm;
    settings.kernel =
        options->kernel == "gaussian" ? hotspot::KernelShape::kGaussian : hotspot::KernelShape::kQuartic;
    settings.correction = options->correction == "holm"   ? hotspot::PAdjust::kHolm
                          : options->correction == "none" ? hotspot::PAdjust::kNone
                                                          : hotspot::PAdjust::kBenjaminiHochberg;
    if (options->bandwidth != 0.0) settings.bandwidth_m = options->bandwidth;
    settings.rank_victim_generated_only = !options->all_crime_ranking;
    settings.rank_serious_violence = options->serious_violence;
    // Outputs are checked before the analysis runs, so a refused path costs nothing.
    if (!options->html.empty()) check_output_path(options->html, "--html", global.db);
    ExportJobs export_jobs;
    if (!options->export_path.empty()) export_jobs = hotspot_export_jobs(options->export_path);
    for (const auto& job : export_jobs) check_output_path(job.second, "--export", global.db);
    if (!global.json && !export_jobs.empty()) {
      std::vector<std::string> names;
      for (const auto& job : export_jobs) names.push_back(job.second.string());
      std::cout << "Will export to " << fmt::format("{}", fmt::join(names, " and ")) << "\n";
    }
    store::Store store(global.db);
    auto run = hotspot::run_hotspots(store, settings);
    const auto written = hotspot::write_hotspot_run(store, run);
    if (global.json) {
      std::cout << hotspot::run_json(run).dump(2) << "\n";
    } else {
      print_run(run, written);
    }
    if (!options->html.empty()) {
      auto report_options = report::report_options_from_store(store, run);
      report_options.force_name = options->force_name;
      if (!options->basemap_url.empty()) report_options.tile_url = options->basemap_url;
      report_options.tile_attribution = options->basemap_attribution;
      report::write_hotspot_report(run, report_options, options->html);
      if (!global.json) std::cout << "Report: " << options->html << "\n";
    }
    export_hotspot_layers(store.gdal_name(), export_jobs,
                          options->csv_raw ? CsvText::kRaw : CsvText::kNeutralised, global.json);
    return 0;
  };
}

}  // namespace grip::cli

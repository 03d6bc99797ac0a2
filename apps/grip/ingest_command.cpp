#include <iostream>
#include <nlohmann/json.hpp>

#include "commands.hpp"
#include "grip/core/errors.hpp"
#include "grip/core/time_text.hpp"
#include "grip/ingest/ingest_files.hpp"
#include "grip/patrol/gps_ingest.hpp"
#include "option_checks.hpp"

namespace grip::cli {

Action add_ingest_command(CLI::App& app, const GlobalOptions& global) {
  auto* command = app.add_subcommand(
      "ingest",
      "Load data.police.uk street and stop-and-search CSVs, a force's own incident extract (with a mapping "
      "file), and boundary files (GeoJSON, GeoPackage, Shapefile) into the store. Folders are searched "
      "recursively. Re-ingesting a file adds nothing; a newer copy of a month replaces that month.");
  struct Options {
    std::vector<std::string> paths;
    ingest::IngestOptions ingest;
    std::string mapping, crs, harm;
    std::int64_t undo = 0;
  };
  auto options = std::make_shared<Options>();
  command->add_option("paths", options->paths, "Files or folders to ingest");
  command->add_flag("--replace", options->ingest.confirm_replace,
                    "Let a newer copy of a month replace it even when it would remove far more rows than it "
                    "adds (without it such a file is refused, exit 2; the replaced rows stay recoverable)");
  auto* undo = command->add_option(
      "--undo", options->undo,
      "Take batch BATCH back out: remove the rows it stored and restore the rows it replaced, with the "
      "replaced batches' status (batch numbers: 'grip --json ingest' or the ingest_batches table)");
  undo->type_name("BATCH")->check(CLI::PositiveNumber);

  command->add_option(
      "--mapping", options->mapping,
      "Column mapping for a generic incident CSV (JSON; see examples/). Default: <file>.mapping.json "
      "beside the CSV, else columns recognised by common names");
  command->add_option(
      "--crs", options->crs,
      "Metric CRS for a new store, e.g. EPSG:27700. Default: British National Grid for UK data, "
      "else the local UTM zone");
  command->add_option("--harm-weights", options->harm,
                      "CSV overriding harm weights: category,harm_weight[,origin] (see examples/)");
  command->add_option(
      "--boundary-kind", options->ingest.boundaries.kind,
      "Kind of areas in boundary files (district, lsoa, precinct...). Default: recognised from fields");
  command->add_option("--code-field", options->ingest.boundaries.code_field,
                      "Boundary property holding the area code");
  command->add_option("--name-field", options->ingest.boundaries.name_field,
                      "Boundary property holding the area name");
  auto gps = std::make_shared<patrol::GpsIngestOptions>();
  command
      ->add_option("--visit-buffer-m", gps->buffer_m,
                   "Patrol GPS: a fix this close to a hotspot counts as in it")
      ->capture_default_str()
      ->check(number_in(0.0, 500.0));
  command
      ->add_option("--visit-bridge-s", gps->visits.bridge_s,
                   "Patrol GPS: in-hotspot fixes this many seconds apart belong to one visit")
      ->capture_default_str()
      ->check(number_in(0.0, 3600.0));
  command
      ->add_option("--max-accuracy-m", gps->cleaning.max_accuracy_m,
                   "Patrol GPS: fixes reporting a worse accuracy are dropped")
      ->capture_default_str()
      ->check(number_in(1.0, 10000.0));
  command
      ->add_option(
          "--keep-pings-days", gps->keep_pings_days,
          "Patrol GPS: keep the cleaned fixes (pseudonym, time, position, accuracy) for this many days "
          "after each was recorded; 0 turns them into visits and discards them")
      ->capture_default_str()
      ->check(whole_number(0, patrol::kMaxKeepPingsDays));
  command->add_flag("--reject-outside", options->ingest.reject_outside,
                    "Reject rows far outside the force area instead of storing them flagged");
  command
      ->add_option("--max-outside-km", options->ingest.max_outside_km,
                   "Rows farther than this outside the loaded boundaries are flagged (or rejected)")
      ->capture_default_str()
      ->check(number_in(0.1, 1000.0));

  for (const char* name : {"--replace", "--mapping", "--crs", "--harm-weights"}) undo->excludes(name);

  return [options, gps, &global, undo] {
    if (undo->count() > 0) {
      if (!options->paths.empty())
        throw UsageError("--undo takes a batch number, not files: give one or the other");
      store::Store store(global.db);
      const auto undone = ingest::undo_ingest(store, options->undo);
      std::cout << (global.json ? ingest::to_json(undone).dump(2) + "\n" : ingest::to_text(undone));
      return 0;
    }
    if (options->paths.empty())
      throw UsageError("grip ingest needs files or folders to ingest (or --undo BATCH)");
    if (!options->mapping.empty()) options->ingest.mapping_path = options->mapping;
    if (!options->crs.empty()) options->ingest.crs = options->crs;
    if (!options->harm.empty()) options->ingest.harm_weights_path = options->harm;
    options->ingest.progress = [&global](std::size_t index, std::size_t count, const std::string& file) {
      show_progress(index, count, file, global.quiet);
    };
    store::Store store(global.db);
    // Retention: pings past their expiry go before anything is added.
    const std::int64_t purged =
        patrol::purge_expired_pings(store, parse_utc_instant(utc_now_iso()).value_or(0));
    if (purged > 0 && !global.json) std::cout << "Purged " << purged << " expired GPS pings.\n";
    // A file named on the command line whose header reads as officer GPS pings is patrol dosage:
    // it becomes hotspot visits (src/grip/patrol/gps_ingest.hpp), not incidents.
    std::vector<std::filesystem::path> paths, ping_files;
    for (const std::string& path : options->paths) {
      const bool ping = std::filesystem::is_regular_file(path) && patrol::looks_like_ping_csv(path);
      (ping ? ping_files : paths).emplace_back(path);
    }
    nlohmann::json gps_json = nlohmann::json::array();
    for (const auto& file : ping_files) {
      const auto gps_summary = patrol::ingest_ping_csv(store, file, *gps);
      if (global.json) {
        gps_json.push_back({{"file", gps_summary.file},
                            {"already_ingested", gps_summary.already_ingested},
                            {"gps_batch", gps_summary.batch_id},
                            {"hotspot_run", gps_summary.hotspot_run_id},
                            {"rows_read", gps_summary.rows_read},
                            {"rows_rejected", gps_summary.rows_rejected},
                            {"fixes_kept", gps_summary.cleaning.kept},
                            {"dropped",
                             {{"imprecise", gps_summary.cleaning.imprecise},
                              {"duplicate", gps_summary.cleaning.duplicate},
                              {"jump", gps_summary.cleaning.jump},
                              {"outside", gps_summary.cleaning.outside}}},
                            {"officers", gps_summary.officers},
                            {"visits", gps_summary.visits},
                            {"pings_kept", gps_summary.pings_kept},
                            {"verified_visits", gps_summary.verified},
                            {"visits_in_koper_band", gps_summary.in_koper_band},
                            {"minutes", gps_summary.minutes},
                            {"minutes_interval", {gps_summary.minutes_low, gps_summary.minutes_high}}});
      } else {
        std::cout << patrol::to_text(gps_summary);
      }
    }
    if (paths.empty()) {
      if (global.json)
        std::cout << nlohmann::json{{"gps", gps_json}, {"pings_purged", purged}}.dump(2) << "\n";
      return 0;
    }
    const auto summary = ingest::ingest_files(store, paths, options->ingest);
    if (global.json) {
      auto json = ingest::to_json(summary);
      if (!ping_files.empty()) json["gps"] = gps_json;
      json["pings_purged"] = purged;
      std::cout << json.dump(2) << "\n";
    } else {
      std::cout << ingest::to_text(summary);
    }
    for (const auto& file : summary.files) {
      if (file.status == ingest::FileStatus::kRefused) std::cerr << "grip: refused " << file.message << "\n";
    }
    return summary.exit_code();
  };
}

}  // namespace grip::cli

#include <iostream>
#include <nlohmann/json.hpp>

#include "commands.hpp"
#include "grip/core/errors.hpp"
#include "grip/ingest/ingest_files.hpp"
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
  command->add_flag("--reject-outside", options->ingest.reject_outside,
                    "Reject rows far outside the force area instead of storing them flagged");
  command
      ->add_option("--max-outside-km", options->ingest.max_outside_km,
                   "Rows farther than this outside the loaded boundaries are flagged (or rejected)")
      ->capture_default_str()
      ->check(number_in(0.1, 1000.0));

  for (const char* name : {"--replace", "--mapping", "--crs", "--harm-weights"}) undo->excludes(name);

  return [options, &global, undo] {
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
    std::vector<std::filesystem::path> paths(options->paths.begin(), options->paths.end());
    const auto summary = ingest::ingest_files(store, paths, options->ingest);
    if (global.json) {
      std::cout << ingest::to_json(summary).dump(2) << "\n";
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

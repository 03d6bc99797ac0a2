#include "grip/ingest/batch_writer.hpp"

#include <algorithm>
#include <filesystem>
#include <set>
#include <system_error>
#include <vector>

#include "grip/core/errors.hpp"
#include "grip/ingest/ingest_summary.hpp"
#include "grip/ingest/month_coverage.hpp"

namespace grip::ingest {
namespace {

store::IncomingBatch incoming(const SourceText& source, Format format, const std::string& dataset,
                              std::int64_t rows_read) {
  store::IncomingBatch batch;
  batch.file_name = source.path.filename().string();
  batch.file_path = file_identity(source.path);
  batch.content_hash = source.content_hash;
  batch.format = to_string(format);
  batch.dataset = dataset;
  batch.bytes = static_cast<std::int64_t>(source.bytes.size());
  batch.rows_read = rows_read;
  return batch;
}

std::string rows(std::int64_t count) { return thousands(count) + (count == 1 ? " row" : " rows"); }

// The groups this file replaces: those it covers (month_coverage.hpp). A covered group whose
// replacement would remove far more than it adds refuses the file unless confirmed; a group it
// does not cover is stored beside what is there, and the note says so.
std::set<MonthGroup> groups_to_replace(store::Store& store, const SourceText& source,
                                       const ParsedFile& parsed, bool confirm_large, std::string& note) {
  const auto groups = month_groups(parsed);
  std::set<MonthGroup> keys;
  for (const auto& [group, count] : groups) keys.insert(group);
  const auto plan = plan_month_groups(parsed, source.path.filename().string(),
                                      store::stored_group_rows(store, parsed.dataset, keys));
  const bool several_forces = std::any_of(plan.begin(), plan.end(), [&plan](const auto& step) {
    return step.group.force != plan[0].group.force;
  });
  std::set<MonthGroup> replacing;
  std::string strays;
  for (const auto& step : plan) {
    const std::string label = step.group.month + (several_forces ? " (" + step.group.force + ")" : "");
    if (!step.covered) {
      strays += (strays.empty() ? "" : "; ") + rows(step.incoming) + " dated " + label +
                (step.stored > 0 ? " kept beside the " + label + " data already stored, not replacing it"
                                 : " stored, not treated as a copy of " + label);
      continue;
    }
    if (step.stored > 0 && !confirm_large && removes_far_more(step.stored, step.incoming)) {
      throw InputError(
          source.name, 0,
          "replacing " + label + " would remove " + rows(step.stored) + " stored and add only " +
              thousands(step.incoming) +
              ": refused as a likely partial copy; give --replace to confirm (the replaced rows "
              "are kept until 'grip store vacuum'; 'grip ingest --undo BATCH' brings them back)");
    }
    replacing.insert(step.group);
  }
  if (!strays.empty()) {
    note += (note.empty() ? "" : "; ") + ("file " + source.name + " spans months unexpectedly: " + strays);
  }
  return replacing;
}

}  // namespace

std::string file_identity(const std::filesystem::path& path) {
  std::error_code error;
  auto canonical = std::filesystem::weakly_canonical(std::filesystem::absolute(path, error), error);
  if (error) canonical = std::filesystem::absolute(path, error).lexically_normal();
  return canonical.string();
}

BatchCounts write_batch(store::Store& store, const SourceText& source, const ParsedFile& parsed,
                        bool confirm_large, std::string& note) {
  // Ids identify incidents within one records system: across files only when a mapping names the
  // dataset; otherwise (columns guessed) only a new copy of the same file replaces by id.
  const auto replacement = parsed.format != Format::kIncidentCsv ? store::Replacement::kMonthGroups
                           : parsed.dataset_named                ? store::Replacement::kIncidentIds
                                                                 : store::Replacement::kIdsSameFile;
  const auto replacing = replacement == store::Replacement::kMonthGroups
                             ? groups_to_replace(store, source, parsed, confirm_large, note)
                             : std::set<MonthGroup>{};
  return store::write_record_batch(store, incoming(source, parsed.format, parsed.dataset, parsed.rows_read),
                                   replacement, replacing, parsed.incidents, parsed.stop_searches,
                                   parsed.rejects);
}

BatchCounts write_boundary_batch(store::Store& store, const SourceText& source,
                                 const ParsedBoundaries& parsed) {
  std::vector<store::AreaRow> rows;
  rows.reserve(parsed.areas.size());
  for (const auto& area : parsed.areas) {
    rows.push_back({area.kind, area.code, area.name, area.parent_code, area.parent_name, area.wkb,
                    area.envelope, area.area_m2});
  }
  return store::write_area_batch(
      store, incoming(source, Format::kBoundaries, parsed.kind, parsed.features_read), rows, parsed.rejects);
}

}  // namespace grip::ingest

#include "grip/ingest/batch_writer.hpp"

#include <vector>

namespace grip::ingest {
namespace {

store::IncomingBatch incoming(const SourceText& source, Format format, const std::string& dataset,
                              std::int64_t rows_read) {
  store::IncomingBatch batch;
  batch.file_name = source.path.filename().string();
  batch.file_path = source.path.string();
  batch.content_hash = source.content_hash;
  batch.format = to_string(format);
  batch.dataset = dataset;
  batch.bytes = static_cast<std::int64_t>(source.bytes.size());
  batch.rows_read = rows_read;
  return batch;
}

}  // namespace

BatchCounts write_batch(store::Store& store, const SourceText& source, const ParsedFile& parsed) {
  // Ids identify incidents within one records system: across files only when a mapping names the
  // dataset; otherwise (columns guessed) only a new copy of the same file replaces by id.
  const auto replacement = parsed.format != Format::kIncidentCsv ? store::Replacement::kMonthGroups
                           : parsed.dataset_named                ? store::Replacement::kIncidentIds
                                                                 : store::Replacement::kIdsSameFile;
  return store::write_record_batch(store, incoming(source, parsed.format, parsed.dataset, parsed.rows_read),
                                   replacement, parsed.incidents, parsed.stop_searches, parsed.rejects);
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

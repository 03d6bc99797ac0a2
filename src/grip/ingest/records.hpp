// What a reader makes of one file before anything is written: the rows to store, the rows refused
// one by one (with line, reason and raw text), and the groups the file covers, which decide what a
// newer copy replaces. Text fields are views into the file's bytes or into `owned`.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "grip/store/ingest_rows.hpp"

namespace grip::ingest {

using store::IncidentRecord;
using store::kNoCoordinate;
using store::Location;
using store::RejectRecord;
using store::StopSearchRecord;

enum class Format { kPoliceUkStreet, kPoliceUkStopSearch, kIncidentCsv, kBoundaries };
[[nodiscard]] const char* to_string(Format format);

struct ParsedFile {
  Format format = Format::kPoliceUkStreet;
  std::string dataset;  // "police.uk street", "police.uk stop and search", or the mapping's name
  std::string source_crs = "EPSG:4326";  // the CRS the file's coordinates are written in
  bool dataset_named = false;            // a mapping file named the dataset: its ids span files
  std::int64_t rows_read = 0;
  std::vector<IncidentRecord> incidents;
  std::vector<StopSearchRecord> stop_searches;
  std::vector<RejectRecord> rejects;
  std::map<std::string, std::int64_t> unmapped_offences;  // generic extracts: offence → rows
  std::deque<std::string> owned;  // strings made while reading (month bounds, normalised times)

  std::string_view own(std::string text) { return owned.emplace_back(std::move(text)); }
};

}  // namespace grip::ingest

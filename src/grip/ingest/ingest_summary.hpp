// What an ingest did, per file and in total, as the CLI prints it and as --json emits it.
#pragma once

#include <cstdint>
#include <map>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <vector>

#include "grip/store/batch_undo.hpp"

namespace grip::ingest {

enum class FileStatus { kStored, kAlreadyIngested, kRefused };
[[nodiscard]] const char* to_string(FileStatus status);

struct FileSummary {
  std::string file;
  std::string format;
  std::string dataset;
  FileStatus status = FileStatus::kStored;
  std::string message;  // why it was refused or skipped; notes such as the mapping used
  std::int64_t batch_id = 0;
  std::int64_t rows_read = 0, rows_stored = 0, rows_rejected = 0, rows_replaced = 0;
  std::int64_t rows_outside_force_area = 0;  // stored, but flagged (outside_km) and left out of analyses
  std::map<std::string, std::int64_t> rejected_by_reason;
  std::map<std::string, std::int64_t> stored_by_category;
  std::map<std::string, std::int64_t> stored_by_month;
  std::map<std::string, std::int64_t> unmapped_offences;
};

struct IngestSummary {
  std::string store_path;
  std::string crs_code, crs_name, crs_reason;
  bool crs_chosen_now = false;
  std::vector<FileSummary> files;

  [[nodiscard]] std::int64_t refused_files() const;
  [[nodiscard]] int exit_code() const;  // 2 when any file was refused, else 0
};

// 13752 → "13,752".
[[nodiscard]] std::string thousands(std::int64_t value);

[[nodiscard]] nlohmann::json to_json(const IngestSummary& summary);
[[nodiscard]] std::string to_text(const IngestSummary& summary);

// What `grip ingest --undo BATCH` did.
[[nodiscard]] nlohmann::json to_json(const store::UndoneBatch& undone);
[[nodiscard]] std::string to_text(const store::UndoneBatch& undone);

}  // namespace grip::ingest

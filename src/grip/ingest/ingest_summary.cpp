#include "grip/ingest/ingest_summary.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <nlohmann/json.hpp>

namespace grip::ingest {
namespace {

// "Violence and sexual offences 4,512; Anti-social behaviour 3,001; ..." largest first.
std::string ranked(const std::map<std::string, std::int64_t>& counts) {
  std::vector<std::pair<std::string, std::int64_t>> items(counts.begin(), counts.end());
  std::stable_sort(items.begin(), items.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });
  std::string out;
  for (const auto& [name, count] : items) out += (out.empty() ? "" : "; ") + name + " " + thousands(count);
  return out;
}

// "2018-01 1,204; 2018-02 1,187; ..." in key order (months sort as text).
std::string in_order(const std::map<std::string, std::int64_t>& counts) {
  std::string out;
  for (const auto& [name, count] : counts) out += (out.empty() ? "" : "; ") + name + " " + thousands(count);
  return out;
}

std::string store_line(const IngestSummary& summary) {
  if (summary.crs_code.empty()) {
    const bool stored = std::any_of(summary.files.begin(), summary.files.end(),
                                    [](const auto& file) { return file.rows_stored > 0; });
    return fmt::format("Store {} — {}no CRS set yet (it is chosen from the first file stored)\n",
                       summary.store_path, stored ? "" : "nothing stored; ");
  }
  return fmt::format("Store {} — CRS {} ({}){}\n", summary.store_path, summary.crs_code, summary.crs_name,
                     summary.crs_chosen_now ? "; chosen now: " + summary.crs_reason : "");
}

}  // namespace

std::string thousands(std::int64_t value) {
  std::string digits = std::to_string(value < 0 ? -value : value);
  for (int at = static_cast<int>(digits.size()) - 3; at > 0; at -= 3)
    digits.insert(static_cast<std::size_t>(at), ",");
  return value < 0 ? "-" + digits : digits;
}

const char* to_string(FileStatus status) {
  switch (status) {
    case FileStatus::kStored:
      return "stored";
    case FileStatus::kAlreadyIngested:
      return "already ingested";
    case FileStatus::kRefused:
      return "refused";
  }
  return "";
}

std::int64_t IngestSummary::refused_files() const {
  return std::count_if(files.begin(), files.end(),
                       [](const auto& f) { return f.status == FileStatus::kRefused; });
}

int IngestSummary::exit_code() const { return refused_files() > 0 ? 2 : 0; }

nlohmann::json to_json(const IngestSummary& summary) {
  nlohmann::json files = nlohmann::json::array();
  std::int64_t read = 0, stored = 0, rejected = 0, replaced = 0;
  for (const auto& file : summary.files) {
    files.push_back({{"file", file.file},
                     {"format", file.format},
                     {"dataset", file.dataset},
                     {"status", to_string(file.status)},
                     {"message", file.message},
                     {"batch_id", file.batch_id},
                     {"rows_read", file.rows_read},
                     {"rows_stored", file.rows_stored},
                     {"rows_rejected", file.rows_rejected},
                     {"rows_replaced", file.rows_replaced},
                     {"rows_outside_force_area", file.rows_outside_force_area},
                     {"rejected_by_reason", file.rejected_by_reason},
                     {"stored_by_category", file.stored_by_category},
                     {"stored_by_month", file.stored_by_month},
                     {"unmapped_offences", file.unmapped_offences}});
    read += file.rows_read;
    stored += file.rows_stored;
    rejected += file.rows_rejected;
    replaced += file.rows_replaced;
  }
  return {{"store", summary.store_path},
          {"crs",
           {{"code", summary.crs_code},
            {"name", summary.crs_name},
            {"reason", summary.crs_reason},
            {"chosen_now", summary.crs_chosen_now}}},
          {"files", files},
          {"totals",
           {{"files", summary.files.size()},
            {"refused_files", summary.refused_files()},
            {"rows_read", read},
            {"rows_stored", stored},
            {"rows_rejected", rejected},
            {"rows_replaced", replaced}}}};
}

std::string to_text(const IngestSummary& summary) {
  std::string out = store_line(summary);
  std::int64_t read = 0, stored = 0, rejected = 0, replaced = 0;
  for (const auto& file : summary.files) {
    out += fmt::format("\n{}  [{}]  {}\n", file.file, file.format.empty() ? "?" : file.format,
                       to_string(file.status));
    if (!file.message.empty()) out += "  " + file.message + "\n";
    if (file.status != FileStatus::kStored) continue;
    out += fmt::format(
        "  rows read {}, stored {}, rejected {}{}\n", thousands(file.rows_read), thousands(file.rows_stored),
        thousands(file.rows_rejected),
        file.rows_replaced ? ", replaced " + thousands(file.rows_replaced) + " from an older copy" : "");
    if (!file.rejected_by_reason.empty())
      out += "  rejected by reason: " + ranked(file.rejected_by_reason) + "\n";
    if (file.rows_outside_force_area > 0) {
      out += fmt::format(
          "  {} stored rows lie far outside the force area: flagged (outside_km), left out of analyses\n",
          thousands(file.rows_outside_force_area));
    }
    if (!file.stored_by_category.empty())
      out += "  stored by type: " + ranked(file.stored_by_category) + "\n";
    if (file.stored_by_month.size() > 1) out += "  stored by month: " + in_order(file.stored_by_month) + "\n";
    if (!file.unmapped_offences.empty()) {
      out +=
          "  offences not in the mapping, stored as 'Other crime': " + ranked(file.unmapped_offences) + "\n";
    }
    read += file.rows_read;
    stored += file.rows_stored;
    rejected += file.rows_rejected;
    replaced += file.rows_replaced;
  }
  out += fmt::format(
      "\nTotal: {} files ({} refused); rows read {}, stored {}, rejected {} (see the rejects layer), "
      "replaced {}\n",
      summary.files.size(), summary.refused_files(), thousands(read), thousands(stored), thousands(rejected),
      thousands(replaced));
  return out;
}

nlohmann::json to_json(const store::UndoneBatch& undone) {
  return {{"undone_batch", undone.batch_id},
          {"file_name", undone.file_name},
          {"file_path", undone.file_path},
          {"format", undone.format},
          {"rows_removed", undone.rows_removed},
          {"rejects_removed", undone.rejects_removed},
          {"rows_restored", undone.rows_restored},
          {"rejects_restored", undone.rejects_restored},
          {"batches_restored", undone.batches_restored},
          {"batches_with_rows_back", undone.batches_with_rows_back}};
}

std::string to_text(const store::UndoneBatch& undone) {
  const auto batches = [](const std::vector<std::int64_t>& ids) {
    std::string out;
    for (const auto id : ids) out += (out.empty() ? "" : ", ") + std::to_string(id);
    return out;
  };
  std::string out = fmt::format("Undid batch {} ({}, {}): removed {} rows and {} rejects it stored\n",
                                undone.batch_id, undone.file_name, undone.format,
                                thousands(undone.rows_removed), thousands(undone.rejects_removed));
  if (undone.batches_with_rows_back.empty()) {
    out += "  it had replaced nothing, so nothing was restored\n";
  } else {
    out += fmt::format("  restored {} rows and {} rejects it had replaced, of batch {}\n",
                       thousands(undone.rows_restored), thousands(undone.rejects_restored),
                       batches(undone.batches_with_rows_back));
  }
  if (!undone.batches_restored.empty()) {
    out += fmt::format("  batch {} current again (no longer marked superseded)\n",
                       batches(undone.batches_restored));
  }
  out += "  the file " + undone.file_path + " can be ingested again\n";
  return out;
}

}  // namespace grip::ingest

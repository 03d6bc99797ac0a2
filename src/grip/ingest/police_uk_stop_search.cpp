#include "grip/ingest/police_uk_stop_search.hpp"

#include <algorithm>
#include <array>
#include <filesystem>
#include <map>

#include "grip/core/time_text.hpp"
#include "grip/ingest/coordinates.hpp"

namespace grip::ingest {
namespace {

enum Column {
  kType,
  kDate,
  kPartOfOperation,
  kOperation,
  kLatitude,
  kLongitude,
  kLegislation,
  kObject,
  kOutcome,
  kOutcomeLinked,
  kColumnCount
};
constexpr std::array<const char*, kColumnCount> kNames = {"type",
                                                          "date",
                                                          "part of a policing operation",
                                                          "policing operation",
                                                          "latitude",
                                                          "longitude",
                                                          "legislation",
                                                          "object of search",
                                                          "outcome",
                                                          "outcome linked to object of search"};
constexpr std::array<Column, 6> kRequired = {kType, kDate, kLatitude, kLongitude, kObject, kOutcome};
// Personal descriptors, as header keys squashed by personal_key(): "Self-defined ethnicity",
// "Self defined ethnicity" and "self_defined_ethnicity" are one column to redact.
constexpr std::array<std::string_view, 5> kPersonal = {"gender", "agerange", "selfdefinedethnicity",
                                                       "officerdefinedethnicity",
                                                       "removalofmorethanjustouterclothing"};

// Lower case without spaces, hyphens or underscores, so no spelling of a header slips past redaction.
std::string personal_key(std::string_view name) {
  std::string key;
  for (char c : lower_trimmed(name)) {
    if (c != ' ' && c != '-' && c != '_' && c != '\t') key.push_back(c);
  }
  return key;
}

// Every column that may hold a personal descriptor, duplicates included; anything naming an
// ethnicity, gender or sex is redacted too, whatever else its header says.
std::vector<bool> personal_columns(const CsvTable& table) {
  std::vector<bool> personal(table.columns(), false);
  for (std::size_t i = 0; i < table.columns(); ++i) {
    const std::string key = personal_key(table.header()[i]);
    personal[i] = std::find(kPersonal.begin(), kPersonal.end(), key) != kPersonal.end() ||
                  key.find("ethnic") != std::string::npos || key.find("gender") != std::string::npos ||
                  key == "sex" || key == "age";
  }
  return personal;
}

std::array<int, kColumnCount> column_positions(const CsvTable& table) {
  std::array<int, kColumnCount> at{};
  for (std::size_t i = 0; i < kColumnCount; ++i) at[i] = table.find_column(kNames[i]);
  return at;
}

std::string quote_if_needed(std::string_view field) {
  if (field.find_first_of(",\"\n\r") == std::string_view::npos) return std::string(field);
  std::string quoted = "\"";
  for (char c : field) {
    quoted.push_back(c);
    if (c == '"') quoted.push_back('"');
  }
  return quoted + "\"";
}

// data.police.uk names files "2018-03-essex-stop-and-search.csv": the month they were published
// under and the force. A few searches in a month's file are dated in the month before (late-night
// searches, UTC offsets), so the publication month, not each row's date, is what a newer copy of
// the file replaces.
struct PublishedAs {
  std::string month, force;
};

PublishedAs published_as(const std::string& file_name) {
  const std::string base = lower_trimmed(std::filesystem::path(file_name).filename().string());
  const std::string suffix = "-stop-and-search.csv";
  const auto digits = [&](std::size_t from, std::size_t count) {
    for (std::size_t i = from; i < from + count; ++i) {
      if (base[i] < '0' || base[i] > '9') return false;
    }
    return true;
  };
  if (base.size() <= 8 + suffix.size() || !base.ends_with(suffix) || !digits(0, 4) || base[4] != '-' ||
      !digits(5, 2) || base[7] != '-') {
    return {};
  }
  return {base.substr(0, 7), base.substr(8, base.size() - 8 - suffix.size())};
}

// Without the file name's month, the month most rows fall in stands for the publication month.
std::string most_common_month(const std::vector<StopSearchRecord>& records) {
  std::map<std::string_view, std::size_t> counts;
  for (const auto& record : records) ++counts[record.occurred_at.substr(0, 7)];
  std::string_view best;
  std::size_t most = 0;
  for (const auto& [month, count] : counts) {
    if (count > most) {
      best = month;
      most = count;
    }
  }
  return std::string(best);
}

// The self-defined ethnicity column, by its squashed header key; -1 when the file has none.
int self_defined_ethnicity_column(const CsvTable& table) {
  for (std::size_t i = 0; i < table.columns(); ++i)
    if (personal_key(table.header()[i]) == "selfdefinedethnicity") return static_cast<int>(i);
  return -1;
}

}  // namespace

std::string_view ethnicity_group(std::string_view self_defined) {
  const std::string text = lower_trimmed(self_defined);
  if (text.empty() || text.find("not stated") != std::string::npos) return "Not stated";
  const std::string group = text.substr(0, text.find(" - "));
  if (group == "white") return "White";
  if (group == "black/african/caribbean/black british" || group == "black or black british") return "Black";
  if (group == "asian/asian british" || group == "asian or asian british") return "Asian";
  if (group == "mixed/multiple ethnic groups" || group == "mixed") return "Mixed";
  return "Other";
}

bool is_police_uk_stop_search(const CsvTable& table) {
  const auto at = column_positions(table);
  for (Column column : kRequired) {
    if (at[column] < 0) return false;
  }
  return true;
}

ParsedFile read_police_uk_stop_search(const CsvTable& table, const std::string& file_name) {
  const auto at = column_positions(table);
  const std::vector<bool> personal = personal_columns(table);
  const int ethnicity = self_defined_ethnicity_column(table);
  ParsedFile parsed;
  parsed.format = Format::kPoliceUkStopSearch;
  parsed.dataset = kPoliceUkStopSearchDataset;
  parsed.rows_read = static_cast<std::int64_t>(table.rows());
  const PublishedAs published = published_as(file_name);
  const std::string_view force = parsed.own(published.force);

  for (std::size_t row = 0; row < table.rows(); ++row) {
    const auto field = [&](Column column) {
      return at[column] < 0 ? std::string_view() : table.field(row, static_cast<std::size_t>(at[column]));
    };
    std::string redacted;
    for (std::size_t column = 0; column < table.columns(); ++column) {
      if (column > 0) redacted.push_back(',');
      if (!personal[column]) redacted += quote_if_needed(table.field(row, column));
    }
    StopSearchRecord record;
    record.line = table.line(row);
    record.raw = parsed.own(std::move(redacted));
    const auto reject = [&](std::string reason, std::string detail) {
      parsed.rejects.push_back({record.line, std::move(reason), std::move(detail), std::string(record.raw)});
    };
    const LocalDateTime when = parse_local_date_time(field(kDate), DateOrder::kIso, kPoliceUkTimeZone);
    if (!when.when) {
      reject(to_string(when.problem), "Date '" + std::string(field(kDate)) + "'");
      continue;
    }
    const auto problem = parse_coordinates(field(kLongitude), field(kLatitude), true, record.where);
    if (problem != CoordinateProblem::kNone) {
      reject(reason(problem), describe_pair("Longitude", field(kLongitude), "Latitude", field(kLatitude)));
      continue;
    }
    record.occurred_at = parsed.own(format_iso(*when.when));
    record.search_type = field(kType);
    record.part_of_operation = field(kPartOfOperation);
    record.operation_name = field(kOperation);
    record.legislation = field(kLegislation);
    record.object_of_search = field(kObject);
    record.outcome = field(kOutcome);
    record.outcome_linked_to_object = field(kOutcomeLinked);
    record.force = force;
    if (ethnicity >= 0)
      record.ethnicity_group = ethnicity_group(table.field(row, static_cast<std::size_t>(ethnicity)));
    parsed.stop_searches.push_back(record);
  }
  const std::string_view month =
      parsed.own(published.month.empty() ? most_common_month(parsed.stop_searches) : published.month);
  for (auto& record : parsed.stop_searches) record.month = month;
  return parsed;
}

}  // namespace grip::ingest

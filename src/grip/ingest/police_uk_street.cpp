#include "grip/ingest/police_uk_street.hpp"

#include <array>
#include <unordered_set>

#include "grip/core/time_text.hpp"
#include "grip/ingest/coordinates.hpp"

namespace grip::ingest {
namespace {

enum Column {
  kCrimeId,
  kMonth,
  kReportedBy,
  kFallsWithin,
  kLongitude,
  kLatitude,
  kLocation,
  kLsoaCode,
  kLsoaName,
  kCrimeType,
  kOutcome,
  kContext,
  kColumnCount
};
constexpr std::array<const char*, kColumnCount> kNames = {
    "crime id",  "month",     "reported by", "falls within",          "longitude", "latitude", "location",
    "lsoa code", "lsoa name", "crime type",  "last outcome category", "context"};

std::array<int, kColumnCount> column_positions(const CsvTable& table) {
  std::array<int, kColumnCount> at{};
  for (std::size_t i = 0; i < kColumnCount; ++i) at[i] = table.find_column(kNames[i]);
  return at;
}

}  // namespace

bool is_police_uk_street(const CsvTable& table) {
  for (int position : column_positions(table)) {
    if (position < 0) return false;
  }
  return true;
}

ParsedFile read_police_uk_street(const CsvTable& table) {
  const auto at = column_positions(table);
  ParsedFile parsed;
  parsed.format = Format::kPoliceUkStreet;
  parsed.dataset = kPoliceUkStreetDataset;
  parsed.rows_read = static_cast<std::int64_t>(table.rows());
  parsed.incidents.reserve(table.rows());

  // Most files hold one month: remember the months already checked.
  std::unordered_set<std::string_view> valid_months;

  for (std::size_t row = 0; row < table.rows(); ++row) {
    const auto field = [&](Column column) { return table.field(row, static_cast<std::size_t>(at[column])); };
    IncidentRecord record;
    record.line = table.line(row);
    record.raw = table.raw(row);
    const auto reject = [&](std::string reason, std::string detail) {
      parsed.rejects.push_back({record.line, std::move(reason), std::move(detail), std::string(record.raw)});
    };

    const std::string_view month = field(kMonth);
    if (!valid_months.contains(month)) {
      if (!parse_year_month(month)) {
        reject("unparseable date", "Month '" + std::string(month) + "' is not YYYY-MM");
        continue;
      }
      valid_months.insert(month);
    }
    record.category = field(kCrimeType);
    if (record.category.empty()) {
      reject("no crime type", "Crime type is empty");
      continue;
    }
    const auto problem = parse_coordinates(field(kLongitude), field(kLatitude), true, record.where);
    if (problem != CoordinateProblem::kNone) {
      reject(reason(problem), describe_pair("Longitude", field(kLongitude), "Latitude", field(kLatitude)));
      continue;
    }
    record.source_id = field(kCrimeId);
    record.month = month;
    record.location = field(kLocation);
    record.lsoa_code = field(kLsoaCode);
    record.lsoa_name = field(kLsoaName);
    record.force = field(kFallsWithin);
    record.outcome = field(kOutcome);
    record.context = field(kContext);
    parsed.incidents.push_back(record);
  }
  return parsed;
}

}  // namespace grip::ingest

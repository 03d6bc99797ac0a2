#include "grip/ingest/police_uk_street.hpp"

#include <array>
#include <unordered_map>

#include "grip/core/time_text.hpp"
#include "grip/ingest/coordinates.hpp"

namespace grip::ingest {
namespace {

enum Column { kCrimeId, kMonth, kReportedBy, kFallsWithin, kLongitude, kLatitude, kLocation, kLsoaCode,
              kLsoaName, kCrimeType, kOutcome, kContext, kColumnCount };
constexpr std::array<const char*, kColumnCount> kNames = {
    "crime id",  "month",     "reported by", "falls within", "longitude",             "latitude",
    "location",  "lsoa code", "lsoa name",   "crime type",   "last outcome category", "context"};

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

  struct MonthBounds {
    std::string_view from, to;
  };
  std::unordered_map<std::string_view, MonthBounds> months;

  for (std::size_t row = 0; row < table.rows(); ++row) {
    const auto field = [&](Column column) { return table.field(row, static_cast<std::size_t>(at[column])); };
    IncidentRecord record;
    record.line = table.line(row);
    record.raw = table.raw(row);
    const auto reject = [&](std::string reason, std::string detail) {
      parsed.rejects.push_back({record.line, std::move(reason), std::move(detail), std::string(record.raw)});
    };

    const std::string_view month = field(kMonth);
    auto bounds = months.find(month);
    if (bounds == months.end()) {
      const auto start = parse_year_month(month);
      if (!start) {
        reject("unparseable date", "Month '" + std::string(month) + "' is not YYYY-MM");
        continue;
      }
      CivilDateTime end = *start;
      end.day = days_in_month(end.year, end.month);
      end.hour = 23;
      end.minute = end.second = 59;
      bounds = months.emplace(month, MonthBounds{parsed.own(format_iso(*start)), parsed.own(format_iso(end))}).first;
    }
    record.category = field(kCrimeType);
    if (record.category.empty()) {
      reject("no crime type", "Crime type is empty");
      continue;
    }
    const auto problem = parse_coordinates(field(kLongitude), field(kLatitude), true, record.where);
    if (problem != CoordinateProblem::kNone) {
      reject(reason(problem), "Longitude '" + std::string(field(kLongitude)) + "', Latitude '" +
                                  std::string(field(kLatitude)) + "'");
      continue;
    }
    record.source_id = field(kCrimeId);
    record.month = month;
    record.occurred_from = bounds->second.from;
    record.occurred_to = bounds->second.to;
    record.time_precision = "month";
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

#include "grip/ingest/incident_csv.hpp"

#include <unordered_map>

#include "grip/ingest/coordinates.hpp"

namespace grip::ingest {

std::string missing_columns(const IncidentMapping& mapping, const CsvTable& table) {
  std::string missing;
  for (const std::string* column :
       {&mapping.id_column, &mapping.offence_column, &mapping.from_column, &mapping.to_column,
        &mapping.location_column, &mapping.longitude_column, &mapping.latitude_column,
        &mapping.easting_column, &mapping.northing_column}) {
    if (!column->empty() && table.find_column(*column) < 0)
      missing += (missing.empty() ? "'" : ", '") + *column + "'";
  }
  return missing;
}

namespace {

std::string time_detail(const std::string& column, std::string_view text, TimeProblem problem) {
  std::string detail = column + " '" + std::string(text) + "'";
  if (problem == TimeProblem::kOffsetWithoutZone) {
    detail += ": give the mapping a \"timezone\" (e.g. \"America/Chicago\") to store it as local time";
  }
  return detail;
}

}  // namespace

bool mapping_fits(const IncidentMapping& mapping, const CsvTable& table) {
  return missing_columns(mapping, table).empty();
}

ParsedFile read_incident_csv(const CsvTable& table, const IncidentMapping& mapping) {
  const auto position = [&](const std::string& name) { return name.empty() ? -1 : table.find_column(name); };
  const int id_at = position(mapping.id_column), offence_at = position(mapping.offence_column);
  const int from_at = position(mapping.from_column), to_at = position(mapping.to_column);
  const int location_at = position(mapping.location_column);
  const int first_at = position(mapping.projected() ? mapping.easting_column : mapping.longitude_column);
  const int second_at = position(mapping.projected() ? mapping.northing_column : mapping.latitude_column);

  ParsedFile parsed;
  parsed.format = Format::kIncidentCsv;
  parsed.dataset = mapping.name;
  parsed.source_crs = mapping.source_crs;
  parsed.dataset_named = mapping.name_given;
  parsed.rows_read = static_cast<std::int64_t>(table.rows());
  std::unordered_map<std::string_view, std::int64_t> first_line_of_id;
  const auto read_time = [&](std::string_view text) {
    return parse_local_date_time(text, mapping.date_order, mapping.time_zone);
  };

  // Owned by the parsed file: the mapping may not outlive it.
  const std::string_view offence_value =
      mapping.offence_value.empty() ? std::string_view() : parsed.own(mapping.offence_value);
  for (std::size_t row = 0; row < table.rows(); ++row) {
    const auto field = [&](int at) {
      return at < 0 ? std::string_view() : table.field(row, static_cast<std::size_t>(at));
    };
    IncidentRecord record;
    record.line = table.line(row);
    record.raw = table.raw(row);
    const auto reject = [&](std::string reason, std::string detail) {
      parsed.rejects.push_back({record.line, std::move(reason), std::move(detail), std::string(record.raw)});
    };
    record.source_id =
        mapping.id_from_line ? parsed.own("line " + std::to_string(record.line)) : field(id_at);
    if (record.source_id.empty()) {
      reject("no incident id", "column '" + mapping.id_column + "' is empty");
      continue;
    }
    if (const auto [seen, inserted] = first_line_of_id.emplace(record.source_id, record.line); !inserted) {
      reject("duplicate incident id",
             "id '" + std::string(record.source_id) + "' first seen on line " + std::to_string(seen->second));
      continue;
    }
    const auto from = read_time(field(from_at));
    if (!from.when) {
      reject(to_string(from.problem), time_detail(mapping.from_column, field(from_at), from.problem));
      continue;
    }
    auto to = from.when;
    if (!field(to_at).empty()) {
      const auto to_read = read_time(field(to_at));
      to = to_read.when;
      if (!to) {
        reject(to_string(to_read.problem), time_detail(mapping.to_column, field(to_at), to_read.problem));
        continue;
      }
      if (to_epoch_seconds(*to) < to_epoch_seconds(*from.when)) {
        reject("date window ends before it starts",
               std::string(field(from_at)) + " to " + std::string(field(to_at)));
        continue;
      }
    }
    const auto problem =
        parse_coordinates(field(first_at), field(second_at), !mapping.projected(), record.where);
    if (problem != CoordinateProblem::kNone) {
      reject(reason(problem),
             describe_pair(
                 mapping.projected() ? mapping.easting_column : mapping.longitude_column, field(first_at),
                 mapping.projected() ? mapping.northing_column : mapping.latitude_column, field(second_at)));
      continue;
    }
    record.offence = offence_value.empty() ? field(offence_at) : offence_value;
    const std::string offence_key = lower_trimmed(record.offence);
    if (mapping.categories.empty()) {
      record.category = record.offence;
    } else if (auto category = mapping.category_for(offence_key)) {
      record.category = parsed.own(std::move(*category));
    } else {
      record.category = "Other crime";
      ++parsed.unmapped_offences[offence_key];
    }
    if (record.category.empty()) {
      reject("no crime type", "offence column '" + mapping.offence_column + "' is empty");
      continue;
    }
    record.occurred_from = parsed.own(format_iso(*from.when));
    if (to_epoch_seconds(*to) != to_epoch_seconds(*from.when))
      record.occurred_to = parsed.own(format_iso(*to));
    record.month = parsed.own(format_year_month(*from.when));
    record.location = field(location_at);
    parsed.incidents.push_back(record);
  }
  return parsed;
}

}  // namespace grip::ingest

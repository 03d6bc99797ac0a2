#include "grip/ingest/incident_mapping.hpp"

#include <fstream>
#include <initializer_list>
#include <iterator>
#include <nlohmann/json.hpp>

#include "grip/core/errors.hpp"
#include "grip/ingest/csv_table.hpp"

namespace grip::ingest {

std::optional<std::string> IncidentMapping::category_for(const std::string& lower_offence) const {
  if (categories.empty()) return std::nullopt;
  const auto found = categories.find(lower_offence);
  if (found == categories.end()) return std::nullopt;
  return found->second;
}

IncidentMapping load_incident_mapping(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(path, 0, "cannot open mapping file");
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  return parse_incident_mapping(text, path);
}

IncidentMapping parse_incident_mapping(std::string_view json_text, const std::string& path) {
  nlohmann::json json;
  try {
    json = nlohmann::json::parse(json_text);
  } catch (const nlohmann::json::exception& error) {
    // parse_error, and out_of_range for a number too large for a double (found by fuzzing).
    throw InputError(path, 0, std::string("mapping file is not valid JSON: ") + error.what());
  }
  IncidentMapping mapping;
  mapping.from_file = true;
  try {
    mapping.name_given = json.contains("name");
    mapping.name = json.value("name", mapping.name);
    const auto& columns = json.at("columns");
    const auto column = [&](const char* key) { return columns.value(key, std::string()); };
    mapping.id_column = column("id");
    mapping.offence_column = column("offence");
    mapping.from_column = column("occurred_from");
    mapping.to_column = column("occurred_to");
    mapping.location_column = column("location");
    mapping.longitude_column = column("longitude");
    mapping.latitude_column = column("latitude");
    mapping.easting_column = column("easting");
    mapping.northing_column = column("northing");
    mapping.source_crs =
        json.value("source_crs", mapping.projected() ? std::string("EPSG:27700") : mapping.source_crs);
    const std::string order = json.value("date_order", std::string("iso"));
    if (order == "iso") {
      mapping.date_order = DateOrder::kIso;
    } else if (order == "day-first") {
      mapping.date_order = DateOrder::kDayFirst;
    } else if (order == "month-first") {
      mapping.date_order = DateOrder::kMonthFirst;
    } else {
      throw InputError(path, 0, "date_order must be iso, day-first or month-first, not '" + order + "'");
    }
    const std::string id_from = json.value("id_from", std::string("column"));
    if (id_from != "column" && id_from != "line")
      throw InputError(path, 0, "id_from must be column or line, not '" + id_from + "'");
    mapping.id_from_line = id_from == "line";
    mapping.offence_value = json.value("offence_value", std::string());
    mapping.time_zone = json.value("timezone", std::string());
    if (!mapping.time_zone.empty() && !is_known_time_zone(mapping.time_zone)) {
      throw InputError(path, 0,
                       "timezone '" + mapping.time_zone +
                           "' is not in the tz database (an IANA name such as America/Chicago)");
    }
    if (json.contains("categories")) {
      for (const auto& [offence, category] : json.at("categories").items()) {
        mapping.categories[lower_trimmed(offence)] = category.get<std::string>();
      }
    }
  } catch (const nlohmann::json::exception& error) {
    throw InputError(path, 0, std::string("mapping file has a wrong field: ") + error.what());
  }
  if ((mapping.id_column.empty() && !mapping.id_from_line) ||
      (mapping.offence_column.empty() && mapping.offence_value.empty()) || mapping.from_column.empty()) {
    throw InputError(path, 0,
                     "mapping must name the columns id (or say \"id_from\": \"line\"), offence (or give "
                     "\"offence_value\") and occurred_from");
  }
  if (mapping.id_from_line && !mapping.id_column.empty())
    throw InputError(path, 0, "mapping names an id column and says \"id_from\": \"line\"; choose one");
  const bool geographic = !mapping.longitude_column.empty() && !mapping.latitude_column.empty();
  const bool projected = !mapping.easting_column.empty() && !mapping.northing_column.empty();
  if (geographic == projected) {
    throw InputError(path, 0,
                     "mapping must name either longitude and latitude or easting and northing columns");
  }
  return mapping;
}

std::optional<IncidentMapping> guess_incident_mapping(const CsvTable& table) {
  const auto pick = [&](std::initializer_list<const char*> names) -> std::string {
    for (const char* name : names) {
      if (const int at = table.find_column(name); at >= 0)
        return table.header()[static_cast<std::size_t>(at)];
    }
    return {};
  };
  IncidentMapping mapping;
  mapping.id_column = pick({"incident_id", "id", "crime_id", "crime id", "reference", "urn"});
  mapping.offence_column =
      pick({"offence", "offense", "crime_type", "crime type", "category", "offence_type"});
  mapping.from_column = pick({"occurred_from", "occurred_at", "occurred", "date_time", "datetime", "date"});
  mapping.to_column = pick({"occurred_to"});
  mapping.location_column = pick({"location", "address", "street"});
  mapping.longitude_column = pick({"longitude", "lon", "lng", "long"});
  mapping.latitude_column = pick({"latitude", "lat"});
  mapping.easting_column = pick({"easting"});
  mapping.northing_column = pick({"northing"});
  const bool geographic = !mapping.longitude_column.empty() && !mapping.latitude_column.empty();
  if (geographic) {
    mapping.easting_column.clear();
    mapping.northing_column.clear();
  }
  const bool projected = !mapping.easting_column.empty() && !mapping.northing_column.empty();
  if (projected) mapping.source_crs = "EPSG:27700";
  if (mapping.id_column.empty() || mapping.offence_column.empty() || mapping.from_column.empty() ||
      !(geographic || projected)) {
    return std::nullopt;
  }
  return mapping;
}

}  // namespace grip::ingest

#include "grip/demo/incident_writers.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <tuple>

#include "grip/demo/crime_types.hpp"
#include "grip/demo/csv_text.hpp"

namespace grip::demo {

IncidentFile incidents_csv(const std::vector<CrimeEvent>& events) {
  std::vector<const CrimeEvent*> timed;
  for (const CrimeEvent& event : events) {
    if (event.timed) timed.push_back(&event);
  }
  // Generation order breaks ties, so the order is fixed by the seed alone.
  std::stable_sort(timed.begin(), timed.end(), [](const CrimeEvent* a, const CrimeEvent* b) {
    return std::tie(a->occurred_from, a->occurred) < std::tie(b->occurred_from, b->occurred);
  });
  IncidentFile file;
  file.text.append(kIncidentHeader).push_back('\n');
  for (const CrimeEvent* event : timed) {
    const LonLat lonlat = to_lonlat(event->at);
    append_csv_row(file.text,
                   {fmt::format("SYN-{:07d}", ++file.rows), offences()[event->offence].offence,
                    format_local(event->occurred_from),
                    event->occurred_to == kNoTime ? std::string() : format_local(event->occurred_to),
                    format_degrees(lonlat.longitude), format_degrees(lonlat.latitude)});
  }
  return file;
}

std::string incidents_mapping_json(const std::string& dataset) {
  nlohmann::ordered_json mapping;
  if (!dataset.empty()) mapping["name"] = dataset;
  mapping["columns"] = {
      {"id", "incident_id"},          {"offence", "offence"},     {"occurred_from", "occurred_from"},
      {"occurred_to", "occurred_to"}, {"longitude", "longitude"}, {"latitude", "latitude"}};
  nlohmann::ordered_json categories = nlohmann::ordered_json::object();
  for (const OffenceInfo& offence : offences()) categories[std::string(offence.offence)] = offence.crime_type;
  mapping["categories"] = categories;
  mapping["note"] = kSyntheticMarker;
  return mapping.dump(2) + "\n";
}

}  // namespace grip::demo

#include "grip/demo/county_metadata.hpp"

#include <fmt/format.h>

#include "grip/demo/crime_types.hpp"
#include "grip/demo/csv_text.hpp"
#include "grip/demo/hotspots.hpp"
#include "grip/demo/police_uk_writers.hpp"

namespace grip::demo {
namespace {

std::string json_string(std::string_view text) {
  std::string out = "\"";
  for (const char c : text) {
    if (c == '"' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  out.push_back('"');
  return out;
}

}  // namespace

std::string districts_geojson(const Geography& geography) {
  std::string out = "{\n\"type\": \"FeatureCollection\",\n\"name\": \"synthetic_districts\",\n";
  out += fmt::format("\"note\": {},\n\"features\": [\n", json_string(kSyntheticMarker));
  for (std::size_t i = 0; i < geography.districts.size(); ++i) {
    const District& district = geography.districts[i];
    out += fmt::format(
        "{{ \"type\": \"Feature\", \"properties\": {{ \"LAD_CODE\": {}, \"LAD_NAME\": {} }}, "
        "\"geometry\": {{ \"type\": \"MultiPolygon\", \"coordinates\": [ [ [ ",
        json_string(district.code), json_string(district.name));
    // Counter-clockwise exterior ring (RFC 7946), closed by repeating the first vertex.
    for (std::size_t v = 0; v <= district.boundary.size(); ++v) {
      const LonLat lonlat = to_lonlat(district.boundary[v % district.boundary.size()]);
      out += fmt::format("{}[ {}, {} ]", v == 0 ? "" : ", ", format_degrees(lonlat.longitude),
                         format_degrees(lonlat.latitude));
    }
    out += fmt::format(" ] ] ] }} }}{}\n", i + 1 < geography.districts.size() ? "," : "");
  }
  out += "]\n}\n";
  return out;
}

std::string readme_text(const CountyOptions& options, const Geography& geography,
                        const SyntheticCounty& county) {
  std::string out;
  out += "SYNTHETIC DATA - NOT REAL CRIME DATA\n";
  out += "=====================================\n\n";
  out += fmt::format(
      "These files describe \"Synthetic County\", an invented county made by `grip demo` (Grip's\n"
      "synthetic county generator) for demonstrations and tests. No row is a real crime, search or\n"
      "person; towns, streets, districts and LSOA codes are invented. The force is \"{}\".\n"
      "The county is a {:.0f} x {:.0f} km rectangle centred on longitude {:.1f}, latitude {:.1f}\n"
      "(England, so it projects to British National Grid).\n\n",
      kForceName, 2.0 * kHalfWidthM / 1000.0, 2.0 * kHalfHeightM / 1000.0, kCentreLongitude, kCentreLatitude);
  out += fmt::format("Seed {}, {} months from {:04d}-{:02d}, crime scale {}.\n\n", options.seed,
                     options.months, options.first_year, options.first_month, options.crime_scale);
  out += "Files\n-----\n";
  out += fmt::format(
      "synthetic-YYYY-MM-street.csv           data.police.uk street-level crime format ({} rows in all;\n"
      "                                       Context = \"{}\"; about {:.1f}% of rows have no location)\n"
      "synthetic-YYYY-MM-stop-and-search.csv  data.police.uk stop-and-search format (Policing operation =\n"
      "                                       \"{}\"; dates in UTC)\n"
      "synthetic-incidents.csv                the force's own time-stamped extract: serious violence, "
      "robbery\n"
      "                                       and burglary with true local times and locations ({} rows)\n"
      "synthetic-incidents.mapping.json       which column is which; offence -> data.police.uk crime type\n"
      "synthetic-districts.geojson            {} districts, WGS84, properties LAD_CODE and LAD_NAME\n\n",
      county.street_rows, kSyntheticMarker, 100.0 * kNoLocationShare, kSyntheticMarker, county.incident_rows,
      geography.districts.size());
  out += "Towns\n-----\n";
  std::size_t villages = 0;
  for (const Settlement& settlement : geography.settlements) {
    if (!settlement.is_town) {
      ++villages;
      continue;
    }
    const LonLat lonlat = to_lonlat(settlement.centre);
    out +=
        fmt::format("{:<18} population {:>7.0f}  centre {:.6f}, {:.6f}  radius {:.0f} m\n", settlement.name,
                    settlement.population, lonlat.longitude, lonlat.latitude, settlement.radius_m);
  }
  out += fmt::format("plus {} villages.\n\n", villages);
  out += "Planted truth\n-------------\n";
  out += fmt::format(
      "{} hotspots hold a designed {:.0f}% of violence (and robbery {:.0f}%, public order {:.0f}%):\n",
      county.hotspots.size(), 100.0 * kHotspotViolenceShare,
      100.0 * crime_types()[crime_type_index("Robbery")].hotspot_fraction,
      100.0 * crime_types()[crime_type_index("Public order")].hotspot_fraction);
  for (const PlantedHotspot& hotspot : county.hotspots) {
    out += fmt::format("  {:<42} {:<21} {:.6f}, {:.6f}  radius {:>3.0f} m  violence share {:.3f}\n",
                       hotspot.name, hotspot.district, hotspot.longitude, hotspot.latitude, hotspot.radius_m,
                       hotspot.violence_share);
  }
  out += fmt::format(
      "\nSerious violence and robbery follow a self-exciting (ETAS/Hawkes) process: each event has\n"
      "Poisson(theta) offspring at an Exponential(omega) lag, displaced by an isotropic Gaussian:\n"
      "  theta = {} offspring per event, omega = {} per day (mean lag {} h), sigma = {} m.\n"
      "Violence is busiest late evening and about 2.5 times busier on Friday and Saturday nights\n"
      "(18:00 to 06:00).\n",
      county.triggering.theta, county.triggering.omega_per_day, 24.0 / county.triggering.omega_per_day,
      county.triggering.sigma_m);
  return out;
}

}  // namespace grip::demo

#include "grip/demo/police_uk_writers.hpp"

#include <algorithm>
#include <array>
#include <tuple>

#include "grip/demo/crime_types.hpp"
#include "grip/demo/csv_text.hpp"

namespace grip::demo {
namespace {

// An entry of a table of {..., weight} entries, with probability proportional to its weight.
template <typename Entry>
const Entry& draw_entry(std::span<const Entry> table, Random& random) {
  std::vector<double> weights;
  for (const Entry& entry : table) weights.push_back(entry.weight);
  return table[random.weighted(weights)];
}

std::string_view draw_text(std::span<const WeightedText> table, Random& random) {
  return draw_entry(table, random).text;
}

struct StreetRow {
  bool located = true;
  std::string_view lsoa_name;
  std::string_view type;
  std::uint64_t tie_break = 0;  // random, so rows of one LSOA and type carry no time order
  std::string line;
};

// Stop and search value mixes, after Essex, March-April 2018.
constexpr std::array<WeightedText, 3> kSearchTypes{
    {{"Person search", 0.55}, {"Person and Vehicle search", 0.43}, {"Vehicle search", 0.02}}};
constexpr std::array<WeightedText, 3> kGenders{{{"Male", 0.87}, {"Female", 0.10}, {"", 0.03}}};
constexpr std::array<WeightedText, 5> kAgeRanges{
    {{"18-24", 0.37}, {"10-17", 0.22}, {"25-34", 0.18}, {"over 34", 0.18}, {"", 0.05}}};

struct Ethnicity {
  std::string_view self_defined;
  std::string_view officer_defined;
  double weight;
};
constexpr std::array<Ethnicity, 11> kEthnicities{{
    {"White - English/Welsh/Scottish/Northern Irish/British", "White", 0.66},
    {"White - Any other White background", "White", 0.05},
    {"Black/African/Caribbean/Black British - African", "Black", 0.06},
    {"Black/African/Caribbean/Black British - Caribbean", "Black", 0.03},
    {"Black/African/Caribbean/Black British - Any other Black/African/Caribbean background", "Black", 0.03},
    {"Mixed/Multiple ethnic groups - White and Black Caribbean", "Black", 0.02},
    {"Asian/Asian British - Any other Asian background", "Asian", 0.02},
    {"Asian/Asian British - Pakistani", "Asian", 0.015},
    {"Other ethnic group - Any other ethnic group", "Other", 0.02},
    {"Other ethnic group - Not stated", "White", 0.06},
    {"", "", 0.025},
}};

struct Grounds {
  std::string_view legislation;
  std::string_view object;
  double weight;
};
constexpr std::array<Grounds, 7> kGrounds{{
    {"Misuse of Drugs Act 1971 (section 23)", "Controlled drugs", 0.62},
    {"Police and Criminal Evidence Act 1984 (section 1)", "Offensive weapons", 0.12},
    {"Police and Criminal Evidence Act 1984 (section 1)", "Stolen goods", 0.10},
    {"Police and Criminal Evidence Act 1984 (section 1)", "Article for use in theft", 0.09},
    {"Police and Criminal Evidence Act 1984 (section 1)", "Articles for use in criminal damage", 0.02},
    {"Firearms Act 1968 (section 47)", "Firearms", 0.01},
    {"Criminal Justice and Public Order Act 1994 (section 60)", "Offensive weapons", 0.01},
}};
constexpr std::string_view kNoFurtherAction = "A no further action disposal";
constexpr std::array<WeightedText, 7> kSearchOutcomes{{
    {kNoFurtherAction, 0.66},
    {"Arrest", 0.14},
    {"Community resolution", 0.07},
    {"Khat or Cannabis warning", 0.07},
    {"Penalty Notice for Disorder", 0.02},
    {"Summons / charged by post", 0.02},
    {"Caution (simple or conditional)", 0.02},
}};

std::string_view true_false(bool value) { return value ? "True" : "False"; }

}  // namespace

StreetFile street_csv(const Geography& geography, const std::vector<CrimeEvent>& events, std::size_t month,
                      const StudyMonth& study_month, Random& random) {
  const std::string month_label = study_month.label();
  std::vector<StreetRow> rows;
  for (const CrimeEvent& event : events) {
    if (event.month != month) continue;
    const CrimeTypeInfo& type = crime_types()[event.type];
    const std::string id = type.outcomes == OutcomeMix::kNone ? std::string() : hex_id(random);
    const std::string_view outcome = type.outcomes == OutcomeMix::kNone
                                         ? std::string_view()
                                         : draw_text(outcome_mix(type.outcomes), random);
    StreetRow row;
    row.type = type.name;
    row.tie_break = random.bits();
    row.located = !random.chance(kNoLocationShare);
    if (row.located) {
      const SnapPoint& point = geography.snap_points[event.snap];
      const Lsoa& lsoa = geography.lsoas[point.lsoa];
      const LonLat lonlat = to_lonlat(point.at);
      row.lsoa_name = lsoa.name;
      append_csv_row(row.line, {id, month_label, kForceName, kForceName, format_degrees(lonlat.longitude),
                                format_degrees(lonlat.latitude), point.location, lsoa.code, lsoa.name,
                                type.name, outcome, kSyntheticMarker});
    } else {
      append_csv_row(row.line, {id, month_label, kForceName, kForceName, "", "", "No Location", "", "",
                                type.name, outcome, kSyntheticMarker});
    }
    rows.push_back(std::move(row));
  }
  std::sort(rows.begin(), rows.end(), [](const StreetRow& a, const StreetRow& b) {
    return std::tuple(!a.located, a.lsoa_name, a.type, a.tie_break) <
           std::tuple(!b.located, b.lsoa_name, b.type, b.tie_break);
  });
  StreetFile file;
  file.text.append(kStreetHeader).push_back('\n');
  for (const StreetRow& row : rows) file.text.append(row.line);
  file.rows = static_cast<std::int64_t>(rows.size());
  return file;
}

std::string stop_search_csv(const Geography& geography, const Placer& placer, const StudyMonth& month,
                            double crime_scale, Random& random) {
  const MonthClock clock(month, TimeProfile::kStreet);
  const std::int64_t searches = random.poisson(kStopsPerMonth * crime_scale * month.days() / 30.4375);
  struct Search {
    Minute utc;
    std::uint64_t tie_break;
    std::string line;
  };
  std::vector<Search> rows;
  for (std::int64_t i = 0; i < searches; ++i) {
    const Minute utc = local_to_utc(clock.draw(random));
    const std::size_t snap = placer.snap(placer.place(kStopHotspotFraction, 1.0, 30.0, random));
    const LonLat lonlat = to_lonlat(geography.snap_points[snap].at);
    const bool located = !random.chance(kNoLocationShare);
    const Grounds& grounds = draw_entry<Grounds>(kGrounds, random);
    // A search of a group: the same time and place, one row per person or vehicle searched.
    const std::int64_t people = random.chance(0.12) ? 2 + random.index(2) : 1;
    for (std::int64_t person = 0; person < people; ++person) {
      const std::string_view type = draw_text(kSearchTypes, random);
      const bool vehicle_only = type == "Vehicle search";
      const Ethnicity& ethnicity = draw_entry<Ethnicity>(kEthnicities, random);
      const std::string_view outcome = draw_text(kSearchOutcomes, random);
      const bool linked = outcome != kNoFurtherAction && random.chance(0.7);
      const std::string_view removal = vehicle_only          ? ""
                                       : random.chance(0.03) ? ""
                                                             : true_false(random.chance(0.06));
      Search row{utc, random.bits(), {}};
      append_csv_row(
          row.line,
          {type, format_utc(utc), true_false(random.chance(0.1)), kSyntheticMarker,
           located ? format_degrees(lonlat.latitude) : "", located ? format_degrees(lonlat.longitude) : "",
           vehicle_only ? "" : draw_text(kGenders, random), vehicle_only ? "" : draw_text(kAgeRanges, random),
           vehicle_only ? "" : ethnicity.self_defined, vehicle_only ? "" : ethnicity.officer_defined,
           grounds.legislation, grounds.object, outcome, true_false(linked), removal});
      rows.push_back(std::move(row));
    }
  }
  std::stable_sort(rows.begin(), rows.end(), [](const Search& a, const Search& b) { return a.utc < b.utc; });
  std::string text(kStopSearchHeader);
  text.push_back('\n');
  for (const Search& row : rows) text.append(row.line);
  return text;
}

}  // namespace grip::demo

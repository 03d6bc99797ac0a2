// data.police.uk-format files for the synthetic county: the monthly street-level crime CSV (the
// exact 12 columns; rows ordered by LSOA name then crime type as published, no-location rows
// last) and the monthly stop-and-search CSV (the exact 15 columns, UTC ISO date-times).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "grip/demo/calendar.hpp"
#include "grip/demo/crime_process.hpp"
#include "grip/demo/geography.hpp"
#include "grip/demo/random.hpp"

namespace grip::demo {

inline constexpr std::string_view kStreetHeader =
    "Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Crime type,"
    "Last outcome category,Context";
inline constexpr std::string_view kStopSearchHeader =
    "Type,Date,Part of a policing operation,Policing operation,Latitude,Longitude,Gender,Age range,"
    "Self-defined ethnicity,Officer-defined ethnicity,Legislation,Object of search,Outcome,"
    "Outcome linked to object of search,Removal of more than just outer clothing";

inline constexpr double kNoLocationShare = 0.005;     // street rows published without a location
inline constexpr double kStopsPerMonth = 300.0;       // stop and search at crime_scale 1
inline constexpr double kStopHotspotFraction = 0.45;  // searches in planted hotspots

struct StreetFile {
  std::string text;
  std::int64_t rows = 0;
};

// The street CSV of one month: every event whose month index is `month`.
[[nodiscard]] StreetFile street_csv(const Geography& geography, const std::vector<CrimeEvent>& events,
                                    std::size_t month, const StudyMonth& study_month, Random& random);

// The stop-and-search CSV of one month.
[[nodiscard]] std::string stop_search_csv(const Geography& geography, const Placer& placer,
                                          const StudyMonth& month, double crime_scale, Random& random);

}  // namespace grip::demo

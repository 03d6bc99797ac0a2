// The force's own time-stamped extract of the synthetic county: one row per serious violence,
// robbery and burglary event with its true local time (or recorded window) and true location,
// ordered by time, ids SYN-0000001 onwards; and the mapping file that tells the ingest which
// column is which and which data.police.uk type each offence is.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "grip/demo/crime_process.hpp"

namespace grip::demo {

inline constexpr std::string_view kIncidentHeader =
    "incident_id,offence,occurred_from,occurred_to,longitude,latitude";

struct IncidentFile {
  std::string text;
  std::int64_t rows = 0;
};

[[nodiscard]] IncidentFile incidents_csv(const std::vector<CrimeEvent>& events);
// dataset empty: the mapping names no dataset (ingest's default, "incidents").
[[nodiscard]] std::string incidents_mapping_json(const std::string& dataset = {});

}  // namespace grip::demo

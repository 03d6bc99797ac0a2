// data.police.uk stop-and-search CSVs (15 columns, ISO date-times with offsets). Stop and search
// records are personal data: Grip keeps only what patrol outcomes need (when, where, under which
// power, for what, with what result) and, for the scrutiny panel's breakdown that the monthly return
// must give, the top-level group of the self-defined ethnicity (ethnicity_group()). Gender, age,
// officer-defined ethnicity, the detailed self-defined category and clothing removal are never
// stored, not even in the raw text of a rejected row, where they are blanked.
#pragma once

#include <string>

#include "grip/ingest/csv_table.hpp"
#include "grip/ingest/records.hpp"

namespace grip::ingest {

inline constexpr const char* kPoliceUkStopSearchDataset = "police.uk stop and search";
// data.police.uk writes search times with a UTC offset ("+00:00" all year round); they are stored
// as UK local time, so a summer search at 14:01+00:00 is stored as 15:01.
inline const std::string kPoliceUkTimeZone = "Europe/London";

// The top-level group of a data.police.uk self-defined ethnicity (the 2011 census groups, as the
// Home Office publishes them): the text before " - " of "White - Irish", "Black/African/Caribbean/
// Black British - African", "Asian/Asian British - Indian", "Mixed/Multiple ethnic groups - ...",
// "Other ethnic group - ..." gives "White", "Black", "Asian", "Mixed", "Other"; "Other ethnic group -
// Not stated" and an empty field give "Not stated"; any other text gives "Other", so free text is
// never kept. Returns a static string.
[[nodiscard]] std::string_view ethnicity_group(std::string_view self_defined);

[[nodiscard]] bool is_police_uk_stop_search(const CsvTable& table);
// `force` comes from the file name ("2018-03-essex-stop-and-search.csv" → "essex"): the schema has
// no force column, yet a newer copy of a force's month must replace that force's month only.
[[nodiscard]] ParsedFile read_police_uk_stop_search(const CsvTable& table, const std::string& file_name);

}  // namespace grip::ingest

// The synthetic county's non-tabular files: the districts as a GeoJSON FeatureCollection (WGS84,
// properties LAD_CODE and LAD_NAME like the real district boundaries) and the README that says
// what the files are and what was planted in them.
#pragma once

#include <string>

#include "grip/demo/geography.hpp"
#include "grip/demo/synthetic_county.hpp"

namespace grip::demo {

[[nodiscard]] std::string districts_geojson(const Geography& geography);
[[nodiscard]] std::string readme_text(const CountyOptions& options, const Geography& geography,
                                      const SyntheticCounty& county);

}  // namespace grip::demo

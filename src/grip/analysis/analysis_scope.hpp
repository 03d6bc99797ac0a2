// What every grid analysis (hotspots, backtests, forecasts, and the patrol and evaluation work
// that follows) is asked about: which dataset, which crime types, which months, at what cell size.
// The defaults live here and nowhere else.
#pragma once

#include <string>
#include <vector>

#include "grip/store/incident_tables.hpp"
#include "grip/store/store.hpp"

namespace grip::analysis {

// data.police.uk street crime, the dataset analysed by default when stored: other incident
// datasets in the same store (a force's extract) may repeat its crimes.
inline constexpr const char* kStreetDataset = "police.uk street";
inline constexpr double kDefaultCellSizeM = 150.0;

struct AnalysisScope {
  std::string dataset;                   // empty: kStreetDataset when stored, else every dataset
  std::vector<std::string> crime_types;  // empty: the analysis's own default (see its settings)
  std::string from_month;                // "YYYY-MM", inclusive; empty = the first month stored
  std::string to_month;                  // "YYYY-MM", inclusive; empty = the last month stored
  double cell_size_m = kDefaultCellSizeM;
};

struct ResolvedDataset {
  std::string name;  // empty = every dataset
  std::string note;  // why, when the default was applied
};
// The dataset to analyse; throws grip::UsageError listing the stored datasets when the one asked
// for is not stored.
[[nodiscard]] ResolvedDataset resolve_dataset(store::Store& store, const std::string& requested);

// The incidents the scope covers: its months (empty = all) in the dataset resolve_dataset chose.
[[nodiscard]] store::IncidentFilter incident_filter(const AnalysisScope& scope,
                                                    const ResolvedDataset& dataset);

// The store's CRS, checked to be metric; throws grip::UsageError when the store is empty or in degrees.
[[nodiscard]] store::StoreCrs require_metric_crs(store::Store& store);

// Throws grip::UsageError unless the cell size is a positive, finite number of metres.
void require_cell_size(double cell_size_m);

// Throws grip::UsageError unless the month is empty or "YYYY-MM" with a month 01..12.
void require_month(const std::string& month);

}  // namespace grip::analysis

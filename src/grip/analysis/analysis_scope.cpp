#include "grip/analysis/analysis_scope.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "grip/core/errors.hpp"
#include "grip/core/time_text.hpp"
#include "grip/store/incident_tables.hpp"

namespace grip::analysis {

ResolvedDataset resolve_dataset(store::Store& store, const std::string& requested) {
  const auto stored = store::incident_datasets(store);
  const bool have_street = std::find(stored.begin(), stored.end(), kStreetDataset) != stored.end();
  if (requested.empty()) {
    if (!have_street) return {};
    return {kStreetDataset,
            "Analysed the police.uk street dataset only (other incident datasets may repeat its "
            "crimes); choose another with --dataset"};
  }
  if (std::find(stored.begin(), stored.end(), requested) == stored.end()) {
    throw UsageError(
        fmt::format("--dataset '{}' is not in the store; it holds: {}", requested,
                    stored.empty() ? "no incident datasets" : fmt::format("{}", fmt::join(stored, ", "))));
  }
  return {requested, ""};
}

store::IncidentFilter incident_filter(const AnalysisScope& scope, const ResolvedDataset& dataset) {
  store::IncidentFilter filter;
  filter.dataset = dataset.name;
  if (!scope.from_month.empty()) filter.from_month = scope.from_month;
  if (!scope.to_month.empty()) filter.to_month = scope.to_month;
  return filter;
}

store::StoreCrs require_metric_crs(store::Store& store) {
  const auto crs = store.crs();
  if (!crs) throw UsageError(store.path() + " holds no data yet; run 'grip ingest' first");
  if (crs->epsg == 4326 || crs->epsg == 4258 || crs->epsg == 4269 || crs->epsg == 4167) {
    throw UsageError(fmt::format("the store's CRS {} is in degrees; grids need metres", crs->code));
  }
  return *crs;
}

void require_cell_size(double cell_size_m) {
  if (!(cell_size_m > 0) || !std::isfinite(cell_size_m)) {
    throw UsageError(fmt::format("--cell-size must be a positive number of metres, not {}", cell_size_m));
  }
}

void require_month(const std::string& month) {
  if (!month.empty() && !parse_year_month(month)) throw UsageError("month '" + month + "' is not YYYY-MM");
}

}  // namespace grip::analysis

// The layers `grip hotspots` writes: hotspot_runs (attributes: one row per run, kept as history),
// hotspot_cells (POLYGON per cell of the latest run) and hotspots (MULTIPOLYGON of the latest run's
// selected and runner-up areas); and the selected hotspots later commands read back. A new run
// replaces the previous run's cells and hotspots, so QGIS shows one consistent picture.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "grip/store/store.hpp"

namespace grip::store {

struct HotspotRunRow {
  std::string created, settings_json, result_json, first_month, last_month;
  double cell_size_m = 0, bandwidth_m = 0, study_area_m2 = 0;
  std::int64_t incidents = 0, selected = 0;
};

// NaN doubles are written as NULL; an empty hotspot_id too.
struct HotspotCellRow {
  std::span<const std::uint8_t> wkb;
  Envelope envelope{};
  std::int64_t cell = 0, col = 0, row = 0, incidents = 0, gi_bin = 0;
  double harm = 0, ranking_harm = 0, weight = 0, kde_density = 0, kde_expected = 0;
  double gi_z = 0, gi_p = 0, gi_p_adjusted = 0, trend_z = 0, trend_p = 0;
  std::string_view trend, hotspot_id;
};

struct HotspotAreaRow {
  std::span<const std::uint8_t> wkb;
  Envelope envelope{};
  std::string_view hotspot_id, name, district, street_label, counts_by_type_json, trend_cells_json, review,
      review_reason, explanation;
  std::int64_t rank = 0, selected = 0, cells = 0, incidents = 0;
  double area_m2 = 0, harm = 0, ranking_harm = 0, share_of_force_harm = 0, peak_gi_z = 0,
         mean_kde_density = 0;
};

// Writes one run inside the caller's WriteTransaction: construct (registers the layers and clears
// the previous run's cells and hotspots), add_run, then the cells and areas, then finish.
class HotspotLayerWriter {
 public:
  explicit HotspotLayerWriter(Store& store);
  ~HotspotLayerWriter();
  [[nodiscard]] std::int64_t previous_rows_replaced() const noexcept { return previous_rows_; }
  // Returns the new run's id.
  std::int64_t add_run(const HotspotRunRow& run);
  // Every cell before the first area.
  void add_cell(const HotspotCellRow& cell);
  void add_area(const HotspotAreaRow& area);
  // bounds: the extent of what was written (a viewer's hint).
  void finish(const Envelope& bounds);

 private:
  void end_cells();

  Store& store_;
  std::int64_t previous_rows_ = 0;
  std::int64_t run_id_ = 0;
  std::unique_ptr<RowSink> cells_;
  std::unique_ptr<Query> areas_;
};

struct StoredHotspot {
  std::string id, name;
  std::vector<std::uint8_t> wkb;
};
struct SelectedHotspots {
  std::int64_t run_id = 0;  // 0 when no run has selected hotspots
  std::vector<StoredHotspot> hotspots;
};
// The selected hotspots of the latest hotspot run, in rank order.
[[nodiscard]] SelectedHotspots read_selected_hotspots(Store& store);

}  // namespace grip::store

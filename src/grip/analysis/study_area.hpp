// The store inputs every grid analysis shares: crime categories (harm weight, victim- or
// police-generated), the boundaries that define the study area, and the study-area grid itself
// (a square grid covering the boundaries, or the data's extent without them; a cell belongs to the
// study area when its centre lies inside a boundary). Used by `grip hotspots` and `grip backtest` /
// `grip forecast`, so both analyse exactly the same area A.
#pragma once

#include <cstdint>
#include <map>
#include <span>
#include <string>
#include <vector>

#include "grip/geo/grid.hpp"
#include "grip/geo/polygon_raster.hpp"
#include "grip/store/store.hpp"

namespace grip::analysis {

struct StudyArea {
  std::string source;  // e.g. "14 district boundaries" or "extent of the data"
  std::size_t boundary_polygons = 0;
  std::size_t cells_in_area = 0;
  double area_m2 = 0.0;  // cells_in_area × cell area
};

struct Boundaries {
  std::string kind;  // "district", or the first kind stored when there are no districts
  std::vector<std::string> names;
  std::vector<geo::RingSet> shapes;
};

// The district boundaries, or every stored area when there are none. Throws grip::StoreError.
[[nodiscard]] Boundaries read_boundaries(store::Store& store);

struct StudyGrid {
  geo::Grid grid{0.0, 0.0, 1.0, 1, 1};
  std::vector<std::uint8_t> in_study_area;     // per grid cell
  std::vector<std::int32_t> district_of_cell;  // index into Boundaries::names, −1 if none
  StudyArea study_area;
};

// The grid of cell_size_m cells over the boundaries (or, with none, the points' extent), shifted
// south-west by the given metres. Throws grip::UsageError for coordinates that look like degrees, a
// grid over geo::Grid::kMaxCells cells, or a study area of fewer than two cells.
[[nodiscard]] StudyGrid make_study_grid(const Boundaries& boundaries, std::span<const double> xs,
                                        std::span<const double> ys, double cell_size_m,
                                        double shift_x_m = 0.0, double shift_y_m = 0.0);

}  // namespace grip::analysis

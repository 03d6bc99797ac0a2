// The store inputs every grid analysis shares: crime categories (harm weight, victim- or
// police-generated), the boundaries that define the study area, and the study-area grid itself
// (a square grid covering the boundaries; a cell belongs to the study area when its centre lies
// inside a boundary). Without boundaries the area is derived from the data, never its bounding box
// (a county's box is several times the county): every cell whose centre lies within
// kDataAreaReachM of a location where the data records any crime (see docs/hotspots.md). Used by `grip
// hotspots` and `grip backtest` / `grip forecast`, so both analyse exactly the same area A.
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

// Without boundaries, a cell is in the study area when its centre lies within this distance of a
// recorded crime location: about a 12-minute walk, wider than the gap between snap points along any
// road (data.police.uk places points on every street), so farmland between villages stays in while
// the sea and the land beyond the force's last street stay out.
inline constexpr double kDataAreaReachM = 1000.0;

struct StudyArea {
  std::string source;  // e.g. "14 district boundaries" or "cells within 1 km of a recorded location"
  bool from_boundaries = false;  // false: derived from the data (PAI and concentration depend on it)
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

// The grid of cell_size_m cells over the boundaries (or, with none, the points' extent padded by
// kDataAreaReachM, the study area then being the cells within that reach of a point), shifted
// south-west by the given metres. Without boundaries pass every recorded location of the dataset
// (the whole history, every crime type), so the area does not change with the period analysed. Throws
// grip::UsageError for coordinates that look like degrees, a grid over geo::Grid::kMaxCells cells, or a study
// area of fewer than two cells.
[[nodiscard]] StudyGrid make_study_grid(const Boundaries& boundaries, std::span<const double> xs,
                                        std::span<const double> ys, double cell_size_m,
                                        double shift_x_m = 0.0, double shift_y_m = 0.0);

}  // namespace grip::analysis

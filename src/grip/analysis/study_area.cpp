// Categories, boundaries and the study-area grid, read once for every grid analysis.
#include "grip/analysis/study_area.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <memory>
#include <stdexcept>

#include "grip/core/errors.hpp"
#include "grip/store/incident_tables.hpp"

namespace grip::analysis {

Boundaries read_boundaries(store::Store& store) {
  Boundaries boundaries;
  const bool have_districts = store::count_areas(store, "district") > 0;
  for (auto& area : store::read_areas(store, have_districts ? "district" : "")) {
    if (boundaries.kind.empty()) boundaries.kind = area.kind;
    boundaries.names.push_back(area.name);
    try {
      boundaries.shapes.push_back(geo::decode_polygon_blob(area.wkb));
    } catch (const std::invalid_argument& error) {
      throw StoreError("area '" + boundaries.names.back() + "' has an unreadable geometry: " + error.what());
    }
  }
  return boundaries;
}

StudyGrid make_study_grid(const Boundaries& boundaries, std::span<const double> xs,
                          std::span<const double> ys, double cell_size_m, double shift_x_m,
                          double shift_y_m) {
  double min_x = std::numeric_limits<double>::infinity(), min_y = min_x;
  double max_x = -min_x, max_y = -min_x;
  if (!boundaries.shapes.empty()) {
    for (const auto& shape : boundaries.shapes) {
      min_x = std::min(min_x, shape.min_x), min_y = std::min(min_y, shape.min_y);
      max_x = std::max(max_x, shape.max_x), max_y = std::max(max_y, shape.max_y);
    }
  } else {
    for (std::size_t i = 0; i < xs.size(); ++i) {
      min_x = std::min(min_x, xs[i]), min_y = std::min(min_y, ys[i]);
      max_x = std::max(max_x, xs[i]), max_y = std::max(max_y, ys[i]);
    }
  }
  if (!(min_x <= max_x) || !(min_y <= max_y))
    throw UsageError("no boundaries and no incidents: the study area is empty");
  if (std::abs(min_x) <= 180 && std::abs(max_x) <= 180 && std::abs(min_y) <= 90 && std::abs(max_y) <= 90) {
    throw UsageError(
        fmt::format("the study area spans x {:g}..{:g}, y {:g}..{:g}: those look like degrees, not metres; "
                    "re-ingest into a projected CRS",
                    min_x, max_x, min_y, max_y));
  }
  const double cs = cell_size_m;
  const double columns = std::floor((max_x - min_x + shift_x_m) / cs) + 1;
  const double rows = std::floor((max_y - min_y + shift_y_m) / cs) + 1;
  if (columns * rows > static_cast<double>(geo::Grid::kMaxCells)) {
    throw UsageError(
        fmt::format("cell size {:g} m over the {:.1f} km x {:.1f} km study area needs {:.0f} cells, more "
                    "than the limit of 50 million; choose a larger --cell-size",
                    cs, (max_x - min_x) / 1000, (max_y - min_y) / 1000, columns * rows));
  }
  StudyGrid study;
  study.grid = geo::Grid::covering(min_x - shift_x_m, min_y - shift_y_m, max_x, max_y, cs);
  const auto& grid = study.grid;
  const std::size_t cell_count = grid.cell_count();
  study.in_study_area.assign(cell_count, boundaries.shapes.empty() ? 1 : 0);
  study.district_of_cell.assign(cell_count, -1);
  for (std::size_t b = 0; b < boundaries.shapes.size(); ++b) {
    geo::rasterise(grid, boundaries.shapes[b], study.in_study_area);
    geo::rasterise_label(grid, boundaries.shapes[b], study.district_of_cell, static_cast<std::int32_t>(b));
  }
  auto& area = study.study_area;
  area.cells_in_area =
      static_cast<std::size_t>(std::count(study.in_study_area.begin(), study.in_study_area.end(), 1));
  area.area_m2 = static_cast<double>(area.cells_in_area) * grid.cell_area();
  area.boundary_polygons = boundaries.shapes.size();
  area.source = boundaries.shapes.empty() ? "extent of the data (no boundaries in the store)"
                                          : fmt::format("{} {} boundaries, cells counted by centre",
                                                        boundaries.shapes.size(), boundaries.kind);
  if (area.cells_in_area < 2)
    throw UsageError("the study area holds fewer than two cells; use a smaller --cell-size");
  return study;
}

}  // namespace grip::analysis

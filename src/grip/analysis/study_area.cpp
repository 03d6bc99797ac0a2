// Categories, boundaries and the study-area grid, read once for every grid analysis.
#include "grip/analysis/study_area.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <memory>
#include <stdexcept>
#include <utility>

#include "grip/core/errors.hpp"
#include "grip/store/incident_tables.hpp"

namespace grip::analysis {
namespace {

// Sets flag[c] = 1 for every cell whose centre lies within reach of a point (distinct points only).
void mark_cells_within_reach(const geo::Grid& grid, std::span<const double> xs, std::span<const double> ys,
                             double reach, std::vector<std::uint8_t>& flag) {
  std::vector<std::pair<double, double>> points;
  points.reserve(xs.size());
  for (std::size_t i = 0; i < xs.size(); ++i) {
    if (std::isfinite(xs[i]) && std::isfinite(ys[i])) points.emplace_back(xs[i], ys[i]);
  }
  std::sort(points.begin(), points.end());
  points.erase(std::unique(points.begin(), points.end()), points.end());
  const double cs = grid.cell_size();
  const auto ny = static_cast<std::ptrdiff_t>(grid.ny());
  const auto nx = static_cast<std::ptrdiff_t>(grid.nx());
  for (const auto& [x, y] : points) {
    // Cell centres lie at x0 + (col + 0.5)·cs; rows whose centre is within reach vertically.
    const double row_c = grid.row_coordinate(y) - 0.5;
    const auto row_lo =
        std::max<std::ptrdiff_t>(0, static_cast<std::ptrdiff_t>(std::ceil(row_c - reach / cs)));
    const auto row_hi =
        std::min<std::ptrdiff_t>(ny - 1, static_cast<std::ptrdiff_t>(std::floor(row_c + reach / cs)));
    const double col_c = grid.col_coordinate(x) - 0.5;
    for (auto row = row_lo; row <= row_hi; ++row) {
      const double dy = (static_cast<double>(row) - row_c) * cs;
      const double half = std::sqrt(std::max(0.0, reach * reach - dy * dy)) / cs;
      const auto col_lo = std::max<std::ptrdiff_t>(0, static_cast<std::ptrdiff_t>(std::ceil(col_c - half)));
      const auto col_hi =
          std::min<std::ptrdiff_t>(nx - 1, static_cast<std::ptrdiff_t>(std::floor(col_c + half)));
      for (auto col = col_lo; col <= col_hi; ++col)
        flag[grid.cell(static_cast<std::size_t>(col), static_cast<std::size_t>(row))] = 1;
    }
  }
}

}  // namespace

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
      if (!std::isfinite(xs[i]) || !std::isfinite(ys[i])) continue;
      min_x = std::min(min_x, xs[i]), min_y = std::min(min_y, ys[i]);
      max_x = std::max(max_x, xs[i]), max_y = std::max(max_y, ys[i]);
    }
  }
  const bool from_data = boundaries.shapes.empty();
  if (!(min_x <= max_x) || !(min_y <= max_y))
    throw UsageError("no boundaries and no incidents: the study area is empty");
  if (std::abs(min_x) <= 180 && std::abs(max_x) <= 180 && std::abs(min_y) <= 90 && std::abs(max_y) <= 90) {
    throw UsageError(
        fmt::format("the study area spans x {:g}..{:g}, y {:g}..{:g}: those look like degrees, not metres; "
                    "re-ingest into a projected CRS",
                    min_x, max_x, min_y, max_y));
  }
  if (from_data) {
    min_x -= kDataAreaReachM, min_y -= kDataAreaReachM;
    max_x += kDataAreaReachM, max_y += kDataAreaReachM;
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
  study.in_study_area.assign(cell_count, 0);
  study.district_of_cell.assign(cell_count, -1);
  if (from_data) mark_cells_within_reach(grid, xs, ys, kDataAreaReachM, study.in_study_area);
  for (std::size_t b = 0; b < boundaries.shapes.size(); ++b) {
    geo::rasterise(grid, boundaries.shapes[b], study.in_study_area);
    geo::rasterise_label(grid, boundaries.shapes[b], study.district_of_cell, static_cast<std::int32_t>(b));
  }
  auto& area = study.study_area;
  area.cells_in_area =
      static_cast<std::size_t>(std::count(study.in_study_area.begin(), study.in_study_area.end(), 1));
  area.area_m2 = static_cast<double>(area.cells_in_area) * grid.cell_area();
  area.boundary_polygons = boundaries.shapes.size();
  area.from_boundaries = !from_data;
  area.source = from_data ? fmt::format(
                                "derived from the data (no boundaries in the store): cells whose centre "
                                "lies within {:g} km of a recorded crime location",
                                kDataAreaReachM / 1000)
                          : fmt::format("{} {} boundaries, cells counted by centre", boundaries.shapes.size(),
                                        boundaries.kind);
  if (area.cells_in_area < 2)
    throw UsageError("the study area holds fewer than two cells; use a smaller --cell-size");
  return study;
}

}  // namespace grip::analysis

#include "grip/geo/cell_outline.hpp"

#include <ogr_geometry.h>

#include <cstring>
#include <memory>
#include <stdexcept>

#include "grip/core/errors.hpp"

namespace grip::geo {
namespace {

void put_uint32(std::uint8_t*& at, std::uint32_t value) {
  for (int i = 0; i < 4; ++i) *at++ = static_cast<std::uint8_t>(value >> (8 * i));
}
void put_double(std::uint8_t*& at, double value) {
  std::uint64_t bits = 0;
  std::memcpy(&bits, &value, sizeof bits);
  for (int i = 0; i < 8; ++i) *at++ = static_cast<std::uint8_t>(bits >> (8 * i));
}

struct GeometryDeleter {
  void operator()(OGRGeometry* geometry) const { OGRGeometryFactory::destroyGeometry(geometry); }
};
using GeometryPtr = std::unique_ptr<OGRGeometry, GeometryDeleter>;

}  // namespace

void cell_polygon_wkb(const Grid& grid, std::size_t cell, std::span<std::uint8_t, kCellPolygonWkbSize> out) {
  const double s = grid.cell_size();
  const double x = grid.x0() + static_cast<double>(grid.col_of(cell)) * s;
  const double y = grid.y0() + static_cast<double>(grid.row_of(cell)) * s;
  std::uint8_t* at = out.data();
  *at++ = 1;
  put_uint32(at, 3);
  put_uint32(at, 1);
  put_uint32(at, 5);
  const double corners[5][2] = {{x, y}, {x + s, y}, {x + s, y + s}, {x, y + s}, {x, y}};
  for (const auto& corner : corners) {
    put_double(at, corner[0]);
    put_double(at, corner[1]);
  }
}

std::vector<std::uint8_t> cells_multipolygon_wkb(const Grid& grid, std::span<const std::size_t> cells,
                                                 Bounds* bounds) {
  if (cells.empty()) throw UsageError("cells_multipolygon_wkb: no cells");
  const double s = grid.cell_size();
  OGRMultiPolygon squares;
  for (const auto cell : cells) {
    const double x = grid.x0() + static_cast<double>(grid.col_of(cell)) * s;
    const double y = grid.y0() + static_cast<double>(grid.row_of(cell)) * s;
    auto ring = std::make_unique<OGRLinearRing>();
    ring->addPoint(x, y);
    ring->addPoint(x + s, y);
    ring->addPoint(x + s, y + s);
    ring->addPoint(x, y + s);
    ring->addPoint(x, y);
    auto square = std::make_unique<OGRPolygon>();
    square->addRingDirectly(ring.release());
    squares.addGeometryDirectly(square.release());
  }
  GeometryPtr merged(squares.UnionCascaded());
  if (!merged)
    throw std::runtime_error("GDAL could not form the union of a hotspot's cells (is GDAL built with GEOS?)");
  GeometryPtr multi(OGRGeometryFactory::forceToMultiPolygon(merged.release()));
  if (!multi || wkbFlatten(multi->getGeometryType()) != wkbMultiPolygon) {
    throw std::runtime_error("the union of a hotspot's cells is not a polygon");
  }
  if (bounds != nullptr) {
    OGREnvelope envelope;
    multi->getEnvelope(&envelope);
    *bounds = {envelope.MinX, envelope.MinY, envelope.MaxX, envelope.MaxY};
  }
  std::vector<std::uint8_t> wkb(multi->WkbSize());
  multi->exportToWkb(wkbNDR, wkb.data(), wkbVariantIso);
  return wkb;
}

}  // namespace grip::geo

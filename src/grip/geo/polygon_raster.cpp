#include "grip/geo/polygon_raster.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <stdexcept>
#include <string>

#include "grip/core/errors.hpp"

namespace grip::geo {
namespace {

class WkbReader {
 public:
  explicit WkbReader(std::span<const std::uint8_t> bytes) : bytes_(bytes) {}

  std::uint8_t byte() {
    need(1);
    return bytes_[offset_++];
  }
  std::uint32_t uint32(bool little) {
    need(4);
    std::uint32_t value = 0;
    for (int i = 0; i < 4; ++i) {
      const auto b =
          static_cast<std::uint32_t>(bytes_[offset_ + static_cast<std::size_t>(little ? i : 3 - i)]);
      value |= b << (8 * i);
    }
    offset_ += 4;
    return value;
  }
  double float64(bool little) {
    need(8);
    std::uint64_t bits = 0;
    for (int i = 0; i < 8; ++i) {
      const auto b =
          static_cast<std::uint64_t>(bytes_[offset_ + static_cast<std::size_t>(little ? i : 7 - i)]);
      bits |= b << (8 * i);
    }
    offset_ += 8;
    double value = 0;
    std::memcpy(&value, &bits, sizeof value);
    return value;
  }
  void skip(std::size_t n) {
    need(n);
    offset_ += n;
  }
  [[nodiscard]] std::size_t remaining() const { return bytes_.size() - offset_; }

 private:
  void need(std::size_t n) const {
    if (offset_ + n > bytes_.size()) throw std::invalid_argument("polygon geometry blob is truncated");
  }
  std::span<const std::uint8_t> bytes_;
  std::size_t offset_ = 0;
};

struct GeometryHeader {
  bool little;
  std::uint32_t base_type;
  int dims;
};

GeometryHeader read_header(WkbReader& reader) {
  const bool little = reader.byte() == 1;
  std::uint32_t type = reader.uint32(little);
  int dims = 2;
  // EWKB flags (PostGIS) and ISO thousands both mark Z and M.
  if (type & 0x80000000U) ++dims;
  if (type & 0x40000000U) ++dims;
  if (type & 0x20000000U) throw std::invalid_argument("EWKB with an embedded SRID is not supported");
  type &= 0x0FFFFFFFU;
  if (type >= 3000) {
    dims = 4;
  } else if (type >= 1000) {
    dims = 3;
  }
  return {little, type % 1000, dims};
}

void read_polygon(WkbReader& reader, const GeometryHeader& header, RingSet& out) {
  const std::uint32_t ring_count = reader.uint32(header.little);
  for (std::uint32_t r = 0; r < ring_count; ++r) {
    const std::uint32_t point_count = reader.uint32(header.little);
    if (static_cast<std::size_t>(point_count) * static_cast<std::size_t>(header.dims) * 8 >
        reader.remaining()) {
      throw std::invalid_argument("polygon geometry blob is truncated");
    }
    Ring ring;
    ring.reserve(point_count);
    for (std::uint32_t p = 0; p < point_count; ++p) {
      const double x = reader.float64(header.little);
      const double y = reader.float64(header.little);
      reader.skip(static_cast<std::size_t>(header.dims - 2) * 8);
      ring.push_back({x, y});
    }
    if (ring.size() >= 3) out.rings.push_back(std::move(ring));
  }
}

// Calls fill(row, col_begin, col_end) for the cells of each row whose centres lie inside.
template <typename Fill>
void scan(const Grid& grid, const RingSet& shape, Fill&& fill) {
  const double s = grid.cell_size();
  const auto ny = static_cast<std::ptrdiff_t>(grid.ny());
  const auto nx = static_cast<std::ptrdiff_t>(grid.nx());
  std::vector<std::vector<double>> crossings(grid.ny());
  for (const auto& ring : shape.rings) {
    const std::size_t n = ring.size();
    for (std::size_t i = 0, j = n - 1; i < n; j = i++) {
      const Point a = ring[j];
      const Point b = ring[i];
      if (a.y == b.y) continue;
      // Rows whose centre yc satisfies (a.y > yc) != (b.y > yc), i.e. yc in [lo, hi).
      const double lo = std::min(a.y, b.y);
      const double hi = std::max(a.y, b.y);
      auto row = static_cast<std::ptrdiff_t>(std::ceil((lo - grid.y0()) / s - 0.5));
      row = std::max<std::ptrdiff_t>(row - 1, 0);
      for (; row < ny; ++row) {
        const double yc = grid.y0() + (static_cast<double>(row) + 0.5) * s;
        if (yc < lo) continue;
        if (yc >= hi) break;
        // The same expression as point_in_rings, so the two agree bit for bit.
        crossings[static_cast<std::size_t>(row)].push_back(a.x + (yc - a.y) * (b.x - a.x) / (b.y - a.y));
      }
    }
  }
  for (std::ptrdiff_t row = 0; row < ny; ++row) {
    auto& xs = crossings[static_cast<std::size_t>(row)];
    if (xs.empty()) continue;
    std::sort(xs.begin(), xs.end());
    for (std::size_t k = 0; k + 1 < xs.size(); k += 2) {
      // Centres xc with xs[k] <= xc < xs[k+1].
      auto begin = static_cast<std::ptrdiff_t>(std::ceil((xs[k] - grid.x0()) / s - 0.5));
      auto end = static_cast<std::ptrdiff_t>(std::ceil((xs[k + 1] - grid.x0()) / s - 0.5));
      const auto centre = [&](std::ptrdiff_t col) {
        return grid.x0() + (static_cast<double>(col) + 0.5) * s;
      };
      while (begin > 0 && centre(begin - 1) >= xs[k]) --begin;
      while (centre(begin) < xs[k]) ++begin;
      while (end > begin && centre(end - 1) >= xs[k + 1]) --end;
      while (centre(end) < xs[k + 1]) ++end;
      begin = std::clamp<std::ptrdiff_t>(begin, 0, nx);
      end = std::clamp<std::ptrdiff_t>(end, 0, nx);
      if (begin < end)
        fill(static_cast<std::size_t>(row), static_cast<std::size_t>(begin), static_cast<std::size_t>(end));
    }
  }
}

}  // namespace

RingSet decode_polygon_blob(std::span<const std::uint8_t> blob) {
  std::span<const std::uint8_t> wkb = blob;
  if (blob.size() >= 8 && blob[0] == 'G' && blob[1] == 'P') {
    const std::uint8_t flags = blob[3];
    if (flags & 0x10U) return {};  // empty geometry
    static constexpr std::size_t kEnvelopeBytes[] = {0, 32, 48, 48, 64};
    const unsigned indicator = (flags >> 1) & 0x07U;
    if (indicator > 4) throw std::invalid_argument("GeoPackage blob has an invalid envelope indicator");
    const std::size_t header = 8 + kEnvelopeBytes[indicator];
    if (blob.size() < header) throw std::invalid_argument("polygon geometry blob is truncated");
    wkb = blob.subspan(header);
  }
  WkbReader reader(wkb);
  RingSet shape;
  const auto header = read_header(reader);
  if (header.base_type == 3) {
    read_polygon(reader, header, shape);
  } else if (header.base_type == 6) {
    const std::uint32_t parts = reader.uint32(header.little);
    for (std::uint32_t p = 0; p < parts; ++p) {
      const auto part = read_header(reader);
      if (part.base_type != 3) throw std::invalid_argument("MULTIPOLYGON holds a part that is not a POLYGON");
      read_polygon(reader, part, shape);
    }
  } else {
    throw std::invalid_argument("geometry is WKB type " + std::to_string(header.base_type) +
                                ", not a POLYGON (3) or MULTIPOLYGON (6)");
  }
  shape.min_x = shape.min_y = std::numeric_limits<double>::infinity();
  shape.max_x = shape.max_y = -std::numeric_limits<double>::infinity();
  for (const auto& ring : shape.rings) {
    for (const auto& p : ring) {
      shape.min_x = std::min(shape.min_x, p.x);
      shape.min_y = std::min(shape.min_y, p.y);
      shape.max_x = std::max(shape.max_x, p.x);
      shape.max_y = std::max(shape.max_y, p.y);
    }
  }
  return shape;
}

bool point_in_rings(const RingSet& shape, double x, double y) noexcept {
  bool inside = false;
  for (const auto& ring : shape.rings) {
    const std::size_t n = ring.size();
    for (std::size_t i = 0, j = n - 1; i < n; j = i++) {
      const Point a = ring[j];
      const Point b = ring[i];
      if ((a.y > y) != (b.y > y) && x < a.x + (y - a.y) * (b.x - a.x) / (b.y - a.y)) inside = !inside;
    }
  }
  return inside;
}

namespace {

template <typename T>
std::size_t fill_inside(const Grid& grid, const RingSet& shape, std::span<T> raster, T value,
                        const char* what) {
  if (raster.size() != grid.cell_count()) {
    throw UsageError(std::string(what) + ": raster has " + std::to_string(raster.size()) +
                     " cells, the grid " + std::to_string(grid.cell_count()));
  }
  std::size_t filled = 0;
  scan(grid, shape, [&](std::size_t row, std::size_t begin, std::size_t end) {
    // Even-odd within one shape: spans of one row never overlap, so a plain fill is exact.
    std::fill(raster.begin() + static_cast<std::ptrdiff_t>(grid.cell(begin, row)),
              raster.begin() + static_cast<std::ptrdiff_t>(grid.cell(end, row)), value);
    filled += end - begin;
  });
  return filled;
}

}  // namespace

std::size_t rasterise(const Grid& grid, const RingSet& shape, std::span<std::uint8_t> mask,
                      std::uint8_t value) {
  return fill_inside(grid, shape, mask, value, "rasterise");
}

std::size_t rasterise_label(const Grid& grid, const RingSet& shape, std::span<std::int32_t> labels,
                            std::int32_t label) {
  return fill_inside(grid, shape, labels, label, "rasterise_label");
}

}  // namespace grip::geo

#include "grip/store/wkb.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstring>
#include <stdexcept>
#include <string>

namespace grip::store {
namespace {

enum : std::uint32_t {
  kPoint = 1,
  kLineString = 2,
  kPolygon = 3,
  kMultiPoint = 4,
  kMultiLineString = 5,
  kMultiPolygon = 6,
  kCollection = 7
};

class WkbWalker {
 public:
  explicit WkbWalker(std::span<const std::uint8_t> wkb) : wkb_(wkb) {}

  WkbSummary run() {
    WkbSummary summary;
    std::optional<DecodedPoint> point;
    geometry(0, &point);
    if (at_ != wkb_.size())
      throw std::invalid_argument("WKB has " + std::to_string(wkb_.size() - at_) +
                                  " bytes after the geometry");
    summary.little_endian = std::move(out_);
    if (any_) summary.envelope = envelope_;
    summary.point = point;
    return summary;
  }

 private:
  void geometry(int depth, std::optional<DecodedPoint>* top_point) {
    if (depth > 32) throw std::invalid_argument("WKB nests too deep");
    need(1);
    const std::uint8_t order = wkb_[at_++];
    if (order > 1) throw std::invalid_argument("WKB byte-order flag " + std::to_string(order));
    little_ = order == 1;
    out_.push_back(1);
    const std::uint32_t type = uint32();
    if (type < kPoint || type > kCollection) {
      throw std::invalid_argument("WKB geometry type " + std::to_string(type) + " is not a 2D type");
    }
    put(type);
    if (type == kPoint) {
      const double x = coordinate(), y = coordinate();
      if (top_point && !(std::isnan(x) && std::isnan(y))) *top_point = DecodedPoint{x, y};
      return;
    }
    const std::uint32_t count = uint32();
    put(count);
    if (type == kLineString) return points(count);
    if (type == kPolygon) {
      for (std::uint32_t ring = 0; ring < count; ++ring) {
        const std::uint32_t ring_points = uint32();
        put(ring_points);
        points(ring_points);
      }
      return;
    }
    // Each part has its own byte-order flag.
    for (std::uint32_t part = 0; part < count; ++part) geometry(depth + 1, nullptr);
  }

  void points(std::uint32_t count) {
    need(static_cast<std::size_t>(count) * 16);
    for (std::uint32_t i = 0; i < count; ++i) {
      coordinate();
      coordinate();
    }
  }

  // Reads an x then a y; the envelope takes in each pair.
  double coordinate() {
    std::uint64_t bits = 0;
    need(8);
    std::memcpy(&bits, wkb_.data() + at_, 8);
    at_ += 8;
    if (little_ != (std::endian::native == std::endian::little)) bits = byteswap(bits);
    const double value = std::bit_cast<double>(bits);
    put64(std::bit_cast<std::uint64_t>(value));
    if (pending_x_) {
      if (!std::isnan(*pending_x_) && !std::isnan(value)) extend(*pending_x_, value);
      pending_x_.reset();
    } else {
      pending_x_ = value;
    }
    return value;
  }

  void extend(double x, double y) {
    if (!any_) {
      envelope_ = {x, x, y, y};
      any_ = true;
      return;
    }
    envelope_.min_x = std::min(envelope_.min_x, x);
    envelope_.max_x = std::max(envelope_.max_x, x);
    envelope_.min_y = std::min(envelope_.min_y, y);
    envelope_.max_y = std::max(envelope_.max_y, y);
  }

  std::uint32_t uint32() {
    need(4);
    std::uint32_t value = 0;
    std::memcpy(&value, wkb_.data() + at_, 4);
    at_ += 4;
    if (little_ != (std::endian::native == std::endian::little)) value = byteswap32(value);
    return value;
  }

  // Appends in little-endian order whatever the machine's.
  void put(std::uint32_t value) {
    for (int byte = 0; byte < 4; ++byte) out_.push_back(static_cast<std::uint8_t>(value >> (8 * byte)));
  }
  void put64(std::uint64_t value) {
    for (int byte = 0; byte < 8; ++byte) out_.push_back(static_cast<std::uint8_t>(value >> (8 * byte)));
  }

  void need(std::size_t bytes) const {
    if (wkb_.size() - at_ < bytes) throw std::invalid_argument("WKB is truncated");
  }
  static std::uint64_t byteswap(std::uint64_t value) {
    std::uint64_t out = 0;
    for (int byte = 0; byte < 8; ++byte) out = (out << 8) | ((value >> (8 * byte)) & 0xFF);
    return out;
  }
  static std::uint32_t byteswap32(std::uint32_t value) {
    return (value >> 24) | ((value >> 8) & 0xFF00) | ((value << 8) & 0xFF0000) | (value << 24);
  }

  std::span<const std::uint8_t> wkb_;
  std::size_t at_ = 0;
  bool little_ = true;
  std::vector<std::uint8_t> out_;
  std::optional<double> pending_x_;
  Envelope envelope_{};
  bool any_ = false;
};

}  // namespace

WkbSummary summarize_wkb(std::span<const std::uint8_t> wkb) {
  WkbSummary summary = WkbWalker(wkb).run();
  return summary;
}

}  // namespace grip::store

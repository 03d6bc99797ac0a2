#include "grip/store/geometry_blob.hpp"

#include <bit>
#include <cstring>
#include <stdexcept>

namespace grip::store {
namespace {
static_assert(std::endian::native == std::endian::little, "Grip writes little-endian GeoPackage blobs");

template <typename T>
void put(std::uint8_t* at, T value) {
  std::memcpy(at, &value, sizeof(T));
}

template <typename T>
T get(const std::uint8_t* at, bool little_endian) {
  T value;
  std::memcpy(&value, at, sizeof(T));
  if (!little_endian) {
    auto* bytes = reinterpret_cast<std::uint8_t*>(&value);
    for (std::size_t i = 0; i < sizeof(T) / 2; ++i) std::swap(bytes[i], bytes[sizeof(T) - 1 - i]);
  }
  return value;
}

constexpr std::uint8_t kLittleEndian = 0x01;
constexpr std::uint8_t kEnvelopeXY = 0x02;  // envelope indicator 1 in bits 1-3
}  // namespace

void encode_point(std::int32_t srs_id, double x, double y, std::array<std::uint8_t, kPointBlobSize>& out) {
  out[0] = 'G';
  out[1] = 'P';
  out[2] = 0;  // version 1
  out[3] = kLittleEndian;
  put(&out[4], srs_id);
  out[8] = 1;                      // WKB little endian
  put(&out[9], std::uint32_t{1});  // wkbPoint
  put(&out[13], x);
  put(&out[21], y);
}

std::vector<std::uint8_t> wrap_wkb(std::int32_t srs_id, const Envelope& envelope,
                                   std::span<const std::uint8_t> wkb) {
  std::vector<std::uint8_t> blob(8 + 32 + wkb.size());
  blob[0] = 'G';
  blob[1] = 'P';
  blob[2] = 0;
  blob[3] = kLittleEndian | kEnvelopeXY;
  put(&blob[4], srs_id);
  put(&blob[8], envelope.min_x);
  put(&blob[16], envelope.max_x);
  put(&blob[24], envelope.min_y);
  put(&blob[32], envelope.max_y);
  std::memcpy(&blob[40], wkb.data(), wkb.size());
  return blob;
}

std::span<const std::uint8_t> wkb_of_blob(std::span<const std::uint8_t> blob) {
  if (blob.size() < 8 || blob[0] != 'G' || blob[1] != 'P')
    throw std::invalid_argument("not a GeoPackage blob");
  const std::uint8_t flags = blob[3];
  static constexpr std::size_t kEnvelopeBytes[] = {0, 32, 48, 48, 64, 0, 0, 0};
  const std::size_t header = 8 + kEnvelopeBytes[(flags >> 1) & 0x7];
  if (blob.size() < header + 5) throw std::invalid_argument("GeoPackage blob too short for a geometry");
  return blob.subspan(header);
}

DecodedPoint decode_point(std::span<const std::uint8_t> blob) {
  const auto body = wkb_of_blob(blob);
  if (body.size() < 21) throw std::invalid_argument("GeoPackage blob too short for a point");
  const std::uint8_t* wkb = body.data();
  const bool little = wkb[0] == 1;
  if (get<std::uint32_t>(wkb + 1, little) % 1000 != 1)
    throw std::invalid_argument("GeoPackage blob is not a point");
  return {get<double>(wkb + 5, little), get<double>(wkb + 13, little)};
}

}  // namespace grip::store

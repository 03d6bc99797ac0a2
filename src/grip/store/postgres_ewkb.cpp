#include "grip/store/postgres_ewkb.hpp"

#include <bit>
#include <cstring>
#include <stdexcept>

namespace grip::store {
namespace {
static_assert(std::endian::native == std::endian::little, "the point writer assumes a little-endian host");

constexpr std::uint32_t kSridFlag = 0x20000000;
constexpr std::uint32_t kZFlag = 0x80000000, kMFlag = 0x40000000;
constexpr char kHexDigits[] = "0123456789ABCDEF";

void append_hex(std::string& out, const std::uint8_t* bytes, std::size_t count) {
  const std::size_t start = out.size();
  out.resize(start + 2 * count);
  char* at = out.data() + start;
  for (std::size_t i = 0; i < count; ++i) {
    *at++ = kHexDigits[bytes[i] >> 4];
    *at++ = kHexDigits[bytes[i] & 0xF];
  }
}

template <typename T>
void append_hex_value(std::string& out, T value) {
  std::uint8_t bytes[sizeof(T)];
  std::memcpy(bytes, &value, sizeof(T));
  append_hex(out, bytes, sizeof(T));
}

template <typename T>
void append_raw_value(std::string& out, T value) {
  char bytes[sizeof(T)];
  std::memcpy(bytes, &value, sizeof(T));
  out.append(bytes, sizeof(T));
}

std::uint32_t read_u32(const std::uint8_t* at, bool little_endian) {
  std::uint32_t value;
  std::memcpy(&value, at, 4);
  return little_endian ? value : __builtin_bswap32(value);
}

void write_u32(std::uint8_t* at, std::uint32_t value, bool little_endian) {
  if (!little_endian) value = __builtin_bswap32(value);
  std::memcpy(at, &value, 4);
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

}  // namespace

void append_ewkb(std::string& out, std::span<const std::uint8_t> wkb, std::int32_t srid) {
  if (wkb.size() < 5 || wkb[0] > 1) throw std::invalid_argument("not WKB (no byte-order mark and type)");
  const bool little = wkb[0] == 1;
  const std::uint32_t type = read_u32(&wkb[1], little);
  if (type == 0 || type > 7) throw std::invalid_argument("not 2D WKB (type " + std::to_string(type) + ")");
  std::uint8_t header[9];
  header[0] = wkb[0];
  write_u32(&header[1], type | kSridFlag, little);
  write_u32(&header[5], static_cast<std::uint32_t>(srid), little);
  out.append(reinterpret_cast<const char*>(header), sizeof header);
  out.append(reinterpret_cast<const char*>(wkb.data() + 5), wkb.size() - 5);
}

void append_ewkb_point(std::string& out, double x, double y, std::int32_t srid) {
  constexpr std::uint8_t kPointHeader[5] = {0x01, 0x01, 0x00, 0x00, 0x20};  // little-endian, point | SRID
  out.append(reinterpret_cast<const char*>(kPointHeader), sizeof kPointHeader);
  append_raw_value(out, srid);
  append_raw_value(out, x);
  append_raw_value(out, y);
}

void append_hex_ewkb(std::string& out, std::span<const std::uint8_t> wkb, std::int32_t srid) {
  std::string raw;
  append_ewkb(raw, wkb, srid);
  append_hex(out, reinterpret_cast<const std::uint8_t*>(raw.data()), raw.size());
}

void append_hex_ewkb_point(std::string& out, double x, double y, std::int32_t srid) {
  out.append("0101000020");
  append_hex_value(out, srid);
  append_hex_value(out, x);
  append_hex_value(out, y);
}

std::vector<std::uint8_t> iso_wkb_from_hex_ewkb(std::string_view hex) {
  if (hex.size() % 2 != 0) throw std::invalid_argument("hex EWKB of odd length");
  std::vector<std::uint8_t> bytes(hex.size() / 2);
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    const int high = hex_value(hex[2 * i]), low = hex_value(hex[2 * i + 1]);
    if (high < 0 || low < 0) throw std::invalid_argument("not hex EWKB");
    bytes[i] = static_cast<std::uint8_t>(high << 4 | low);
  }
  return iso_wkb_from_ewkb(std::move(bytes));
}

std::vector<std::uint8_t> iso_wkb_from_ewkb(std::vector<std::uint8_t> bytes) {
  if (bytes.size() < 5 || bytes[0] > 1) throw std::invalid_argument("not EWKB (no byte-order mark and type)");
  const bool little = bytes[0] == 1;
  const std::uint32_t type = read_u32(&bytes[1], little);
  const std::uint32_t base_type = type & ~(kSridFlag | kZFlag | kMFlag);
  if ((type & (kZFlag | kMFlag)) != 0 || base_type == 0 || base_type > 7) {
    throw std::invalid_argument("EWKB of type " + std::to_string(type) +
                                ", not a 2D geometry; Grip stores 2D");
  }
  if ((type & kSridFlag) != 0) {
    if (bytes.size() < 9) throw std::invalid_argument("EWKB too short for its SRID");
    write_u32(&bytes[1], type & ~kSridFlag, little);
    bytes.erase(bytes.begin() + 5, bytes.begin() + 9);
  }
  // Nested parts of a collection never carry an SRID in PostGIS output, so they pass unchanged.
  return bytes;
}

void append_hex_bytes(std::string& out, std::span<const std::uint8_t> bytes) {
  append_hex(out, bytes.data(), bytes.size());
}

}  // namespace grip::store

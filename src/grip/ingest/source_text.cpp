#include "grip/ingest/source_text.hpp"

#include <xxhash.h>

#include <cstdint>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <new>

#include "grip/core/errors.hpp"

namespace grip::ingest {
namespace {

std::string hex_byte(unsigned char c) {
  char hex[5];
  std::snprintf(hex, sizeof hex, "0x%02X", c);
  return hex;
}

std::int64_t line_of(std::string_view text, std::size_t offset) {
  std::int64_t line = 1;
  for (std::size_t i = 0; i < offset; ++i) line += text[i] == '\n';
  return line;
}

// Length of the valid UTF-8 sequence starting at text[i], or 0 if it is invalid (RFC 3629:
// no overlongs, no surrogates, nothing above U+10FFFF).
std::size_t utf8_sequence_length(std::string_view text, std::size_t i) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char lead = byte(i);
  std::size_t length = 0;
  unsigned char low = 0x80, high = 0xBF;
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    if (lead == 0xE0) low = 0xA0;
    if (lead == 0xED) high = 0x9F;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    if (lead == 0xF0) low = 0x90;
    if (lead == 0xF4) high = 0x8F;
  } else {
    return 0;
  }
  if (i + length > text.size()) return 0;
  if (byte(i + 1) < low || byte(i + 1) > high) return 0;
  for (std::size_t k = 2; k < length; ++k) {
    if (byte(i + k) < 0x80 || byte(i + k) > 0xBF) return 0;
  }
  return length;
}

}  // namespace

ContentHasher::ContentHasher() : state_(XXH3_createState()) {
  if (state_ == nullptr || XXH3_128bits_reset(static_cast<XXH3_state_t*>(state_)) != XXH_OK)
    throw std::bad_alloc();
}

ContentHasher::~ContentHasher() { XXH3_freeState(static_cast<XXH3_state_t*>(state_)); }

void ContentHasher::update(std::string_view bytes) {
  XXH3_128bits_update(static_cast<XXH3_state_t*>(state_), bytes.data(), bytes.size());
}

std::string ContentHasher::hex() const {
  const XXH128_hash_t hash = XXH3_128bits_digest(static_cast<XXH3_state_t*>(state_));
  char hex[33];
  std::snprintf(hex, sizeof hex, "%016llx%016llx", static_cast<unsigned long long>(hash.high64),
                static_cast<unsigned long long>(hash.low64));
  return hex;
}

std::string content_hash(std::string_view bytes) {
  const XXH128_hash_t hash = XXH3_128bits(bytes.data(), bytes.size());
  char hex[33];
  std::snprintf(hex, sizeof hex, "%016llx%016llx", static_cast<unsigned long long>(hash.high64),
                static_cast<unsigned long long>(hash.low64));
  return hex;
}

SourceText read_source(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary | std::ios::ate);
  if (!in) throw InputError(path.string(), 0, "cannot open file");
  SourceText source;
  source.path = path;
  source.name = path.string();
  source.bytes.resize(static_cast<std::size_t>(in.tellg()));
  in.seekg(0);
  in.read(source.bytes.data(), static_cast<std::streamsize>(source.bytes.size()));
  if (!in) throw InputError(path.string(), 0, "read error");
  source.content_hash = content_hash(source.bytes);
  if (source.bytes.rfind("\xEF\xBB\xBF", 0) == 0) source.body_offset = 3;
  return source;
}

void require_text(const SourceText& source) {
  if (source.body().empty()) throw InputError(source.name, 0, "file is empty");
  require_text(source.body(), source.name, 1);
}

void require_text(std::string_view text, const std::string& name, std::int64_t first_line) {
  const auto at_line = [&](std::size_t offset) { return first_line - 1 + line_of(text, offset); };
  // NUL bytes never occur in text: say "binary" rather than report the first odd byte as bad UTF-8.
  if (const auto nul = text.find('\0'); nul != std::string_view::npos) {
    throw InputError(name, at_line(nul), "binary content (NUL bytes), not a text file");
  }
  for (std::size_t i = 0; i < text.size();) {
    // Most input is printable ASCII: skip eight such bytes at a time (no byte >= 0x80 or < 0x20).
    while (i + 8 <= text.size()) {
      std::uint64_t word;
      std::memcpy(&word, text.data() + i, 8);
      constexpr std::uint64_t kOnes = 0x0101010101010101ULL, kHigh = 0x8080808080808080ULL;
      const std::uint64_t below_space = (word - kOnes * 0x20) & ~word & kHigh;
      if (((word & kHigh) | below_space) != 0) break;
      i += 8;
    }
    if (i >= text.size()) break;
    const auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      // Tabs, line ends and form feeds occur in real extracts; other control bytes mean binary.
      if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f') {
        throw InputError(name, at_line(i),
                         "binary content (control byte " + hex_byte(c) + "), not a text file");
      }
      ++i;
      continue;
    }
    const std::size_t length = utf8_sequence_length(text, i);
    if (length == 0) {
      throw InputError(name, at_line(i),
                       "invalid UTF-8 (byte " + hex_byte(c) + "); re-save the file as UTF-8");
    }
    i += length;
  }
}

}  // namespace grip::ingest

// A whole input file in memory, checked to be text before anything reads it: no NUL bytes or
// other binary control characters, valid UTF-8, a UTF-8 byte-order mark skipped. A file that
// fails is refused as a whole (InputError naming the line), so no half-read file reaches the store.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

namespace grip::ingest {

struct SourceText {
  std::filesystem::path path;
  std::string name;             // file name as printed in messages
  std::string bytes;            // the whole file
  std::string content_hash;     // XXH3-128 of the bytes, hex: identifies the file whatever its name
  std::size_t body_offset = 0;  // past a byte-order mark

  [[nodiscard]] std::string_view body() const { return std::string_view(bytes).substr(body_offset); }
};

// Reads and hashes a file without checking its contents (GeoJSON goes to GDAL as is).
[[nodiscard]] SourceText read_source(const std::filesystem::path& path);

// Throws InputError(file, line, reason) at the first byte that is not text.
void require_text(const SourceText& source);
// The same for a block of whole lines of a file read in blocks, its first line numbered first_line.
void require_text(std::string_view text, const std::string& name, std::int64_t first_line);

[[nodiscard]] std::string content_hash(std::string_view bytes);

// content_hash() of bytes given block by block (a file too large to hold at once).
class ContentHasher {
 public:
  ContentHasher();
  ~ContentHasher();
  ContentHasher(const ContentHasher&) = delete;
  ContentHasher& operator=(const ContentHasher&) = delete;
  void update(std::string_view bytes);
  [[nodiscard]] std::string hex() const;

 private:
  void* state_;
};

}  // namespace grip::ingest
